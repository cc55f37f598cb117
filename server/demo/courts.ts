import type { Insertable } from 'kysely';
import type { CourtTable } from '../store/index.ts';
import type { CourtNode } from '../courts/index.ts';
// Ships with the system (courts run offline); produced by scripts/geo/extract-zhejiang.mjs.
import zhejiangJson from './geo/zhejiang.json' with { type: 'json' };

/** [lng, lat], WGS-84 degrees. */
export type LngLat = readonly [number, number];

/** A county or district: its code (GB/T 2260), its seat point and its outline (one closed ring). */
export interface CountyGeo {
  code: string;
  name: string;
  cp: LngLat;
  polygon: readonly LngLat[];
}

export interface CityGeo {
  code: string;
  name: string;
  cp: LngLat;
  counties: readonly CountyGeo[];
}

/** The demo province's geography as zhejiang.json holds it. */
export interface ProvinceGeo {
  source: string;
  license: string;
  datum: 'WGS-84';
  province: { name: string; code: string };
  cities: readonly CityGeo[];
}

/** One court of the demo tree, with the area a basic court serves. */
export interface DemoCourt extends CourtNode {
  divisionCode: string;
  /** The division it serves: 浙江省, 杭州市, 西湖区. */
  divisionName: string;
  /** The county outline a basic court serves; null for the high and intermediate courts. */
  polygon: readonly LngLat[] | null;
}

function lngLat(v: readonly number[], where: string): LngLat {
  const [lng, lat] = v;
  if (v.length !== 2 || lng === undefined || lat === undefined || !Number.isFinite(lng) || !Number.isFinite(lat)) {
    throw new TypeError(`zhejiang.json: bad position at ${where}`);
  }
  return [lng, lat];
}

let cached: ProvinceGeo | null = null;

/** The Zhejiang geography shipped in geo/zhejiang.json, checked once and cached. */
export function zhejiangGeo(): ProvinceGeo {
  if (cached) return cached;
  const j = zhejiangJson;
  if (j.datum !== 'WGS-84') throw new TypeError(`zhejiang.json: datum ${j.datum}, expected WGS-84`);
  cached = {
    source: j.source,
    license: j.license,
    datum: 'WGS-84',
    province: { name: j.province.name, code: j.province.code },
    cities: j.cities.map((c) => ({
      code: c.code,
      name: c.name,
      cp: lngLat(c.cp, c.name),
      counties: c.counties.map((k) => {
        if (k.polygon.length < 4) throw new TypeError(`zhejiang.json: ${k.name} has no outline`);
        return { code: k.code, name: k.name, cp: lngLat(k.cp, k.name), polygon: k.polygon.map((p, i) => lngLat(p, `${k.name}[${i}]`)) };
      }),
    })),
  };
  return cached;
}

/** True when the point lies inside the ring (even-odd ray casting; the ring may be open or closed). */
export function pointInPolygon(lng: number, lat: number, ring: readonly LngLat[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** 西湖区 → 西湖, 景宁畲族自治县 → 景宁, 义乌市 → 义乌: the stem courts use in their short names. */
function stem(name: string): string {
  return name.replace(/(畲族自治县|自治县|区|县|市)$/, '');
}

/**
 * The court tree of the province: the high court, one intermediate court per city, one basic court per
 * county or district. Names follow the real pattern: a district's court carries its city
 * (杭州市西湖区人民法院), a county's or county-level city's does not (淳安县人民法院, 义乌市人民法院).
 * Case codes: 浙 (high), 浙 + the city's 2 digits (浙01), 浙 + the county's last 4 digits (浙0106).
 */
export function buildCourts(geo: ProvinceGeo = zhejiangGeo()): DemoCourt[] {
  const provinceShort = geo.province.name.replace(/省$/, '');
  const capital = geo.cities.find((c) => c.code.startsWith(geo.province.code.slice(0, 2) + '01')) ?? geo.cities[0];
  if (!capital) throw new TypeError('province has no cities');
  const high: DemoCourt = {
    id: `c${geo.province.code}`,
    name: `${geo.province.name}高级人民法院`,
    shortName: `${provinceShort}高院`,
    level: 'high',
    parentId: null,
    caseCode: '浙',
    divisionCode: geo.province.code,
    divisionName: geo.province.name,
    lng: capital.cp[0],
    lat: capital.cp[1],
    polygon: null,
  };
  const courts: DemoCourt[] = [high];
  for (const city of geo.cities) {
    const mid: DemoCourt = {
      id: `c${city.code}`,
      name: `${city.name}中级人民法院`,
      shortName: `${stem(city.name)}中院`,
      level: 'intermediate',
      parentId: high.id,
      caseCode: `浙${city.code.slice(2, 4)}`,
      divisionCode: city.code,
      divisionName: city.name,
      lng: city.cp[0],
      lat: city.cp[1],
      polygon: null,
    };
    courts.push(mid);
    for (const county of city.counties) {
      const isDistrict = county.name.endsWith('区');
      courts.push({
        id: `c${county.code}`,
        name: isDistrict ? `${city.name}${county.name}人民法院` : `${county.name}人民法院`,
        shortName: `${stem(county.name)}法院`,
        level: 'basic',
        parentId: mid.id,
        caseCode: `浙${county.code.slice(2)}`,
        divisionCode: county.code,
        divisionName: county.name,
        lng: county.cp[0],
        lat: county.cp[1],
        polygon: county.polygon,
      });
    }
  }
  return courts;
}

/** The row the courts table stores for a demo court. */
export function courtRow(c: DemoCourt): Insertable<CourtTable> {
  return {
    id: c.id,
    name: c.name,
    short_name: c.shortName,
    level: c.level,
    parent_id: c.parentId,
    case_code: c.caseCode,
    division_code: c.divisionCode,
    lng: c.lng,
    lat: c.lat,
  };
}
