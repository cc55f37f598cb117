import type { CaseDetail, CourtSummary, TeamInfo } from '../../../protocol/api.ts';
import { RISK_COLOURS, type RiskColour } from '../../../protocol/domain.ts';
import type { MapConfigAnswer, MapSearchAnswer } from '../../../protocol/map.ts';
import { decodeMapCases, type MapCaseFlag, type MapCases } from '../../../protocol/mapCases.ts';
import { api } from '../../lib/api.ts';
import { errorMessage } from '../../lib/dispatch.ts';
import type { ClientSocket } from '../../lib/socket.ts';
import { Store } from '../../lib/store.ts';
import { rootCourt, subtreeIds } from '../courts/courtTree.ts';
import type { CourtOverviewModel } from '../courts/CourtOverviewModel.ts';
import type { DispatchModel } from '../dispatch/DispatchModel.ts';
import { buildCaseColumns, caseMask, NO_FILTER, type CaseColumns, type CaseFilter } from './caseColumns.ts';
import { boundsOfCourt, type CityCollection, type CountyCollection, type DemoGeo, type ProvinceCollection } from './geography.ts';
import { ReplayModel } from './ReplayModel.ts';
import { TeamSlots } from './TeamSlots.ts';

/** Something that loads once: waiting, there, or failed with a message. */
export type Load<T> = { kind: 'loading' } | { kind: 'ready'; value: T } | { kind: 'error'; message: string };

/** The cases of the scope with their drawn columns, and how many bytes the answer took. */
export interface LoadedCases {
  cases: MapCases;
  columns: CaseColumns;
  bytes: number;
  /** When the answer arrived (performance.now()). */
  at: number;
}

/** What the drawer or the team card shows. */
export type Selection = { kind: 'case'; id: string } | { kind: 'team'; id: string } | null;

/** A request to move the camera (WGS-84; the stage converts): a bump of `seq` is a new request. */
export type CameraRequest =
  | { seq: number; kind: 'fly'; lng: number; lat: number; zoom: number; /** lng/lat already in the base map's datum (a live team's drawn position). */ mapSpace?: boolean }
  | { seq: number; kind: 'fit'; bounds: [number, number, number, number] };

/** Which overlays are drawn. */
export interface LayerToggles {
  heat: boolean;
  courts: boolean;
  teams: boolean;
  actions: boolean;
}

/** The centre of the console: the map, the wall, or both side by side. */
export type CentreView = 'map' | 'wall' | 'both';

const ALL_COLOURS: ReadonlySet<RiskColour> = new Set(RISK_COLOURS);

/**
 * The console map outside React: which base map, the cases of the scope (one binary answer),
 * filters and toggles, live teams in fixed slots, the drill-down, what is selected, search, and the
 * camera requests the stage carries out. Panels read its stores; the stage draws them.
 */
/** An action's site and the radius teams arrive within. */
export interface Geofence {
  lng: number;
  lat: number;
  radiusM: number;
}

