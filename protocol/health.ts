import { Type, type Static } from 'typebox';

const HealthStatusValue = Type.Enum(['ok', 'degraded']);

/** GET /api/health without a session: whether the server is up, and nothing about how it is built. */
export const HealthStatus = Type.Object({ status: HealthStatusValue }, { additionalProperties: false });
export type HealthStatus = Static<typeof HealthStatus>;

/** GET /api/health with a session: liveness of the process, its database and its mediasoup workers. */
export const Health = Type.Object(
  {
    status: HealthStatusValue,
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

/** The answer of GET /api/health: details to a signed-in session, the status alone to anyone else. */
export const HealthAnswer = Type.Union([Health, HealthStatus]);
export type HealthAnswer = Static<typeof HealthAnswer>;
