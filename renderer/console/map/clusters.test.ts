import assert from 'node:assert/strict';
import { describe, test } from 'vitest';
import type { RiskColour } from '../../../protocol/domain.ts';
import { buildCaseColumns } from './caseColumns.ts';
import { allPieKeys, clusterCases, clusterCounts, clusterRadius, mercator, pieKey, pieShares, soleColour } from './clusters.ts';
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

  test('pieKey() names each cluster\'s pie by its shares in twelfths; a cluster of one colour is a disc instead', () => {
    const c = clusterCases(COLUMNS, null, ALL, 7);
    // 2 red + 1 green: 8 and 4 twelfths; 1 yellow + 1 blue: 6 and 6.
    assert.deepEqual([pieKey(c, 0), pieKey(c, 1)], ['8-0-0-4', '0-6-6-0']);
    assert.equal(soleColour(c, 0), null);
    const reds = clusterCases(COLUMNS, null, new Set(['red']), 7);
    assert.deepEqual(soleColour(reds, 0), RISK_RGBA.red);
  });

  test('pieShares() sums to 12 and gives every colour present at least one twelfth', () => {
    assert.deepEqual(pieShares([1, 0, 0, 999]), [1, 0, 0, 11]);
    assert.deepEqual(pieShares([1, 1, 1, 997]), [1, 1, 1, 9]);
    assert.deepEqual(pieShares([5, 5, 5, 5]), [3, 3, 3, 3]);
    assert.deepEqual(pieShares([0, 0, 0, 0]), [0, 0, 0, 0]);
    for (const counts of [[3, 7, 11, 13], [1, 2, 0, 40], [100, 1, 1, 1]]) assert.equal(pieShares(counts).reduce((a, b) => a + b), 12);
  });

  test('allPieKeys() lists every pie of two colours or more once: the atlas covers any cluster', () => {
    const keys = allPieKeys();
    assert.equal(new Set(keys).size, keys.length);
    assert.equal(keys.length, 455 - 4);
    const c = clusterCases(COLUMNS, null, ALL, 7);
    assert.ok(keys.includes(pieKey(c, 0)) && keys.includes(pieKey(c, 1)));
  });

  test('clusterRadius() grows with the count within bounds', () => {
    assert.equal(clusterRadius(1), 9);
    assert.ok(clusterRadius(100) > clusterRadius(10));
    assert.equal(clusterRadius(1e6), 30);
  });
});
