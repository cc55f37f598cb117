import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { test } from 'vitest';
import { countNear, decodePng, distinctColours } from './png.ts';

/** A 2×2 RGB PNG, each row with its own filter (Sub, then Up), as an encoder might write it. */
function tinyPng(): Buffer {
  const chunk = (type: string, body: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(body.length);
    // The decoder does not check CRCs: zero is enough for a test image.
    return Buffer.concat([len, Buffer.from(type, 'latin1'), body, Buffer.alloc(4)]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(2, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  // Row 0 (Sub): red, then red + (0, 255, 0) = yellow. Row 1 (Up): (0, 0, 255) added to row 0.
  const raw = Buffer.from([1, 255, 0, 0, 0, 255, 0, 2, 0, 0, 255, 0, 0, 255]);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

test('decodePng() undoes the Sub and Up filters of an 8-bit RGB PNG into RGBA', () => {
  const img = decodePng(tinyPng());
  assert.equal(img.width, 2);
  assert.deepEqual([...img.data], [255, 0, 0, 255, 255, 255, 0, 255, 255, 0, 255, 255, 255, 255, 255, 255]);
});

test('countNear() counts pixels near a colour, leaving out skipped boxes; distinctColours() tells blank from drawn', () => {
  const img = decodePng(tinyPng());
  assert.equal(countNear(img, [250, 0, 0], 10), 1);
  assert.equal(countNear(img, [255, 255, 255], 0, undefined, [{ x: 1, y: 1, width: 1, height: 1 }]), 0);
  assert.equal(distinctColours(img), 1, 'sampled every second pixel: one sample');
});
