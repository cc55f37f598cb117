// The public module of server/auth/: what other features may use (ESLint enforces it).
export * from './AuthService.ts';
export * from './actor.ts';
export * from './permissions.ts';
