import { Type, type Static } from 'typebox';
import { Id, Label } from './common.ts';

// The WebRTC parameter objects as they travel between the SFU (mediasoup 3.27, rtpParametersTypes.d.ts
// and WebRtcTransportTypes.d.ts) and the browser (mediasoup-client 3.24, RtpParameters.d.ts and
// Transport.d.ts). Both libraries declare the same shapes, so values pass to either without a cast;
// where they differ, noted below, these types are what both accept as input.

/** An audio or a video track. */
export type MediaKind = 'audio' | 'video';

/**
 * The RTP header extensions both libraries declare. mediasoup also offers 'urn:ietf:params:rtp-hdrext:toffset',
 * which mediasoup-client 3.24 doesn't declare but passes through (its ortc checks `uri` only as a string);
 * the server narrows its outgoing capabilities and consumer parameters to this union (server/media).
 */
export type RtpHeaderExtensionUri =
  | 'urn:ietf:params:rtp-hdrext:sdes:mid'
  | 'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id'
  | 'urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id'
  | 'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time'
  | 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01'
  | 'urn:ietf:params:rtp-hdrext:ssrc-audio-level'
  | 'https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension'
  | 'urn:3gpp:video-orientation'
  | 'http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time'
  | 'http://www.webrtc.org/experiments/rtp-hdrext/playout-delay'
  | 'urn:mediasoup:params:rtp-hdrext:packet-id';

/** What an endpoint can receive: the router's capabilities, or a console's (`media:consume`). */
export interface RtpCapabilities {
  codecs?: RtpCodecCapability[];
  headerExtensions?: RtpHeaderExtension[];
}

/** One codec an endpoint supports. */
export interface RtpCodecCapability {
  kind: MediaKind;
  mimeType: string;
  preferredPayloadType: number;
  clockRate: number;
  channels?: number;
  parameters?: Record<string, unknown>;
  rtcpFeedback?: RtcpFeedback[];
}

/** One header extension an endpoint supports. */
export interface RtpHeaderExtension {
  kind: MediaKind;
  uri: RtpHeaderExtensionUri;
  preferredId: number;
  preferredEncrypt?: boolean;
  direction?: 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';
}

/** What a Producer sends (`media:produce`) or a Consumer receives (`media:consume`'s answer). */
export interface RtpParameters {
  mid?: string;
  codecs: RtpCodecParameters[];
  headerExtensions?: RtpHeaderExtensionParameters[];
  encodings?: RtpEncodingParameters[];
  rtcp?: RtcpParameters;
  msid?: string;
}

/** One negotiated codec. */
export interface RtpCodecParameters {
  mimeType: string;
  payloadType: number;
  clockRate: number;
  channels?: number;
  parameters?: Record<string, unknown>;
  rtcpFeedback?: RtcpFeedback[];
}

/** An RTCP feedback mechanism ('nack', 'nack pli', 'ccm fir', 'transport-cc'…). */
export interface RtcpFeedback {
  type: string;
  parameter?: string;
}

/** One RTP stream; mediasoup-client also sends its sender-side options (active, maxFramerate…), which mediasoup ignores. */
export interface RtpEncodingParameters {
  ssrc?: number;
  rid?: string;
  codecPayloadType?: number;
  rtx?: { ssrc: number };
  dtx?: boolean;
  scalabilityMode?: string;
  maxBitrate?: number;
}

/** One negotiated header extension. */
export interface RtpHeaderExtensionParameters {
  uri: RtpHeaderExtensionUri;
  id: number;
  encrypt?: boolean;
  parameters?: Record<string, unknown>;
}

/** RTCP settings of a stream (mediasoup-client also sets `mux`, always true in WebRTC). */
export interface RtcpParameters {
  cname?: string;
  reducedSize?: boolean;
}

/** The server's ICE credentials. */
export interface IceParameters {
  usernameFragment: string;
  password: string;
  iceLite?: boolean;
}

/**
 * One ICE candidate of the server. mediasoup declares only 'host' and 'passive' (it is ICE-lite);
 * these are mediasoup-client's wider unions, so the server's candidates fit.
 */
export interface IceCandidate {
  foundation: string;
  priority: number;
  ip: string;
  address: string;
  protocol: 'udp' | 'tcp';
  port: number;
  type: 'host' | 'srflx' | 'prflx' | 'relay';
  tcpType?: 'active' | 'passive' | 'so';
}

/** A DTLS endpoint: its role and certificate fingerprints. */
export interface DtlsParameters {
  role?: 'auto' | 'client' | 'server';
  fingerprints: DtlsFingerprint[];
}

