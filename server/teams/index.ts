// The public module of server/teams/: what other features may use (ESLint enforces it).
export * from './TeamDirectory.ts';
export * from './TrackHistory.ts';
export * from './trackChunk.ts';
