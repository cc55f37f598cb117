// The public module of server/actions/: what other features may use (ESLint enforces it).
export * from './ActionService.ts';
export * from './ActionPlans.ts';
