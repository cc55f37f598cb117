// The public module of server/recording/: what other features may use (ESLint enforces it).
export * from './RecordingService.ts';
export type { RecordingContext, Viewer } from './RecordingStore.ts';
