import assert from 'node:assert/strict';
import { DataFilterExtension } from '@deck.gl/extensions';
import { describe, test } from 'vitest';
import { buildCaseColumns, caseMask, heatWeights, NO_FILTER } from './caseColumns.ts';
import { clusterCases } from './clusters.ts';
import { casePointData, casePointsLayer, clusterLayers, compactCount, heatLayer, HEAT_DOMAIN, teamLayers } from './mapLayers.ts';
import { fakeMapCases } from './testing/fakeMapCases.ts';
import { TeamSlots } from './TeamSlots.ts';

const CASES = fakeMapCases([
  { id: 'a', lng: 120.1, lat: 30.2, court: 'c1', colour: 'red', stage: 'on_site', flags: ['overdue'] },
  { id: 'b', lng: 120.2, lat: 30.3, court: 'c1', colour: 'green', stage: 'filing' },
]);
const COLUMNS = buildCaseColumns(CASES, 'WGS-84');

describe('map layers', () => {
  test('casePointsLayer() reads the columns as binary attributes and filters colours on the GPU by category', () => {
    const data = casePointData(COLUMNS, null);
    const layer = casePointsLayer(data, COLUMNS.risk, [0, 3]);
    assert.equal(layer.id, 'cases');
    assert.equal(layer.props.data, data);
    assert.equal(data.attributes.getPosition!.value, COLUMNS.positions, 'positions are the answer\'s own column');
    assert.equal(data.attributes.getFillColor!.value, COLUMNS.fill);
    assert.deepEqual([...data.attributes.getFilterValue!.value], [1, 1]);
    const ext = layer.props.extensions[0];
    assert.ok(ext instanceof DataFilterExtension);
    assert.deepEqual(ext.opts, { ...ext.opts, categorySize: 1, filterSize: 1 });
    const props = layer.props as unknown as { filterCategories: number[]; filterRange: number[] };
    assert.deepEqual(props.filterCategories, [0, 3]);
    assert.deepEqual(props.filterRange, [1, 1]);
  });

  test('a colour toggle changes only the categories: the data object (and its columns) stays the same', () => {
    const data = casePointData(COLUMNS, null);
    const on = casePointsLayer(data, COLUMNS.risk, [0, 1, 2, 3]);
    const off = casePointsLayer(data, COLUMNS.risk, [1, 2, 3]);
    assert.equal(on.props.data, off.props.data);
  });

  test('a filter becomes the mask column: 0 for the cases it drops', () => {
    const mask = caseMask(CASES, { ...NO_FILTER, overdueOnly: true });
    assert.deepEqual([...casePointData(COLUMNS, mask).attributes.getFilterValue!.value], [1, 0]);
  });

  test('heatLayer() weighs by colour with a fixed colour domain and a 512 weights texture', () => {
    const weights = heatWeights(COLUMNS, null, new Set(['red', 'yellow', 'blue', 'green']));
    const layer = heatLayer(COLUMNS.positions, weights);
    const props = layer.props as unknown as { colorDomain: number[]; weightsTextureSize: number; data: { attributes: { getWeight: { value: Float32Array } } } };
    assert.equal(props.colorDomain, HEAT_DOMAIN);
    assert.equal(props.weightsTextureSize, 512);
    assert.equal(props.data.attributes.getWeight.value, weights);
    assert.ok(weights[0]! > weights[1]!, '红 outweighs 绿');
  });

  test('teamLayers() draws the slots\' own arrays, hidden teams filtered on the GPU', () => {
    const slots = new TeamSlots('WGS-84');
    slots.placeIfAbsent('t1', 120, 30, 0, 'en_route');
    const attrs = slots.attributes();
    const [teams] = teamLayers(attrs, []);
    assert.equal(teams!.id, 'teams');
    assert.equal(teams!.props.data, attrs);
    assert.ok(teams!.props.extensions[0] instanceof DataFilterExtension);
  });

  test('clusterLayers() draws pies, holes and totals; compactCount() shortens big totals', () => {
    const c = clusterCases(COLUMNS, null, new Set(['red', 'yellow', 'blue', 'green']), 6);
    const layers = clusterLayers(c, { atlas: null, mapping: {} });
    assert.deepEqual(layers.map((l) => l.id), ['cluster-discs', 'cluster-pies', 'cluster-holes', 'cluster-counts']);
    assert.deepEqual([compactCount(999), compactCount(1_234), compactCount(12_345), compactCount(123_456)], ['999', '1.2k', '1.2万', '12万']);
  });
});
