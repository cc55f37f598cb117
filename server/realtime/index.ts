// The public module of server/realtime/: what other features may use (ESLint enforces it).
export * from './Connection.ts';
export * from './gateway.ts';
export * from './guards.ts';
export * from './handle.ts';
export * from './memberships.ts';
export * from './types.ts';
