import type { Rules } from '../../config/rules.ts';

/** The calendar part of the rules: per year, weekday holidays and weekend make-up working days (调休). */
export type WorkCalendarOptions = Rules['calendar'];

// Days are 'YYYY-MM-DD' calendar days in Asia/Shanghai. We never build a Date in the machine's
// time zone: a day is its UTC midnight, counted as whole days since 1970-01-01.
const MS_PER_DAY = 86_400_000;
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a 'YYYY-MM-DD' day; TypeError naming it when it is not a real calendar day. */
export function dayNumber(day: string): number {
  const m = typeof day === 'string' ? DAY_RE.exec(day) : null;
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const ms = Date.UTC(y, mo - 1, d);
    const back = new Date(ms);
    // Date.UTC rolls 2025-02-30 over to March: a real day must come back unchanged.
    if (back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d) return ms / MS_PER_DAY;
  }
  throw new TypeError(`invalid day ${JSON.stringify(day)}: expected a calendar day as YYYY-MM-DD`);
}

/** The 'YYYY-MM-DD' day of a day number. */
export function dayString(n: number): string {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** `day` plus `n` calendar days. */
export function addDays(day: string, n: number): string {
  return dayString(dayNumber(day) + n);
}

/** `day` plus `n` calendar months, clamped to the month's end (01-31 + 1 month = 02-28, or 02-29 in a leap year). */
export function addMonths(day: string, n: number): string {
  if (!Number.isInteger(n)) throw new TypeError(`months must be an integer, got ${n}`);
  const date = new Date(dayNumber(day) * MS_PER_DAY);
  const monthIndex = date.getUTCFullYear() * 12 + date.getUTCMonth() + n;
  const [y, mo] = [Math.floor(monthIndex / 12), monthIndex % 12];
  const lastDay = new Date(Date.UTC(y, mo + 1, 0)).getUTCDate();
  return dayString(Date.UTC(y, mo, Math.min(date.getUTCDate(), lastDay)) / MS_PER_DAY);
}

/**
 * Working days in China: Monday to Friday, minus the State Council's holidays, plus its make-up
 * working days (调休). Years missing from the options are plain Monday to Friday.
 */
export class WorkCalendar {
  readonly #holidays = new Set<number>();
  readonly #makeupWorkdays = new Set<number>();

  constructor(options: WorkCalendarOptions) {
    for (const year of Object.values(options.years)) {
      for (const day of year.holidays) this.#holidays.add(dayNumber(day));
      for (const day of year.makeupWorkdays) this.#makeupWorkdays.add(dayNumber(day));
    }
  }

  /** Whether `day` is a working day. */
  isWorkday(day: string): boolean {
    return this.#isWorkday(dayNumber(day));
  }

  /**
   * The day `n` working days after `day`, not counting `day` itself (民事诉讼法 第八十五条: the
   * starting day is not counted), so 5 working days from a plain Friday end the next Friday.
   */
  addWorkdays(day: string, n: number): string {
    if (!Number.isInteger(n) || n < 0) throw new TypeError(`working days must be an integer ≥ 0, got ${n}`);
    let d = dayNumber(day);
    for (let left = n; left > 0; ) if (this.#isWorkday(++d)) left--;
    return dayString(d);
  }

  /** Working days after `from` up to and including `to`; negative when `to` is earlier (inverse of addWorkdays). */
  workdaysBetween(from: string, to: string): number {
    const [a, b] = [dayNumber(from), dayNumber(to)];
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    let count = 0;
    for (let d = lo + 1; d <= hi; d++) if (this.#isWorkday(d)) count++;
    return a <= b ? count : -count;
  }

  /** `day` if it is a working day, else the next working day (a period ending on a day off runs on, 民事诉讼法 第八十五条). */
  onOrAfter(day: string): string {
    let d = dayNumber(day);
    while (!this.#isWorkday(d)) d++;
    return dayString(d);
  }

  #isWorkday(d: number): boolean {
    if (this.#holidays.has(d)) return false;
    if (this.#makeupWorkdays.has(d)) return true;
    const dow = (((d + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday (4)
    return dow >= 1 && dow <= 5;
  }
}
