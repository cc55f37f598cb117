import type { MapCases, MapCasesHeader } from '../../../../protocol/mapCases.ts';

/** One case of a hand-made map-cases answer (tests). */
export interface FakeCase {
  id: string;
  lng: number;
  lat: number;
  court: string;
  colour: string;
  stage: string;
  flags?: readonly string[];
}

const FLAGS = ['overdue', 'mass', 'stability', 'key', 'handedOver', 'overridden', 'hasTeam'];

/**
 * A MapCases as decodeMapCases() gives it, built from plain rows: the header lists courts, colours
 * and stages in first-seen order (deliberately not RISK_COLOURS order) so tests catch any code that
 * takes the wire's indexes for the map's.
 */
export function fakeMapCases(rows: readonly FakeCase[], colours: readonly string[] = ['green', 'blue', 'red', 'yellow']): MapCases {
  const courtIds: string[] = [];
  const stages: string[] = [];
  const index = (list: string[], v: string) => (list.includes(v) ? list.indexOf(v) : list.push(v) - 1);
  const n = rows.length;
  const lngLat = new Float32Array(2 * n);
  const court = new Uint16Array(n);
  const colour = new Uint8Array(n);
  const stage = new Uint8Array(n);
  const flags = new Uint8Array(n);
  rows.forEach((r, i) => {
    lngLat[2 * i] = r.lng;
    lngLat[2 * i + 1] = r.lat;
    court[i] = index(courtIds, r.court);
    colour[i] = colours.indexOf(r.colour);
    stage[i] = index(stages, r.stage);
    flags[i] = (r.flags ?? []).reduce((bits, f) => bits | (1 << FLAGS.indexOf(f)), 0);
  });
  const header: MapCasesHeader = { at: '2026-06-01T00:00:00.000Z', today: '2026-06-01', courtIds, colours: [...colours], stages, flags: FLAGS };
  return {
    count: n,
    header,
    lngLat,
    court,
    colour,
    stage,
    flags,
    idAt: (i) => rows[i]?.id ?? '',
    indexOf: (id) => rows.findIndex((r) => r.id === id),
  };
}
