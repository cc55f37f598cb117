// The public module of server/warnings/: what other features may use (ESLint enforces it).
export * from './WarningService.ts';
