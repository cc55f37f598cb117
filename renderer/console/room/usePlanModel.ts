import { useEffect, useMemo } from 'react';
import { useConsoleModel } from '../ModelContext.ts';
import { PlanModel } from './PlanModel.ts';

/** The plan of `actionId`, listening and read while the calling component is mounted. */
export function usePlanModel(actionId: string): PlanModel {
  const { socket } = useConsoleModel().connection;
  const plan = useMemo(() => new PlanModel(socket, actionId), [socket, actionId]);
  useEffect(() => {
    plan.start();
    return () => plan.stop();
  }, [plan]);
  return plan;
}
