import assert from 'node:assert/strict';
import { describe, test } from 'vitest';
import { boundsToMap, fromMap, geometryToMap, toMap, toMapArray } from './datum.ts';

// GCJ-02 as the published algorithm states it (Krasovsky 1940 ellipsoid, the offset polynomials),
// written out here independently of gcoord so the test does not check gcoord against itself.
const A = 6378245.0;
const EE = 0.006693421622965943;
function tLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  return r;
}
function tLng(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  return r;
}
function referenceGcj(lng: number, lat: number): [number, number] {
  let dLat = tLat(lng - 105, lat - 35);
  let dLng = tLng(lng - 105, lat - 35);
  const rad = (lat / 180) * Math.PI;
  let magic = Math.sin(rad);
  magic = 1 - EE * magic * magic;
  const s = Math.sqrt(magic);
  dLat = (dLat * 180) / (((A * (1 - EE)) / (magic * s)) * Math.PI);
  dLng = (dLng * 180) / ((A / s) * Math.cos(rad) * Math.PI);
  return [lng + dLng, lat + dLat];
}

/**
 * Known pairs WGS-84 → GCJ-02 in degrees: (123, 45) from gcoord's own suite (test/unit/crs), the
 * Zhejiang points from the reference formula above (杭州西湖, 宁波三江口, 温州).
 */
const PAIRS: readonly { name: string; wgs: [number, number]; gcj: [number, number] }[] = [
  { name: 'gcoord suite', wgs: [123, 45], gcj: [123.00607541, 45.00197815] },
  ...([[120.13, 30.26], [121.55, 29.87], [120.7, 28.0]] as const).map(([lng, lat]) => ({ name: `${lng},${lat}`, wgs: [lng, lat] as [number, number], gcj: referenceGcj(lng, lat) })),
];
const EPS = 1e-6; // about 10 cm

const near = (a: readonly number[], b: readonly number[], eps = EPS) =>
  assert.ok(Math.abs(a[0]! - b[0]!) < eps && Math.abs(a[1]! - b[1]!) < eps, `${a.join(',')} ≉ ${b.join(',')}`);

describe('datum', () => {
  test('toMap() converts WGS-84 to GCJ-02 as the published algorithm does, at known points', () => {
    for (const p of PAIRS) near(toMap('GCJ-02', ...p.wgs), p.gcj);
  });

  test('toMap() shifts a Zhejiang point by a few hundred metres, and leaves WGS-84 maps alone', () => {
    const [lng, lat] = toMap('GCJ-02', 120.13, 30.26);
    const metres = Math.hypot((lng - 120.13) * 96_000, (lat - 30.26) * 111_000);
    assert.ok(metres > 300 && metres < 700, `${metres} m`);
    assert.deepEqual(toMap('WGS-84', 120.13, 30.26), [120.13, 30.26]);
  });

  test('toMap() leaves points outside China unshifted (GCJ-02 applies inside China only)', () => {
    near(toMap('GCJ-02', 2.35, 48.85), [2.35, 48.85], 1e-12);
  });

  test('fromMap() takes a GCJ-02 point back to WGS-84 within 10 cm', () => {
    near(fromMap('GCJ-02', 123, 45), [122.99395597, 44.99804071], 1e-5);
    for (const p of PAIRS) near(fromMap('GCJ-02', ...toMap('GCJ-02', ...p.wgs)), p.wgs, 1e-6);
    assert.deepEqual(fromMap('WGS-84', 1, 2), [1, 2]);
  });

  test('toMapArray() converts interleaved pairs into a new array, skips empty slots, and returns WGS-84 input itself', () => {
    const input = new Float64Array([120.13, 30.26, Number.NaN, Number.NaN, 121.55, 29.87]);
    const out = toMapArray('GCJ-02', input);
    assert.notEqual(out, input);
    assert.equal(input[0], 120.13);
    near([out[0]!, out[1]!], toMap('GCJ-02', 120.13, 30.26), 1e-9);
    assert.ok(Number.isNaN(out[2]!));
    near([out[4]!, out[5]!], toMap('GCJ-02', 121.55, 29.87), 1e-9);
    assert.equal(toMapArray('WGS-84', input), input);
    const f32 = toMapArray('GCJ-02', new Float32Array([120.13, 30.26]));
    assert.ok(f32 instanceof Float32Array);
  });

  test('geometryToMap() converts every ring of a polygon; boundsToMap() both corners', () => {
    const g = { type: 'Polygon', coordinates: [[[120, 30], [121, 30], [121, 31], [120, 30]]] };
    const out = geometryToMap('GCJ-02', g);
    near(out.coordinates[0]![1]!, toMap('GCJ-02', 121, 30), 1e-12);
    assert.deepEqual(g.coordinates[0]![1], [121, 30]);
    assert.equal(geometryToMap('WGS-84', g), g);
    const b = boundsToMap('GCJ-02', [120, 30, 121, 31]);
    near([b[2], b[3]], toMap('GCJ-02', 121, 31), 1e-12);
  });
});
