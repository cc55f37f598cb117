import { Type, type Static } from 'typebox';

const Port = Type.Integer({ minimum: 0, maximum: 65535 });
const LogLevel = Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** The whole configuration: config/default.json, then CONFIG_FILE, then environment variables. */
export const ConfigSchema = Type.Object(
  {
    server: Type.Object(
      {
        host: Type.String({ minLength: 1, description: 'address to listen on; 127.0.0.1 unless the LAN must reach it' }),
        port: Port,
        /** Extra origins (besides the server's own) allowed to open a socket, e.g. a console served elsewhere. */
        trustedOrigins: Type.Array(Type.String({ pattern: '^https?://[^/]+$' }), { maxItems: 64 }),
      },
      { additionalProperties: false },
    ),
    dataDir: Type.String({ minLength: 1, description: 'directory of the SQLite file and recordings' }),
    /** postgres://… to use a PostgreSQL server instead of the embedded SQLite file. */
    databaseUrl: Type.Union([Type.String({ pattern: '^postgres(ql)?://' }), Type.Null()]),
    dispatch: Type.Object(
      {
        /** One-click instructions (立即前往, 暂停行动 …): key → zh-CN text. Keys are what consoles send. */
        templates: Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{0,31}$' }), Type.String({ minLength: 1, maxLength: 500 }), {
          additionalProperties: false,
          maxProperties: 50,
        }),
        /** An instruction not signed for (签收) this long raises a warning and escalates to the team leader. */
        ackWindowSeconds: Type.Integer({ minimum: 5, maximum: 86_400 }),
        /** An instruction never signed for this long expires: it is no longer replayed to terminals. */
        expireAfterMinutes: Type.Integer({ minimum: 1, maximum: 10_080 }),
      },
      { additionalProperties: false },
    ),
    auth: Type.Object(
      {
        sessionHours: Type.Number({ minimum: 0.01, maximum: 24 * 30 }),
        /** Failed logins in a row before the account locks. */
        maxFailedLogins: Type.Integer({ minimum: 1, maximum: 100 }),
        lockoutMinutes: Type.Number({ minimum: 0.01, maximum: 24 * 60 }),
        /** scrypt N (memory-hard: 128·N·r bytes, 32 MiB at 32768); a power of two. */
        scryptCost: Type.Enum([1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072]),
      },
      { additionalProperties: false },
    ),
    demo: Type.Object(
      {
        /** Fill an empty database with the demo province on first start. */
        seedOnFirstStart: Type.Boolean(),
        cases: Type.Integer({ minimum: 0, maximum: 2_000_000 }),
        seed: Type.Integer(),
      },
      { additionalProperties: false },
    ),
    positions: Type.Object(
      {
        /** One batched frame per console room this often (ms). */
        frameMs: Type.Integer({ minimum: 20, maximum: 5_000 }),
        /** Last positions are written to the teams table this often (s), all in one transaction. */
        persistSeconds: Type.Number({ minimum: 0.5, maximum: 3_600 }),
        /** A team silent this long (s) turns lost and raises a warning. */
        lostAfterSeconds: Type.Number({ minimum: 0.1, maximum: 86_400 }),
        /** Track history (team_positions) is kept this many days, then pruned. */
        historyDays: Type.Integer({ minimum: 1, maximum: 3_650 }),
      },
      { additionalProperties: false },
    ),
    map: Type.Object(
      {
        /** A MapLibre style JSON (version 8) of the deployment's approved map; null: no style. */
        style: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
        /** A local `.pmtiles` archive, or an intranet tile URL template with {z}, {x} and {y}; null: none. */
        tiles: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
        /** What the base map's coordinates are in. The bundled demo geography is WGS-84. */
        datum: Type.Enum(['WGS-84', 'GCJ-02']),
      },
      { additionalProperties: false },
    ),
    recording: Type.Object(
      {
        /** Record every feed of an ongoing action (执行过程记录). */
        enabled: Type.Boolean(),
        /** Length of one segment file; each closed segment is hashed into the store and the audit chain. */
        segmentSeconds: Type.Integer({ minimum: 5, maximum: 3_600 }),
        /** The recorder: Debian's ffmpeg (installed by npm run setup), or a path to one. */
        ffmpeg: Type.String({ minLength: 1 }),
        /** A warning reaches the consoles when the data directory's disk has fewer free bytes than this… */
        minFreeBytes: Type.Integer({ minimum: 0 }),
        /** …or less than this percent of it free. */
        minFreePercent: Type.Integer({ minimum: 0, maximum: 99 }),
        /** How often free space is checked. */
        diskCheckSeconds: Type.Integer({ minimum: 1, maximum: 3_600 }),
      },
      { additionalProperties: false },
    ),
    actions: Type.Object(
      {
        /**
         * Whether a dispatcher or leader of an upper court may issue instructions to a subordinate
         * court's teams. false (default): an upper court supervises (watches, reads the plan and the
         * timeline, 督办) and each court commands its own teams.
         */
        upperCourtsMayInstruct: Type.Boolean(),
        /** A team inside an action's geofence departs only once it is this far (m) beyond the radius, so GPS jitter on the line does not flap. */
        geofenceHysteresisM: Type.Number({ minimum: 0, maximum: 500 }),
      },
      { additionalProperties: false },
    ),
    logLevel: LogLevel,
    /** "pretty": one readable line per entry (times in local time), for a person at a terminal; "json": pino's JSON lines, for log collectors. */
    logFormat: Type.Enum(['pretty', 'json']),
    media: Type.Object(
      {
        /** mediasoup workers; 0 means one per CPU core. */
        workers: Type.Integer({ minimum: 0, maximum: 256 }),
        listenIp: Type.String({ minLength: 1 }),
        /** Address put in ICE candidates when clients must reach the SFU through another one (NAT). */
        announcedAddress: Type.Union([Type.String({ minLength: 1 }), Type.Null()]),
        rtcMinPort: Type.Integer({ minimum: 1024, maximum: 65535 }),
        rtcMaxPort: Type.Integer({ minimum: 1024, maximum: 65535 }),
        logLevel: Type.Enum(['debug', 'warn', 'error', 'none']),
        /** Consumers one router of a media room serves before the room's feeds are piped to a router on another worker. */
        consumersPerRouter: Type.Integer({ minimum: 1, maximum: 5000 }),
        /** The field camera's capture size and rate. */
        capture: Type.Object(
          { width: Type.Integer({ minimum: 160, maximum: 3840 }), height: Type.Integer({ minimum: 120, maximum: 2160 }), frameRate: Type.Integer({ minimum: 1, maximum: 60 }) },
          { additionalProperties: false },
        ),
        /** VP8 simulcast layers the field publishes, lowest first: each a downscale of the capture and its bitrate cap (b/s). */
        simulcast: Type.Array(
          Type.Object(
            { scaleResolutionDownBy: Type.Number({ minimum: 1, maximum: 16 }), maxBitrate: Type.Integer({ minimum: 30_000, maximum: 8_000_000 }) },
            { additionalProperties: false },
          ),
          { minItems: 1, maxItems: 3 },
        ),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type Config = Static<typeof ConfigSchema>;

/** Environment variables that override one key each, with how to read them. */
export const ENV_OVERRIDES = [
  { env: 'HOST', path: ['server', 'host'], kind: 'string' },
  { env: 'PORT', path: ['server', 'port'], kind: 'integer' },
  { env: 'TRUSTED_ORIGINS', path: ['server', 'trustedOrigins'], kind: 'list' },
  { env: 'DATA_DIR', path: ['dataDir'], kind: 'string' },
  { env: 'DATABASE_URL', path: ['databaseUrl'], kind: 'string' },
  { env: 'ACK_WINDOW_SECONDS', path: ['dispatch', 'ackWindowSeconds'], kind: 'integer' },
  { env: 'INSTRUCTION_EXPIRE_MINUTES', path: ['dispatch', 'expireAfterMinutes'], kind: 'integer' },
  { env: 'SCRYPT_COST', path: ['auth', 'scryptCost'], kind: 'integer' },
  { env: 'DEMO_SEED', path: ['demo', 'seedOnFirstStart'], kind: 'boolean' },
  { env: 'DEMO_CASES', path: ['demo', 'cases'], kind: 'integer' },
  { env: 'TRACK_HISTORY_DAYS', path: ['positions', 'historyDays'], kind: 'integer' },
  { env: 'MAP_STYLE', path: ['map', 'style'], kind: 'string' },
  { env: 'MAP_TILES', path: ['map', 'tiles'], kind: 'string' },
  { env: 'MAP_DATUM', path: ['map', 'datum'], kind: 'string' },
  { env: 'RECORDING_ENABLED', path: ['recording', 'enabled'], kind: 'boolean' },
  { env: 'RECORDING_SEGMENT_SECONDS', path: ['recording', 'segmentSeconds'], kind: 'integer' },
  { env: 'FFMPEG_PATH', path: ['recording', 'ffmpeg'], kind: 'string' },
  { env: 'RECORDING_MIN_FREE_BYTES', path: ['recording', 'minFreeBytes'], kind: 'integer' },
  { env: 'RECORDING_MIN_FREE_PERCENT', path: ['recording', 'minFreePercent'], kind: 'integer' },
  { env: 'DISK_CHECK_SECONDS', path: ['recording', 'diskCheckSeconds'], kind: 'integer' },
  { env: 'UPPER_COURTS_MAY_INSTRUCT', path: ['actions', 'upperCourtsMayInstruct'], kind: 'boolean' },
  { env: 'GEOFENCE_HYSTERESIS_M', path: ['actions', 'geofenceHysteresisM'], kind: 'integer' },
  { env: 'LOG_LEVEL', path: ['logLevel'], kind: 'string' },
  { env: 'LOG_FORMAT', path: ['logFormat'], kind: 'string' },
  { env: 'MEDIA_WORKERS', path: ['media', 'workers'], kind: 'integer' },
  { env: 'MEDIA_LISTEN_IP', path: ['media', 'listenIp'], kind: 'string' },
  { env: 'MEDIA_ANNOUNCED_ADDRESS', path: ['media', 'announcedAddress'], kind: 'string' },
  { env: 'RTC_MIN_PORT', path: ['media', 'rtcMinPort'], kind: 'integer' },
  { env: 'RTC_MAX_PORT', path: ['media', 'rtcMaxPort'], kind: 'integer' },
  { env: 'MEDIA_LOG_LEVEL', path: ['media', 'logLevel'], kind: 'string' },
  { env: 'MEDIA_CONSUMERS_PER_ROUTER', path: ['media', 'consumersPerRouter'], kind: 'integer' },
] as const;
