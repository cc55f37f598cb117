import type { PickingInfo } from '@deck.gl/core';
import { MapLibreOverlay } from '@deck.gl/maplibre';
import { addProtocol, GeoJSONSource, Map as BaseMap, setWorkerUrl, type StyleSpecification } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
// maplibre starts its worker from a file beside its module; under Vite that file must be bundled
// and named here, or the map stays blank without an error (ARCHITECTURE.md, Maps).
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import { PMTiles, Protocol, TileType } from 'pmtiles';
import type { MapConfigAnswer } from '../../../protocol/map.ts';
import type { Store } from '../../lib/store.ts';
import { t } from '../../lib/i18n.ts';
import type { ConsoleModel } from '../ConsoleModel.ts';
import { demoStyle, insetStyle, LABEL_FONT, tilesStyle } from './baseStyle.ts';
import { clusterCounts, CLUSTER_MAX_ZOOM } from './clusters.ts';
import { boundsToMap, toMap } from './datum.ts';
import { labelPoints, labelText, type CountyFeature, type LabelPoints } from './geography.ts';
import type { CourtFigure } from './mapLayers.ts';
import type { CameraRequest, MapModel } from './MapModel.ts';
import { pieAtlas } from './pieAtlas.ts';
import { SceneBuilder } from './SceneBuilder.ts';

setWorkerUrl(workerUrl);
const pmtiles = new Protocol();
addProtocol('pmtiles', pmtiles.tile);

/** China's province names: the demo map's labels load their glyphs before the first draw. */
const PROVINCE_LABELS = '北京天津河北山西内蒙古辽宁吉林黑龙江上海江苏浙江安徽福建江西山东河南湖北湖南广东广西海南重庆四川贵州云南西藏陕西甘肃青海宁夏新疆台湾香港澳门';
const FIGURES = '0123456789,·红超期在办万k.';

/** The base map's style for a config: the demo's, the deployment's style file, or its tiles. */
async function styleFor(config: MapConfigAnswer): Promise<StyleSpecification | string> {
  const origin = window.location.origin;
  if (config.source === 'style' && config.styleUrl) return new URL(config.styleUrl, origin).href;
  if (config.source === 'tiles' && config.tiles) {
    const url = new URL(config.tiles.url, origin).href;
    if (config.tiles.format === 'xyz') return tilesStyle({ type: 'raster', tiles: [url], tileSize: 256 }, null);
    const archive = new PMTiles(url);
    pmtiles.add(archive);
    const header = await archive.getHeader();
    const source = `pmtiles://${url}`;
    if (header.tileType !== TileType.Mvt) return tilesStyle({ type: 'raster', url: source, tileSize: 256 }, null);
    const meta = (await archive.getMetadata()) as { vector_layers?: { id: string }[] } | null;
    return tilesStyle({ type: 'vector', url: source }, { ids: (meta?.vector_layers ?? []).map((l) => l.id) });
  }
  if (config.demo) return demoStyle(config.demo, origin);
  throw new Error('map config names no base map');
}

/** Loads the bundled font's glyphs for `text` (the fontsource faces load by unicode-range, lazily). */
async function loadFont(text: string): Promise<void> {
  try {
    await document.fonts.load(`16px "${LABEL_FONT}"`, text);
  } catch {
    // A font that fails to load leaves labels in the system font; the map still works.
  }
}

/**
 * The map on screen, outside React: the maplibre base map, deck.gl over it (not interleaved), the
 * 南海诸岛 inset; draws what the map model and the console's lists hold, and turns clicks into
 * model calls. One per map panel; close() releases both maps.
 */
export class MapStage {
  readonly #console: ConsoleModel;
  readonly #model: MapModel;
  readonly #builder: SceneBuilder;
  #map: BaseMap | null = null;
  #inset: BaseMap | null = null;
  #overlay: MapLibreOverlay | null = null;
  #frame = 0;
  #dirty = true;
  #teamsVersion = -1;
  #closed = false;
  /** Moved by a person or a camera request since it opened (a resize no longer reframes it). */
  #touched = false;
  readonly #unsubscribe: (() => void)[] = [];
  #pulse: ReturnType<typeof setInterval> | null = null;
  readonly #error: Store<string | null>;