/** A certificate fingerprint. */
export interface DtlsFingerprint {
  algorithm: 'sha-1' | 'sha-224' | 'sha-256' | 'sha-384' | 'sha-512';
  value: string;
}

// The WebRTC parameter objects are deep and mediasoup validates them fully itself (throwing
// TypeError, which the gateway turns into ERR_BAD_MESSAGE). Here we check the outer shape and
// bound the sizes, so a malformed or oversized message never reaches the worker.
const Loose = { additionalProperties: true } as const;
const RtpCodec = Type.Object(
  { mimeType: Type.String({ maxLength: 64 }), clockRate: Type.Integer({ minimum: 1 }) },
  Loose,
);

export const DtlsParametersSchema = Type.Unsafe<DtlsParameters>(
  Type.Object(
    {
      role: Type.Optional(Type.Enum(['auto', 'client', 'server'])),
      fingerprints: Type.Array(
        Type.Object({ algorithm: Type.String({ maxLength: 32 }), value: Type.String({ maxLength: 256 }) }),
        { minItems: 1, maxItems: 8 },
      ),
    },
    Loose,
  ),
);

export const RtpParametersSchema = Type.Unsafe<RtpParameters>(
  Type.Object(
    {
      codecs: Type.Array(Type.Object({ payloadType: Type.Integer({ minimum: 0, maximum: 127 }), ...RtpCodec.properties }, Loose), {
        minItems: 1,
        maxItems: 16,
      }),
      encodings: Type.Optional(Type.Array(Type.Object({}, Loose), { maxItems: 8 })),
      headerExtensions: Type.Optional(Type.Array(Type.Object({}, Loose), { maxItems: 32 })),
    },
    Loose,
  ),
);

export const RtpCapabilitiesSchema = Type.Unsafe<RtpCapabilities>(
  Type.Object(
    {
      codecs: Type.Optional(Type.Array(Type.Object({ kind: Type.Enum(['audio', 'video']), ...RtpCodec.properties }, Loose), { maxItems: 64 })),
      headerExtensions: Type.Optional(Type.Array(Type.Object({}, Loose), { maxItems: 64 })),
    },
    Loose,
  ),
);

export const MediaKindSchema = Type.Unsafe<MediaKind>(Type.Enum(['audio', 'video']));

/** One simulcast layer the field publishes (config media.simulcast), lowest first. */
export interface SimulcastLayer {
  scaleResolutionDownBy: number;
  maxBitrate: number;
}

/** `media:capabilities`' answer: what the SFU decodes, and how the field should capture and publish. */
export interface MediaSetup {
  rtpCapabilities: RtpCapabilities;
  capture: { width: number; height: number; frameRate: number };
  simulcast: SimulcastLayer[];
}

/**
 * `media:transport:create`: a send transport. A field terminal's is in the media room it publishes
 * into; a console's (push-to-talk, media:talk) in the room of the ongoing action `actionId`.
 * Receive transports come with `media:consume`.
 */
export const CreateTransport = Type.Object({ direction: Type.Literal('send'), actionId: Type.Optional(Id) }, { additionalProperties: false });
export type CreateTransport = Static<typeof CreateTransport>;

/** What the client needs to build its side of a WebRTC transport. */
export interface TransportOptions {
  id: string;
  iceParameters: IceParameters;
  iceCandidates: IceCandidate[];
  dtlsParameters: DtlsParameters;
}

/** `media:transport:connect` */
export const ConnectTransport = Type.Object(
  { transportId: Id, dtlsParameters: DtlsParametersSchema },
  { additionalProperties: false },
);
export type ConnectTransport = Static<typeof ConnectTransport>;

/** `media:transport:close`: the client gave a transport up (its ICE failed); the server closes it and everything on it. */
export const CloseTransport = Type.Object({ transportId: Id }, { additionalProperties: false });
export type CloseTransport = Static<typeof CloseTransport>;

/** Push-to-talk: who a talk is for (one team of the action, or every team when null). */
export const TalkTarget = Type.Object({ teamId: Type.Union([Id, Type.Null()]) }, { additionalProperties: false });
export type TalkTarget = Static<typeof TalkTarget>;

/**
 * `media:produce`: a field terminal publishes one track (its camera or microphone); with `talk`, an
 * audio track held while a push-to-talk button is (喊话/对讲): a console's to a team of the action or
 * all of them, a terminal's answer to the consoles following the action.
 */