export class MapModel {
  readonly config = new Store<Load<MapConfigAnswer>>({ kind: 'loading' });
  readonly geo = new Store<DemoGeo | null>(null);
  readonly cases = new Store<Load<LoadedCases>>({ kind: 'loading' });
  /** Colours shown: toggled on the GPU, no column rebuilt. */
  readonly shown = new Store<ReadonlySet<RiskColour>>(ALL_COLOURS);
  /** Stage, overdue and tag filters (the court part follows the drill-down). */
  readonly filter = new Store<CaseFilter>(NO_FILTER);
  /** 1/0 per case for the filter and the drill-down; null while nothing narrows. */
  readonly mask = new Store<Float32Array | null>(null);
  readonly layers = new Store<LayerToggles>({ heat: false, courts: true, teams: true, actions: true });
  readonly selection = new Store<Selection>(null);
  readonly caseDetail = new Store<Load<CaseDetail> | null>(null);
  readonly camera = new Store<CameraRequest | null>(null);
  /** An action room's site and geofence (WGS-84, metres), drawn as a circle; null elsewhere. */
  readonly geofence = new Store<Geofence | null>(null);
  readonly search = new Store<Load<MapSearchAnswer> | null>(null);
  readonly replay: ReplayModel;
  /** Live teams; null until the config says which datum to draw them in. */
  slots: TeamSlots | null = null;
  readonly #courts: CourtOverviewModel;
  readonly #dispatch: DispatchModel;
  /** The drilled-down court (console-wide: the panels narrow to its subtree); null: the caller's own. */
  readonly #scope: Store<string | null>;
  #seq = 0;
  #searchSeq = 0;
  #detailSeq = 0;
  readonly #unsubscribe: (() => void)[] = [];
  #started = false;
  #geoDone: (geo: DemoGeo | null) => void = () => undefined;
  /** Settles once the demo geography was read (null: none, or it failed). */
  readonly geoLoaded = new Promise<DemoGeo | null>((resolve) => (this.#geoDone = resolve));

  constructor(opts: { socket: ClientSocket; courts: CourtOverviewModel; dispatch: DispatchModel; scope: Store<string | null> }) {
    this.#courts = opts.courts;
    this.#dispatch = opts.dispatch;
    this.#scope = opts.scope;
    this.replay = new ReplayModel();
    opts.socket.on('positions', (frame) => this.slots?.applyFrame(frame, performance.now()));
  }

  /** Loads the config, then the geography and the cases; keeps teams and the filter mask following the other models. */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    this.#unsubscribe.push(
      this.#dispatch.teams.subscribe(() => this.#syncTeams()),
      this.#dispatch.teamInfos.subscribe(() => this.#placeKnownTeams()),
      this.#scope.subscribe(() => {
        this.#remask();
        this.#syncTeams();
      }),
      this.#courts.state.subscribe(() => this.#remask()),
      this.filter.subscribe(() => this.#remask()),
      this.replay.state.subscribe(() => this.#fitReplay()),
    );
    this.#fitReplay();
    let config: MapConfigAnswer;
    try {
      config = await api<MapConfigAnswer>('/api/map/config');
    } catch (err) {
      this.config.set({ kind: 'error', message: errorMessage(err) });
      this.#geoDone(null);
      return;
    }
    this.slots = new TeamSlots(config.datum);
    this.#placeKnownTeams();
    this.#syncTeams();
    this.config.set({ kind: 'ready', value: config });
    await Promise.all([this.#loadGeo(config), this.loadCases()]);
    this.#frameOwnCourt();
  }

  /**
   * A user below the top court (a city's or a county's) sees only their own court's branch: the map
   * opens on its area rather than the whole province, once the courts and the geography are in.
   */
  #frameOwnCourt(): void {
    const frame = (): boolean => {
      const state = this.#courts.state.get();
      if (state.kind !== 'ready') return false;
      const root = rootCourt(state.courts);
      if (root && root.parentId !== null && this.#scope.get() === null) {
        const bounds = boundsOfCourt(this.geo.get(), state.courts, root.id, this.#configBounds());
        if (bounds) this.camera.set({ seq: ++this.#seq, kind: 'fit', bounds });
      }
      return true;
    };
    if (frame()) return;
    const off = this.#courts.state.subscribe(() => {
      if (frame()) off();
    });
    this.#unsubscribe.push(off);
  }

  async #loadGeo(config: MapConfigAnswer): Promise<void> {
    const demo = config.demo;
    if (!demo) return this.#geoDone(null);
    try {
      const [counties, cities, provinces] = await Promise.all([
        api<CountyCollection>(demo.counties),
        api<CityCollection>(demo.cities),
        api<ProvinceCollection>(demo.provinces),
      ]);
      this.geo.set({ counties, cities, provinces });
    } catch {
      // The base map still draws (maplibre reads the files itself); court shading and labels are missing.
      this.geo.set(null);
    }
    this.#geoDone(this.geo.get());
  }

  /** Reads every active case of the scope again (one binary answer; see protocol/mapCases.ts). */
  async loadCases(): Promise<void> {
    const config = this.config.get();
    if (config.kind !== 'ready') return;
    try {
      const res = await fetch('/api/map/cases', { credentials: 'same-origin', signal: AbortSignal.timeout(30_000) });
      if (!res.ok) throw new Error(`/api/map/cases: HTTP ${res.status}`);
      const buffer = await res.arrayBuffer();
      const cases = decodeMapCases(buffer);
      const columns = buildCaseColumns(cases, config.value.datum);
      this.cases.set({ kind: 'ready', value: { cases, columns, bytes: buffer.byteLength, at: performance.now() } });
      this.#remask();
    } catch (err) {
      this.cases.set({ kind: 'error', message: errorMessage(err) });
    }
  }

  /** The court subtree the drill-down narrows to, or null at the caller's own court. */
  subtree(): ReadonlySet<string> | null {
    const focus = this.#scope.get();
    const state = this.#courts.state.get();
    return focus && state.kind === 'ready' ? subtreeIds(state.courts, focus) : null;
  }

  #remask(): void {
    const loaded = this.cases.get();
    if (loaded.kind !== 'ready') return;
    const f = { ...this.filter.get(), courts: this.subtree() };
    const narrowing = f.courts !== null || f.stages.size > 0 || f.overdueOnly || f.tags.size > 0;
    this.mask.set(narrowing ? caseMask(loaded.value.cases, f) : null);
  }

