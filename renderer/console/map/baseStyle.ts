import type { LayerSpecification, SourceSpecification, StyleSpecification } from 'maplibre-gl';
import type { MapConfigAnswer } from '../../../protocol/map.ts';

// The base map's MapLibre style. The demo's is built here from the bundled GeoJSON (示意图): dark
// land on a darker sea, the demo province's counties, Chinese labels. It names no `glyphs`: since
// maplibre 5.11 a style without them draws every label from a local font, and the console bundles
// Noto Sans SC (@fontsource/noto-sans-sc, OFL), so labels look the same on every machine and no
// glyph server is asked. A deployment's own style is used as it is.

/** The font every label of the demo map is drawn with (the bundled @fontsource family). */
export const LABEL_FONT = 'Noto Sans SC';

const EMPTY = { type: 'FeatureCollection' as const, features: [] };

export const MAP_COLOURS = {
  sea: '#07101b',
  land: '#122036',
  landEdge: '#2b4668',
  province: '#17304d',
  county: '#2d5680',
  label: '#a9c0da',
  halo: '#07101b',
};

/** What the style of a tiles-only deployment draws from a vector archive: its layers' names. */
export interface VectorLayers {
  ids: readonly string[];
}

function label(id: string, source: string, size: number, minzoom: number, maxzoom: number, colour = MAP_COLOURS.label): LayerSpecification {
  return {
    id,
    type: 'symbol',
    source,
    minzoom,
    maxzoom,
    layout: { 'text-field': ['get', 'name'], 'text-font': [LABEL_FONT], 'text-size': size, 'text-allow-overlap': false, 'text-padding': 4 },
    paint: { 'text-color': colour, 'text-halo-color': MAP_COLOURS.halo, 'text-halo-width': 1.4 },
  };
}

/** The demo map: China's provinces (without 南海诸岛: it is the inset's), the demo province's counties, and labels. */
export function demoStyle(demo: NonNullable<MapConfigAnswer['demo']>, origin: string): StyleSpecification {
  const url = (path: string) => new URL(path, origin).href;
  return {
    version: 8,
    name: 'demo-schematic',
    sources: {
      provinces: { type: 'geojson', data: url(demo.provinces) },
      counties: { type: 'geojson', data: url(demo.counties) },
      cities: { type: 'geojson', data: url(demo.cities) },
      // One point per county and province, set once the geography and the font are loaded (MapStage).
      'county-points': { type: 'geojson', data: EMPTY },
      'province-points': { type: 'geojson', data: EMPTY },
    },
    layers: [
      { id: 'sea', type: 'background', paint: { 'background-color': MAP_COLOURS.sea } },
      { id: 'provinces-fill', type: 'fill', source: 'provinces', paint: { 'fill-color': MAP_COLOURS.land } },
      { id: 'counties-fill', type: 'fill', source: 'counties', paint: { 'fill-color': MAP_COLOURS.province } },
      { id: 'counties-line', type: 'line', source: 'counties', minzoom: 6, paint: { 'line-color': MAP_COLOURS.county, 'line-width': ['interpolate', ['linear'], ['zoom'], 6, 0.4, 10, 1.2] } },
      { id: 'provinces-line', type: 'line', source: 'provinces', paint: { 'line-color': MAP_COLOURS.landEdge, 'line-width': 1 } },
      label('provinces-label', 'province-points', 13, 3, 7),
      label('cities-label', 'cities', 14, 6, 11, '#d6e4f5'),
      label('counties-label', 'county-points', 12, 8.2, 22),
    ],
  };
}

/** A style for a deployment that gave tiles alone: raster tiles as they are, a vector archive's layers drawn plainly. */
export function tilesStyle(source: SourceSpecification, vector: VectorLayers | null): StyleSpecification {
  const layers: LayerSpecification[] = [{ id: 'sea', type: 'background', paint: { 'background-color': MAP_COLOURS.sea } }];
  if (!vector) {
    layers.push({ id: 'tiles', type: 'raster', source: 'tiles' });
  } else {
    for (const id of vector.ids) {
      layers.push(
        { id: `${id}-fill`, type: 'fill', source: 'tiles', 'source-layer': id, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': MAP_COLOURS.land, 'fill-outline-color': MAP_COLOURS.landEdge } },
        { id: `${id}-line`, type: 'line', source: 'tiles', 'source-layer': id, filter: ['==', ['geometry-type'], 'LineString'], paint: { 'line-color': MAP_COLOURS.county } },
        {
          id: `${id}-label`,
          type: 'symbol',
          source: 'tiles',
          'source-layer': id,
          layout: { 'text-field': ['coalesce', ['get', 'name:zh'], ['get', 'name']], 'text-font': [LABEL_FONT], 'text-size': 12 },
          paint: { 'text-color': MAP_COLOURS.label, 'text-halo-color': MAP_COLOURS.halo, 'text-halo-width': 1.2 },
        },
      );
    }
  }
  return { version: 8, name: 'deployment-tiles', sources: { tiles: source }, layers };
}

/** The 南海诸岛 inset's style: the bundled drawing of the islands and the ten-dash line, nothing else. */
export function insetStyle(url: string): StyleSpecification {
  return {
    version: 8,
    name: 'south-china-sea-inset',
    sources: { scs: { type: 'geojson', data: url } },
    layers: [
      { id: 'sea', type: 'background', paint: { 'background-color': MAP_COLOURS.sea } },
      { id: 'land', type: 'fill', source: 'scs', filter: ['==', ['get', 'kind'], 'land'], paint: { 'fill-color': MAP_COLOURS.land, 'fill-outline-color': MAP_COLOURS.landEdge } },
      { id: 'line', type: 'line', source: 'scs', filter: ['==', ['get', 'kind'], 'stroke'], paint: { 'line-color': '#7aa3cf', 'line-width': 1.2 } },
    ],
  };
}
