// The public module of server/cases/: what other features may use (ESLint enforces it).
export * from './stageDeadline.ts';
