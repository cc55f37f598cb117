// The public module of server/media/: what other features may use (ESLint enforces it).
export * from './MediaService.ts';
export type { FeedOwner, LiveFeed } from './Feed.ts';
export type { MediaRoom } from './MediaRoom.ts';
