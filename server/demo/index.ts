// The public module of server/demo/: what other features may use (ESLint enforces it).
// The map serves the demo province's geography (counties, cities) that the demo courts stand on.
export { buildCourts, pointInPolygon, zhejiangGeo, type CityGeo, type CountyGeo, type DemoCourt, type LngLat, type ProvinceGeo } from './courts.ts';
