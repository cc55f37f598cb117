// The public module of server/risk/: what other features may use (ESLint enforces it).
export * from './assessRisk.ts';
