import { readFileSync } from 'node:fs';
import path from 'node:path';
import fp from 'fastify-plugin';
import { mapFiles, tilesSpec } from '../../config/mapConfig.ts';
import type { Config } from '../../config/schema.ts';
import { DEMO_MAP_FILES, MAP_FILES_PATH, type MapConfigAnswer } from '../../protocol/map.ts';
import { zhejiangGeo } from '../demo/index.ts';
import { demoGeoFiles, provinceBounds, servedFile } from './demoGeo.ts';
import { MapQueries } from './MapQueries.ts';
import { registerMapRoutes } from './routes.ts';

/** What GET /api/map/config answers for config `map` (checked by loadConfig). */
export function mapConfigAnswer(map: Config['map']): MapConfigAnswer {
  const tiles = tilesSpec(map.tiles);
  const tilesAnswer =
    tiles === null
      ? null
      : tiles.kind === 'local-pmtiles'
        ? { format: 'pmtiles' as const, url: `${MAP_FILES_PATH}${path.basename(tiles.file)}` }
        : { format: tiles.kind === 'xyz' ? ('xyz' as const) : ('pmtiles' as const), url: tiles.url };
  if (map.style !== null) return { source: 'style', schematic: false, datum: map.datum, styleUrl: '/api/map/style.json', tiles: tilesAnswer, demo: null, bounds: null };
  if (tilesAnswer !== null) return { source: 'tiles', schematic: false, datum: map.datum, styleUrl: null, tiles: tilesAnswer, demo: null, bounds: null };
  // The bundled demo geography is WGS-84 whatever map.datum says (loadConfig refuses GCJ-02 without a map).
  return { source: 'demo', schematic: true, datum: 'WGS-84', styleUrl: null, tiles: null, demo: { ...DEMO_MAP_FILES }, bounds: provinceBounds(zhejiangGeo()) };
}

/**
 * The map (issue 11): which base map the console loads (the bundled schematic demo, or the
 * deployment's style or tiles), the demo geography and the deployment's files (Range for
 * .pmtiles), every active case of the caller's scope in one binary answer, and search.
 */
export const mapPlugin = fp(
  async (app) => {
    const map = app.settings.map;
    await registerMapRoutes(app, {
      queries: new MapQueries(app.store.db),
      courts: () => app.courts,
      clock: app.clock,
      config: mapConfigAnswer(map),
      demoFiles: demoGeoFiles(),
      style: map.style === null ? null : servedFile(readFileSync(map.style)),
      files: mapFiles(map),
    });
  },
  { name: 'map', dependencies: ['store', 'courts', 'auth'] },
);
