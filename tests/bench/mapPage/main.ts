// The map bench's page (tests/bench/map.ts builds it with Vite and serves it): the console map's own
// modules (binary case columns, clusters, fixed team slots, the same deck.gl layers) over the demo
// base map, 100,000 cases and 10,000 units moving at 1 Hz, fed here as the server would feed them:
// one PositionFrame every 100 ms holding the tenth of the units heard since the last. It measures
// the main-thread time to apply each frame, the interval between animation frames, and the time
// from opening the page to the cases drawn; window.__bench holds the figures when done.
import type { Layer } from '@deck.gl/core';
import { MapLibreOverlay } from '@deck.gl/maplibre';
import { Map as BaseMap, setWorkerUrl } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import { DEMO_MAP_FILES } from '../../../protocol/map.ts';
import { decodeMapCases } from '../../../protocol/mapCases.ts';
import type { PositionFrame } from '../../../protocol/position.ts';
import { demoStyle } from '../../../renderer/console/map/baseStyle.ts';
import { buildCaseColumns } from '../../../renderer/console/map/caseColumns.ts';
import { clusterCases, CLUSTER_MAX_ZOOM } from '../../../renderer/console/map/clusters.ts';
import { pieAtlas } from '../../../renderer/console/map/pieAtlas.ts';
import { casePointData, casePointsLayer, clusterLayers, teamLayers } from '../../../renderer/console/map/mapLayers.ts';
import { TeamSlots } from '../../../renderer/console/map/TeamSlots.ts';
import './bench.css';

setWorkerUrl(workerUrl);

export interface BenchResult {
  cases: number;
  units: number;
  update_p50_ms: number;
  update_p99_ms: number;
  frame_p50_ms: number;
  load_ms: number;
  case_bytes: number;
  frames: number;
}

declare global {
  interface Window {
    __bench?: BenchResult | { error: string };
  }
}

const params = new URLSearchParams(location.search);
const UNITS = Number(params.get('units') ?? 10_000);
const SECONDS = Number(params.get('seconds') ?? 20);
const FRAME_MS = 100;
const ALL = new Set(['red', 'yellow', 'blue', 'green'] as const);

function percentile(sorted: readonly number[], p: number): number {
  return sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0);
}
const round = (n: number) => Math.round(n * 100) / 100;

