#!/usr/bin/env node
// npm run map:import -- FILE [--datum WGS-84|GCJ-02] [--dir DIR] [--config CONFIG.json] [--name NAME]
//
// Turns a deployment's approved boundary data into the base map the server serves instead of the
// schematic demo: a GeoJSON file (FeatureCollection of polygons or lines, e.g. 天地图 boundaries), or a
// .pmtiles archive built with Debian's tippecanoe (vector) or holding raster tiles. The file is checked,
// copied into DIR (default DATA_DIR/map), and a MapLibre style that draws it is written beside it
// (DIR/style.json). With --config (or CONFIG_FILE) that file's `map` is set to the style and datum;
// otherwise the lines to set are printed. Finally the result is checked as the server will check it.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { loadConfig, ROOT_DIR } from '../config/load.ts';
import { checkMapConfig, MapConfigProblem, readPmtilesHeader, type PmtilesHeader } from '../config/mapConfig.ts';
import { MAP_FILES_PATH } from '../protocol/map.ts';

/** China with 南海诸岛, generously: coordinates outside it are projected, swapped or of somewhere else. */
const CHINA = { minLng: 73, maxLng: 136, minLat: 3, maxLat: 54 };
const DATUMS = ['WGS-84', 'GCJ-02'] as const;
type Datum = (typeof DATUMS)[number];

class ImportError extends Error {}

function fail(zh: string, en: string): never {
  throw new ImportError(`${zh} / ${en}`);
}

const LINE = { 'line-color': '#6fa8dc', 'line-width': 1.2 };
const LABEL = { 'text-field': ['get', 'name'], 'text-size': 13 };
const LABEL_PAINT = { 'text-color': '#dfe9f3', 'text-halo-color': '#0b1f33', 'text-halo-width': 1.2 };

