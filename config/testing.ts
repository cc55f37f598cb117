import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { ConfigError } from './load.ts';

/** Runs `fn`, asserts it throws a ConfigError, and returns it (for tests of the loaders). */
export function configErrorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a ConfigError');
}

/**
 * Writes a file that starts with a valid PMTiles v3 header (raster PNG, zoom 0-14, over 浙江; or
 * vector tiles with `vectorLayers` listed in gzip-compressed metadata right after the header)
 * followed by `bodyBytes` bytes where byte i is i mod 251: enough for config checks, map:import and
 * for proving HTTP Range (any slice can be checked against the pattern). Not a readable tile archive.
 */
export function writePmtilesFixture(file: string, bodyBytes = 64 * 1024, vectorLayers?: readonly string[]): Buffer {
  const metadata = vectorLayers ? gzipSync(JSON.stringify({ vector_layers: vectorLayers.map((id) => ({ id, fields: { name: 'String' } })) })) : Buffer.alloc(0);
  const out = Buffer.alloc(127 + metadata.length + bodyBytes);
  out.write('PMTiles', 0, 'latin1');
  out[7] = 3;
  out.writeBigUInt64LE(127n, 24); // metadata offset
  out.writeBigUInt64LE(BigInt(metadata.length), 32);
  out[97] = vectorLayers ? 2 : 1; // internal compression: gzip, or none
  out[98] = 1; // tile compression: none
  out[99] = vectorLayers ? 1 : 2; // mvt, or png
  out[100] = 0;
  out[101] = 14;
  const e7 = (v: number) => Math.round(v * 1e7);
  out.writeInt32LE(e7(118.0), 102);
  out.writeInt32LE(e7(27.0), 106);
  out.writeInt32LE(e7(123.2), 110);
  out.writeInt32LE(e7(31.2), 114);
  metadata.copy(out, 127);
  for (let i = 127 + metadata.length; i < out.length; i++) out[i] = i % 251;
  writeFileSync(file, out);
  return out;
}

/** A minimal MapLibre style drawing one GeoJSON file and one raster archive the server serves. */
export function styleFixture(files: { geojson?: string; pmtiles?: string }): Record<string, unknown> {
  const sources: Record<string, unknown> = {};
  const layers: unknown[] = [{ id: 'bg', type: 'background', paint: { 'background-color': '#0b1f33' } }];
  if (files.pmtiles) {
    sources['base'] = { type: 'raster', url: `pmtiles:///api/map/files/${files.pmtiles}`, tileSize: 256 };
    layers.push({ id: 'base', type: 'raster', source: 'base' });
  }
  if (files.geojson) {
    sources['bounds'] = { type: 'geojson', data: `/api/map/files/${files.geojson}` };
    layers.push({ id: 'bounds', type: 'line', source: 'bounds' });
  }
  return { version: 8, sources, layers };
}