  constructor(opts: { console: ConsoleModel; model: MapModel; error: Store<string | null> }) {
    this.#console = opts.console;
    this.#model = opts.model;
    this.#error = opts.error;
    this.#builder = new SceneBuilder(opts.model, pieAtlas);
  }

  /** Builds the maps in `container` (and the inset in `inset`) once the config is known. */
  async mount(container: HTMLElement, inset: HTMLElement | null): Promise<void> {
    const config = await this.#configReady();
    if (!config || this.#closed) return;
    await loadFont(PROVINCE_LABELS + FIGURES + t('map.schematic'));
    let style: StyleSpecification | string;
    try {
      style = await styleFor(config);
    } catch (err) {
      this.#error.set(err instanceof Error ? err.message : String(err));
      return;
    }
    if (this.#closed) return;
    const b = config.bounds ? boundsToMap(config.datum, config.bounds) : null;
    const map = new BaseMap({
      container,
      style,
      ...(b ? { bounds: [b[0], b[1], b[2], b[3]] as [number, number, number, number], fitBoundsOptions: { padding: 24 } } : { center: [120.2, 29.2], zoom: 6.5 }),
      attributionControl: false,
      dragRotate: false,
      pitchWithRotate: false,
      maxPitch: 0,
      // No glyphs in the demo style: every label is drawn from the bundled font (maplibre ≥ 5.11).
      localIdeographFontFamily: `"${LABEL_FONT}", "Noto Sans CJK SC", sans-serif`,
    });
    this.#map = map;
    // A tile that fails (an intranet tile server's hiccup, a gap in an archive) leaves a hole, not a broken map: only
    // a style or source that cannot load is the map's error.
    map.on('error', (e: { error?: { message?: string }; tile?: unknown }) => {
      if (e.tile === undefined) this.#error.set(e.error?.message ?? 'map error');
    });
    const overlay = new MapLibreOverlay({
      interleaved: false,
      layers: [],
      onClick: (info: PickingInfo) => this.#click(info),
      getTooltip: (info: PickingInfo) => this.#tooltip(info),
      getCursor: ({ isHovering }: { isHovering: boolean }) => (isHovering ? 'pointer' : 'grab'),
    });
    map.addControl(overlay);
    this.#overlay = overlay;
    map.on('zoom', () => this.invalidate());
    // Until someone or something moves the map, a resize (the centre switched to the map alone) frames the province again.
    map.on('movestart', (e: { originalEvent?: Event }) => {
      if (e.originalEvent) this.#touched = true;
    });
    map.on('resize', () => {
      if (!this.#touched && b) map.fitBounds([b[0], b[1], b[2], b[3]], { padding: 24, duration: 0 });
    });
    // Tests and screenshots wait for a still, fully drawn map.
    map.on('movestart', () => (container.dataset.idle = 'false'));
    map.on('idle', () => (container.dataset.idle = 'true'));
    map.on('load', () => {
      this.invalidate();
      void this.#placeLabels(map);
      // A map panel shown again (the centre switched back) returns to where the last request left it.
      this.#camera(this.#model.camera.get());
    });
    if (inset && config.demo) this.#inset = this.#mountInset(inset, config.demo.southChinaSea);
    this.#watch();
    this.#loop();
  }

  /** The demo map's labels, one per county and province, once their glyphs are loaded from the bundled font. */
  async #placeLabels(map: BaseMap): Promise<void> {
    const geo = await this.#model.geoLoaded;
    if (!geo || this.#closed) return;
    await loadFont(labelText(geo, []));
    if (this.#closed) return;
    const set = (id: string, data: LabelPoints) => {
      const source = map.getSource(id);
      if (source instanceof GeoJSONSource) void source.setData(data);
    };
    set('county-points', labelPoints(geo.counties.features));
    if (geo.provinces) set('province-points', labelPoints(geo.provinces.features));
  }

  #configReady(): Promise<MapConfigAnswer | null> {
    return new Promise((resolve) => {
      const check = () => {
        const c = this.#model.config.get();
        if (c.kind === 'loading') return false;
        resolve(c.kind === 'ready' ? c.value : null);
        return true;
      };
      if (check()) return;
      const off = this.#model.config.subscribe(() => {
        if (check()) off();
      });
      this.#unsubscribe.push(off);
    });
  }

  /** 南海诸岛: a second map in a corner, fixed and not interactive, drawing the bundled inset alone. */
  #mountInset(el: HTMLElement, url: string): BaseMap {
    const inset = new BaseMap({
      container: el,
      style: insetStyle(new URL(url, window.location.origin).href),
      bounds: [132.0, 18.5, 140.3, 28.6],
      fitBoundsOptions: { padding: 4 },
      interactive: false,
      attributionControl: false,
    });
    return inset;
  }

