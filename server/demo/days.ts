// Dates of the demo province: whole days since 1970-01-01 (UTC), so no time zone can shift a date.
import type { Rng } from './rng.ts';

/** One day in milliseconds. */
export const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' → whole days since 1970-01-01; TypeError for anything else. */
export function dayOf(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new TypeError(`not a date (YYYY-MM-DD): ${iso}`);
  return Math.floor(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS);
}

const isoDays = new Map<number, string>();

/** Whole days since 1970-01-01 → 'YYYY-MM-DD'; cached, as the same 730-odd days recur in every table. */
export function isoDay(day: number): string {
  let iso = isoDays.get(day);
  if (iso === undefined) {
    iso = new Date(day * DAY_MS).toISOString().slice(0, 10);
    isoDays.set(day, iso);
  }
  return iso;
}

const BYTE_DEC = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/** A timestamp on `day` during office hours in Asia/Shanghai (08:30-17:30 = 00:30-09:30 UTC). */
export function officeStamp(day: number, rng: Rng): string {
  const minute = rng.int(30, 570);
  return `${isoDay(day)}T${BYTE_DEC[Math.floor(minute / 60)]!}:${BYTE_DEC[minute % 60]!}:00.000Z`;
}