/** Layers drawing one source (or one vector layer of it): areas, outlines, names. No glyphs: MapLibre draws labels from a local font. */
function layersFor(source: string, sourceLayer?: string): Record<string, unknown>[] {
  const on = { source, ...(sourceLayer ? { 'source-layer': sourceLayer } : {}) };
  const id = sourceLayer ?? source;
  return [
    { id: `${id}-fill`, type: 'fill', ...on, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#16324f', 'fill-opacity': 0.6 } },
    { id: `${id}-line`, type: 'line', ...on, paint: LINE },
    { id: `${id}-label`, type: 'symbol', ...on, filter: ['has', 'name'], layout: LABEL, paint: LABEL_PAINT },
  ];
}

function style(sources: Record<string, unknown>, layers: Record<string, unknown>[]): Record<string, unknown> {
  return { version: 8, name: 'imported by npm run map:import', sources, layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#0b1f33' } }, ...layers] };
}

/** Every [lng, lat] of a GeoJSON geometry. */
function* positions(coords: unknown): Generator<[number, number]> {
  if (Array.isArray(coords) && typeof coords[0] === 'number') yield [coords[0], Number(coords[1])];
  else if (Array.isArray(coords)) for (const c of coords) yield* positions(c);
}

/** Checks a GeoJSON file; how many features, and how many have a `name`. */
function checkGeoJson(file: string): { features: number; named: number } {
  let doc: { type?: unknown; features?: { geometry?: { type?: string; coordinates?: unknown }; properties?: { name?: unknown } }[] };
  try {
    doc = JSON.parse(readFileSync(file, 'utf8')) as typeof doc;
  } catch (err) {
    fail(`无法读取 GeoJSON：${file}（${(err as Error).message}）`, `cannot read GeoJSON ${file} (${(err as Error).message})`);
  }
  if (doc.type !== 'FeatureCollection' || !Array.isArray(doc.features) || doc.features.length === 0) {
    fail('文件不是含要素的 GeoJSON FeatureCollection', 'the file is not a GeoJSON FeatureCollection with features');
  }
  let named = 0;
  for (const [i, f] of doc.features.entries()) {
    const type = f.geometry?.type ?? 'none';
    if (!['Polygon', 'MultiPolygon', 'LineString', 'MultiLineString', 'Point', 'MultiPoint'].includes(type)) {
      fail(`第 ${i + 1} 个要素的几何类型 ${type} 无法绘制`, `feature ${i + 1}: geometry ${type} cannot be drawn`);
    }
    for (const [lng, lat] of positions(f.geometry?.coordinates)) {
      if (!(lng >= CHINA.minLng && lng <= CHINA.maxLng && lat >= CHINA.minLat && lat <= CHINA.maxLat)) {
        fail(
          `第 ${i + 1} 个要素的坐标 [${lng}, ${lat}] 不在中国范围内（应为经纬度，经度在前；投影坐标请先转换）`,
          `feature ${i + 1}: [${lng}, ${lat}] is not a longitude/latitude in China (lng first; reproject projected data first)`,
        );
      }
    }
    if (typeof f.properties?.name === 'string') named++;
  }
  return { features: doc.features.length, named };
}

/** The vector layers a tippecanoe archive lists in its metadata. */
function vectorLayers(file: string, header: PmtilesHeader): string[] {
  const raw = readFileSync(file).subarray(header.metadataOffset, header.metadataOffset + header.metadataLength);
  if (header.internalCompression > 2) fail('元数据的压缩方式不受支持（请用 gzip 或不压缩）', 'metadata compression not supported (use gzip or none)');
  const json = JSON.parse((header.internalCompression === 2 ? gunzipSync(raw) : raw).toString('utf8')) as { vector_layers?: { id?: unknown }[] };
  const ids = (json.vector_layers ?? []).map((l) => l.id).filter((id): id is string => typeof id === 'string');
  if (ids.length === 0) fail('矢量瓦片档案的元数据未列出图层（vector_layers）', 'the vector archive lists no vector_layers in its metadata');
  return ids;
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { datum: { type: 'string', default: 'WGS-84' }, dir: { type: 'string' }, config: { type: 'string' }, name: { type: 'string' } },
  });
  const [input] = positionals;
  if (!input) fail('用法：npm run map:import -- 文件 [--datum WGS-84|GCJ-02] [--dir 目录] [--config 配置文件]', 'usage: npm run map:import -- FILE [--datum WGS-84|GCJ-02] [--dir DIR] [--config CONFIG.json]');
  const datum = values.datum as Datum;
  if (!DATUMS.includes(datum)) fail(`--datum 只能是 WGS-84 或 GCJ-02，收到 ${datum}`, `--datum must be WGS-84 or GCJ-02, got ${datum}`);
  const file = path.resolve(input);
  if (!existsSync(file)) fail(`找不到文件 ${file}`, `no such file ${file}`);
  const configFile = values.config ?? process.env['CONFIG_FILE'];
  const dir = path.resolve(values.dir ?? path.join(loadConfig(configFile ? { ...process.env, CONFIG_FILE: configFile } : process.env).dataDir, 'map'));
  const ext = path.extname(file).toLowerCase();
  const name = (values.name ?? path.basename(file, ext)).replace(/[^A-Za-z0-9_.-]/g, '_');
  mkdirSync(dir, { recursive: true });

  let doc: Record<string, unknown>;
  if (ext === '.geojson' || ext === '.json') {
    const { features, named } = checkGeoJson(file);
    copyFileSync(file, path.join(dir, `${name}.geojson`));
    doc = style({ boundaries: { type: 'geojson', data: `${MAP_FILES_PATH}${name}.geojson` } }, layersFor('boundaries'));
    console.log(`✓ GeoJSON：${features} 个要素，${named} 个带名称 / ${features} features, ${named} named`);
  } else if (ext === '.pmtiles') {
    const header = readPmtilesHeader(file) ?? fail('不是 PMTiles v3 档案（tippecanoe -o x.pmtiles 生成）', 'not a PMTiles v3 archive (tippecanoe -o x.pmtiles makes one)');
    const [minLng, minLat, maxLng, maxLat] = header.bounds;
    if (maxLng < CHINA.minLng || minLng > CHINA.maxLng || maxLat < CHINA.minLat || minLat > CHINA.maxLat) {
      fail(`档案范围 ${header.bounds.join(', ')} 不在中国`, `the archive's bounds ${header.bounds.join(', ')} are not in China`);
    }
    copyFileSync(file, path.join(dir, `${name}.pmtiles`));
    const url = `pmtiles://${MAP_FILES_PATH}${name}.pmtiles`;
    if (header.tileType === 'mvt') {
      const layers = vectorLayers(file, header);
      doc = style({ base: { type: 'vector', url } }, layers.flatMap((l) => layersFor('base', l)));
      console.log(`✓ 矢量瓦片，图层 ${layers.join('、')}，缩放 ${header.minZoom}-${header.maxZoom} / vector tiles, layers ${layers.join(', ')}, zoom ${header.minZoom}-${header.maxZoom}`);
    } else if (['png', 'jpeg', 'webp'].includes(header.tileType)) {
      doc = style({ base: { type: 'raster', url, tileSize: 256 } }, [{ id: 'base', type: 'raster', source: 'base' }]);
      console.log(`✓ 栅格瓦片（${header.tileType}），缩放 ${header.minZoom}-${header.maxZoom} / raster tiles (${header.tileType}), zoom ${header.minZoom}-${header.maxZoom}`);
    } else {
      fail(`瓦片类型 ${header.tileType} 不受支持`, `tile type ${header.tileType} is not supported`);
    }
  } else {
    fail(`只接受 .geojson、.json 或 .pmtiles，收到 ${ext || '无扩展名'}`, `expected .geojson, .json or .pmtiles, got ${ext || 'no extension'}`);
  }

  const stylePath = path.join(dir, 'style.json');
  writeFileSync(stylePath, `${JSON.stringify(doc, null, 2)}\n`);
  // What the server will check when it starts with this map.
  const map = checkMapConfig({ style: stylePath, tiles: null, datum }, ROOT_DIR);
  console.log(`✓ 已写入 ${stylePath} / wrote ${stylePath}`);

  if (configFile) {
    const target = path.resolve(configFile);
    const current = existsSync(target) ? (JSON.parse(readFileSync(target, 'utf8')) as Record<string, unknown>) : {};
    writeFileSync(target, `${JSON.stringify({ ...current, map: { style: map.style, tiles: null, datum } }, null, 2)}\n`);
    console.log(`✓ 已更新配置 ${target} 的 map / set map in ${target}; 重启服务生效 / restart the server to use it`);
  } else {
    console.log('在配置文件（CONFIG_FILE）中设置 / set in the config file (CONFIG_FILE):');
    console.log(`  "map": ${JSON.stringify({ style: map.style, tiles: null, datum })}`);
    console.log(`或环境变量 / or the environment: MAP_STYLE=${map.style} MAP_DATUM=${datum}`);
  }
}

try {
  main();
} catch (err) {
  if (err instanceof ImportError || err instanceof MapConfigProblem) {
    console.error(`✗ ${err.message}`);
    process.exit(1);
  }
  throw err;
}
