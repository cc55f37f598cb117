import { randomBytes } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import {
  ROLES,
  STAGE_NAMES,
  type ActionKind,
  type CaseStage,
  type CaseTrack,
  type RiskColour,
  type RiskFactor,
  type Role,
  type TeamStatus,
} from '../../protocol/domain.ts';
import type { ActionTable, ActionTeamTable, CaseEventTable, CaseTable, Database, DeviceTable, TeamMemberTable, TeamTable, UserTable } from '../store/schema.ts';
import { buildCourts, courtRow, pointInPolygon, type DemoCourt, type LngLat } from './courts.ts';

// The demo province: real court names and county outlines, fictional cases and people. Everything is
// drawn from seeded streams (mulberry32), so one seed gives one data set on every machine; the only
// exception is the unreturned password of the ordinary users, which must not be guessable from the seed.

export interface SeedOptions {
  seed: number;
  /** How many cases; default 50,000. 0 gives courts, teams and accounts only. */
  cases?: number;
  /** Average number of field teams per basic court (larger courts get more); default 4. */
  teamsPerBasicCourt?: number;
  /** The day the data is "as of", 'YYYY-MM-DD': cases are filed in the two years before it. */
  today: string;
  hashPassword: (plain: string) => Promise<string>;
  /**
   * Draw the demo accounts' passwords from the OS instead of the seed. With a seed that ships in the
   * default config, seeded passwords are the same on every installation; default false (seeded).
   */
  randomPasswords?: boolean;
  /** The risk rules: factors → colour, with the reasons that explain it. */
  assess: (factors: RiskFactor[]) => { colour: RiskColour; reasons: unknown[] };
  /** The flow-node deadline of a stage entered on `enteredOn`, or null where the stage has none. */
  stageDueOn: (stage: CaseStage, enteredOn: string, filedOn: string, track: CaseTrack | null) => string | null;
  onProgress?: (done: number, total: number, what: string) => void;
}

/** A demo login, returned so that the first start can print it. */
export interface DemoAccount {
  username: string;
  password: string;
  role: Role;
  courtName: string;
}

export interface SeedResult {
  accounts: DemoAccount[];
  counts: { courts: number; users: number; teams: number; cases: number; caseEvents: number; actions: number };
}

// SQLite allows 32,766 bound variables per statement; 500 rows of the widest table (cases, 23 columns) stay well under.
const BATCH = 500;
const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------------
// Seeded randomness

interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [lo, hi], both included. */
  int(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Standard normal (Box-Muller). */
  normal(): number;
  /** A version-4-shaped UUID, so demo ids look like the ones the server mints. */
  uuid(): string;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** FNV-1a: turns a stream label into 32 bits, so each part of the data has its own stream. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * One independent stream per label: the accounts' passwords do not change when the number of cases
 * does, and adding a draw to the cases does not reshuffle the teams.
 */
function createRng(seed: number, label: string): Rng {
  const next = mulberry32((seed ^ fnv1a(label)) >>> 0);
  const rng: Rng = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new RangeError('pick from an empty list');
      return item;
    },
    normal: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
    uuid: () => {
      // 337,000 ids for 50,000 cases: table lookups, not toString(16), keep this off the profile.
      const w0 = (next() * 4_294_967_296) >>> 0;
      const w1 = (next() * 4_294_967_296) >>> 0;
      const w2 = (((next() * 4_294_967_296) & 0x3fffffff) | 0x80000000) >>> 0; // variant 10xx
      const w3 = (next() * 4_294_967_296) >>> 0;
      const h = (w: number): string => BYTE_HEX[w >>> 24]! + BYTE_HEX[(w >>> 16) & 255]! + BYTE_HEX[(w >>> 8) & 255]! + BYTE_HEX[w & 255]!;
      const b = h(w1);
      const c = h(w2);
      return `${h(w0)}-${b.slice(0, 4)}-4${b.slice(5)}-${c.slice(0, 4)}-${c.slice(4)}${h(w3)}`;
    },
  };
  return rng;
}

/** Cumulative weights for O(log n) weighted picks over many draws. */
function weightedPicker<T>(items: readonly T[], weight: (item: T) => number): (r: number) => T {
  const cum: number[] = [];
  let total = 0;
  for (const it of items) {
    total += weight(it);
    cum.push(total);
  }
  return (r) => {
    const x = r * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return items[lo]!;
  };
}

