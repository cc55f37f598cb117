import type { RtpParameters } from '../../protocol/media.ts';

/**
 * What a browser's sender declares for one track (mediasoup-client builds the same from the SDP):
 * enough for the SFU to hold a real Producer on a send transport; no RTP has to flow for the feed
 * to exist, be announced and be consumed.
 */
export function senderParameters(kind: 'video' | 'audio', ssrc: number, mimeType = kind === 'video' ? 'video/VP8' : 'audio/opus'): RtpParameters {
  const codec =
    kind === 'video'
      ? { mimeType, payloadType: 96, clockRate: 90000, rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }] }
      : { mimeType, payloadType: 111, clockRate: 48000, channels: 2, parameters: { useinbandfec: 1 } };
  return { mid: '0', codecs: [codec], headerExtensions: [], encodings: [{ ssrc }], rtcp: { cname: `${kind}-${ssrc}`, reducedSize: true } };
}
