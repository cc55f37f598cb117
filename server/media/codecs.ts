import type { RouterOptions } from 'mediasoup/types';

/**
 * Codecs every media room offers. VP8 for browsers (the field page), H264 baseline for the
 * 4G units and body cams that only encode H264, Opus for talk-back audio.
 */
export const MEDIA_CODECS: NonNullable<RouterOptions['mediaCodecs']> = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
  { kind: 'video', mimeType: 'video/VP8', clockRate: 90000, parameters: { 'x-google-start-bitrate': 1000 } },
  {
    kind: 'video',
    mimeType: 'video/H264',
    clockRate: 90000,
    parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f', 'level-asymmetry-allowed': 1 },
  },
];
