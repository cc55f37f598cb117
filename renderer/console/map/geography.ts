import type { CourtSummary } from '../../../protocol/api.ts';
import { subtreeIds } from '../courts/courtTree.ts';

// The demo geography the server bundles (GET /api/map/demo/*.geojson, WGS-84): county outlines
// naming the court that serves each county and its city's court, and city seats for labels.

export type Bounds = [number, number, number, number];

export interface CountyProps {
  code: string;
  name: string;
  cityCode: string;
  cityName: string;
  /** The basic court serving the county. */
  courtId: string;
  /** The intermediate court of its city. */
  cityCourtId: string;
}

export interface CountyFeature {
  type: 'Feature';
  properties: CountyProps;
  geometry: { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };
}
export interface CountyCollection {
  type: 'FeatureCollection';
  features: CountyFeature[];
}
export interface CityCollection {
  type: 'FeatureCollection';
  features: { type: 'Feature'; properties: { code: string; name: string; courtId: string }; geometry: { type: 'Point'; coordinates: [number, number] } }[];
}

/** China's provinces (demo map), for their label points. */
export interface ProvinceCollection {
  type: 'FeatureCollection';
  features: { type: 'Feature'; properties: { name: string }; geometry: CountyFeature['geometry'] }[];
}

export interface DemoGeo {
  counties: CountyCollection;
  cities: CityCollection;
  provinces: ProvinceCollection | null;
}

/** A label point per feature: the area centroid of its largest ring, so a label is drawn once (a polygon cut into tiles would get one per tile). */
export interface LabelPoints {
  type: 'FeatureCollection';
  features: { type: 'Feature'; properties: { name: string }; geometry: { type: 'Point'; coordinates: [number, number] } }[];
}

function ringArea(ring: readonly number[][]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += ring[j]![0]! * ring[i]![1]! - ring[i]![0]! * ring[j]![1]!;
  return a / 2;
}

function ringCentroid(ring: readonly number[][]): [number, number] {
  const a = ringArea(ring);
  if (Math.abs(a) < 1e-12) return [ring[0]![0]!, ring[0]![1]!];
  let x = 0;
  let y = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const f = ring[j]![0]! * ring[i]![1]! - ring[i]![0]! * ring[j]![1]!;
    x += (ring[j]![0]! + ring[i]![0]!) * f;
    y += (ring[j]![1]! + ring[i]![1]!) * f;
  }
  return [x / (6 * a), y / (6 * a)];
}

export function labelPoints(features: readonly { properties: { name: string }; geometry: CountyFeature['geometry'] }[]): LabelPoints {
  return {
    type: 'FeatureCollection',
    features: features.map((f) => {
      const outer = f.geometry.type === 'Polygon' ? [f.geometry.coordinates[0]!] : f.geometry.coordinates.map((p) => p[0]!);
      const largest = outer.reduce((best, r) => (Math.abs(ringArea(r)) > Math.abs(ringArea(best)) ? r : best));
      return { type: 'Feature', properties: { name: f.properties.name }, geometry: { type: 'Point', coordinates: ringCentroid(largest) } };
    }),
  };
}

function extend(b: Bounds, lng: number, lat: number): void {
  b[0] = Math.min(b[0], lng);
  b[1] = Math.min(b[1], lat);
  b[2] = Math.max(b[2], lng);
  b[3] = Math.max(b[3], lat);
}

function extendGeometry(b: Bounds, g: CountyFeature['geometry']): void {
  const rings = g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
  for (const ring of rings) for (const p of ring) extend(b, p[0]!, p[1]!);
}

const empty = (): Bounds => [Infinity, Infinity, -Infinity, -Infinity];
const isEmpty = (b: Bounds) => !Number.isFinite(b[0]);

/**
 * Where to look when drilling down to `courtId` (WGS-84): the outlines of the counties its subtree
 * serves, else (a deployment's own map, no outlines) the seats of its courts with a margin; the
 * province (`fallback`) for the caller's own top court or null.
 */
export function boundsOfCourt(geo: DemoGeo | null, courts: readonly CourtSummary[], courtId: string | null, fallback: Bounds | null): Bounds | null {
  if (courtId === null) return fallback;
  const subtree = subtreeIds(courts, courtId);
  const b = empty();
  if (geo) {
    for (const f of geo.counties.features) {
      if (subtree.has(f.properties.courtId) || subtree.has(f.properties.cityCourtId)) extendGeometry(b, f.geometry);
    }
  }
  if (isEmpty(b)) {
    for (const c of courts) if (subtree.has(c.id)) extend(b, c.lng, c.lat);
    if (isEmpty(b)) return fallback;
    const m = 0.15;
    return [b[0] - m, b[1] - m, b[2] + m, b[3] + m];
  }
  // The whole province is every county: the fallback frames it as the config meant.
  if (fallback && subtree.size === courts.length) return fallback;
  return b;
}

/** Every label the demo base map draws (provinces, cities, counties): the font loads these glyphs before the map draws. */
export function labelText(geo: DemoGeo | null, provinceNames: readonly string[]): string {
  const names = new Set<string>(provinceNames);
  for (const f of geo?.counties.features ?? []) names.add(f.properties.name);
  for (const f of geo?.cities.features ?? []) names.add(f.properties.name);
  return [...names].join('');
}
