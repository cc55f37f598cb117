// The public module of server/audit/: what other features may use (ESLint enforces it).
export * from './AuditLog.ts';