  #watch(): void {
    const m = this.#model;
    const c = this.#console;
    const stores: Store<unknown>[] = [
      m.cases, m.mask, m.shown, m.layers, m.selection, m.geo, m.geofence, m.replay.state, m.replay.time,
      c.courts.state, c.dispatch.teams, c.dispatch.warnings, c.actions.actions, c.scope,
    ] as Store<unknown>[];
    for (const s of stores) this.#unsubscribe.push(s.subscribe(() => this.invalidate()));
    this.#unsubscribe.push(m.camera.subscribe(() => this.#camera(m.camera.get())));
    // An SOS pulses (a few redraws a second while one is open); lost teams' ages count up (every 10 s).
    let tick = 0;
    this.#pulse = setInterval(() => {
      tick++;
      const sos = c.dispatch.warnings.get().some((w) => w.kind === 'sos' && w.acknowledgedAt === null);
      const lost = tick % 25 === 0 && c.dispatch.teams.get().some((r) => r.lost);
      if (sos || lost) this.invalidate();
    }, 400);
  }

  invalidate(): void {
    this.#dirty = true;
  }

  /** One animation frame: glide the teams, and rebuild the layers when anything changed. */
  #loop(): void {
    if (this.#closed) return;
    const slots = this.#model.slots;
    const now = performance.now();
    if (slots && (slots.step(now) || slots.version !== this.#teamsVersion)) {
      this.#teamsVersion = slots.version;
      this.#dirty = true;
    }
    if (this.#dirty && this.#map && this.#overlay) {
      this.#dirty = false;
      this.#overlay.setProps({ layers: this.#builder.build(this.#inputs()) });
    }
    this.#frame = requestAnimationFrame(() => this.#loop());
  }

  #inputs() {
    const c = this.#console;
    const courts = c.courts.state.get();
    const config = this.#model.config.get();
    const map = this.#map;
    return {
      zoom: this.#map?.getZoom() ?? 6,
      datum: config.kind === 'ready' ? config.value.datum : ('WGS-84' as const),
      courts: courts.kind === 'ready' ? courts.courts : [],
      teams: c.dispatch.teams.get(),
      actions: c.actions.actions.get(),
      warnings: c.dispatch.warnings.get(),
      focus: c.scope.get(),
      project: map
        ? (lng: number, lat: number): [number, number] => {
            const p = map.project([lng, lat]);
            return [p.x, p.y];
          }
        : null,
      now: Date.now(),
      phase: (performance.now() % 1_200) / 1_200,
    };
  }

  #camera(req: CameraRequest | null): void {
    const map = this.#map;
    const config = this.#model.config.get();
    if (!req || !map || config.kind !== 'ready') return;
    this.#touched = true;
    const datum = config.value.datum;
    if (req.kind === 'fit') {
      const b = boundsToMap(datum, req.bounds);
      map.fitBounds([b[0], b[1], b[2], b[3]], { padding: 60, duration: 800, maxZoom: 16 });
    } else {
      const center = req.mapSpace ? ([req.lng, req.lat] as [number, number]) : toMap(datum, req.lng, req.lat);
      map.flyTo({ center, zoom: Math.max(map.getZoom(), req.zoom), duration: 1_000 });
    }
  }

  #click(info: PickingInfo): boolean {
    const m = this.#model;
    const id = info.layer?.id;
    if (!id || info.index < 0) return false;
    const loaded = m.cases.get();
    const zoom = this.#map?.getZoom() ?? 0;
    switch (id) {
      case 'cases':
        if (loaded.kind === 'ready') void m.selectCase(loaded.value.cases.idAt(info.index));
        return true;
      case 'cluster-discs':
      case 'cluster-pies':
      case 'cluster-holes': {
        const [lng, lat] = info.coordinate ?? [0, 0];
        this.#map?.flyTo({ center: [lng!, lat!], zoom: Math.min(CLUSTER_MAX_ZOOM, Math.floor(zoom) + 2), duration: 700 });
        return true;
      }
      case 'teams': {
        const teamId = m.slots?.idAt(info.index);
        if (teamId) m.selectTeam(teamId);
        return true;
      }
      case 'courts':
      case 'court-labels':
        return this.#drillFrom(info);
      case 'actions':
        void m.selectCase((info.object as { caseId: string }).caseId);
        return true;
      case 'sos': {
        const [lng, lat] = (info.object as { position: [number, number] }).position;
        this.#map?.flyTo({ center: [lng, lat], zoom: Math.max(zoom, 14), duration: 800 });
        return true;
      }
      default:
        return false;
    }
  }

  /** A click on a court's area or label drills down to that court at the level shown. */
  #drillFrom(info: PickingInfo): boolean {
    const inputs = this.#inputs();
    const level = this.#builder.courtLevel(inputs);
    const object = info.object as CountyFeature | CourtFigure | undefined;
    if (!object) return false;
    const courtId = 'properties' in object ? (level === 'intermediate' ? object.properties.cityCourtId : object.properties.courtId) : object.id;
    const subtree = this.#model.subtree();
    if (!inputs.courts.some((c) => c.id === courtId) || (subtree && !subtree.has(courtId))) return false;
    if (courtId !== inputs.focus) this.#model.drill(courtId);
    return true;
  }

  #tooltip(info: PickingInfo): { text: string } | null {
    const id = info.layer?.id;
    if (!id || info.index < 0) return null;
    const loaded = this.#model.cases.get();
    if ((id === 'cluster-discs' || id === 'cluster-pies' || id === 'cluster-holes') && loaded.kind === 'ready') {
      const zoom = Math.floor(this.#map?.getZoom() ?? 0);
      const j = info.object as number;
      const clusters = this.#builder.clustersAt(loaded.value, zoom);
      if (!clusters) return null;
      const n = clusterCounts(clusters, j);
      return { text: t('map.clusterTip', { red: n.red, yellow: n.yellow, blue: n.blue, green: n.green }) };
    }
    if (id === 'teams') {
      const slots = this.#model.slots;
      const teamId = slots?.idAt(info.index);
      const row = this.#console.dispatch.teams.get().find((r) => r.id === teamId);
      return row ? { text: `${row.name} · ${t(`teamStatus.${row.status}`)}` } : null;
    }
    return null;
  }

  /** The map's canvas (tests sample its pixels). */
  get map(): BaseMap | null {
    return this.#map;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    cancelAnimationFrame(this.#frame);
    if (this.#pulse) clearInterval(this.#pulse);
    for (const u of this.#unsubscribe.splice(0)) u();
    this.#overlay?.finalize();
    this.#map?.remove();
    this.#inset?.remove();
  }
}
