import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { MAP_FILES_PATH } from '../protocol/map.ts';
import type { Config } from './schema.ts';

// config `map`: the deployment's approved base map (a style, a .pmtiles archive or an intranet tile
// server) and its datum. Checked at start-up, so a bad path stops the server with the key named
// instead of a console showing a blank map.

/** A problem with one key of config `map`; loadConfig turns it into a ConfigError naming the key. */
export class MapConfigProblem extends Error {
  readonly key: string;
  constructor(key: string, message: string) {
    super(message);
    this.key = key;
  }
}

/** What the PMTiles v3 header (127 bytes) says about an archive. */
export interface PmtilesHeader {
  tileType: 'mvt' | 'png' | 'jpeg' | 'webp' | 'avif' | 'unknown';
  minZoom: number;
  maxZoom: number;
  /** minLng, minLat, maxLng, maxLat. */
  bounds: [number, number, number, number];
  metadataOffset: number;
  metadataLength: number;
  /** 1 none, 2 gzip, 3 brotli, 4 zstd (0 unknown). */
  internalCompression: number;
}

const TILE_TYPES = ['unknown', 'mvt', 'png', 'jpeg', 'webp', 'avif'] as const;
export const PMTILES_HEADER_BYTES = 127;

/** Reads the PMTiles v3 header of `bytes`; null when they are not one. */
export function parsePmtilesHeader(bytes: Uint8Array): PmtilesHeader | null {
  if (bytes.length < PMTILES_HEADER_BYTES) return null;
  if (Buffer.from(bytes.subarray(0, 7)).toString('latin1') !== 'PMTiles' || bytes[7] !== 3) return null;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const e7 = (at: number) => v.getInt32(at, true) / 1e7;
  return {
    tileType: TILE_TYPES[bytes[99] ?? 0] ?? 'unknown',
    minZoom: bytes[100] ?? 0,
    maxZoom: bytes[101] ?? 0,
    bounds: [e7(102), e7(106), e7(110), e7(114)],
    metadataOffset: Number(v.getBigUint64(24, true)),
    metadataLength: Number(v.getBigUint64(32, true)),
    internalCompression: bytes[97] ?? 0,
  };
}

/** Reads the header of the `.pmtiles` file at `file`; null when it is not one. */
export function readPmtilesHeader(file: string): PmtilesHeader | null {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(PMTILES_HEADER_BYTES);
    const n = readSync(fd, head, 0, PMTILES_HEADER_BYTES, 0);
    return parsePmtilesHeader(head.subarray(0, n));
  } finally {
    closeSync(fd);
  }
}

/** How config `map.tiles` reads: an intranet URL (xyz template or remote .pmtiles) or a local archive. */
export type TilesSpec = { kind: 'xyz' | 'remote-pmtiles'; url: string } | { kind: 'local-pmtiles'; file: string } | null;

const URL_TEMPLATE = /^https?:\/\/[^\s]+$/;

/** Reads `map.tiles` (already resolved); throws MapConfigProblem when it is neither form. */
export function tilesSpec(tiles: string | null): TilesSpec {
  if (tiles === null) return null;
  if (URL_TEMPLATE.test(tiles)) {
    if (/\.pmtiles(\?|$)/.test(tiles)) return { kind: 'remote-pmtiles', url: tiles };
    if (!['{z}', '{x}', '{y}'].every((p) => tiles.includes(p))) {
      throw new MapConfigProblem('map.tiles', `tile URL template must hold {z}, {x} and {y}: ${tiles}`);
    }
    return { kind: 'xyz', url: tiles };
  }
  if (!tiles.endsWith('.pmtiles')) throw new MapConfigProblem('map.tiles', `expected a .pmtiles file or an http(s) tile URL template, got ${tiles}`);
  return { kind: 'local-pmtiles', file: tiles };
}

