import { RISK_COLOURS, type CaseStage, type RiskColour } from '../../../protocol/domain.ts';
import type { MapDatum } from '../../../protocol/map.ts';
import type { MapCaseFlag, MapCases } from '../../../protocol/mapCases.ts';
import { toMapArray } from './datum.ts';
import { HEAT_WEIGHT, RISK_RGBA, riskIndexTable } from './palette.ts';

// The cases layer's columns, built once per GET /api/map/cases answer: deck.gl reads them as binary
// attributes (no object per case, no accessor per case). Filters other than colour become one mask
// column, rebuilt only when they change; colour toggles never touch a column (DataFilterExtension
// filters by category on the GPU).

/** What the cases layers draw, entry i being case i of the answer. */
export interface CaseColumns {
  readonly count: number;
  /** lng, lat at 2i, 2i+1 in the base map's datum. */
  readonly positions: Float32Array;
  /** The case's index in RISK_COLOURS (0 红 … 3 绿); 255 when the server named a colour this console does not know. */
  readonly risk: Uint8Array;
  /** RGBA per case, its risk colour. */
  readonly fill: Uint8Array;
}

/** Filters other than colour; null or empty means "all". */
export interface CaseFilter {
  /** Ids of the courts whose cases show (a drilled-down court's subtree); null: every court of the answer. */
  courts: ReadonlySet<string> | null;
  stages: ReadonlySet<CaseStage>;
  /** Only cases with an overdue flow node. */
  overdueOnly: boolean;
  /** Cases carrying at least one of these flags (涉众 mass, 涉稳 stability, 重点 key). */
  tags: ReadonlySet<MapCaseFlag>;
}

export const NO_FILTER: CaseFilter = Object.freeze({ courts: null, stages: new Set<CaseStage>(), overdueOnly: false, tags: new Set<MapCaseFlag>() });

/** The columns of one answer, positions converted to the base map's datum. */
export function buildCaseColumns(cases: MapCases, datum: MapDatum): CaseColumns {
  const n = cases.count;
  const table = riskIndexTable(cases.header.colours);
  const risk = new Uint8Array(n);
  const fill = new Uint8Array(4 * n);
  for (let i = 0; i < n; i++) {
    const k = table[cases.colour[i]!]!;
    risk[i] = k;
    const rgba = RISK_RGBA[RISK_COLOURS[k] ?? 'green'];
    fill.set(k === 255 ? [128, 128, 128, 255] : rgba, 4 * i);
  }
  return { count: n, positions: toMapArray(datum, cases.lngLat), risk, fill };
}

/** Whether a filter narrows anything at all. */
export function isFiltering(f: CaseFilter): boolean {
  return f.courts !== null || f.stages.size > 0 || f.overdueOnly || f.tags.size > 0;
}

/**
 * 1 for each case the filter keeps, 0 for the others (DataFilterExtension's filter value, with
 * filterRange [1, 1]). The header's names, not fixed indexes, say which court, stage and flag bit is which.
 */
export function caseMask(cases: MapCases, f: CaseFilter): Float32Array {
  const n = cases.count;
  const mask = new Float32Array(n);
  const courtOk = cases.header.courtIds.map((id) => f.courts === null || f.courts.has(id));
  const stageOk = cases.header.stages.map((s) => f.stages.size === 0 || (f.stages as ReadonlySet<string>).has(s));
  let overdueBit = 0;
  let tagBits = 0;
  cases.header.flags.forEach((name, bit) => {
    if (name === 'overdue') overdueBit = 1 << bit;
    if ((f.tags as ReadonlySet<string>).has(name)) tagBits |= 1 << bit;
  });
  // A flag the server does not send cannot be asked for: nothing matches it.
  const wantOverdue = f.overdueOnly;
  const wantTags = f.tags.size > 0;
  for (let i = 0; i < n; i++) {
    const flags = cases.flags[i]!;
    const ok =
      courtOk[cases.court[i]!] === true &&
      stageOk[cases.stage[i]!] === true &&
      (!wantOverdue || (flags & overdueBit) !== 0) &&
      (!wantTags || (flags & tagBits) !== 0);
    mask[i] = ok ? 1 : 0;
  }
  return mask;
}

/** The colours shown, as DataFilterExtension's filterCategories (indexes into RISK_COLOURS). */
export function colourCategories(shown: ReadonlySet<RiskColour>): number[] {
  return RISK_COLOURS.flatMap((c, i) => (shown.has(c) ? [i] : []));
}

/** The heatmap's weight per case: by colour (红 most), 0 for a case hidden by a filter or a colour toggle. */
export function heatWeights(columns: CaseColumns, mask: Float32Array | null, shown: ReadonlySet<RiskColour>): Float32Array {
  const byIndex = RISK_COLOURS.map((c) => (shown.has(c) ? HEAT_WEIGHT[c] : 0));
  const w = new Float32Array(columns.count);
  for (let i = 0; i < columns.count; i++) {
    if (mask && mask[i] === 0) continue;
    w[i] = byIndex[columns.risk[i]!] ?? 0;
  }
  return w;
}

/** Counts by colour of the cases a mask keeps (the legend's figures). */
export function countByColour(columns: CaseColumns, mask: Float32Array | null): Record<RiskColour, number> {
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < columns.count; i++) {
    if (mask && mask[i] === 0) continue;
    const k = columns.risk[i]!;
    if (k < 4) counts[k]!++;
  }
  return { red: counts[0]!, yellow: counts[1]!, blue: counts[2]!, green: counts[3]! };
}
