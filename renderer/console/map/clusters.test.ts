import assert from 'node:assert/strict';
import { describe, test } from 'vitest';
import type { RiskColour } from '../../../protocol/domain.ts';
import { buildCaseColumns } from './caseColumns.ts';
import { clusterCases, clusterCounts, clusterRadius, mercator, pieSlices } from './clusters.ts';
import { RISK_RGBA } from './palette.ts';
import { fakeMapCases, type FakeCase } from './testing/fakeMapCases.ts';

const ALL: ReadonlySet<RiskColour> = new Set(['red', 'yellow', 'blue', 'green']);
const at = (id: string, lng: number, lat: number, colour: string): FakeCase => ({ id, lng, lat, colour, court: 'c1', stage: 'filing' });
// Two groups: three cases around 杭州 (within metres), two around 宁波, 150 km apart.
const COLUMNS = buildCaseColumns(
  fakeMapCases([
    at('h1', 120.15, 30.27, 'red'),
    at('h2', 120.1501, 30.2701, 'red'),
    at('h3', 120.1502, 30.27, 'green'),
    at('n1', 121.55, 29.87, 'yellow'),
    at('n2', 121.5501, 29.8701, 'blue'),
  ]),
  'WGS-84',
);

describe('clusters', () => {
  test('mercator() puts (0, 0) at the middle of the 512-unit world', () => {
    assert.deepEqual(mercator(0, 0), [256, 256]);
    assert.ok(mercator(120, 30)[1] < 256, 'north is up (smaller y)');
  });

  test('clusterCases() counts each cluster by colour at province zoom', () => {
    const c = clusterCases(COLUMNS, null, ALL, 7);
    assert.equal(c.count, 2);
    const counts = [0, 1].map((j) => clusterCounts(c, j));
    assert.deepEqual(counts, [
      { red: 2, yellow: 0, blue: 0, green: 1 },
      { red: 0, yellow: 1, blue: 1, green: 0 },
    ]);
    assert.deepEqual([...c.total], [3, 2]);
    assert.ok(Math.abs(c.lngLat[0]! - 120.1501) < 1e-6, 'a cluster sits at the mean of its cases');
  });

  test('clusterCases() leaves out cases of a hidden colour and cases the mask drops', () => {
    const c = clusterCases(COLUMNS, new Float32Array([1, 1, 0, 1, 1]), new Set(['red', 'blue']), 7);
    assert.deepEqual([0, 1].map((j) => clusterCounts(c, j)), [
      { red: 2, yellow: 0, blue: 0, green: 0 },
      { red: 0, yellow: 0, blue: 1, green: 0 },
    ]);
  });

  test('clusterCases() puts everything in one cell at zoom 0 and splits groups apart when zoomed in', () => {
    assert.equal(clusterCases(COLUMNS, null, ALL, 0).count, 1);
    assert.equal(clusterCases(COLUMNS, null, ALL, 0).total[0], 5);
    assert.ok(clusterCases(COLUMNS, null, ALL, 20).count >= 4);
  });

  test('pieSlices() gives one slice per colour present, in the legend colours, and a whole disc for one colour', () => {
    const c = clusterCases(COLUMNS, null, ALL, 7);
    const slices = pieSlices(c, 7);
    assert.deepEqual(slices.map((s) => [s.cluster, s.colour]), [
      [0, RISK_RGBA.red],
      [0, RISK_RGBA.green],
      [1, RISK_RGBA.yellow],
      [1, RISK_RGBA.blue],
    ]);
    const one = pieSlices(clusterCases(COLUMNS, null, new Set(['red']), 7), 7);
    assert.equal(one.length, 1);
    assert.notDeepEqual(one[0]!.polygon[0], [c.lngLat[0], c.lngLat[1]], 'a whole disc has no centre vertex');
  });

  test('clusterRadius() grows with the count within bounds', () => {
    assert.equal(clusterRadius(1), 9);
    assert.ok(clusterRadius(100) > clusterRadius(10));
    assert.equal(clusterRadius(1e6), 30);
  });
});