/** Every string a style's sources point at: `url`, `data` (a URL), `tiles[]`. */
function sourceUrls(style: Record<string, unknown>): string[] {
  const out: string[] = [];
  const sources = style['sources'];
  if (typeof sources !== 'object' || sources === null) return out;
  for (const source of Object.values(sources as Record<string, unknown>)) {
    if (typeof source !== 'object' || source === null) continue;
    const s = source as Record<string, unknown>;
    for (const v of [s['url'], s['data'], ...(Array.isArray(s['tiles']) ? s['tiles'] : [])]) if (typeof v === 'string') out.push(v);
  }
  return out;
}

/** The file names a style takes from the server (`/api/map/files/NAME`, also behind `pmtiles://`). */
export function styleFileNames(style: Record<string, unknown>): string[] {
  const names = new Set<string>();
  for (const url of sourceUrls(style)) {
    const at = url.indexOf(MAP_FILES_PATH);
    if (at >= 0) names.add(url.slice(at + MAP_FILES_PATH.length).split(/[?#]/)[0] ?? '');
  }
  return [...names];
}

/** A file name the server may serve from a map directory: no folders, no dot files. */
export const MAP_FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

/** Reads and checks the style file: a MapLibre style of version 8 with sources and layers. */
export function readStyle(file: string): Record<string, unknown> {
  let style: unknown;
  try {
    style = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new MapConfigProblem('map.style', `cannot be read as JSON: ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const s = style as Record<string, unknown> | null;
  if (typeof s !== 'object' || s === null || s['version'] !== 8 || typeof s['sources'] !== 'object' || !Array.isArray(s['layers'])) {
    throw new MapConfigProblem('map.style', `${file} is not a MapLibre style (version 8, sources, layers)`);
  }
  return s;
}

/**
 * The files the server serves under /api/map/files/: the local `.pmtiles` of `map.tiles`, and each
 * file the style names there, which must lie beside the style. Name → absolute path.
 */
export function mapFiles(map: Config['map']): Map<string, string> {
  const files = new Map<string, string>();
  const tiles = tilesSpec(map.tiles);
  if (tiles?.kind === 'local-pmtiles') files.set(path.basename(tiles.file), tiles.file);
  if (map.style !== null) {
    const dir = path.dirname(map.style);
    for (const name of styleFileNames(readStyle(map.style))) {
      if (files.has(name)) continue;
      if (!MAP_FILE_NAME.test(name)) throw new MapConfigProblem('map.style', `names ${MAP_FILES_PATH}${name}: a file name without folders is expected`);
      files.set(name, path.join(dir, name));
    }
  }
  return files;
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    // Missing or unreadable: the caller names the key.
    return false;
  }
}

/**
 * Resolves `map.style` and a local `map.tiles` against `root` and checks what they name: the style
 * is a MapLibre style whose files exist beside it, the archive is PMTiles v3, a URL template holds
 * {z}/{x}/{y}; GCJ-02 needs a map of the deployment's own (the bundled demo map is WGS-84).
 * Throws MapConfigProblem naming the key.
 */
export function checkMapConfig(map: Config['map'], root: string): Config['map'] {
  const out = { ...map };
  if (out.style !== null) {
    out.style = path.resolve(root, out.style);
    if (!isFile(out.style)) throw new MapConfigProblem('map.style', `no such file: ${out.style}`);
  }
  const tiles = tilesSpec(out.tiles);
  if (tiles?.kind === 'local-pmtiles') {
    out.tiles = path.resolve(root, tiles.file);
    if (!isFile(out.tiles)) throw new MapConfigProblem('map.tiles', `no such file: ${out.tiles}`);
    if (!readPmtilesHeader(out.tiles)) throw new MapConfigProblem('map.tiles', `${out.tiles} is not a PMTiles v3 archive`);
  }
  for (const [name, file] of mapFiles(out)) {
    if (!isFile(file)) throw new MapConfigProblem('map.style', `names ${MAP_FILES_PATH}${name}, but ${file} does not exist`);
  }
  if (out.datum === 'GCJ-02' && out.style === null && out.tiles === null) {
    throw new MapConfigProblem('map.datum', 'GCJ-02 needs map.style or map.tiles: the bundled demo map is WGS-84');
  }
  return out;
}
