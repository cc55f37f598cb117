import { Type, type Static } from 'typebox';
import { Id } from './common.ts';
import { TeamStatus } from './domain.ts';

/** WGS-84 longitude in degrees (GPS as the terminal reads it; converted for GCJ-02 maps in one place, client side). */
export const Lng = Type.Number({ minimum: -180, maximum: 180 });
/** WGS-84 latitude in degrees. */
export const Lat = Type.Number({ minimum: -90, maximum: 90 });

/** field → server, about once a second: where the sender's team is (`team:position`, no ack). */
export const TeamPosition = Type.Object(
  {
    lng: Lng,
    lat: Lat,
    /** Horizontal accuracy in metres (the Geolocation API's `accuracy`). */
    accuracy: Type.Optional(Type.Number({ minimum: 0, maximum: 10_000 })),
    /** Ground speed in m/s (≤ 100: a car on a motorway, with margin). */
    speed: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    /** Direction of travel in degrees clockwise from true north. */
    heading: Type.Optional(Type.Number({ minimum: 0, maximum: 360 })),
    /** When the fix was taken, by the terminal's clock. */
    at: Type.String({ format: 'date-time', maxLength: 40 }),
  },
  { additionalProperties: false },
);
export type TeamPosition = Static<typeof TeamPosition>;

/**
 * server → consoles, every 100 ms per court room (`positions`, volatile). Column arrays rather than
 * one object per team: a frame for 2,000 teams is about half the bytes, and `lngLat` maps straight
 * onto a Float64Array for deck.gl's binary attributes. Entry i is `teamIds[i]` at
 * `lngLat[2i], lngLat[2i+1]`, fixed at `fixedAt[i]` (epoch ms, the terminal's clock), `status[i]`.
 */
export const PositionFrame = Type.Object(
  {
    /** When the server built the frame. */
    at: Type.String({ format: 'date-time' }),
    /** true (sent on connect): every team of the room's branch with a terminal connected since the server started, at its newest or last stored position; false: only teams heard since the previous frame. */
    full: Type.Boolean(),
    teamIds: Type.Array(Id),
    lngLat: Type.Array(Type.Number()),
    fixedAt: Type.Array(Type.Integer()),
    status: Type.Array(TeamStatus),
  },
  { additionalProperties: false },
);
export type PositionFrame = Static<typeof PositionFrame>;

/** field → server (`team:status`, acked): the officer sets the team's status (idle / en route / on scene / returning). */
export const SetTeamStatus = Type.Object({ status: TeamStatus }, { additionalProperties: false });
export type SetTeamStatus = Static<typeof SetTeamStatus>;

/** server → consoles of the team's court and above, and the team's own terminal (`team:updated`): status or lost changed. */
export const TeamUpdate = Type.Object(
  {
    teamId: Id,
    status: TeamStatus,
    /** Silent longer than `positions.lostAfterSeconds`; false again once it reports. */
    lost: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type TeamUpdate = Static<typeof TeamUpdate>;

/** server → consoles of the team's court and above (`team:lost`): a team turned lost. Never volatile. */
export const TeamLost = Type.Object(
  {
    teamId: Id,
    courtId: Id,
    teamName: Type.String(),
    /** The last position heard, or null when it never sent one since the server started. */
    lastPosition: Type.Union([Type.Object({ lng: Lng, lat: Lat, fixedAt: Type.String({ format: 'date-time' }) }), Type.Null()]),
    /** When the server last had a position from the team (or began watching it, when none came). */
    silentSince: Type.String({ format: 'date-time' }),
    at: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type TeamLost = Static<typeof TeamLost>;
