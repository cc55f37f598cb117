import { Type, type Static } from 'typebox';
import type {
  DtlsParameters,
  IceCandidate,
  IceParameters,
  MediaKind,
  RtpCapabilities,
  RtpParameters,
} from 'mediasoup/types';
import { Id, Label } from './common.ts';

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

/** `media:transport:create` */
export const CreateTransport = Type.Object({ direction: Type.Enum(['send', 'recv']) }, { additionalProperties: false });
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

/** `media:produce`: a field terminal publishes one track (its camera or microphone). */
export const Produce = Type.Object(
  { transportId: Id, kind: MediaKindSchema, rtpParameters: RtpParametersSchema },
  { additionalProperties: false },
);
export type Produce = Static<typeof Produce>;

/** `media:consume`: a console subscribes to one feed. Consumers start paused (STYLE §5). */
export const Consume = Type.Object(
  { transportId: Id, feedId: Id, rtpCapabilities: RtpCapabilitiesSchema },
  { additionalProperties: false },
);
export type Consume = Static<typeof Consume>;

/** What the console needs to build its Consumer. */
export interface ConsumerOptions {
  id: string;
  feedId: string;
  kind: MediaKind;
  rtpParameters: RtpParameters;
}

/** `media:consumer:resume`, sent once the client-side Consumer exists. */
export const ResumeConsumer = Type.Object({ consumerId: Id }, { additionalProperties: false });
export type ResumeConsumer = Static<typeof ResumeConsumer>;

/** A live track published by a field terminal, as the wall lists it. */
export const FeedInfo = Type.Object(
  {
    feedId: Id,
    terminalId: Id,
    label: Label,
    /** The court of the officer publishing: consoles of that court's branch may watch it. */
    courtId: Id,
    kind: Type.Enum(['audio', 'video']),
    startedAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export type FeedInfo = Static<typeof FeedInfo>;
