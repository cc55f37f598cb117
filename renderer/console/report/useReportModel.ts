import { useEffect, useMemo } from 'react';
import { ReportModel } from './ReportModel.ts';

/** The report of `actionId`, read once while the calling component is mounted. */
export function useReportModel(actionId: string): ReportModel {
  const model = useMemo(() => new ReportModel(actionId), [actionId]);
  useEffect(() => {
    void model.load();
    return () => model.stop();
  }, [model]);
  return model;
}
