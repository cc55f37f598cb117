// GET /api/map/cases: every active case of the caller's scope, as columns in one binary answer
// (application/octet-stream), never as 100,000 JSON objects. docs/protocol.md gives it byte by byte:
//
//   0        4   magic, ASCII "CCMC"
//   4        2   version (u16) = 1
//   6        2   idBytes (u16): 16 when the ids are UUIDs stored as 16 bytes each; 0 when the header lists them
//   8        4   count N (u32)
//   12       4   headerBytes H (u32), a multiple of 4
//   16       H   header: UTF-8 JSON padded with spaces (MapCasesHeader)
//   P=16+H   8N  lngLat: float32 pairs, WGS-84 (lng, lat of case i at 2i, 2i+1)
//   P+8N     2N  court: u16, index into header.courtIds
//   P+10N    N   colour: u8, index into header.colours (red, yellow, blue, green)
//   P+11N    N   stage: u8, index into header.stages
//   P+12N    N   flags: u8, bit k set when header.flags[k] holds (overdue, 涉众, 涉稳, 重点, …)
//   P+13N    0-3 zero bytes, to a multiple of 4
//   Q        16N ids (idBytes = 16): case i's UUID as its 16 bytes
//
// Every number is little-endian; every column starts aligned to its element size, so the decoder
// takes typed-array views over the buffer without copying (lngLat feeds deck.gl as it is).

/** "CCMC" read as a little-endian u32. */
export const MAP_CASES_MAGIC = 0x434d4343;
export const MAP_CASES_VERSION = 1;
/** The fixed part before the header. */
export const MAP_CASES_PREAMBLE = 16;
export const MAP_CASES_CONTENT_TYPE = 'application/octet-stream';

/** The flags, bit k for entry k; the header repeats them so an older console can tell what it gets. */
export const MAP_CASE_FLAGS = ['overdue', 'mass', 'stability', 'key', 'handedOver', 'overridden', 'hasTeam'] as const;
export type MapCaseFlag = (typeof MAP_CASE_FLAGS)[number];

/** The flag of each case tag the map filters on (cases.tags). */
export const TAG_FLAGS: Readonly<Record<string, MapCaseFlag>> = { 涉众: 'mass', 涉稳: 'stability', 重点案件: 'key', 裁执分离: 'handedOver' };

/** The bit of `flag` in the flags column. */
export function flagBit(flag: MapCaseFlag): number {
  return 1 << MAP_CASE_FLAGS.indexOf(flag);
}

/** The JSON header: what the index columns index into, and the ids when they are not UUIDs. */
export interface MapCasesHeader {
  /** When the server read the cases (ISO). */
  at: string;
  /** The day overdue was judged by ('YYYY-MM-DD', Asia/Shanghai). */
  today: string;
  courtIds: string[];
  colours: string[];
  stages: string[];
  flags: string[];
  /** The case ids in order, when idBytes is 0. */
  ids?: string[];
}

/** The cases of one answer, as typed-array views over its buffer; entry i is one case. */
export interface MapCases {
  readonly count: number;
  readonly header: MapCasesHeader;
  /** lng, lat of case i at 2i, 2i+1 (WGS-84, float32: within a metre). */
  readonly lngLat: Float32Array;
  readonly court: Uint16Array;
  readonly colour: Uint8Array;
  readonly stage: Uint8Array;
  readonly flags: Uint8Array;
  /** The id of case i. */
  idAt(i: number): string;
  /** The entry of case `id`, or -1. */
  indexOf(id: string): number;
}

/** The answer is not a map-cases buffer this decoder understands. */
export class MapCasesFormatError extends Error {
  constructor(message: string) {
    super(`map cases: ${message}`);
    this.name = 'MapCasesFormatError';
  }
}

/** Bytes of the columns after the header for `count` cases with ids of `idBytes` each. */
export function mapCasesBodyBytes(count: number, idBytes: number): number {
  return align4(13 * count) + idBytes * count;
}

