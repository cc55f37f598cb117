import type { Layer } from '@deck.gl/core';
import { HeatmapLayer } from '@deck.gl/aggregation-layers';
import { DataFilterExtension } from '@deck.gl/extensions';
import { GeoJsonLayer, IconLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { CaseColumns } from './caseColumns.ts';
import { clusterRadius, pieKey, soleColour, type Clusters } from './clusters.ts';
import type { CountyCollection, CountyFeature } from './geography.ts';
import type { Rgba } from './palette.ts';
import type { TeamAttributes } from './TeamSlots.ts';

// deck.gl layers as cheap descriptors (STYLE §6): pure functions of what the stage prepared, with
// stable ids; data objects are the stage's cached ones, so deck.gl re-uploads only what changed.

/** Text in the bundled font first, then the system CJK font. */
export const FONT_FAMILY = '"Noto Sans SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';
export const WHITE: Rgba = [255, 255, 255, 255];

/** deck.gl's binary form of one layer's data. */
export interface BinaryData {
  length: number;
  attributes: Record<string, { value: Float32Array | Uint8Array; size: number; normalized?: boolean }>;
}

/** The cases' binary data for the points layer (filter mask included), built when the cases or the mask change. */
export function casePointData(columns: CaseColumns, mask: Float32Array | null): BinaryData {
  return {
    length: columns.count,
    attributes: {
      getPosition: { value: columns.positions, size: 2 },
      getFillColor: { value: columns.fill, size: 4, normalized: true },
      getFilterValue: { value: mask ?? new Float32Array(columns.count).fill(1), size: 1 },
    },
  };
}

const caseFilter = new DataFilterExtension({ categorySize: 1, filterSize: 1 });
const visibleFilter = new DataFilterExtension({ filterSize: 1 });

/**
 * Every case on its own (zoomed in): colour toggles are the GPU filter's categories, other filters
 * the mask column; neither rebuilds a column. `risk` feeds the category accessor once per answer.
 */
export function casePointsLayer(data: BinaryData, risk: Uint8Array, categories: number[]): Layer {
  return new ScatterplotLayer({
    id: 'cases',
    data,
    radiusUnits: 'pixels',
    getRadius: 5,
    radiusMinPixels: 3,
    stroked: true,
    getLineColor: [7, 16, 27, 255],
    lineWidthMinPixels: 1,
    pickable: true,
    extensions: [caseFilter],
    getFilterCategory: (_: unknown, { index }: { index: number }) => risk[index] ?? 255,
    filterCategories: categories,
    filterRange: [1, 1],
    updateTriggers: { getFilterCategory: risk },
    parameters: { depthCompare: 'always' },
  } as ConstructorParameters<typeof ScatterplotLayer>[0]);
}

/** The case whose drawer is open: a white ring around it, at any zoom. */
export function selectedCaseLayer(position: [number, number] | null): Layer {
  return new ScatterplotLayer<[number, number]>({
    id: 'case-selected',
    data: position ? [position] : [],
    getPosition: (p) => p,
    radiusUnits: 'pixels',
    getRadius: 13,
    filled: false,
    stroked: true,
    getLineColor: WHITE,
    lineWidthUnits: 'pixels',
    getLineWidth: 3,
  });
}

/**
 * Clusters (zoomed out): a disc each, in its colour when it holds one colour, else a pie of its
 * 红黄蓝绿 shares from the pie atlas (sized in pixels on the GPU); a dark hole with the total in it
 * for clusters of more than one case.
 */
export function clusterLayers(c: Clusters, pies: { atlas: unknown; mapping: Record<string, unknown> }): Layer[] {
  const index = Array.from({ length: c.count }, (_, j) => j);
  const many = index.filter((j) => c.total[j]! > 1);
  const mixed = many.filter((j) => soleColour(c, j) === null);
  const at = (j: number): [number, number] => [c.lngLat[2 * j]!, c.lngLat[2 * j + 1]!];
  const radius = (j: number) => (c.total[j]! > 1 ? clusterRadius(c.total[j]!) : 5);
  return [
    new ScatterplotLayer<number>({
      id: 'cluster-discs',
      data: index,
      getPosition: at,
      radiusUnits: 'pixels',
      getRadius: radius,
      getFillColor: (j) => soleColour(c, j) ?? [10, 20, 34, 235],
      stroked: true,
      getLineColor: [7, 16, 27, 255],
      lineWidthMinPixels: 1,
      pickable: true,
    }),
    new IconLayer<number>({
      id: 'cluster-pies',
      data: mixed,
      getPosition: at,
      iconAtlas: pies.atlas as string,
      iconMapping: pies.mapping as Record<string, { x: number; y: number; width: number; height: number; mask: boolean }>,
      getIcon: (j) => pieKey(c, j),
      sizeUnits: 'pixels',
      getSize: (j) => 2 * radius(j),
      pickable: true,
    }),
    new ScatterplotLayer<number>({
      id: 'cluster-holes',
      data: many,
      getPosition: at,
      radiusUnits: 'pixels',
      getRadius: (j) => clusterRadius(c.total[j]!) * 0.58,
      getFillColor: [10, 20, 34, 235],
      pickable: true,
    }),
    new TextLayer<number>({
      id: 'cluster-counts',
      data: many,
      getPosition: at,
      getText: (j) => compactCount(c.total[j]!),
      getSize: (j) => (c.total[j]! >= 1000 ? 10 : 11),
      getColor: WHITE,
      fontFamily: FONT_FAMILY,
      fontWeight: 700,
      characterSet: '0123456789.k万',
    }),
  ];
}

/** A count as a cluster shows it: 1,234 → 1.2k, 12,345 → 1.2万. */
export function compactCount(n: number): string {
  if (n >= 10_000) return `${(n / 10_000).toFixed(n >= 100_000 ? 0 : 1)}万`;
  if (n >= 1_000) return `${(n / 1_000).toFixed(1)}k`;
  return String(n);
}

/** The risk heatmap's colours: clear, then blue through yellow to the theme's red. */
const HEAT_RANGE: Rgba[] = [
  [58, 160, 255, 0],
  [58, 160, 255, 120],
  [120, 200, 160, 170],
  [245, 195, 59, 200],
  [240, 130, 60, 220],
  [229, 72, 77, 240],
];
/**
 * A fixed colour scale (weight per pixel area, deck.gl scales it by metres per pixel), so the
 * colours mean the same as the view pans and zooms instead of stretching to whatever is in view.
 */
export const HEAT_DOMAIN: [number, number] = [0.001, 0.05];

export function heatLayer(positions: Float32Array, weights: Float32Array): Layer {
  return new HeatmapLayer({
    id: 'heat',
    data: { length: weights.length, attributes: { getPosition: { value: positions, size: 2 }, getWeight: { value: weights, size: 1 } } },
    radiusPixels: 40,
    intensity: 1,
    colorDomain: HEAT_DOMAIN,
    colorRange: HEAT_RANGE as unknown as [number, number, number, number][],
    // 512: 5-7 ms per update; 2048 (the default) costs 50-100 ms (ARCHITECTURE.md, Maps).
    weightsTextureSize: 512,
    debounceTimeout: 200,
  } as ConstructorParameters<typeof HeatmapLayer>[0]);
}

/** One court's figures for shading and its label. */
export interface CourtFigure {
  id: string;
  name: string;
  lng: number;
  lat: number;
  fill: Rgba;
  label: string;
  /** Which label stays when labels would overlap: more active cases first. */
  priority: number;
}

/**
 * Courts' areas shaded by their share of red and overdue cases (the county outlines, each painted
 * with its court at the shown level), with their counts at their seats.
 */
export function courtAreaLayers(counties: CountyCollection | null, fillOf: (f: CountyFeature) => Rgba, shadeKey: string, figures: readonly CourtFigure[]): Layer[] {
  const layers: Layer[] = [];
  if (counties) {
    layers.push(
      new GeoJsonLayer({
        id: 'courts',
        data: counties as never,
        filled: true,
        stroked: true,
        getFillColor: (f: unknown) => fillOf(f as CountyFeature) as [number, number, number, number],
        getLineColor: [120, 160, 210, 90],
        lineWidthMinPixels: 0.5,
        pickable: true,
        updateTriggers: { getFillColor: shadeKey },
      } as ConstructorParameters<typeof GeoJsonLayer>[0]),
    );
  } else {
    // No outlines (a deployment's own map): each court is a disc at its seat.
    layers.push(
      new ScatterplotLayer<CourtFigure>({
        id: 'courts',
        data: figures,
        getPosition: (c) => [c.lng, c.lat],
        radiusUnits: 'pixels',
        getRadius: 22,
        getFillColor: (c) => c.fill,
        pickable: true,
      }),
    );
  }
  return layers;
}

/** Each court's name and counts at its seat, drawn above the cases so the figures stay readable. */
export function courtLabelLayer(figures: readonly CourtFigure[]): Layer {
  return new TextLayer<CourtFigure>({
    id: 'court-labels',
    data: figures,
    getPosition: (c) => [c.lng, c.lat],
    getText: (c) => c.label,
    getSize: 12,
    getColor: [230, 238, 248, 255],
    background: true,
    getBackgroundColor: [11, 20, 32, 215],
    backgroundPadding: [5, 3],
    getPixelOffset: [0, -30],
    fontFamily: FONT_FAMILY,
    characterSet: 'auto',
    lineHeight: 1.25,
    pickable: true,
  });
}

/** Live teams: one fixed slot each, coloured by status; lost teams grey with how long ago they were heard. */
export function teamLayers(data: TeamAttributes, lost: readonly { position: [number, number]; text: string }[]): Layer[] {
  return [
    new ScatterplotLayer({
      id: 'teams',
      data,
      radiusUnits: 'pixels',
      getRadius: 7,
      stroked: true,
      getLineColor: WHITE,
      lineWidthUnits: 'pixels',
      getLineWidth: 2,
      pickable: true,
      extensions: [visibleFilter],
      filterRange: [1, 1],
      parameters: { depthCompare: 'always' },
    } as ConstructorParameters<typeof ScatterplotLayer>[0]),
    new TextLayer<{ position: [number, number]; text: string }>({
      id: 'team-lost',
      data: lost,
      getPosition: (d) => d.position,
      getText: (d) => d.text,
      getSize: 12,
      getColor: [203, 213, 225, 255],
      getPixelOffset: [0, -18],
      background: true,
      getBackgroundColor: [40, 44, 52, 220],
      backgroundPadding: [4, 2],
      fontFamily: FONT_FAMILY,
      characterSet: 'auto',
    }),
  ];
}
