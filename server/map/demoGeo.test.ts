import assert from 'node:assert/strict';
import { describe, test } from 'vitest';
import { buildCourts, pointInPolygon, zhejiangGeo, type LngLat } from '../demo/index.ts';
import { countiesGeoJson, demoGeoFiles, provinceBounds } from './demoGeo.ts';

interface CountyFeature {
  properties: { code: string; name: string; courtId: string; cityCourtId: string };
  geometry: { type: 'Polygon'; coordinates: LngLat[][] };
}

/** The counties as the console draws them: the GeoJSON GET /api/map/demo/counties.geojson serves. */
function drawnCounties(): CountyFeature[] {
  const file = demoGeoFiles().get('counties.geojson');
  assert.ok(file);
  return (JSON.parse(file.body.toString('utf8')) as { features: CountyFeature[] }).features;
}

/** The counties a court's seat must lie in: a basic court's own, a city's any, the province's any. */
function areaOf(counties: CountyFeature[], court: { id: string; level: string }): CountyFeature[] {
  if (court.level === 'basic') return counties.filter((c) => c.properties.courtId === court.id);
  if (court.level === 'intermediate') return counties.filter((c) => c.properties.cityCourtId === court.id);
  return counties;
}

/** The courts whose seat, moved by (dLng, dLat), falls outside their area as drawn. */
function seatsOutside(dLng: number, dLat: number): string[] {
  const counties = drawnCounties();
  return buildCourts()
    .filter((court) => !areaOf(counties, court).some((c) => pointInPolygon(court.lng + dLng, court.lat + dLat, c.geometry.coordinates[0]!)))
    .map((court) => court.name);
}

describe('the demo base map', () => {
  test('every demo court\'s seat lies inside its own county as drawn: seats and outlines share one datum (WGS-84)', () => {
    const counties = drawnCounties();
    assert.equal(counties.length, 89);
    for (const court of buildCourts().filter((c) => c.level === 'basic')) assert.equal(areaOf(counties, court).length, 1, `${court.name} has one county`);
    assert.deepEqual(seatsOutside(0, 0), []);
  });

  test('a seat moved by a GCJ-02-sized offset (about 500 m) leaves its county: the check above would see a datum slip', () => {
    assert.ok(seatsOutside(0.0046, -0.0024).length >= 1);
  });

  test('countiesGeoJson() closes every ring and names each county\'s court and its city\'s court', () => {
    const geo = zhejiangGeo();
    const features = (countiesGeoJson(geo) as { features: CountyFeature[] }).features;
    for (const f of features) {
      const ring = f.geometry.coordinates[0]!;
      assert.deepEqual(ring[0], ring[ring.length - 1], `${f.properties.name} closed`);
      assert.match(f.properties.courtId, /^c33\d{4}$/);
      assert.match(f.properties.cityCourtId, /^c33\d{2}00$/);
    }
    const [minLng, minLat, maxLng, maxLat] = provinceBounds(geo);
    assert.ok(minLng > 118 && minLat > 27 && maxLng < 123.5 && maxLat < 31.5, '浙江');
  });

  test('the provinces file holds China\'s 34 provinces and no 南海诸岛, which has its own file for the inset', () => {
    const files = demoGeoFiles();
    const provinces = JSON.parse(files.get('provinces.geojson')!.body.toString('utf8')) as { features: { properties: { name: string; adcode: string } }[] };
    assert.equal(provinces.features.length, 34);
    assert.ok(provinces.features.some((f) => f.properties.name === '浙江' && f.properties.adcode === '330000'));
    assert.ok(!provinces.features.some((f) => f.properties.name.includes('南海')));
    const inset = JSON.parse(files.get('south-china-sea.geojson')!.body.toString('utf8')) as { features: unknown[]; bbox: number[] };
    assert.ok(inset.features.length > 0);
    assert.equal(inset.bbox.length, 4);
  });
});
