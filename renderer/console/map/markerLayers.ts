import type { Layer } from '@deck.gl/core';
import { TripsLayer } from '@deck.gl/geo-layers';
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import { FONT_FAMILY, WHITE } from './mapLayers.ts';
import { RISK_RGBA, type Rgba } from './palette.ts';

// Markers over the map, built like mapLayers.ts: ongoing actions, flashing SOS, and track replay.

/** An ongoing enforcement action: a ring in its risk colour with its 案号. */
export interface ActionMarker {
  id: string;
  caseId: string;
  position: [number, number];
  colour: Rgba;
  label: string;
}

/** Ongoing actions; their 案号 labels only when zoomed in enough to read them (`labels`). */
export function actionLayers(actions: readonly ActionMarker[], labels: boolean): Layer[] {
  return [
    new ScatterplotLayer<ActionMarker>({
      id: 'actions',
      data: actions,
      getPosition: (a) => a.position,
      radiusUnits: 'pixels',
      getRadius: 11,
      filled: true,
      getFillColor: [255, 255, 255, 30],
      stroked: true,
      getLineColor: (a) => a.colour,
      lineWidthUnits: 'pixels',
      getLineWidth: 3,
      pickable: true,
    }),
    new TextLayer<ActionMarker>({
      id: 'action-labels',
      data: labels ? actions : [],
      getPosition: (a) => a.position,
      getText: (a) => a.label,
      getSize: 12,
      getColor: WHITE,
      getPixelOffset: [0, 26],
      background: true,
      getBackgroundColor: [11, 20, 32, 210],
      backgroundPadding: [4, 2],
      fontFamily: FONT_FAMILY,
      characterSet: 'auto',
    }),
  ];
}

/** An open SOS: a red ring that pulses (phase 0..1) with SOS beside it. */
export interface SosMarker {
  id: string;
  position: [number, number];
  label: string;
}

export function sosLayers(sos: readonly SosMarker[], phase: number): Layer[] {
  return [
    new ScatterplotLayer<SosMarker>({
      id: 'sos',
      data: sos,
      getPosition: (s) => s.position,
      radiusUnits: 'pixels',
      getRadius: 14 + 16 * phase,
      filled: true,
      getFillColor: [229, 72, 77, Math.round(200 * (1 - phase))],
      stroked: true,
      getLineColor: RISK_RGBA.red,
      lineWidthUnits: 'pixels',
      getLineWidth: 3,
      pickable: true,
      updateTriggers: { getRadius: phase, getFillColor: phase },
    }),
    new TextLayer<SosMarker>({
      id: 'sos-labels',
      data: sos,
      getPosition: (s) => s.position,
      getText: (s) => s.label,
      getSize: 14,
      getColor: WHITE,
      getPixelOffset: [0, -32],
      background: true,
      getBackgroundColor: [229, 72, 77, 240],
      backgroundPadding: [5, 3],
      fontFamily: FONT_FAMILY,
      fontWeight: 700,
      characterSet: 'auto',
    }),
  ];
}

/** One replayed track, its path in the base map's datum. */
export interface ReplayPath {
  teamId: string;
  name: string;
  path: [number, number][];
  timestamps: number[];
  colour: Rgba;
}

/** Track replay: each team's trail up to `time` (TripsLayer), and where each team is at that time. */
export function replayLayers(paths: readonly ReplayPath[], time: number, heads: readonly { position: [number, number]; name: string; colour: Rgba }[]): Layer[] {
  return [
    new TripsLayer<ReplayPath>({
      id: 'replay',
      data: paths,
      getPath: (p) => p.path,
      getTimestamps: (p) => p.timestamps,
      getColor: (p) => p.colour as [number, number, number, number],
      widthMinPixels: 5,
      capRounded: true,
      jointRounded: true,
      fadeTrail: true,
      trailLength: 1_800,
      currentTime: time,
    }),
    new ScatterplotLayer<(typeof heads)[number]>({
      id: 'replay-heads',
      data: heads,
      getPosition: (h) => h.position,
      radiusUnits: 'pixels',
      getRadius: 8,
      getFillColor: (h) => h.colour,
      stroked: true,
      getLineColor: WHITE,
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
    }),
    new TextLayer<(typeof heads)[number]>({
      id: 'replay-names',
      data: heads,
      getPosition: (h) => h.position,
      getText: (h) => h.name,
      getSize: 13,
      getColor: WHITE,
      getPixelOffset: [0, -20],
      background: true,
      getBackgroundColor: [11, 20, 32, 210],
      backgroundPadding: [4, 2],
      fontFamily: FONT_FAMILY,
      characterSet: 'auto',
    }),
  ];
}

/** An action room's geofence: a circle of its radius in metres around the site, and the site itself. */
export function geofenceLayers(site: { position: [number, number]; radiusM: number }): Layer[] {
  return [
    new ScatterplotLayer<typeof site>({
      id: 'geofence',
      data: [site],
      getPosition: (g) => g.position,
      radiusUnits: 'meters',
      getRadius: (g) => g.radiusM,
      filled: true,
      getFillColor: [255, 211, 107, 28],
      stroked: true,
      getLineColor: [255, 211, 107, 220],
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
    }),
    new ScatterplotLayer<typeof site>({
      id: 'geofence-site',
      data: [site],
      getPosition: (g) => g.position,
      radiusUnits: 'pixels',
      getRadius: 5,
      getFillColor: [255, 211, 107, 255],
    }),
  ];
}
