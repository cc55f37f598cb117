import { useEffect, useMemo } from 'react';
import { useConsoleModel } from '../ModelContext.ts';
import { TimelineModel } from './TimelineModel.ts';

/** The timeline of `actionId`, listening and read while the calling component is mounted. */
export function useTimelineModel(actionId: string): TimelineModel {
  const { socket } = useConsoleModel().connection;
  const timeline = useMemo(() => new TimelineModel(socket, actionId), [socket, actionId]);
  useEffect(() => {
    timeline.start();
    return () => timeline.stop();
  }, [timeline]);
  return timeline;
}
