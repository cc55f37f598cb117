import type { Rules } from '../../config/rules.ts';
import type { SupervisionColour } from '../../protocol/domain.ts';
import { addMonths, daysBetween } from '../calendar/index.ts';

/** Where a handed-over case stands on the supervision clock, and who is told. */
export interface SupervisionState {
  colour: SupervisionColour;
  /** Calendar days from hand-over to `today`. */
  elapsedDays: number;
  /** Who the colour is pushed to (empty for green). */
  pushedTo: string[];
}

/**
 * The 三色督办 colour of a 裁执分离 case (seed 000): green while `today` is within
 * `yellowAfterMonths` calendar months of hand-over (the day the ruling was served), yellow after
 * that, red after `redAfterMonths`. Months clamp to month end (01-31 + 1 month = 02-28/29). For a
 * finished case pass its finish day as `today`. A `today` before hand-over is impossible data and
 * throws TypeError rather than showing green.
 */
export function supervisionColour(handedOverOn: string, today: string, rules: Rules['supervision']): SupervisionState {
  const elapsedDays = daysBetween(handedOverOn, today);
  if (elapsedDays < 0) throw new TypeError(`today ${today} is before the hand-over on ${handedOverOn}`);
  // Seed 000: "超过1个月未办结的…黄码；超过3个月未办结的赋为红码": the limit day itself is not over.
  const colour: SupervisionColour =
    today > addMonths(handedOverOn, rules.redAfterMonths) ? 'red' : today > addMonths(handedOverOn, rules.yellowAfterMonths) ? 'yellow' : 'green';
  return { colour, elapsedDays, pushedTo: [...rules.pushTo[colour]] };
}

/**
 * The clock as a case page shows it: a hand-over recorded after today (a data-entry slip) shows as
 * just started, green with 0 days, rather than failing the page.
 */
export function supervisionOfCase(handedOverOn: string, today: string, rules: Rules['supervision']): SupervisionState {
  return supervisionColour(handedOverOn, handedOverOn > today ? handedOverOn : today, rules);
}
