import type { Layer } from '@deck.gl/core';
import type { ActionView } from '../../../protocol/action.ts';
import type { CourtSummary } from '../../../protocol/api.ts';
import type { RiskColour } from '../../../protocol/domain.ts';
import type { MapDatum } from '../../../protocol/map.ts';
import type { Warning } from '../../../protocol/warning.ts';
import { formatAge, formatCount } from '../../lib/format.ts';
import { t } from '../../lib/i18n.ts';
import type { TeamRow } from '../dispatch/teamRows.ts';
import { colourCategories, heatWeights } from './caseColumns.ts';
import { clusterCases, CLUSTER_MAX_ZOOM, type Clusters } from './clusters.ts';
import { toMap } from './datum.ts';
import type { CountyFeature, DemoGeo } from './geography.ts';
import {
  casePointData,
  casePointsLayer,
  clusterLayers,
  selectedCaseLayer,
  courtAreaLayers,
  courtLabelLayer,
  heatLayer,
  teamLayers,
  type BinaryData,
  type CourtFigure,
} from './mapLayers.ts';
import { actionLayers, geofenceLayers, replayLayers, sosLayers } from './markerLayers.ts';
import type { LoadedCases, MapModel } from './MapModel.ts';
import { courtHeat, courtShade, RISK_RGBA, type Rgba } from './palette.ts';
import { replayHeads, replayPaths } from './replayPaths.ts';
import { courtLabelSize, declutter } from './declutter.ts';

/** Below this zoom the courts are shaded and labelled by intermediate court (the province view). */
export const CITY_LEVEL_ZOOM = 8;
/** From this zoom on the court shading gives way to the cases themselves. */
export const COURTS_MAX_ZOOM = 11;
/** From this zoom on ongoing actions carry their 案号. */
export const ACTION_LABEL_ZOOM = 10;

/** What the stage hands the builder besides the map model: the other panels' lists. */
export interface SceneInputs {
  zoom: number;
  datum: MapDatum;
  courts: readonly CourtSummary[];
  teams: readonly TeamRow[];
  actions: readonly ActionView[];
  warnings: readonly Warning[];
  focus: string | null;
  /** Where a base-map point falls on screen (px): court labels that would overlap are thinned. */
  project: ((lng: number, lat: number) => [number, number]) | null;
  /** Wall-clock ms (lost teams' ages) and an animation phase 0..1 (SOS pulse). */
  now: number;
  phase: number;
}

/** Keeps a derived value until one of its inputs changes (by identity). */
function memo<A extends readonly unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  let last: { args: A; value: R } | null = null;
  return (...args: A) => {
    if (last && last.args.length === args.length && last.args.every((a, i) => Object.is(a, args[i]))) return last.value;
    const value = fn(...args);
    last = { args, value };
    return value;
  };
}

/**
 * Builds the deck.gl layer list from the map model and the console's lists, keeping every derived
 * data object until its inputs change, so a rebuild (each zoom step, each team frame) costs only
 * the descriptors.
 */
export class SceneBuilder {
  readonly #model: MapModel;
  readonly #points = memo((c: LoadedCases, mask: Float32Array | null): BinaryData => casePointData(c.columns, mask));
  readonly #clusters = memo((c: LoadedCases, mask: Float32Array | null, shown: ReadonlySet<RiskColour>, z: number): Clusters => clusterCases(c.columns, mask, shown, z));
  /** The pie atlas (a canvas: the page's; a test passes its own). */
  readonly #pies: () => { atlas: unknown; mapping: Record<string, unknown> };
  readonly #heat = memo((c: LoadedCases, mask: Float32Array | null, shown: ReadonlySet<RiskColour>) => heatWeights(c.columns, mask, shown));
  readonly #categories = memo((shown: ReadonlySet<RiskColour>) => colourCategories(shown));
  readonly #paths = memo(replayPaths);

  constructor(model: MapModel, pies: () => { atlas: unknown; mapping: Record<string, unknown> }) {
    this.#model = model;
    this.#pies = pies;
  }

