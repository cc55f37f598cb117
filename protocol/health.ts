import { Type, type Static } from 'typebox';

/** GET /api/health: liveness of the process, its database and its mediasoup workers. */
export const Health = Type.Object(
  {
    status: Type.Enum(['ok', 'degraded']),
    db: Type.Enum(['ok', 'error']),
    mediasoup: Type.Object({
      version: Type.String(),
      workers: Type.Array(Type.Object({ pid: Type.Integer(), closed: Type.Boolean() })),
    }),
    sockets: Type.Object({ consoles: Type.Integer(), terminals: Type.Integer() }),
    /** Event-loop lag over the last complete window of `windowSeconds` (timer lateness, in ms). */
    eventLoop: Type.Object({ p99Ms: Type.Number(), maxMs: Type.Number(), windowSeconds: Type.Number() }),
    uptimeSeconds: Type.Number(),
    version: Type.String(),
  },
  { additionalProperties: false },
);
export type Health = Static<typeof Health>;
