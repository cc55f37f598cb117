// The public module of server/supervision/: what other features may use (ESLint enforces it).
export * from './supervisionClock.ts';
