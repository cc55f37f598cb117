import { CASE_STAGES, RISK_COLOURS, type CaseStage, type RiskColour } from '../../protocol/domain.ts';
import {
  align4,
  MAP_CASE_FLAGS,
  MAP_CASES_MAGIC,
  MAP_CASES_PREAMBLE,
  MAP_CASES_VERSION,
  mapCasesBodyBytes,
  type MapCasesHeader,
} from '../../protocol/mapCases.ts';

/** One case as the map needs it; `flags` holds the bits of MAP_CASE_FLAGS (flagBit). */
export interface MapCaseRow {
  id: string;
  courtId: string;
  lng: number;
  lat: number;
  colour: RiskColour;
  stage: CaseStage;
  flags: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Where the 16 bytes' hex pairs start in a UUID's text (8-4-4-4-12). */
const UUID_PAIRS = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
/** Hex digit values by character code ('0'-'9', 'a'-'f'). */
const HEX_VALUE = new Uint8Array(128);
for (let d = 0; d < 16; d++) HEX_VALUE[d.toString(16).charCodeAt(0)] = d;

/** Writes a lower-case UUID (checked) as its 16 bytes: a loop over char codes, 5× Buffer.write(hex) of a stripped copy. */
function writeUuid(out: Uint8Array, at: number, id: string): void {
  for (let k = 0; k < 16; k++) {
    const c = UUID_PAIRS[k]!;
    out[at + k] = (HEX_VALUE[id.charCodeAt(c)]! << 4) | HEX_VALUE[id.charCodeAt(c + 1)]!;
  }
}
const COLOUR_INDEX = new Map<string, number>(RISK_COLOURS.map((c, i) => [c, i]));
const STAGE_INDEX = new Map<string, number>(CASE_STAGES.map((s, i) => [s, i]));


/**
 * Encodes cases in the map-cases layout of protocol/mapCases.ts (decodeMapCases reads it back):
 * 13 bytes a case plus 16 for its id when every id is a lower-case UUID, else the ids go in the
 * JSON header. `at` and `today` are carried in the header.
 */
export function encodeMapCases(rows: readonly MapCaseRow[], meta: { at: string; today: string }): Buffer {
  const n = rows.length;
  const courtIds: string[] = [];
  const courtIndex = new Map<string, number>();
  for (const r of rows) {
    if (!courtIndex.has(r.courtId)) {
      courtIndex.set(r.courtId, courtIds.length);
      courtIds.push(r.courtId);
    }
  }
  if (courtIds.length > 0xffff) throw new RangeError(`${courtIds.length} courts do not fit the u16 court column`);
  const uuids = rows.every((r) => UUID.test(r.id));
  const header: MapCasesHeader = {
    at: meta.at,
    today: meta.today,
    courtIds,
    colours: [...RISK_COLOURS],
    stages: [...CASE_STAGES],
    flags: [...MAP_CASE_FLAGS],
    ...(uuids ? {} : { ids: rows.map((r) => r.id) }),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const headerBytes = align4(json.length);
  const idBytes = uuids ? 16 : 0;
  const p = MAP_CASES_PREAMBLE + headerBytes;
  const out = Buffer.alloc(p + mapCasesBodyBytes(n, idBytes));
  out.writeUInt32LE(MAP_CASES_MAGIC, 0);
  out.writeUInt16LE(MAP_CASES_VERSION, 4);
  out.writeUInt16LE(idBytes, 6);
  out.writeUInt32LE(n, 8);
  out.writeUInt32LE(headerBytes, 12);
  json.copy(out, MAP_CASES_PREAMBLE);
  // JSON allows trailing whitespace: the padding keeps the columns aligned.
  out.fill(0x20, MAP_CASES_PREAMBLE + json.length, p);
  // Buffer.alloc (unlike allocUnsafe) never hands out a slice of a shared pool: offset 0, so p is aligned.
  const lngLat = new Float32Array(out.buffer, out.byteOffset + p, 2 * n);
  const court = new Uint16Array(out.buffer, out.byteOffset + p + 8 * n, n);
  const idStart = p + align4(13 * n);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    lngLat[2 * i] = r.lng;
    lngLat[2 * i + 1] = r.lat;
    court[i] = courtIndex.get(r.courtId)!;
    out[p + 10 * n + i] = COLOUR_INDEX.get(r.colour) ?? 0;
    out[p + 11 * n + i] = STAGE_INDEX.get(r.stage) ?? 0;
    out[p + 12 * n + i] = r.flags;
    if (uuids) writeUuid(out, idStart + 16 * i, r.id);
  }
  return out;
}
