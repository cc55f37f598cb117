import assert from 'node:assert/strict';
import { test } from 'vitest';
import type { CourtSummary } from '../../../protocol/api.ts';
import { boundsOfCourt, labelPoints, labelText, type DemoGeo } from './geography.ts';

const counts = { active: 1, byColour: { red: 0, yellow: 0, blue: 0, green: 1 }, overdue: 0 };
const court = (id: string, parentId: string | null, lng = 120, lat = 30): CourtSummary => ({
  id, name: id, shortName: id, level: parentId === null ? 'high' : 'basic', parentId, caseCode: id, lng, lat, own: counts, total: counts,
});
const square = (x: number, y: number, d: number) => [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]];
const county = (name: string, courtId: string, cityCourtId: string, x: number, y: number) => ({
  type: 'Feature' as const,
  properties: { code: name, name, cityCode: cityCourtId, cityName: cityCourtId, courtId, cityCourtId },
  geometry: { type: 'Polygon' as const, coordinates: square(x, y, 1) },
});
const GEO: DemoGeo = {
  counties: { type: 'FeatureCollection', features: [county('西湖区', 'xihu', 'hz', 120, 30), county('滨江区', 'binjiang', 'hz', 121, 30), county('海曙区', 'haishu', 'nb', 122, 29)] },
  cities: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: 'hz', name: '杭州市', courtId: 'hz' }, geometry: { type: 'Point', coordinates: [120.2, 30.3] } }] },
  provinces: null,
};
const COURTS = [court('h', null), court('hz', 'h'), court('nb', 'h'), court('xihu', 'hz'), court('binjiang', 'hz'), court('haishu', 'nb', 122.5, 29.5)];
const PROVINCE: [number, number, number, number] = [118, 27, 123, 31];

test('boundsOfCourt() frames the counties a court\'s subtree serves', () => {
  assert.deepEqual(boundsOfCourt(GEO, COURTS, 'hz', PROVINCE), [120, 30, 122, 31]);
  assert.deepEqual(boundsOfCourt(GEO, COURTS, 'xihu', PROVINCE), [120, 30, 121, 31]);
  assert.deepEqual(boundsOfCourt(GEO, COURTS, null, PROVINCE), PROVINCE);
  assert.deepEqual(boundsOfCourt(GEO, COURTS, 'h', PROVINCE), PROVINCE, 'the whole tree is the province');
});

test('boundsOfCourt() frames the court seats with a margin when there are no outlines (a deployment map)', () => {
  const b = boundsOfCourt(null, COURTS, 'haishu', PROVINCE)!;
  assert.ok(Math.abs(b[0] - 122.35) < 1e-9 && Math.abs(b[3] - 29.65) < 1e-9);
});

test('labelPoints() puts one label at the centroid of each feature\'s largest ring', () => {
  const multi = {
    properties: { name: '上海' },
    geometry: { type: 'MultiPolygon' as const, coordinates: [square(0, 0, 1), square(10, 10, 2)] },
  };
  const points = labelPoints([multi, GEO.counties.features[0]!]);
  assert.deepEqual(points.features.map((f) => f.geometry.coordinates), [[11, 11], [120.5, 30.5]]);
  assert.equal(points.features[0]!.properties.name, '上海');
});

test('labelText() gathers every label the demo map draws (the font loads their glyphs first)', () => {
  const text = labelText(GEO, ['浙江']);
  for (const name of ['浙江', '西湖区', '杭州市']) assert.ok(text.includes(name), name);
});