async function run(): Promise<BenchResult> {
  const res = await fetch('/api/map/cases');
  const buffer = await res.arrayBuffer();
  const cases = decodeMapCases(buffer);
  const columns = buildCaseColumns(cases, 'WGS-84');
  const container = document.getElementById('map')!;
  const map = new BaseMap({
    container,
    style: demoStyle({ provinces: DEMO_MAP_FILES.provinces, counties: DEMO_MAP_FILES.counties, cities: DEMO_MAP_FILES.cities, southChinaSea: DEMO_MAP_FILES.southChinaSea }, location.origin),
    bounds: [118.0, 27.0, 123.0, 31.2],
    attributionControl: false,
  });
  let drawn: () => void = () => undefined;
  const firstDraw = new Promise<void>((resolve) => (drawn = resolve));
  const overlay = new MapLibreOverlay({ interleaved: false, layers: [], onAfterRender: () => drawn() });
  map.addControl(overlay);

  // Units spread over the province, each heading somewhere at about 10 m/s.
  const lng = new Float64Array(UNITS);
  const lat = new Float64Array(UNITS);
  const dLng = new Float64Array(UNITS);
  const dLat = new Float64Array(UNITS);
  let seed = 7;
  const rnd = () => ((seed = (seed * 1_103_515_245 + 12_345) >>> 0) / 2 ** 32);
  for (let i = 0; i < UNITS; i++) {
    lng[i] = 118.2 + rnd() * 4.6;
    lat[i] = 27.2 + rnd() * 3.8;
    const a = rnd() * 2 * Math.PI;
    dLng[i] = Math.cos(a) * 1e-4;
    dLat[i] = Math.sin(a) * 1e-4;
  }
  const ids = Array.from({ length: UNITS }, (_, i) => `unit-${i}`);
  const statuses = ['idle', 'en_route', 'on_scene', 'returning'] as const;
  const frameOf = (from: number, to: number, full: boolean): PositionFrame => {
    const teamIds: string[] = [];
    const lngLat: number[] = [];
    const fixedAt: number[] = [];
    const status: PositionFrame['status'] = [];
    const now = Date.now();
    for (let i = from; i < to; i++) {
      lng[i]! += dLng[i]!;
      lat[i]! += dLat[i]!;
      teamIds.push(ids[i]!);
      lngLat.push(Math.round(lng[i]! * 1e6) / 1e6, Math.round(lat[i]! * 1e6) / 1e6);
      fixedAt.push(now);
      status.push(statuses[i % 4]!);
    }
    return { at: new Date(now).toISOString(), full, teamIds, lngLat, fixedAt, status };
  };
  const slots = new TeamSlots('WGS-84');
  slots.applyFrame(frameOf(0, UNITS, true), performance.now());

  const layersAt = (zoom: number): Layer[] => {
    const caseLayers =
      zoom < CLUSTER_MAX_ZOOM
        ? (() => {
            const c = clusterCases(columns, null, ALL, Math.floor(zoom));
            return clusterLayers(c, pieAtlas());
          })()
        : [casePointsLayer(casePointData(columns, null), columns.risk, [0, 1, 2, 3])];
    return [...caseLayers, ...teamLayers(slots.attributes(), [])];
  };
  overlay.setProps({ layers: layersAt(map.getZoom()) });
  await firstDraw;
  const loadMs = performance.now();

  // The run: a frame every 100 ms (a tenth of the units each), layers rebuilt on animation frames.
  const updates: number[] = [];
  const frames: number[] = [];
  let lastVersion = slots.version;
  let lastFrame = 0;
  let running = true;
  const loop = (t: number) => {
    if (!running) return;
    if (lastFrame > 0) frames.push(t - lastFrame);
    lastFrame = t;
    const moving = slots.step(performance.now());
    if (moving || slots.version !== lastVersion) {
      lastVersion = slots.version;
      overlay.setProps({ layers: layersAt(map.getZoom()) });
    }
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  const perFrame = Math.ceil(UNITS / (1_000 / FRAME_MS));
  let next = 0;
  const start = performance.now();
  // The first two seconds warm the JIT up (the product runs for hours): applied, not counted.
  const warm = start + 2_000;
  const end = start + (SECONDS + 2) * 1_000;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (performance.now() >= end) {
        clearInterval(timer);
        resolve();
        return;
      }
      // Building the frame stands for the socket's parse: not timed. Applying it is.
      const frame = frameOf(next, Math.min(UNITS, next + perFrame), false);
      next = next + perFrame >= UNITS ? 0 : next + perFrame;
      const t0 = performance.now();
      slots.applyFrame(frame, t0);
      if (t0 >= warm) updates.push(performance.now() - t0);
    }, FRAME_MS);
  });
  running = false;
  updates.sort((a, b) => a - b);
  frames.sort((a, b) => a - b);
  console.log(`bench: ${updates.length} updates, slowest ${updates.slice(-5).map((u) => u.toFixed(2)).join(' ')} ms`);
  return {
    cases: cases.count,
    units: UNITS,
    update_p50_ms: round(percentile(updates, 50)),
    update_p99_ms: round(percentile(updates, 99)),
    frame_p50_ms: round(percentile(frames, 50)),
    load_ms: Math.round(loadMs),
    case_bytes: buffer.byteLength,
    frames: frames.length,
  };
}

run().then(
  (r) => (window.__bench = r),
  (err: unknown) => (window.__bench = { error: err instanceof Error ? err.stack ?? err.message : String(err) }),
);