export const Produce = Type.Object(
  { transportId: Id, kind: MediaKindSchema, rtpParameters: RtpParametersSchema, talk: Type.Optional(TalkTarget) },
  { additionalProperties: false },
);
export type Produce = Static<typeof Produce>;

/**
 * `media:consume`: a console subscribes to one feed. The server picks the router of the feed's room
 * that serves it (a piped one past media.consumersPerRouter) and, when this client has no receive
 * transport there yet, creates one and sends its options along. Consumers start paused (STYLE §5).
 */
export const Consume = Type.Object(
  { feedId: Id, rtpCapabilities: RtpCapabilitiesSchema },
  { additionalProperties: false },
);
export type Consume = Static<typeof Consume>;

/** What the console needs to build its Consumer. */
export interface ConsumerOptions {
  id: string;
  feedId: string;
  kind: MediaKind;
  rtpParameters: RtpParameters;
  /** The receive transport the consumer is on. */
  transportId: string;
  /** Set when that transport is new: the client builds it before the consumer. */
  transport?: TransportOptions;
}

/** `media:consumer:resume` / `:pause` / `:close` / `:keyframe`: one of the client's consumers. */
export const ConsumerRef = Type.Object({ consumerId: Id }, { additionalProperties: false });
export type ConsumerRef = Static<typeof ConsumerRef>;

/** `media:consumer:layers`: the spatial layer (0 lowest) a tile's size needs; the SFU sends it, or the best below it. */
export const PreferLayers = Type.Object(
  { consumerId: Id, spatialLayer: Type.Integer({ minimum: 0, maximum: 2 }) },
  { additionalProperties: false },
);
export type PreferLayers = Static<typeof PreferLayers>;

/** `media:layers` (server → client): the layer a consumer now receives; null when none (paused or starved). */
export interface ConsumerLayers {
  consumerId: string;
  spatialLayer: number | null;
}

/** `media:consumer:closed` (server → client): the server closed a consumer (its feed ended, its router died). */
export interface ConsumerClosed {
  consumerId: string;
  feedId: string;
}

/** `media:transport:closed` (server → client): a transport is gone; a field page publishes again on a new one. */
export interface TransportClosed {
  transportId: string;
  /** room-changed: the team started or left an action; worker-died: the SFU process died and was replaced. */
  reason: 'room-changed' | 'worker-died' | 'closed';
}

/** `media:score` (server → field): how well the SFU receives each of the terminal's feeds, 0-10 (10 best). */
export interface FeedScore {
  feedId: string;
  score: number;
}

/** `media:notice` (server → everyone): something happened to the media plane that users should be told. */
export interface MediaNotice {
  kind: 'worker-died';
  /** Feeds closed by it; the field pages publish them again by themselves. */
  feeds: number;
  at: string;
}

/** Where a feed lives on the SFU: the media room of its court, or of the ongoing action its team is on. */
export type MediaRoomId = `court:${string}` | `action:${string}`;

/** A live track published by a field terminal, as the wall lists it: labelled by team, officer, court and action. */
export const FeedInfo = Type.Object(
  {
    feedId: Id,
    terminalId: Id,
    /** The terminal's own name (设备名), shown small: the wall labels a feed by team and officer. */
    label: Label,
    kind: Type.Enum(['audio', 'video']),
    startedAt: Type.String({ format: 'date-time' }),
    /** `court:<courtId>` or `action:<actionId>`: the media room the feed was published into. */
    roomId: Type.String({ maxLength: 80 }),
    /** The court of the officer publishing: consoles of that court's branch may watch it. */
    courtId: Id,
    courtName: Type.String({ maxLength: 64 }),
    /** The officer signed in on the terminal. */
    officer: Type.String({ maxLength: 64 }),
    userId: Id,
    /** The officer's team (执行组), null for an officer in no team. */
    teamId: Type.Union([Id, Type.Null()]),
    teamName: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
    /** The ongoing action the team is on, and its case number, or null. */
    actionId: Type.Union([Id, Type.Null()]),
    caseNumber: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
    /** Only on a push-to-talk track: who speaks to whom (`toTeamId` null: every team of the action, or the consoles when a terminal answers). */
    talk: Type.Optional(Type.Object({ from: Type.Enum(['console', 'field']), toTeamId: Type.Union([Id, Type.Null()]) }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export type FeedInfo = Static<typeof FeedInfo>;

/** `media:producer:close`: the client stopped a track (a push-to-talk button released). */
export const CloseProducer = Type.Object({ feedId: Id }, { additionalProperties: false });
export type CloseProducer = Static<typeof CloseProducer>;
