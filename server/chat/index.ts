// The public module of server/chat/: what other features may use (ESLint enforces it).
export * from './ChatService.ts';
export { chatViewFor, type ChatRecord } from './chatViews.ts';
