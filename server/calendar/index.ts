// The public module of server/calendar/: what other features may use (ESLint enforces it).
export * from './WorkCalendar.ts';
