// The public module of server/positions/: what other features may use (ESLint enforces it).
export type { AcceptedFix, PositionHub, PositionHubEvents, TeamAudience } from './PositionHub.ts';
