import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { zhejiangGeo, type ProvinceGeo } from '../demo/index.ts';

// The bundled demo base map (示意图): China's provinces and the 南海诸岛 inset, derived from
// china-geojson by scripts/geo/extract-china.mjs into geo/, and the demo province's cities and
// counties built from server/demo/geo/zhejiang.json, the geography the demo courts and cases stand on.
// All WGS-84 but the inset, whose coordinates are a drawing's. Served from memory, nothing off the machine.

/** One GeoJSON file as served: its bytes and a strong ETag. */
export interface GeoFile {
  body: Buffer;
  etag: string;
}

const GEO_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'geo');

/** `body` with its ETag (a hash of it). */
export function servedFile(body: Buffer): GeoFile {
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}

function geoFile(value: unknown): GeoFile {
  return servedFile(Buffer.from(JSON.stringify(value), 'utf8'));
}

/** Court ids of the demo tree: `c` + the division code (server/demo/courts.ts). */
const courtIdOf = (divisionCode: string) => `c${divisionCode}`;

/** The demo province's counties as GeoJSON polygons, each naming its court and its city's court. */
export function countiesGeoJson(geo: ProvinceGeo): unknown {
  return {
    type: 'FeatureCollection',
    features: geo.cities.flatMap((city) =>
      city.counties.map((k) => ({
        type: 'Feature',
        properties: { code: k.code, name: k.name, cityCode: city.code, cityName: city.name, courtId: courtIdOf(k.code), cityCourtId: courtIdOf(city.code) },
        geometry: { type: 'Polygon', coordinates: [k.polygon] },
      })),
    ),
  };
}

/** The demo province's cities as points at their seats, for labels. */
export function citiesGeoJson(geo: ProvinceGeo): unknown {
  return {
    type: 'FeatureCollection',
    features: geo.cities.map((c) => ({
      type: 'Feature',
      properties: { code: c.code, name: c.name, courtId: courtIdOf(c.code) },
      geometry: { type: 'Point', coordinates: c.cp },
    })),
  };
}

/** minLng, minLat, maxLng, maxLat of the demo province's counties. */
export function provinceBounds(geo: ProvinceGeo): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const city of geo.cities) {
    for (const county of city.counties) {
      for (const [lng, lat] of county.polygon) {
        b[0] = Math.min(b[0], lng);
        b[1] = Math.min(b[1], lat);
        b[2] = Math.max(b[2], lng);
        b[3] = Math.max(b[3], lat);
      }
    }
  }
  return b;
}

/** The demo map's files by name (as under /api/map/demo/), built once. */
export function demoGeoFiles(): Map<string, GeoFile> {
  const geo = zhejiangGeo();
  const bundled = (name: string) => geoFile(JSON.parse(readFileSync(path.join(GEO_DIR, name), 'utf8')));
  return new Map([
    ['provinces.geojson', bundled('provinces.json')],
    ['south-china-sea.geojson', bundled('south-china-sea.json')],
    ['counties.geojson', geoFile(countiesGeoJson(geo))],
    ['cities.geojson', geoFile(citiesGeoJson(geo))],
  ]);
}
