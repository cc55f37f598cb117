// The public module of server/http/: what other features may use (ESLint enforces it).
export * from './authHooks.ts';