  build(s: SceneInputs): Layer[] {
    const m = this.#model;
    const toggles = m.layers.get();
    const layers: Layer[] = [];
    const replay = m.replay.state.get();
    const courts = toggles.courts && s.zoom < COURTS_MAX_ZOOM ? this.#courts(s) : null;
    if (courts) layers.push(...courts.areas);
    const loaded = m.cases.get();
    if (loaded.kind === 'ready') {
      const c = loaded.value;
      const mask = m.mask.get();
      const shown = m.shown.get();
      // An overview layer: zoomed in to single cases, one case alone would read as a hot spot.
      if (toggles.heat && s.zoom < CLUSTER_MAX_ZOOM) layers.push(heatLayer(c.columns.positions, this.#heat(c, mask, shown)));
      if (s.zoom < CLUSTER_MAX_ZOOM) {
        const clusters = this.#clusters(c, mask, shown, Math.floor(s.zoom));
        layers.push(...clusterLayers(clusters, this.#pies()));
      } else {
        layers.push(casePointsLayer(this.#points(c, mask), c.columns.risk, this.#categories(shown)));
      }
      const sel = m.selection.get();
      const i = sel?.kind === 'case' ? c.cases.indexOf(sel.id) : -1;
      layers.push(selectedCaseLayer(i >= 0 ? [c.columns.positions[2 * i]!, c.columns.positions[2 * i + 1]!] : null));
    }
    const fence = m.geofence.get();
    if (fence) layers.push(...geofenceLayers({ position: toMap(s.datum, fence.lng, fence.lat), radiusM: fence.radiusM }));
    if (toggles.actions && replay.kind !== 'ready') layers.push(...actionLayers(this.#actions(s), s.zoom >= ACTION_LABEL_ZOOM));
    if (replay.kind === 'ready') {
      const paths = this.#paths(replay.tracks, s.datum);
      layers.push(...replayLayers(paths, m.replay.time.get(), replayHeads(paths, m.replay.time.get())));
    } else if (toggles.teams && m.slots) {
      layers.push(...teamLayers(m.slots.attributes(), this.#lost(s)));
    }
    if (courts) layers.push(courts.labels);
    const sos = this.#sos(s);
    if (sos.length > 0) layers.push(...sosLayers(sos, s.phase));
    return layers;
  }

  /** The clusters drawn at whole zoom `z` (the tooltip reads a cluster's counts from them). */
  clustersAt(c: LoadedCases, z: number): Clusters {
    return this.#clusters(c, this.#model.mask.get(), this.#model.shown.get(), z);
  }

  /** The courts shown at this zoom: intermediate courts in the province view, basic courts below, within the drill-down. */
  courtLevel(s: SceneInputs): 'intermediate' | 'basic' {
    const focus = s.courts.find((c) => c.id === s.focus);
    if (focus?.level === 'basic' || focus?.level === 'intermediate') return 'basic';
    return s.zoom < CITY_LEVEL_ZOOM ? 'intermediate' : 'basic';
  }

  #courts(s: SceneInputs): { areas: Layer[]; labels: Layer } {
    const level = this.courtLevel(s);
    const byId = new Map(s.courts.map((c) => [c.id, c]));
    const subtree = this.#model.subtree();
    const inView = (c: CourtSummary | undefined): c is CourtSummary => c !== undefined && (subtree === null || subtree.has(c.id));
    const shown = s.courts.filter((c) => inView(c) && (c.level === level || (level === 'intermediate' && c.level === 'basic' && !byId.has(c.parentId ?? ''))));
    const heat = courtHeat(shown.map((c) => ({ id: c.id, active: c.total.active, red: c.total.byColour.red, overdue: c.total.overdue })));
    const shadeOf = (c: CourtSummary): Rgba => courtShade(heat.get(c.id) ?? null);
    const figures: CourtFigure[] = shown.map((c) => {
      const [lng, lat] = toMap(s.datum, c.lng, c.lat);
      return { id: c.id, name: c.shortName, lng, lat, fill: shadeOf(c), label: courtLabel(c), priority: Math.min(1000, c.total.active) };
    });
    const geo: DemoGeo | null = this.#model.geo.get();
    const fillOf = (f: CountyFeature): Rgba => {
      const court = byId.get(level === 'intermediate' ? f.properties.cityCourtId : f.properties.courtId) ?? byId.get(f.properties.courtId);
      // Outside the drill-down (or the caller's scope): veiled, so the chosen area stands out.
      if (!inView(court)) return [7, 16, 27, 170];
      return shadeOf(court);
    };
    const key = `${level}|${s.focus ?? ''}|${s.courts.length}|${s.courts.map((c) => c.total.active).join(',')}`;
    return { areas: courtAreaLayers(geo?.counties ?? null, fillOf, key, figures), labels: courtLabelLayer(this.#declutter(figures, s)) };
  }

  /** The court labels that fit without overlapping, busiest first. */
  #declutter(figures: CourtFigure[], s: SceneInputs): CourtFigure[] {
    const project = s.project;
    if (!project) return figures;
    const boxes = figures.map((f) => {
      const [x, y] = project(f.lng, f.lat);
      // The label sits 30 px above the seat (getPixelOffset).
      return { x, y: y - 30, ...courtLabelSize(f.label), priority: f.priority };
    });
    return declutter(boxes).map((i) => figures[i]!);
  }

  #actions(s: SceneInputs) {
    const subtree = this.#model.subtree();
    return s.actions
      .filter((a) => a.status === 'ongoing' && (subtree === null || subtree.has(a.courtId)))
      .map((a) => ({
        id: a.id,
        caseId: a.caseId,
        position: toMap(s.datum, a.lng, a.lat),
        colour: RISK_RGBA[a.riskColour],
        label: t('map.actionLabel', { kind: t(`actionKind.${a.kind}`), caseNumber: a.caseNumber }),
      }));
  }

  #lost(s: SceneInputs): { position: [number, number]; text: string }[] {
    const slots = this.#model.slots;
    if (!slots) return [];
    return s.teams.flatMap((row) => {
      const slot = row.lost ? slots.slotOf(row.id) : -1;
      if (slot < 0) return [];
      const heard = row.fixedAt === null ? t('teams.noFix') : formatAge(row.fixedAt, s.now);
      return [{ position: slots.positionAt(slot), text: t('map.teamLost', { name: row.name, heard }) }];
    });
  }

  #sos(s: SceneInputs) {
    return s.warnings
      .filter((w) => w.kind === 'sos' && w.acknowledgedAt === null && w.position !== null)
      .map((w) => ({ id: w.id, position: toMap(s.datum, w.position!.lng, w.position!.lat), label: t('map.sos', { who: w.raisedBy?.name ?? '' }) }));
  }
}

/** A court's label: its short name, then active cases, red and overdue. */
export function courtLabel(c: CourtSummary): string {
  return `${c.shortName}\n${t('map.courtCounts', { active: formatCount(c.total.active), red: formatCount(c.total.byColour.red), overdue: formatCount(c.total.overdue) })}`;
}
