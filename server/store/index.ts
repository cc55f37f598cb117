// The public module of server/store/: what other features may use (ESLint enforces it).
export * from './Store.ts';
export * from './schema.ts';