  #syncTeams(): void {
    const slots = this.slots;
    if (!slots) return;
    const subtree = this.subtree();
    for (const row of this.#dispatch.teams.get()) {
      slots.setState(row.id, row.status, row.lost);
      slots.setVisible(row.id, subtree === null || subtree.has(row.courtId));
    }
  }

  /** Teams no frame has placed yet stand where GET /api/teams last saw them. */
  #placeKnownTeams(): void {
    const slots = this.slots;
    if (!slots) return;
    for (const t of this.#dispatch.teamInfos.get()) {
      if (t.lastPosition) slots.placeIfAbsent(t.id, t.lastPosition.lng, t.lastPosition.lat, Date.parse(t.lastPosition.at), t.status);
    }
    this.#syncTeams();
  }

  /** A replay that loaded: the camera frames every track of it. */
  #fitReplay(): void {
    const s = this.replay.state.get();
    if (s.kind !== 'ready') return;
    const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const t of s.tracks) {
      for (let i = 0; i + 1 < t.path.length; i += 2) {
        b[0] = Math.min(b[0], t.path[i]!);
        b[1] = Math.min(b[1], t.path[i + 1]!);
        b[2] = Math.max(b[2], t.path[i]!);
        b[3] = Math.max(b[3], t.path[i + 1]!);
      }
    }
    if (!Number.isFinite(b[0])) return;
    // A track standing still is a point: frame a few hundred metres around it.
    const m = 0.004;
    this.camera.set({ seq: ++this.#seq, kind: 'fit', bounds: [b[0] - m, b[1] - m, b[2] + m, b[3] + m] });
  }

  toggleColour(c: RiskColour): void {
    this.shown.update((s) => {
      const next = new Set(s);
      if (next.has(c)) next.delete(c);
      else next.add(c);
      return next;
    });
  }

  toggleLayer(key: keyof LayerToggles): void {
    this.layers.update((l) => ({ ...l, [key]: !l[key] }));
  }

  setFilter(patch: Partial<CaseFilter>): void {
    this.filter.update((f) => ({ ...f, ...patch }));
  }

  toggleTag(tag: MapCaseFlag): void {
    const tags = new Set(this.filter.get().tags);
    if (tags.has(tag)) tags.delete(tag);
    else tags.add(tag);
    this.setFilter({ tags });
  }

  /** Drills down to a court (null: back to the caller's own): every panel narrows, the camera fits its area. */
  drill(courtId: string | null): void {
    this.#scope.set(courtId);
    const state = this.#courts.state.get();
    const courts: readonly CourtSummary[] = state.kind === 'ready' ? state.courts : [];
    const bounds = boundsOfCourt(this.geo.get(), courts, courtId, this.#configBounds());
    if (bounds) this.camera.set({ seq: ++this.#seq, kind: 'fit', bounds });
  }

  #configBounds(): [number, number, number, number] | null {
    const c = this.config.get();
    return c.kind === 'ready' ? c.value.bounds : null;
  }

  flyTo(lng: number, lat: number, zoom = 14): void {
    this.camera.set({ seq: ++this.#seq, kind: 'fly', lng, lat, zoom });
  }

  /** Opens a case's drawer (GET /api/cases/:id). */
  async selectCase(id: string): Promise<void> {
    this.selection.set({ kind: 'case', id });
    const seq = ++this.#detailSeq;
    this.caseDetail.set({ kind: 'loading' });
    try {
      const detail = await api<CaseDetail>(`/api/cases/${encodeURIComponent(id)}`);
      if (seq === this.#detailSeq) this.caseDetail.set({ kind: 'ready', value: detail });
    } catch (err) {
      if (seq === this.#detailSeq) this.caseDetail.set({ kind: 'error', message: errorMessage(err) });
    }
  }

  selectTeam(id: string): void {
    this.#detailSeq++;
    this.caseDetail.set(null);
    this.selection.set({ kind: 'team', id });
  }

  closeSelection(): void {
    this.#detailSeq++;
    this.selection.set(null);
    this.caseDetail.set(null);
  }

  /** The team's full record (members, devices), from the dispatch model's read of GET /api/teams. */
  teamInfo(id: string): TeamInfo | undefined {
    return this.#dispatch.teamInfos.get().find((t) => t.id === id);
  }

  /** One click to instruct a team: it becomes the composer's only target and the composer comes into view. */
  instructTeam(teamId: string): void {
    this.#dispatch.selectOnly(teamId);
  }

  /** Searches cases (案号, party) and teams (name) of the scope; an older answer never replaces a newer one. */
  async find(q: string): Promise<void> {
    const query = q.trim();
    const seq = ++this.#searchSeq;
    if (!query) {
      this.search.set(null);
      return;
    }
    this.search.set({ kind: 'loading' });
    const court = this.#scope.get();
    const params = new URLSearchParams({ q: query, ...(court ? { court } : {}) });
    try {
      const answer = await api<MapSearchAnswer>(`/api/map/search?${params}`);
      if (seq === this.#searchSeq) this.search.set({ kind: 'ready', value: answer });
    } catch (err) {
      if (seq === this.#searchSeq) this.search.set({ kind: 'error', message: errorMessage(err) });
    }
  }

  /** A search result picked: fly there and open it. */
  pickCase(c: { id: string; lng: number; lat: number }): void {
    this.search.set(null);
    this.flyTo(c.lng, c.lat, 13);
    void this.selectCase(c.id);
  }

  pickTeam(t: { id: string; lng: number | null; lat: number | null }): void {
    this.search.set(null);
    const slot = this.slots?.slotOf(t.id) ?? -1;
    // A live position is newer than the stored one the search answered with.
    if (slot < 0 && t.lng !== null && t.lat !== null) this.flyTo(t.lng, t.lat, 14);
    else if (slot >= 0) this.flyToTeam(t.id);
    this.selectTeam(t.id);
  }

  /** Flies to where a live team is drawn. */
  flyToTeam(teamId: string): void {
    const slots = this.slots;
    const slot = slots?.slotOf(teamId) ?? -1;
    if (!slots || slot < 0) return;
    const [x, y] = slots.positionAt(slot);
    // Slots hold base-map coordinates: a map-space request.
    this.camera.set({ seq: ++this.#seq, kind: 'fly', lng: x, lat: y, zoom: 14, mapSpace: true });
  }

  close(): void {
    for (const u of this.#unsubscribe.splice(0)) u();
    this.replay.close();
  }
}
