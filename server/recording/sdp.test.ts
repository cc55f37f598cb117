import assert from 'node:assert/strict';
import { test } from 'vitest';
import type { RtpCapabilities, RtpParameters } from 'mediasoup/types';
import { recorderCapabilities, recorderSdp } from './sdp.ts';

const ROUTER: RtpCapabilities = Object.freeze({
  codecs: [
    { kind: 'audio', mimeType: 'audio/opus', preferredPayloadType: 100, clockRate: 48000, channels: 2, rtcpFeedback: [{ type: 'transport-cc' }] },
    { kind: 'video', mimeType: 'video/VP8', preferredPayloadType: 101, clockRate: 90000, rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }] },
    { kind: 'video', mimeType: 'video/rtx', preferredPayloadType: 102, clockRate: 90000, parameters: { apt: 101 } },
  ],
  headerExtensions: [
    { kind: 'video', uri: 'urn:3gpp:video-orientation', preferredId: 4 },
    { kind: 'video', uri: 'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time', preferredId: 5 },
  ],
});

test('recorderCapabilities() offers the kind\'s codecs without RTX, RTCP feedback or any header extension (so no video-orientation)', () => {
  const caps = recorderCapabilities(ROUTER, 'video');
  assert.deepEqual(caps.codecs?.map((c) => [c.mimeType, c.rtcpFeedback]), [['video/VP8', []]]);
  assert.deepEqual(caps.headerExtensions, []);
  assert.deepEqual(recorderCapabilities(ROUTER, 'audio').codecs?.map((c) => c.mimeType), ['audio/opus']);
});

test('recorderSdp() describes the consumer on the recorder\'s port, RTCP muxed, Opus with its channels', () => {
  const vp8: RtpParameters = { codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000, parameters: { 'x-google-start-bitrate': 1000 } }] };
  const sdp = recorderSdp(vp8, 'video', 40_002).split('\r\n');
  assert.ok(sdp.includes('m=video 40002 RTP/AVP 101'));
  assert.ok(sdp.includes('a=rtpmap:101 VP8/90000'));
  assert.ok(sdp.includes('a=rtcp-mux'));
  assert.ok(sdp.includes('c=IN IP4 127.0.0.1'));
  assert.ok(!sdp.some((l) => l.startsWith('a=fmtp')), 'x-google parameters are the browser\'s, not the recorder\'s');
  const opus: RtpParameters = { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2, parameters: { useinbandfec: 1 } }] };
  const audio = recorderSdp(opus, 'audio', 40_004).split('\r\n');
  assert.ok(audio.includes('m=audio 40004 RTP/AVP 100'));
  assert.ok(audio.includes('a=rtpmap:100 opus/48000/2'));
  assert.ok(audio.includes('a=fmtp:100 useinbandfec=1'));
});

test('recorderSdp() throws TypeError for a consumer without a codec', () => {
  assert.throws(() => recorderSdp({ codecs: [] }, 'video', 40_000), TypeError);
});