// ---------------------------------------------------------------------------------------------------
// Dates: whole days since 1970-01-01 (UTC), so no time zone can shift a date.

function dayOf(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new TypeError(`not a date (YYYY-MM-DD): ${iso}`);
  return Math.floor(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS);
}

const isoDays = new Map<number, string>();

function isoDay(day: number): string {
  let iso = isoDays.get(day);
  if (iso === undefined) {
    iso = new Date(day * DAY_MS).toISOString().slice(0, 10);
    isoDays.set(day, iso);
  }
  return iso;
}

/** A timestamp on `day` during office hours in Asia/Shanghai (08:30-17:30 = 00:30-09:30 UTC). */
/** Up to `n` distinct teams' ids, drawn from `teams`. */
function pickTeams(teams: readonly { id: string }[], n: number, rng: Rng): string[] {
  const ids = teams.map((t) => t.id);
  const out: string[] = [];
  while (out.length < n && ids.length > 0) out.push(ids.splice(rng.int(0, ids.length - 1), 1)[0]!);
  return out;
}

function officeStamp(day: number, rng: Rng): string {
  const minute = rng.int(30, 570);
  return `${isoDay(day)}T${BYTE_DEC[Math.floor(minute / 60)]!}:${BYTE_DEC[minute % 60]!}:00.000Z`;
}

const BYTE_DEC = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

// ---------------------------------------------------------------------------------------------------
// Names: parties are anonymised the way published judgments do it (王某华, 杭州某某贸易有限公司).

const SURNAMES = [
  '陈', '王', '张', '李', '吴', '徐', '周', '金', '林', '胡', '杨', '黄', '朱', '方', '叶', '沈', '钱', '何', '郑', '孙',
  '潘', '应', '楼', '俞', '章', '蒋', '赵', '刘', '许', '王', '毛', '施', '郭', '洪', '汪', '姚', '丁', '邵', '项', '卢',
  '董', '谢', '余', '韩', '蔡', '马', '高', '冯', '程', '骆', '陆', '严', '范', '夏', '傅', '钟', '袁', '戴', '任', '鲍',
] as const;
const GIVEN = [
  '华', '明', '国', '建', '伟', '芳', '红', '军', '平', '英', '丽', '强', '敏', '杰', '峰', '涛', '斌', '霞', '燕', '勇',
  '刚', '辉', '玲', '萍', '飞', '亮', '磊', '娟', '静', '超', '洁', '林', '琳', '鑫', '浩', '宇', '婷', '文', '云', '海',
  '东', '春', '晓', '秀', '美', '丹', '俊', '波', '佳', '宏', '志', '新', '兰', '青', '雪', '荣', '德', '成', '健', '忠',
] as const;
const INDUSTRIES = [
  '贸易', '建设工程', '实业', '科技', '置业', '纺织', '机械制造', '电子商务', '物流', '餐饮管理', '服饰', '五金制品',
  '汽车销售', '房地产开发', '建材', '进出口', '商贸', '印染', '食品', '装饰工程', '网络科技', '投资管理', '化工', '塑业',
] as const;
/** 裁执分离 applicants are administrative organs; 某某 keeps them from naming a real one. */
const ORGANS = ['某某街道办事处', '某某镇人民政府', '某某乡人民政府', '某某开发区管理委员会'] as const;
const LENDERS = ['某某银行股份有限公司{city}分行', '{city}某某农村商业银行股份有限公司', '{county}某某小额贷款有限公司', '某某融资担保有限公司'] as const;

function stem(name: string): string {
  return name.replace(/(畲族自治县|自治县|区|县|市)$/, '');
}

function person(rng: Rng): string {
  return `${rng.pick(SURNAMES)}某${rng.pick(GIVEN)}`;
}

/** A staff member's name (they are people of the demo courts, not parties, so not anonymised). */
function staffName(rng: Rng): string {
  return rng.pick(SURNAMES) + rng.pick(GIVEN) + (rng.chance(0.7) ? rng.pick(GIVEN) : '');
}

function company(rng: Rng, place: string): string {
  return `${place}某某${rng.pick(INDUSTRIES)}${rng.chance(0.08) ? '股份' : ''}有限公司`;
}

const CN_DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;
/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (team numbers). */
function chineseNumber(n: number): string {
  if (n < 10) return CN_DIGITS[n]!;
  const tens = Math.floor(n / 10);
  return `${tens === 1 ? '' : CN_DIGITS[tens]!}十${CN_DIGITS[n % 10]!}`;
}

