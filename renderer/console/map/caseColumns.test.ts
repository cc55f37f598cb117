import assert from 'node:assert/strict';
import { describe, test } from 'vitest';
import type { RiskColour } from '../../../protocol/domain.ts';
import { buildCaseColumns, caseMask, colourCategories, countByColour, heatWeights, isFiltering, NO_FILTER, type CaseFilter } from './caseColumns.ts';
import { toMap } from './datum.ts';
import { HEAT_WEIGHT, RISK_RGBA, riskIndexTable } from './palette.ts';
import { fakeMapCases } from './testing/fakeMapCases.ts';

const CASES = fakeMapCases([
  { id: 'a', lng: 120.1, lat: 30.2, court: 'c-xihu', colour: 'red', stage: 'on_site', flags: ['overdue', 'mass'] },
  { id: 'b', lng: 120.2, lat: 30.3, court: 'c-xihu', colour: 'green', stage: 'filing' },
  { id: 'c', lng: 121.5, lat: 29.9, court: 'c-haishu', colour: 'yellow', stage: 'on_site', flags: ['key'] },
  { id: 'd', lng: 121.6, lat: 29.8, court: 'c-haishu', colour: 'blue', stage: 'disposal', flags: ['overdue'] },
]);
const ALL: ReadonlySet<RiskColour> = new Set(['red', 'yellow', 'blue', 'green']);
const filter = (f: Partial<CaseFilter>): CaseFilter => ({ ...NO_FILTER, ...f });

describe('case columns', () => {
  test('riskIndexTable() maps the header\'s colour order onto RISK_COLOURS, unknown names to 255', () => {
    const t = riskIndexTable(['green', 'purple', 'red']);
    assert.deepEqual([t[0], t[1], t[2], t[3]], [3, 255, 0, 255]);
  });

  test('buildCaseColumns() colours each case by its risk colour whatever order the header lists colours in', () => {
    const c = buildCaseColumns(CASES, 'WGS-84');
    assert.deepEqual([...c.risk], [0, 3, 1, 2]);
    assert.deepEqual([...c.fill.subarray(0, 4)], [...RISK_RGBA.red]);
    assert.deepEqual([...c.fill.subarray(8, 12)], [...RISK_RGBA.yellow]);
    assert.equal(c.positions, CASES.lngLat, 'WGS-84 columns are the answer itself, no copy');
  });

  test('buildCaseColumns() shifts positions to GCJ-02 for a GCJ-02 base map', () => {
    const c = buildCaseColumns(CASES, 'GCJ-02');
    const [lng, lat] = toMap('GCJ-02', CASES.lngLat[0]!, CASES.lngLat[1]!);
    assert.ok(Math.abs(c.positions[0]! - lng) < 1e-5 && Math.abs(c.positions[1]! - lat) < 1e-5);
  });

  test('caseMask() keeps what court, stage, overdue and tag filters ask for, reading names from the header', () => {
    assert.deepEqual([...caseMask(CASES, NO_FILTER)], [1, 1, 1, 1]);
    assert.deepEqual([...caseMask(CASES, filter({ courts: new Set(['c-haishu']) }))], [0, 0, 1, 1]);
    assert.deepEqual([...caseMask(CASES, filter({ stages: new Set(['on_site']) }))], [1, 0, 1, 0]);
    assert.deepEqual([...caseMask(CASES, filter({ overdueOnly: true }))], [1, 0, 0, 1]);
    assert.deepEqual([...caseMask(CASES, filter({ tags: new Set(['mass', 'key']) }))], [1, 0, 1, 0]);
    assert.deepEqual([...caseMask(CASES, filter({ overdueOnly: true, courts: new Set(['c-xihu']) }))], [1, 0, 0, 0]);
    assert.equal(isFiltering(NO_FILTER), false);
    assert.equal(isFiltering(filter({ overdueOnly: true })), true);
  });

  test('colourCategories() lists the shown colours as RISK_COLOURS indexes (the GPU filter\'s categories)', () => {
    assert.deepEqual(colourCategories(new Set(['green', 'red'])), [0, 3]);
    assert.deepEqual(colourCategories(ALL), [0, 1, 2, 3]);
  });

  test('heatWeights() weighs 红 most, and 0 for cases filtered out or of a hidden colour', () => {
    const c = buildCaseColumns(CASES, 'WGS-84');
    assert.deepEqual([...heatWeights(c, null, ALL)], [HEAT_WEIGHT.red, HEAT_WEIGHT.green, HEAT_WEIGHT.yellow, HEAT_WEIGHT.blue]);
    assert.ok(HEAT_WEIGHT.red > HEAT_WEIGHT.yellow && HEAT_WEIGHT.yellow > HEAT_WEIGHT.blue && HEAT_WEIGHT.blue > HEAT_WEIGHT.green);
    const mask = caseMask(CASES, filter({ courts: new Set(['c-xihu']) }));
    assert.deepEqual([...heatWeights(c, mask, new Set(['green']))], [0, HEAT_WEIGHT.green, 0, 0]);
  });

  test('countByColour() counts what the mask keeps', () => {
    const c = buildCaseColumns(CASES, 'WGS-84');
    assert.deepEqual(countByColour(c, null), { red: 1, yellow: 1, blue: 1, green: 1 });
    assert.deepEqual(countByColour(c, caseMask(CASES, filter({ overdueOnly: true }))), { red: 1, yellow: 0, blue: 1, green: 0 });
  });
});
