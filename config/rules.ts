import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Type, type Static, type TSchema } from 'typebox';
import { compileChecker } from '../protocol/check.ts';
import { CASE_STAGES, RISK_COLOURS, RISK_FACTORS, RiskColour, RiskFactor } from '../protocol/domain.ts';
import { ConfigError } from './load.ts';

// The domain rules (风险研判, 三色督办, 流程节点时限, 工作日历) as data: thresholds change by court
// and by year, so they live in config/rules.default.json, not in code.

const Note = Type.Optional(Type.String({ description: 'free comment, ignored' }));
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'calendar day YYYY-MM-DD (Asia/Shanghai)' });
const Recipients = Type.Array(Type.String({ minLength: 1 }), { maxItems: 16 });

/** Names of the stage time limits in `deadlines.limits`. */
export const LIMIT_NAMES = [
  'partiesInfoCheck',
  'assetSearch',
  'serviceOfDocuments',
  'simpleTrackClosure',
  'auctionNotice',
  'simplePayout',
  'distributionPlan',
] as const;
export const LimitName = Type.Enum(LIMIT_NAMES);
export type LimitName = Static<typeof LimitName>;

/** How a period is counted: working days, calendar days, or calendar months (clamped to month end). */
export const PeriodUnit = Type.Enum(['workdays', 'days', 'months']);
export type PeriodUnit = Static<typeof PeriodUnit>;

const Source = Type.Optional(Type.String({ description: 'where the rule comes from (seed, statute)' }));
// 'filed': counted from 立案; 'entered': from the day the case entered the stage it governs.
const Anchor = Type.Enum(['filed', 'entered']);
const stageLimit = <U extends TSchema>(unit: U, min = 1, max = 366) =>
  Type.Object({ unit, count: Type.Integer({ minimum: min, maximum: max }), from: Anchor, source: Source }, { additionalProperties: false });
const moneyLimit = Type.Object(
  { unit: PeriodUnit, count: Type.Integer({ minimum: 1, maximum: 366 }), source: Source },
  { additionalProperties: false },
);

const LimitList = Type.Array(LimitName, { maxItems: LIMIT_NAMES.length });
/** The limits governing one stage: `limits` for any track, unless the case's track has its own list. */
const StageRule = Type.Object(
  { limits: LimitList, simple: Type.Optional(LimitList), complex: Type.Optional(LimitList) },
  { additionalProperties: false },
);

const CalendarYear = Type.Object(
  { _note: Note, source: Source, holidays: Type.Array(Day), makeupWorkdays: Type.Array(Day) },
  { additionalProperties: false },
);

