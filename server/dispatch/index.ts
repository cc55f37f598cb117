// The public module of server/dispatch/: what other features may use (ESLint enforces it).
export type { InstructionQueries } from './InstructionQueries.ts';
export type { InstructionService } from './InstructionService.ts';
