import type { MediaKind, RtpCapabilities, RtpParameters } from 'mediasoup/types';

/**
 * What the recorder's consumer may receive: the router's codecs of the feed's kind without RTX and
 * without RTCP feedback (ffmpeg sends neither NACK nor PLI: the recorder asks for key frames itself),
 * and no header extensions at all, so `urn:3gpp:video-orientation` is never negotiated (the phone
 * rotates its pixels before encoding, and a player that ignored the extension would show them sideways).
 */
export function recorderCapabilities(routerCaps: RtpCapabilities, kind: MediaKind): RtpCapabilities {
  return {
    codecs: (routerCaps.codecs ?? [])
      .filter((c) => c.kind === kind && !/\/rtx$/i.test(c.mimeType))
      .map((c) => ({ ...c, rtcpFeedback: [] })),
    headerExtensions: [],
  };
}

/**
 * The SDP ffmpeg reads to receive one consumer: RTP and RTCP on one port (the PlainTransport has
 * rtcpMux on; ffmpeg's RTP demuxer recognises the sender reports arriving on the RTP port), and
 * the recorder listens where the transport was told to send (comedia off: mediasoup connects to us).
 */
export function recorderSdp(rtp: RtpParameters, kind: MediaKind, port: number): string {
  const codec = rtp.codecs[0];
  if (!codec) throw new TypeError('consumer has no codec');
  const name = codec.mimeType.split('/')[1];
  if (!name) throw new TypeError(`bad mimeType ${codec.mimeType}`);
  const lines = [
    'v=0',
    'o=- 0 0 IN IP4 127.0.0.1',
    's=evidence-recorder',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=${kind} ${port} RTP/AVP ${codec.payloadType}`,
    `a=rtpmap:${codec.payloadType} ${name}/${codec.clockRate}${codec.channels && codec.channels > 1 ? `/${codec.channels}` : ''}`,
  ];
  const fmtp = Object.entries(codec.parameters ?? {})
    .filter(([k]) => !k.startsWith('x-google'))
    .map(([k, v]) => `${k}=${String(v)}`);
  if (fmtp.length > 0) lines.push(`a=fmtp:${codec.payloadType} ${fmtp.join(';')}`);
  lines.push('a=rtcp-mux', 'a=recvonly', '');
  return lines.join('\r\n');
}