// ---------------------------------------------------------------------------------------------------
// Where the cases are: rough resident populations (2020 census, 10,000s) weight the courts' caseloads.

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

/** Plate letters of the cities (浙A 杭州 … 浙L 舟山), for the teams' vehicles. */
const PLATE_LETTER: Record<string, string> = {
  杭州市: 'A', 宁波市: 'B', 温州市: 'C', 绍兴市: 'D', 湖州市: 'E', 嘉兴市: 'F', 金华市: 'G', 衢州市: 'H', 台州市: 'J', 丽水市: 'K', 舟山市: 'L',
};

const PLATE_SERIES = [...'DFGHJKLMNPQRSTUVWXYZ'];

/** A basic court with what the generator needs to place its cases. */
interface BasicArea {
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

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

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
function placeCase(a: BasicArea, rng: Rng): LngLat {
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

// ---------------------------------------------------------------------------------------------------
// A case's life along the flow nodes (seed 004), walked up to `today`.

type Outcome = 'paid_on_freeze' | 'performed' | 'no_assets' | 'disposal';

interface Life {
  history: { stage: CaseStage; day: number }[];
  track: CaseTrack | null;
  outcome: Outcome;
}

function simulateLife(rng: Rng, filedDay: number, today: number): Life {
  // Some cases stall (respondent hiding, appeals, objections): every step takes 2-4× as long.
  const stall = rng.chance(0.15) ? 2 + rng.next() * 2 : 1;
  const track: CaseTrack = rng.chance(0.62) ? 'simple' : 'complex';
  const r = rng.next();
  let outcome: Outcome;
  if (r < 0.18) outcome = 'paid_on_freeze';
  else if (track === 'simple') outcome = r < 0.55 ? 'performed' : r < 0.9 ? 'no_assets' : 'disposal';
  else outcome = r < 0.35 ? 'performed' : r < 0.7 ? 'no_assets' : 'disposal';

  // [stage, days from the previous stage until this one is entered]
  const path: [CaseStage, number][] = [['asset_search', rng.int(1, 5)]];
  if (outcome === 'paid_on_freeze') {
    path.push(['payout', rng.int(7, 25)], ['closed', rng.int(3, 15)]);
  } else {
    path.push(['service', rng.int(7, 20)], ['triage', rng.int(3, 12)], ['on_site', rng.int(2, 7)]);
    const onSite = track === 'simple' ? rng.int(15, 60) : rng.int(30, 150);
    if (outcome === 'performed') path.push(['payout', onSite], ['closed', rng.int(5, 20)]);
    else if (outcome === 'no_assets') path.push(['closed', onSite]);
    else path.push(['disposal', onSite], ['payout', rng.int(60, 200)], ['closed', rng.int(10, 30)]);
  }
  const history: Life['history'] = [{ stage: 'filing', day: filedDay }];
  let day = filedDay;
  for (const [stage, days] of path) {
    day += Math.max(1, Math.round(days * stall));
    if (day > today) break;
    history.push({ stage, day });
  }
  const reachedOnSite = history.some((h) => h.stage === 'on_site');
  return { history, track: reachedOnSite ? track : null, outcome };
}

// ---------------------------------------------------------------------------------------------------
// Risk: most cases have no factor; violence is rare. Probabilities per case, before correlations.

function caseRiskFactors(rng: Rng, amountFen: number, companyRespondent: boolean): RiskFactor[] {
  const f: RiskFactor[] = [];
  const big = amountFen >= 500_0000_00; // 500万元
  const keyPerson = rng.chance(0.03);
  if (keyPerson) f.push('key_person');
  if (rng.chance(keyPerson ? 0.03 : 0.004)) f.push('violence_risk');
  if (rng.chance((big ? 0.06 : 0.01) * (companyRespondent ? 1.5 : 1))) f.push('group_incident');
  if (rng.chance(big ? 0.03 : 0.008)) f.push('stability_risk');
  if (rng.chance(keyPerson ? 0.3 : 0.02)) f.push('petition');
  if (rng.chance(big ? 0.04 : 0.007)) f.push('public_opinion');
  if (rng.chance(0.04)) f.push('past_resistance');
  return f;
}

/** What an action adds to its case's factors, with the chance: evictions gather crowds, searches meet resistance. */
const ACTION_RISK: Record<ActionKind, readonly (readonly [RiskFactor, number])[]> = {
  search: [['violence_risk', 0.03], ['past_resistance', 0.08]],
  seizure: [['group_incident', 0.03], ['past_resistance', 0.06]],
  eviction: [['group_incident', 0.15], ['violence_risk', 0.06], ['stability_risk', 0.05], ['public_opinion', 0.05]],
  summons: [['violence_risk', 0.02], ['past_resistance', 0.1]],
};

function amountFen(rng: Rng): number {
  // Log-normal: median 8万元; kept within 1万 to 5000万元 by drawing again, not by clamping (no spikes at the ends).
  for (;;) {
    const yuan = Math.exp(Math.log(80_000) + 1.5 * rng.normal());
    if (yuan < 10_000 || yuan > 50_000_000) continue;
    return rng.chance(0.7) ? Math.round(yuan) * 100 : Math.round(yuan * 100);
  }
}

// One formatter: toLocaleString() builds a new one per call, which costs seconds over 50,000 cases.
const YUAN = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function yuanText(fen: number): string {
  return `${YUAN.format(fen / 100)}元`;
}

// ---------------------------------------------------------------------------------------------------

async function insertBatches<T extends keyof Database & string>(
  db: Kysely<Database>,
  table: T,
  rows: readonly Insertable<Database[T]>[],
  onProgress: SeedOptions['onProgress'],
): Promise<void> {
  if (rows.length === 0) return;
  // One transaction per table: one fsync, not one per batch.
  await db.transaction().execute(async (trx) => {
    let reported = 0;
    for (let i = 0; i < rows.length; i += BATCH) {
      await trx.insertInto(table).values(rows.slice(i, i + BATCH)).execute();
      const done = Math.min(i + BATCH, rows.length);
      // About every tenth and the last: 287,000 events would otherwise be 575 progress lines.
      if (done === rows.length || done - reported >= rows.length / 10) {
        reported = done;
        onProgress?.(done, rows.length, table);
      }
    }
  });
}

/** Where each demo account sits (DOMAIN.md: leaders and supervisors above, the center in the city). */
const DEMO_ACCOUNTS: Record<Role, { court: 'high' | 'city' | 'district'; title: string }> = {
  operator: { court: 'city', title: '值班员' },
  dispatcher: { court: 'city', title: '调度员' },
  leader: { court: 'high', title: '执行局长' },
  field_officer: { court: 'district', title: '执行干警' },
  supervisor: { court: 'high', title: '执行局督办员' },
  sysadmin: { court: 'high', title: '系统管理员' },
  secadmin: { court: 'high', title: '安全管理员' },
  auditadmin: { court: 'high', title: '审计管理员' },
};

const PASSWORD_CHARS = [...'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789'];

function demoPassword(rng: Rng): string {
  // Mixed classes so a password policy that wants letters and digits accepts it; no 0/O/1/l/I to misread.
  for (;;) {
    let p = '';
    for (let i = 0; i < 8; i++) p += rng.pick(PASSWORD_CHARS);
    if (/[A-Z]/.test(p) && /[a-z]/.test(p) && /[2-9]/.test(p)) return p;
  }
}

/** Bounded parallelism: scrypt runs on libuv's pool; more at once only queues and holds memory. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * Fills an empty database with the demo province: 101 real courts of Zhejiang on their real counties,
 * ≥ 300 field teams, demo accounts (one per role), `cases` fictional cases with timelines, and a few
 * hundred planned or ongoing actions. Deterministic for a seed (apart from password salts).
 */
export async function seedDemoData(db: Kysely<Database>, options: SeedOptions): Promise<SeedResult> {
  const nCases = options.cases ?? 50_000;
  const teamsBase = options.teamsPerBasicCourt ?? 4;
  if (!Number.isInteger(nCases) || nCases < 0) throw new TypeError(`cases must be a non-negative integer, got ${nCases}`);
  if (!Number.isInteger(teamsBase) || teamsBase < 1) throw new TypeError(`teamsPerBasicCourt must be a positive integer, got ${teamsBase}`);
  const today = dayOf(options.today);
  const seed = options.seed >>> 0;
  const progress = options.onProgress;

  // --- courts
  const courts = buildCourts();
  const byId = new Map(courts.map((c) => [c.id, c]));
  const high = courts.find((c) => c.level === 'high')!;
  const geoRng = createRng(seed, 'geo');
  const areas = courts
    .filter((c) => c.level === 'basic')
    .map((c) => prepareArea(c, byId.get(c.parentId!)!, geoRng));
  const areaByCourt = new Map(areas.map((a) => [a.court.id, a]));
  const meanWeight = areas.reduce((s, a) => s + a.weight, 0) / areas.length;
  const hangzhou = courts.find((c) => c.name === '杭州市中级人民法院');
  const xihu = courts.find((c) => c.name === '杭州市西湖区人民法院');
  if (!hangzhou || !xihu) throw new TypeError('the demo needs 杭州市中级人民法院 and 杭州市西湖区人民法院');

  // --- users: one demo account per role, plus the ordinary staff
  const userRng = createRng(seed, 'users');
  const accountRng = createRng(seed, 'accounts');
  const osRng = createRng(randomBytes(4).readUInt32LE(0), 'accounts');
  const createdAt = new Date((today - 760) * DAY_MS + 60 * 60_000).toISOString();
  const users: Insertable<UserTable>[] = [];
  const accounts: DemoAccount[] = [];
  const demoUserId = new Map<Role, string>();
  const displayName = new Map<string, string>();
  for (const role of ROLES) {
    const where = DEMO_ACCOUNTS[role];
    const court = where.court === 'high' ? high : where.court === 'city' ? hangzhou : xihu;
    const password = demoPassword(options.randomPasswords ? osRng : accountRng);
    const id = userRng.uuid();
    demoUserId.set(role, id);
    accounts.push({ username: `demo.${role}`, password, role, courtName: court.name });
    displayName.set(id, `演示·${where.title}`);
    users.push({ id, username: `demo.${role}`, display_name: `演示·${where.title}`, court_id: court.id, role, password_hash: '', locked_until: null, created_at: createdAt });
  }
  const hashes = await mapLimit(accounts, 4, (a) => options.hashPassword(a.password));
  hashes.forEach((h, i) => (users[i]!.password_hash = h));
  // The staff accounts make the directory realistic but are not for logging in: they share one hash of a
  // password drawn from the OS (never from the seed, never returned). One scrypt instead of ~450 keeps
  // the first start to seconds at production cost; a system admin sets real passwords when needed.
  const staffHash = await options.hashPassword(randomBytes(18).toString('base64url'));
  const staffUser = (court: DemoCourt, role: Role, prefix: string, n: number): string => {
    const id = userRng.uuid();
    const name = staffName(userRng);
    displayName.set(id, name);
    users.push({ id, username: `${prefix}.${court.divisionCode}.${n}`, display_name: name, court_id: court.id, role, password_hash: staffHash, locked_until: null, created_at: createdAt });
    return id;
  };
  for (const c of courts) {
    if (c.level === 'intermediate') {
      staffUser(c, 'operator', 'op', 1);
      staffUser(c, 'dispatcher', 'dp', 1);
    } else if (c.level === 'basic') {
      staffUser(c, 'operator', 'op', 1);
    }
  }

  // --- teams, members (each team led by a field officer with an account), devices
  const teamRng = createRng(seed, 'teams');
  const teams: Insertable<TeamTable>[] = [];
  const members: Insertable<TeamMemberTable>[] = [];
  const devices: Insertable<DeviceTable>[] = [];
  const teamsOfCourt = new Map<string, Insertable<TeamTable>[]>();
  let serial = 0;
  const addTeam = (court: DemoCourt, name: string, leaderUserId: string): void => {
    const city = court.level === 'basic' ? byId.get(court.parentId!)! : court;
    const letter = PLATE_LETTER[city.divisionName] ?? 'A';
    const team: Insertable<TeamTable> = {
      id: teamRng.uuid(),
      court_id: court.id,
      name,
      leader_user_id: leaderUserId,
      vehicle: `浙${letter}·${teamRng.pick(PLATE_SERIES)}${String(teamRng.int(1000, 9999))}`,
      status: 'idle',
      last_lng: round6(court.lng + teamRng.normal() * 0.002),
      last_lat: round6(court.lat + teamRng.normal() * 0.002),
      last_position_at: officeStamp(today, teamRng),
    };
    teams.push(team);
    const list = teamsOfCourt.get(court.id) ?? [];
    list.push(team);
    teamsOfCourt.set(court.id, list);
    const leaderDuty = teamRng.chance(0.7) ? 'judge' : 'police';
    const duties = ['judge', 'assistant', 'clerk', 'police'];
    if (teamRng.chance(0.6)) duties.push('assistant');
    for (let i = teamRng.int(1, 3); i > 0; i--) duties.push('police');
    const leaderIndex = duties.indexOf(leaderDuty);
    duties.forEach((duty, i) => {
      const isLeader = i === leaderIndex;
      members.push({ team_id: team.id, name: isLeader ? displayName.get(leaderUserId)! : staffName(teamRng), duty, user_id: isLeader ? leaderUserId : null });
    });
    // Seizure, search and eviction need two or more recorders (DOMAIN.md): every team carries two body cams.
    for (const kind of ['body_cam', 'body_cam', 'unit_4g']) {
      serial++;
      devices.push({
        id: teamRng.uuid(),
        team_id: team.id,
        kind,
        serial: `${kind === 'body_cam' ? 'DSJ' : 'DB4G'}-${String(teamRng.int(10, 99))}${String(serial).padStart(6, '0')}`,
        battery: teamRng.chance(0.05) ? null : teamRng.int(25, 100),
      });
    }
  };
  for (const c of courts) {
    if (c.level === 'intermediate') {
      addTeam(c, '执行指挥中心直属组', staffUser(c, 'field_officer', 'fo', 1));
    } else if (c.level === 'basic') {
      const w = areaByCourt.get(c.id)!.weight;
      const n = Math.max(2, Math.min(teamsBase * 2, Math.round(teamsBase * Math.sqrt(w / meanWeight))));
      for (let i = 1; i <= n; i++) {
        const leader = c.id === xihu.id && i === 1 ? demoUserId.get('field_officer')! : staffUser(c, 'field_officer', 'fo', i);
        addTeam(c, `执行${chineseNumber(i)}组`, leader);
      }
    }
  }

  // --- cases
  const caseRng = createRng(seed, 'cases');
  const pickArea = weightedPicker(areas, (a) => a.weight);
  const stride = Math.max(1, Math.round(1_200_000 / Math.max(1, nCases))); // Zhejiang files ~600,000 a year; we show a sample
  interface Draft {
    row: Insertable<CaseTable>;
    area: BasicArea;
    life: Life;
    resumed: boolean;
    factors: RiskFactor[];
  }
  const drafts: Draft[] = [];
  for (let i = 0; i < nCases; i++) {
    const area = pickArea(caseRng.next());
    // Filings grow a little year on year: density rises towards today.
    // Density of age t (in two-year units, 0 = today) ∝ 1.5 − t; inverse CDF t = 1.5 − √(2.25 − 2u).
    const filedDay = today - Math.min(729, Math.floor(730 * (1.5 - Math.sqrt(2.25 - 2 * caseRng.next()))));
    const life = simulateLife(caseRng, filedDay, today);
    const last = life.history[life.history.length - 1]!;
    const handedOver = caseRng.chance(0.05);
    const fen = amountFen(caseRng);
    const city = stem(area.cityName);
    const county = stem(area.countyName);
    let applicant: string;
    if (handedOver) applicant = `${area.countyName}${caseRng.pick(ORGANS)}`;
    else {
      const r = caseRng.next();
      applicant = r < 0.5 ? person(caseRng) : r < 0.82 ? company(caseRng, caseRng.chance(0.7) ? city : county) : caseRng.pick(LENDERS).replace('{city}', city).replace('{county}', county);
    }
    const companyRespondent = caseRng.chance(0.33);
    let respondent = companyRespondent ? company(caseRng, caseRng.chance(0.6) ? city : county) : person(caseRng);
    if (caseRng.chance(0.1)) respondent += `、${person(caseRng)}`;
    const [lng, lat] = placeCase(area, caseRng);
    const factors = caseRiskFactors(caseRng, fen, companyRespondent);
    const closed = last.stage === 'closed';
    drafts.push({
      area,
      life,
      resumed: caseRng.chance(0.02),
      factors,
      row: {
        id: caseRng.uuid(),
        case_number: '',
        court_id: area.court.id,
        applicant,
        respondent,
        amount_fen: fen,
        filed_on: isoDay(filedDay),
        track: life.track,
        stage: last.stage,
        stage_entered_on: isoDay(last.day),
        stage_due_on: null,
        handed_over_on: handedOver ? isoDay(Math.min(today, filedDay + caseRng.int(3, 20))) : null,
        risk_factors: '[]',
        risk_colour: 'green',
        risk_reasons: '[]',
        colour_override: null,
        override_reason: null,
        tags: '[]',
        lng,
        lat,
        team_id: null,
        closed_on: closed ? isoDay(last.day) : null,
      },
    });
  }

  // Case numbers: per court, year and kind (执 / 执恢), in filing order, with gaps for the cases the demo leaves out.
  const numbering = new Map<string, Draft[]>();
  for (const d of drafts) {
    const key = `${d.area.court.caseCode}|${d.row.filed_on.slice(0, 4)}|${d.resumed ? '执恢' : '执'}`;
    const list = numbering.get(key) ?? [];
    list.push(d);
    numbering.set(key, list);
  }
  const numberRng = createRng(seed, 'numbers');
  for (const [key, list] of [...numbering].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const [code, year, kind] = key.split('|');
    list.sort((a, b) => (a.row.filed_on < b.row.filed_on ? -1 : a.row.filed_on > b.row.filed_on ? 1 : 0));
    const step = kind === '执恢' ? Math.max(1, Math.round(stride / 20)) : stride;
    let seq = numberRng.int(0, step - 1);
    for (const d of list) {
      seq += numberRng.int(1, 2 * step - 1);
      d.row.case_number = `(${year})${code}${kind}${seq}号`;
    }
  }

  // Deadlines, risk, tags, events
  const events: Insertable<CaseEventTable>[] = [];
  const eventRng = createRng(seed, 'events');
  const todayIso = isoDay(today);
  for (const d of drafts) {
    const r = d.row;
    r.stage_due_on = options.stageDueOn(r.stage, r.stage_entered_on, r.filed_on, r.track ?? null);
    // 节点超期 is computed, not observed: a case past its node's deadline on `today` carries it.
    if (r.closed_on === null && r.stage_due_on !== null && r.stage_due_on < todayIso) d.factors.push('overdue_node');
    const risk = options.assess([...d.factors]);
    r.risk_factors = JSON.stringify(d.factors);
    r.risk_colour = risk.colour;
    r.risk_reasons = JSON.stringify(risk.reasons);
    const tags: string[] = [];
    if (r.amount_fen >= 1000_0000_00 || risk.colour === 'red' || d.factors.includes('key_person')) tags.push('重点案件');
    if (d.factors.includes('group_incident')) tags.push('涉众');
    if (d.factors.includes('stability_risk')) tags.push('涉稳');
    if (r.handed_over_on) tags.push('裁执分离');
    r.tags = JSON.stringify(tags);
    if (r.closed_on === null && (r.stage === 'on_site' || r.stage === 'disposal') && eventRng.chance(0.45)) {
      r.team_id = eventRng.pick(teamsOfCourt.get(r.court_id)!).id;
    }

    const caseId = r.id;
    const filedDay = d.life.history[0]!.day;
    events.push({ id: eventRng.uuid(), case_id: caseId, at: officeStamp(filedDay, eventRng), kind: 'filed', text: `立案：${r.case_number}，标的额${yuanText(r.amount_fen)}`, actor_user_id: null });
    if (r.handed_over_on) {
      events.push({ id: eventRng.uuid(), case_id: caseId, at: officeStamp(dayOf(r.handed_over_on), eventRng), kind: 'handed_over', text: `裁执分离：裁定移交${r.applicant}组织实施`, actor_user_id: null });
    }
    for (const h of d.life.history.slice(1)) {
      let text = `进入${STAGE_NAMES[h.stage]}`;
      if (h.stage === 'on_site') text = `繁简分流：${d.life.track === 'simple' ? '简案' : '繁案'}；进入实施`;
      if (h.stage === 'closed') text = d.life.outcome === 'no_assets' ? '终结本次执行程序（终本）' : '执行完毕，结案';
      events.push({ id: eventRng.uuid(), case_id: caseId, at: officeStamp(h.day, eventRng), kind: h.stage === 'closed' ? 'closed' : 'stage', text, actor_user_id: null });
    }
  }

  // --- actions on active cases at the scene or at disposal
  const actionRng = createRng(seed, 'actions');
  const candidates = drafts.filter((d) => d.row.closed_on === null && (d.row.stage === 'on_site' || d.row.stage === 'disposal'));
  const nActions = Math.min(candidates.length, Math.max(20, Math.min(600, Math.round(nCases / 150))));
  for (let i = candidates.length - 1; i > 0; i--) {
    const j = actionRng.int(0, i);
    [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
  }
  const actions: Insertable<ActionTable>[] = [];
  const actionTeams: Insertable<ActionTeamTable>[] = [];
  // Its own stream, so assigning teams leaves every other seeded value as it was.
  const assignRng = createRng(seed, 'action-teams');
  const assignedAt = new Date(today * DAY_MS).toISOString();
  const busy = new Set<string>();
  for (const d of candidates.slice(0, nActions)) {
    const r = d.row;
    const kind: ActionKind =
      r.stage === 'disposal'
        ? actionRng.pick(['eviction', 'eviction', 'seizure'] as const)
        : actionRng.pick(['seizure', 'seizure', 'search', 'summons', 'summons'] as const);
    // 节点超期 belongs to the case's clock, not to the operation on site.
    const factors: RiskFactor[] = d.factors.filter((f) => f !== 'overdue_node');
    for (const [f, p] of ACTION_RISK[kind]) {
      if (!factors.includes(f) && actionRng.chance(p)) factors.push(f);
    }
    const risk = options.assess([...factors]);
    const free = (teamsOfCourt.get(r.court_id) ?? []).filter((t) => !busy.has(t.id));
    const ongoing = free.length > 0 && actionRng.chance(0.25);
    let plannedAt: string;
    if (ongoing) {
      const team = actionRng.pick(free);
      busy.add(team.id);
      team.status = 'on_scene';
      team.last_lng = round6(r.lng + actionRng.normal() * 0.0003);
      team.last_lat = round6(r.lat + actionRng.normal() * 0.0003);
      r.team_id = team.id;
      plannedAt = new Date(today * DAY_MS + actionRng.int(30, 180) * 60_000).toISOString();
    } else {
      plannedAt = new Date((today + actionRng.int(1, 14)) * DAY_MS + actionRng.int(30, 420) * 60_000).toISOString();
    }
    const actionId = actionRng.uuid();
    // The team on site for an ongoing action; for a planned one, one or two of the court's teams
    // (an eviction needs more hands), which may also be down for other planned actions.
    const courtTeams = teamsOfCourt.get(r.court_id) ?? [];
    const assigned = ongoing && r.team_id ? [r.team_id] : pickTeams(courtTeams, kind === 'eviction' ? 2 : 1, assignRng);
    for (const teamId of assigned) actionTeams.push({ action_id: actionId, team_id: teamId, assigned_at: assignedAt });
    actions.push({
      id: actionId,
      case_id: r.id,
      court_id: r.court_id,
      kind,
      planned_at: plannedAt,
      status: ongoing ? 'ongoing' : 'planned',
      risk_factors: JSON.stringify(factors),
      risk_colour: risk.colour,
      risk_reasons: JSON.stringify(risk.reasons),
      lng: r.lng,
      lat: r.lat,
    });
  }
  // A few teams on the road: heading to (or back from) one of their court's active cases.
  const activeByCourt = new Map<string, Draft[]>();
  for (const d of drafts) {
    if (d.row.closed_on !== null) continue;
    const list = activeByCourt.get(d.row.court_id) ?? [];
    list.push(d);
    activeByCourt.set(d.row.court_id, list);
  }
  for (const team of teams) {
    if (busy.has(team.id)) continue;
    const r = actionRng.next();
    const status: TeamStatus = r < 0.05 ? 'en_route' : r < 0.08 ? 'returning' : 'idle';
    const targets = activeByCourt.get(team.court_id);
    if (status === 'idle' || !targets?.length) continue;
    const target = actionRng.pick(targets).row;
    const court = byId.get(team.court_id)!;
    const t = 0.2 + actionRng.next() * 0.6;
    team.status = status;
    team.last_lng = round6(court.lng + (target.lng - court.lng) * t);
    team.last_lat = round6(court.lat + (target.lat - court.lat) * t);
  }

  // --- write, parents first (foreign keys are on)
  await insertBatches(db, 'courts', courts.map(courtRow), progress);
  await insertBatches(db, 'users', users, progress);
  await insertBatches(db, 'teams', teams, progress);
  await insertBatches(db, 'team_members', members, progress);
  await insertBatches(db, 'devices', devices, progress);
  await insertBatches(
    db,
    'cases',
    drafts.map((d) => d.row),
    progress,
  );
  await insertBatches(db, 'case_events', events, progress);
  await insertBatches(db, 'actions', actions, progress);
  await insertBatches(db, 'action_teams', actionTeams, progress);

  return {
    accounts,
    counts: { courts: courts.length, users: users.length, teams: teams.length, cases: drafts.length, caseEvents: events.length, actions: actions.length },
  };
}
