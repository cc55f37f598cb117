// Where the cases are: each basic court's county, weighted by its people, with a cluster of cases
// around the court's seat and a few townships.
import { pointInPolygon, type DemoCourt, type LngLat } from './courts.ts';
import { createRng, type Rng } from './rng.ts';

// Rough resident populations (2020 census, 10,000s) weight the courts' caseloads.
const POPULATION: Record<string, number> = {
  上城区: 35, 下城区: 53, 江干区: 115, 拱墅区: 58, 西湖区: 111, 滨江区: 50, 萧山区: 201, 余杭区: 240, 富阳区: 83,
  临安区: 64, 桐庐县: 45, 淳安县: 33, 建德市: 44,
  海曙区: 100, 江北区: 49, 北仑区: 82, 镇海区: 50, 鄞州区: 160, 奉化区: 58, 象山县: 57, 宁海县: 70, 余姚市: 125, 慈溪市: 183,
  鹿城区: 128, 龙湾区: 77, 瓯海区: 96, 洞头区: 16, 永嘉县: 87, 平阳县: 86, 苍南县: 131, 文成县: 29, 泰顺县: 27, 瑞安市: 152,
  乐清市: 145,
  南湖区: 62, 秀洲区: 68, 嘉善县: 65, 海盐县: 45, 海宁市: 108, 平湖市: 70, 桐乡市: 103,
  吴兴区: 90, 南浔区: 55, 德清县: 55, 长兴县: 67, 安吉县: 58,
  越城区: 100, 柯桥区: 109, 上虞区: 83, 新昌县: 44, 诸暨市: 122, 嵊州市: 68,
  婺城区: 75, 金东区: 50, 武义县: 47, 浦江县: 46, 磐安县: 18, 兰溪市: 58, 义乌市: 186, 东阳市: 109, 永康市: 96,
  柯城区: 46, 衢江区: 40, 常山县: 26, 开化县: 25, 龙游县: 36, 江山市: 50,
  定海区: 51, 普陀区: 38, 岱山县: 20, 嵊泗县: 7,
  椒江区: 67, 黄岩区: 65, 路桥区: 68, 玉环市: 64, 三门县: 36, 天台县: 43, 仙居县: 42, 温岭市: 142, 临海市: 114,
  莲都区: 59, 青田县: 39, 缙云县: 36, 遂昌县: 19, 松阳县: 20, 云和县: 13, 庆元县: 14, 景宁畲族自治县: 11, 龙泉市: 25,
};

/** A basic court with what the generator needs to place its cases. */
export interface BasicArea {
  court: DemoCourt;
  countyName: string;
  cityName: string;
  polygon: readonly LngLat[];
  weight: number;
  bbox: { minLng: number; maxLng: number; minLat: number; maxLat: number };
  /** Seat spread in degrees of latitude: 1σ of the cluster of cases around the court. */
  sigma: number;
  towns: { lng: number; lat: number; pick: number }[];
}

/** Degrees rounded to 6 places (about 0.1 m), as positions are stored. */
export function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/** The basic court's county, its weight and its townships (drawn from `rng`). */
function prepareArea(court: DemoCourt, city: DemoCourt, rng: Rng): BasicArea {
  const polygon = court.polygon;
  if (!polygon) throw new TypeError(`${court.name} has no area`);
  let minLng = Infinity;
  let maxLng = -Infinity;
  let minLat = Infinity;
  let maxLat = -Infinity;
  for (const [x, y] of polygon) {
    minLng = Math.min(minLng, x);
    maxLng = Math.max(maxLng, x);
    minLat = Math.min(minLat, y);
    maxLat = Math.max(maxLat, y);
  }
  const countyName = court.divisionName;
  const weight = (POPULATION[countyName] ?? 40) * (countyName.endsWith('区') ? 1.25 : 1);
  const extent = Math.sqrt((maxLng - minLng) * Math.cos((court.lat * Math.PI) / 180) * (maxLat - minLat));
  const area: BasicArea = {
    court,
    countyName,
    cityName: city.divisionName,
    polygon,
    weight,
    bbox: { minLng, maxLng, minLat, maxLat },
    sigma: Math.min(0.05, Math.max(0.006, extent * 0.08)),
    towns: [],
  };
  // Townships: a few interior points where cases cluster too, so the heatmap is not one blob per seat.
  const nTowns = Math.min(8, 2 + Math.floor(weight / 30));
  for (let i = 0; i < nTowns; i++) {
    const p = uniformInside(area, rng);
    area.towns.push({ lng: p[0], lat: p[1], pick: 0.5 + rng.next() });
  }
  return area;
}

function uniformInside(a: BasicArea, rng: Rng): LngLat {
  for (let i = 0; i < 200; i++) {
    const lng = round6(a.bbox.minLng + rng.next() * (a.bbox.maxLng - a.bbox.minLng));
    const lat = round6(a.bbox.minLat + rng.next() * (a.bbox.maxLat - a.bbox.minLat));
    if (pointInPolygon(lng, lat, a.polygon)) return [lng, lat];
  }
  return [a.court.lng, a.court.lat];
}

/** A case position inside the court's county: mostly near the seat, some near townships, a few anywhere. */
export function placeCase(a: BasicArea, rng: Rng): LngLat {
  const r = rng.next();
  if (r < 0.15) return uniformInside(a, rng);
  let cx = a.court.lng;
  let cy = a.court.lat;
  let sigma = a.sigma;
  if (r >= 0.6 && a.towns.length > 0) {
    const total = a.towns.reduce((s, t) => s + t.pick, 0);
    let x = rng.next() * total;
    const town = a.towns.find((t) => (x -= t.pick) < 0) ?? a.towns[0]!;
    cx = town.lng;
    cy = town.lat;
    sigma = a.sigma * 0.5;
  }
  const lngScale = 1 / Math.cos((cy * Math.PI) / 180);
  for (let i = 0; i < 64; i++) {
    const lng = round6(cx + rng.normal() * sigma * lngScale);
    const lat = round6(cy + rng.normal() * sigma);
    if (pointInPolygon(lng, lat, a.polygon)) return [lng, lat];
  }
  return uniformInside(a, rng);
}

/** Every basic court's area, in court order, its townships drawn from the seed's 'geo' stream. */
export function prepareAreas(courts: readonly DemoCourt[], seed: number): BasicArea[] {
  const byId = new Map(courts.map((c) => [c.id, c]));
  const geoRng = createRng(seed, 'geo');
  return courts.filter((c) => c.level === 'basic').map((c) => prepareArea(c, byId.get(c.parentId!)!, geoRng));
}
