import { Type, type Static } from 'typebox';
import { Id } from './common.ts';
import { CaseSummary } from './api.ts';
import { TeamStatus } from './domain.ts';

// The map's REST contracts (issue 11): which base map to load, search, and track history.
// Positions everywhere are WGS-84 (what GPS gives); a GCJ-02 base map is converted in the renderer.

/** What a base map's coordinates are in: WGS-84 (GPS, 天地图/CGCS2000 within centimetres) or GCJ-02 (published Chinese web maps). */
export const MapDatum = Type.Enum(['WGS-84', 'GCJ-02']);
export type MapDatum = Static<typeof MapDatum>;

/** Where a deployment's map files (the `.pmtiles`, GeoJSON its style names) are served: `/api/map/files/NAME`. */
export const MAP_FILES_PATH = '/api/map/files/';

/** The bundled demo base map's GeoJSON files, under `/api/map/demo/`. */
export const DEMO_MAP_FILES = {
  /** China's provinces, simplified, without 南海诸岛 (MultiPolygon/Polygon; `name`, `adcode`). */
  provinces: '/api/map/demo/provinces.geojson',
  /** The demo province's counties (Polygon; `code`, `name`, `cityCode`, `cityName`, `courtId`, `cityCourtId`). */
  counties: '/api/map/demo/counties.geojson',
  /** The demo province's cities as points at their seats (`code`, `name`, `courtId`), for labels. */
  cities: '/api/map/demo/cities.geojson',
  /** 南海诸岛 and the ten-dash line: draw it only in the fixed inset, never on the pannable map. */
  southChinaSea: '/api/map/demo/south-china-sea.geojson',
} as const;

const Bounds = Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()]);

/** GET /api/map/config: which base map the console loads. */
export const MapConfigAnswer = Type.Object(
  {
    /** 'demo': the bundled schematic geography; 'style': the deployment's MapLibre style; 'tiles': its raster tiles alone. */
    source: Type.Enum(['demo', 'style', 'tiles']),
    /** true for the demo: the console must say 示意图 (not an approved map). */
    schematic: Type.Boolean(),
    /** What the base map's coordinates are in; positions on the wire are WGS-84 whatever this says. */
    datum: MapDatum,
    /** URL of the deployment's style JSON (source 'style'), else null. */
    styleUrl: Type.Union([Type.String(), Type.Null()]),
    /** The deployment's tiles (source 'tiles'; also given beside a style): a `.pmtiles` archive served with HTTP Range, or an intranet URL template with {z}/{x}/{y}. */
    tiles: Type.Union([Type.Object({ format: Type.Enum(['pmtiles', 'xyz']), url: Type.String() }), Type.Null()]),
    /** The bundled GeoJSON files (source 'demo'), else null. */
    demo: Type.Union([
      Type.Object({ provinces: Type.String(), counties: Type.String(), cities: Type.String(), southChinaSea: Type.String() }),
      Type.Null(),
    ]),
    /** minLng, minLat, maxLng, maxLat (WGS-84) of the demo province, to open on; null: the style's own view. */
    bounds: Type.Union([Bounds, Type.Null()]),
  },
  { additionalProperties: false },
);
export type MapConfigAnswer = Static<typeof MapConfigAnswer>;

/** GET /api/map/cases query: `court` narrows to that court's subtree (403 outside the caller's branch). */
export const MapCasesQuery = Type.Object({ court: Type.Optional(Id) }, { additionalProperties: false });
export type MapCasesQuery = Static<typeof MapCasesQuery>;

/** GET /api/map/search query: `q` is part of a 案号, a party's name or a team's name. */
export const MapSearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 64 }),
    court: Type.Optional(Id),
    /** Most results of each kind (cases, teams); default 10. */
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
  },
  { additionalProperties: false },
);
export type MapSearchQuery = Static<typeof MapSearchQuery>;

/** A case found: what the search box lists and flies to (a part of CaseSummary). */
export const MapSearchCase = Type.Pick(CaseSummary, ['id', 'caseNumber', 'courtId', 'applicant', 'respondent', 'riskColour', 'stage', 'lng', 'lat']);
export type MapSearchCase = Static<typeof MapSearchCase>;

export const MapSearchTeam = Type.Object({
  id: Id,
  name: Type.String(),
  courtId: Id,
  status: TeamStatus,
  /** Its last stored position (WGS-84), null before its first. */
  lng: Type.Union([Type.Number(), Type.Null()]),
  lat: Type.Union([Type.Number(), Type.Null()]),
});
export type MapSearchTeam = Static<typeof MapSearchTeam>;

/** Cases (active first, then by 案号) and teams (by name) of the caller's branch matching `q`; each list at most `limit`. */
export const MapSearchAnswer = Type.Object({
  cases: Type.Array(MapSearchCase),
  teams: Type.Array(MapSearchTeam),
  /** True when either list was cut at `limit`. */
  more: Type.Boolean(),
});
export type MapSearchAnswer = Static<typeof MapSearchAnswer>;

/** The longest span one track request may cover. */
export const MAX_TRACK_SPAN_MS = 24 * 3_600_000;

const IsoTime = Type.String({ format: 'date-time', maxLength: 40 });

/** GET /api/teams/:id/track query: ISO times, `from` < `to`, at most 24 h apart. */
export const TrackQuery = Type.Object({ from: IsoTime, to: IsoTime }, { additionalProperties: false });
export type TrackQuery = Static<typeof TrackQuery>;

/**
 * One team's track, shaped for deck.gl's TripsLayer: point i is at `path[2i], path[2i+1]` (WGS-84)
 * at `timestamps[i]` seconds after the answer's `origin` (float32-safe, unlike epoch ms).
 * `statuses` lists the team's status from the first point on and every change: `{ t, status }`.
 */
export const TeamTrack = Type.Object({
  teamId: Id,
  name: Type.String(),
  courtId: Id,
  path: Type.Array(Type.Number()),
  timestamps: Type.Array(Type.Number()),
  statuses: Type.Array(Type.Object({ t: Type.Number(), status: TeamStatus })),
});
export type TeamTrack = Static<typeof TeamTrack>;

/** GET /api/teams/:id/track */
export const TeamTrackAnswer = Type.Object({
  from: IsoTime,
  to: IsoTime,
  /** Epoch ms that `timestamps` count from (= `from`). */
  origin: Type.Number(),
  track: TeamTrack,
});
export type TeamTrackAnswer = Static<typeof TeamTrackAnswer>;

/** GET /api/actions/:id/track: every team of the action the caller may see, over the action's span. */
export const ActionTrackAnswer = Type.Object({
  actionId: Id,
  from: IsoTime,
  to: IsoTime,
  origin: Type.Number(),
  /** The action's span was longer than 24 h: the answer covers its first 24 h. */
  truncated: Type.Boolean(),
  tracks: Type.Array(TeamTrack),
});
export type ActionTrackAnswer = Static<typeof ActionTrackAnswer>;
