// The public module of server/report/: what other features may use (ESLint enforces it).
export type { ActionReports } from './ActionReports.ts';