export function align4(n: number): number {
  return (n + 3) & ~3;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** The canonical text of the 16-byte UUID at `bytes[at…at+16]`. */
export function uuidText(bytes: Uint8Array, at: number): string {
  let s = '';
  for (let k = 0; k < 16; k++) {
    if (k === 4 || k === 6 || k === 8 || k === 10) s += '-';
    s += HEX[bytes[at + k]!]!;
  }
  return s;
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string');
}

function readHeader(bytes: Uint8Array): MapCasesHeader {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new MapCasesFormatError('the header is not UTF-8 JSON');
  }
  const h = value as Partial<Record<keyof MapCasesHeader, unknown>> | null;
  const ok =
    h !== null &&
    typeof h === 'object' &&
    typeof h.at === 'string' &&
    typeof h.today === 'string' &&
    isStringArray(h.courtIds) &&
    isStringArray(h.colours) &&
    isStringArray(h.stages) &&
    isStringArray(h.flags) &&
    (h.ids === undefined || isStringArray(h.ids));
  if (!ok) throw new MapCasesFormatError('the header lacks at, today, courtIds, colours, stages or flags');
  return value as MapCasesHeader;
}

/** Reads a GET /api/map/cases answer; throws MapCasesFormatError when it is not one (or is cut short). */
export function decodeMapCases(input: ArrayBuffer | Uint8Array): MapCases {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.byteLength < MAP_CASES_PREAMBLE) throw new MapCasesFormatError(`${bytes.byteLength} bytes is too short`);
  // Typed-array views need aligned offsets: a view into a larger buffer at an odd place is copied once
  // (with the constructor: Node's Buffer.slice() would return another view, not a copy).
  const own = bytes.byteOffset % 4 === 0 ? bytes : new Uint8Array(bytes);
  const view = new DataView(own.buffer, own.byteOffset, own.byteLength);
  if (view.getUint32(0, true) !== MAP_CASES_MAGIC) throw new MapCasesFormatError('wrong magic (not a CCMC buffer)');
  const version = view.getUint16(4, true);
  if (version !== MAP_CASES_VERSION) throw new MapCasesFormatError(`version ${version}, this decoder reads ${MAP_CASES_VERSION}`);
  const idBytes = view.getUint16(6, true);
  const count = view.getUint32(8, true);
  const headerBytes = view.getUint32(12, true);
  if (idBytes !== 0 && idBytes !== 16) throw new MapCasesFormatError(`idBytes ${idBytes}, expected 0 or 16`);
  if (headerBytes % 4 !== 0) throw new MapCasesFormatError(`header of ${headerBytes} bytes is not a multiple of 4`);
  const p = MAP_CASES_PREAMBLE + headerBytes;
  const expected = p + mapCasesBodyBytes(count, idBytes);
  if (own.byteLength !== expected) throw new MapCasesFormatError(`${own.byteLength} bytes, expected ${expected} for ${count} cases`);
  const header = readHeader(own.subarray(MAP_CASES_PREAMBLE, p));
  if (idBytes === 0 && header.ids?.length !== count) throw new MapCasesFormatError('the header lists no id for every case');
  const base = own.byteOffset;
  const at = (offset: number) => base + p + offset;
  const lngLat = new Float32Array(own.buffer, at(0), 2 * count);
  const court = new Uint16Array(own.buffer, at(8 * count), count);
  const colour = new Uint8Array(own.buffer, at(10 * count), count);
  const stage = new Uint8Array(own.buffer, at(11 * count), count);
  const flags = new Uint8Array(own.buffer, at(12 * count), count);
  const idStart = p + align4(13 * count);
  const listed = header.ids;
  const idAt = listed ? (i: number) => listed[i] ?? '' : (i: number) => uuidText(own, idStart + 16 * i);
  let index: Map<string, number> | null = null;
  return {
    count,
    header,
    lngLat,
    court,
    colour,
    stage,
    flags,
    idAt,
    indexOf(id) {
      if (!index) {
        index = new Map();
        for (let i = 0; i < count; i++) index.set(idAt(i), i);
      }
      return index.get(id) ?? -1;
    },
  };
}
