import gcoordImport from 'gcoord';
import type { MapDatum } from '../../../protocol/map.ts';

// gcoord's default export is its API both as the ES module Vite bundles and as the CommonJS module
// Node loads (module.exports = api); TypeScript's node16 resolution types a CommonJS default as the
// whole module record, so it is re-typed here, once.
const gcoord = gcoordImport as unknown as (typeof gcoordImport)['default'];

// The one place the console converts coordinates between datums. The store and the wire carry
// WGS-84 (what GPS gives); a deployment's base map may be drawn in GCJ-02 (Chinese web maps), and
// everything laid over it must then be shifted by the same few hundred metres. Nothing else in the
// renderer calls gcoord: every layer goes through toMap()/toMapArray(), every click back through fromMap().

/** [lng, lat] in degrees. */
export type LngLat = [number, number];

/** A WGS-84 point as the base map draws it. */
export function toMap(datum: MapDatum, lng: number, lat: number): LngLat {
  if (datum === 'WGS-84') return [lng, lat];
  const [x, y] = gcoord.transform<[number, number]>([lng, lat], gcoord.WGS84, gcoord.GCJ02);
  return [x, y];
}

/** A point of the base map (a click, the view's centre) in WGS-84, to ask the server with. */
export function fromMap(datum: MapDatum, lng: number, lat: number): LngLat {
  if (datum === 'WGS-84') return [lng, lat];
  const [x, y] = gcoord.transform<[number, number]>([lng, lat], gcoord.GCJ02, gcoord.WGS84);
  return [x, y];
}

/**
 * Interleaved WGS-84 pairs (lng at 2i, lat at 2i+1) as the base map draws them. Answers the input
 * itself for WGS-84 (no copy: 100,000 cases are 800 KB), else a new array of the same type.
 */
export function toMapArray<A extends Float32Array | Float64Array>(datum: MapDatum, lngLat: A): A {
  if (datum === 'WGS-84') return lngLat;
  const out = lngLat.slice() as A;
  for (let i = 0; i + 1 < out.length; i += 2) {
    const lng = out[i]!;
    const lat = out[i + 1]!;
    // Empty slots (NaN) stay empty; gcoord would throw on them.
    if (!Number.isFinite(lng) || !Number.isFinite(lat)) continue;
    const [x, y] = toMap(datum, lng, lat);
    out[i] = x;
    out[i + 1] = y;
  }
  return out;
}

/** A bounding box [minLng, minLat, maxLng, maxLat] in WGS-84 as the base map draws it. */
export function boundsToMap(datum: MapDatum, b: readonly [number, number, number, number]): [number, number, number, number] {
  const [a, c] = [toMap(datum, b[0], b[1]), toMap(datum, b[2], b[3])];
  return [a[0], a[1], c[0], c[1]];
}

type Coords = number[] | Coords[];

function mapCoords(c: Coords, f: (lng: number, lat: number) => LngLat): Coords {
  if (typeof c[0] === 'number') return f(c[0], c[1] as number);
  return (c as Coords[]).map((x) => mapCoords(x, f));
}

/** A GeoJSON geometry's coordinates (Polygon, MultiPolygon, LineString, Point…) as the base map draws them; the input is left as it is. */
export function geometryToMap<G extends { type: string; coordinates: Coords }>(datum: MapDatum, g: G): G {
  if (datum === 'WGS-84') return g;
  return { ...g, coordinates: mapCoords(g.coordinates, (lng, lat) => toMap(datum, lng, lat)) };
}
