// The public module of server/courts/: what other features may use (ESLint enforces it).
export * from './CourtTree.ts';
export * from './scope.ts';
