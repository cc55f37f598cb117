// The public module of server/timeline/: what other features may use (ESLint enforces it).
export type { ActionEventLog, ActionEventNews } from './ActionEventLog.ts';
export type { TimelineQueries } from './TimelineQueries.ts';