/** config/rules.default.json, or the file named by env RULES_FILE. */
export const RulesSchema = Type.Object(
  {
    _note: Note,
    risk: Type.Object(
      {
        _note: Note,
        /** The colour each factor implies alone. */
        factorColours: Type.Record(RiskFactor, RiskColour, { additionalProperties: false }),
        /** zh-CN label of each factor, for reasons and screens. */
        labels: Type.Record(RiskFactor, Type.String({ minLength: 1 }), { additionalProperties: false }),
        /** `atLeast` distinct factors of colour `of` raise the case to `raiseTo`. */
        escalation: Type.Array(
          Type.Object(
            { of: RiskColour, atLeast: Type.Integer({ minimum: 2, maximum: RISK_FACTORS.length }), raiseTo: RiskColour },
            { additionalProperties: false },
          ),
          { maxItems: 8 },
        ),
      },
      { additionalProperties: false },
    ),
    supervision: Type.Object(
      {
        _note: Note,
        yellowAfterMonths: Type.Integer({ minimum: 1, maximum: 24 }),
        redAfterMonths: Type.Integer({ minimum: 1, maximum: 36 }),
        pushTo: Type.Object({ green: Recipients, yellow: Recipients, red: Recipients }, { additionalProperties: false }),
      },
      { additionalProperties: false },
    ),
    deadlines: Type.Object(
      {
        _note: Note,
        limits: Type.Object(
          {
            partiesInfoCheck: stageLimit(PeriodUnit),
            // Seed 004 gives 查控 "10日至20日": the range is the schema's.
            assetSearch: stageLimit(Type.Literal('workdays'), 10, 20),
            serviceOfDocuments: stageLimit(PeriodUnit),
            simpleTrackClosure: stageLimit(PeriodUnit),
            auctionNotice: stageLimit(PeriodUnit),
            simplePayout: stageLimit(PeriodUnit),
            distributionPlan: stageLimit(PeriodUnit),
          },
          { additionalProperties: false },
        ),
        /** Limits on case money counted from its arrival (funds warnings), not tied to a stage. */
        money: Type.Object({ caseMoneyUnpaid: moneyLimit, unidentifiedMoney: moneyLimit }, { additionalProperties: false }),
        stages: Type.Record(Type.Enum(CASE_STAGES), StageRule, { additionalProperties: false }),
      },
      { additionalProperties: false },
    ),
    calendar: Type.Object(
      {
        _note: Note,
        years: Type.Record(Type.String({ pattern: '^\\d{4}$' }), CalendarYear, { additionalProperties: false }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type Rules = Static<typeof RulesSchema>;

const isRules = compileChecker(RulesSchema);
const DEFAULT_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'rules.default.json');

type Env = Readonly<Record<string, string | undefined>>;

/** Reads config/rules.default.json (or env RULES_FILE instead) and validates it; throws ConfigError naming the key. */
export function loadRules(env: Env = process.env): Rules {
  const file = env.RULES_FILE ? path.resolve(env.RULES_FILE) : DEFAULT_FILE;
  const value = readJson(file, env.RULES_FILE ? `RULES_FILE (${file})` : 'config/rules.default.json');
  if (!isRules(value)) throw explainInvalid(value);
  checkConsistency(value);
  return value;
}

/** Rules the schema cannot say: orderings between keys and the calendar's dates. */
function checkConsistency(rules: Rules): void {
  const s = rules.supervision;
  if (s.redAfterMonths <= s.yellowAfterMonths) {
    throw new ConfigError('supervision.redAfterMonths', `must exceed supervision.yellowAfterMonths (${s.yellowAfterMonths})`);
  }
  rules.risk.escalation.forEach((e, i) => {
    if (RISK_COLOURS.indexOf(e.raiseTo) >= RISK_COLOURS.indexOf(e.of)) {
      throw new ConfigError(`risk.escalation.${i}.raiseTo`, `must be more severe than "${e.of}"`);
    }
  });
  for (const [year, y] of Object.entries(rules.calendar.years)) {
    checkDays(`calendar.years.${year}.holidays`, year, y.holidays, false);
    checkDays(`calendar.years.${year}.makeupWorkdays`, year, y.makeupWorkdays, true);
  }
}

// A holiday on a weekend or a make-up day on a weekday changes nothing: it is a typo in the list.
function checkDays(key: string, year: string, days: readonly string[], weekend: boolean): void {
  days.forEach((day, i) => {
    const date = new Date(`${day}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day) {
      throw new ConfigError(`${key}.${i}`, `"${day}" is not a calendar day`);
    }
    if (!day.startsWith(`${year}-`)) throw new ConfigError(`${key}.${i}`, `"${day}" is not in ${year}`);
    const dow = date.getUTCDay();
    const isWeekend = dow === 0 || dow === 6;
    if (isWeekend !== weekend) {
      throw new ConfigError(`${key}.${i}`, `"${day}" must be a ${weekend ? 'Saturday or Sunday' : 'weekday (Monday to Friday)'}`);
    }
  });
}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(what, `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ConfigError(what, `is not valid JSON (${(err as Error).message})`);
  }
}

// `/risk/factorColours/key_person: must be one of …` → ConfigError('risk.factorColours.key_person', 'must be one of …');
// a single missing field is named in the key too.
function explainInvalid(value: unknown): ConfigError {
  const first = isRules.explain(value).split('; ')[0] ?? 'invalid';
  const [pointer = '/', ...rest] = first.split(': ');
  let key = pointer.replace(/^\//, '').replaceAll('/', '.');
  let message = rest.join(': ') || 'invalid';
  const missing = /^missing field\(s\) ([^,]+)$/.exec(message);
  if (missing) {
    key = key ? `${key}.${missing[1]}` : (missing[1] ?? '');
    message = 'is required';
  }
  return new ConfigError(key || '(root)', message);
}
