import { Type } from 'typebox';

/** Ids minted by the server (crypto.randomUUID) or by mediasoup (also UUIDs). */
export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });

/** A human label shown on screens (terminal name, team name). */
export const Label = Type.String({ minLength: 1, maxLength: 64 });
