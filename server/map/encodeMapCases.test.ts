import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'vitest';
import { CASE_STAGES, RISK_COLOURS } from '../../protocol/domain.ts';
import { decodeMapCases, flagBit, MapCasesFormatError, MAP_CASE_FLAGS } from '../../protocol/mapCases.ts';
import { encodeMapCases, type MapCaseRow } from './encodeMapCases.ts';

const META = Object.freeze({ at: '2026-06-01T02:00:00.000Z', today: '2026-06-01' });

/** `n` cases spread over Zhejiang, cycling through courts, colours, stages and flags. */
function sampleRows(n: number, id: (i: number) => string = () => randomUUID()): MapCaseRow[] {
  return Array.from({ length: n }, (_, i) => ({
    id: id(i),
    courtId: `c3301${String(i % 13).padStart(2, '0')}`,
    lng: 118 + (i % 1000) * 0.004123,
    lat: 27.1 + (i % 777) * 0.005431,
    colour: RISK_COLOURS[i % 4]!,
    stage: CASE_STAGES[i % 7]!,
    flags: i % 128,
  }));
}

function assertRoundTrip(rows: readonly MapCaseRow[], buffer: Buffer): void {
  const decoded = decodeMapCases(buffer);
  assert.equal(decoded.count, rows.length);
  assert.deepEqual(decoded.header.flags, [...MAP_CASE_FLAGS]);
  rows.forEach((r, i) => {
    assert.equal(decoded.idAt(i), r.id);
    assert.equal(decoded.indexOf(r.id), i);
    assert.equal(decoded.lngLat[2 * i], Math.fround(r.lng));
    assert.equal(decoded.lngLat[2 * i + 1], Math.fround(r.lat));
    assert.equal(decoded.header.courtIds[decoded.court[i]!], r.courtId);
    assert.equal(decoded.header.colours[decoded.colour[i]!], r.colour);
    assert.equal(decoded.header.stages[decoded.stage[i]!], r.stage);
    assert.equal(decoded.flags[i], r.flags);
  });
}

describe('map cases binary', () => {
  test('decodeMapCases() reads back every column encodeMapCases() wrote, with UUID ids in 16 bytes', () => {
    const rows = sampleRows(1001);
    const buffer = encodeMapCases(rows, META);
    assert.equal(buffer.readUInt16LE(6), 16);
    assertRoundTrip(rows, buffer);
  });

  test('decodeMapCases() reads ids listed in the header when they are not UUIDs', () => {
    const rows = sampleRows(37, (i) => `case-${i}`);
    const buffer = encodeMapCases(rows, META);
    assert.equal(buffer.readUInt16LE(6), 0);
    assertRoundTrip(rows, buffer);
    assert.equal(decodeMapCases(buffer).indexOf('case-999'), -1);
  });

  test('decodeMapCases() reads a buffer that starts at an unaligned offset', () => {
    const rows = sampleRows(10);
    const encoded = encodeMapCases(rows, META);
    const shifted = new Uint8Array(encoded.length + 1);
    shifted.set(encoded, 1);
    assertRoundTrip(rows, Buffer.from(shifted.buffer, 1, encoded.length));
  });

  test('decodeMapCases() reads an empty answer', () => {
    const decoded = decodeMapCases(encodeMapCases([], META));
    assert.equal(decoded.count, 0);
    assert.equal(decoded.lngLat.length, 0);
  });

  test('decodeMapCases() throws MapCasesFormatError for a cut-off buffer, a wrong magic and a wrong version', () => {
    const buffer = encodeMapCases(sampleRows(5), META);
    assert.throws(() => decodeMapCases(buffer.subarray(0, buffer.length - 1)), MapCasesFormatError);
    const magic = Buffer.from(buffer);
    magic.write('XXXX', 0);
    assert.throws(() => decodeMapCases(magic), MapCasesFormatError);
    const version = Buffer.from(buffer);
    version.writeUInt16LE(2, 4);
    assert.throws(() => decodeMapCases(version), /version 2/);
  });

  test('flagBit() gives each flag its own bit, in MAP_CASE_FLAGS order', () => {
    assert.deepEqual(MAP_CASE_FLAGS.map(flagBit), [1, 2, 4, 8, 16, 32, 64]);
  });

  test('encodeMapCases() takes 29 bytes a case and a 1,296-byte header: 100,000 cases of 101 courts are 2,901,312 bytes', () => {
    const courts = Array.from({ length: 101 }, (_, i) => `c33${String(i).padStart(4, '0')}`);
    const rows = sampleRows(100_000).map((r, i) => ({ ...r, courtId: courts[i % 101]! }));
    const buffer = encodeMapCases(rows, META);
    assert.equal(buffer.readUInt32LE(12), 1_296);
    assert.equal(buffer.length, 16 + 1_296 + 29 * 100_000);
  });
});
