import type { LimitName, Rules } from '../../config/rules.ts';
import type { CaseStage, CaseTrack } from '../../protocol/domain.ts';
import { addDays, addMonths, dayNumber, type WorkCalendar } from '../calendar/index.ts';

// Which limit governs which stage is data (config/rules.default.json, deadlines.stages); by default:
//   filing       → partiesInfoCheck    5 working days from filing
//   asset_search → assetSearch         10 working days (10-20) from entering 查控
//   service      → serviceOfDocuments  5 working days from entering 送达
//   triage       → none
//   on_site      → none; simple track: simpleTrackClosure, 3 months from filing
//   disposal     → auctionNotice       7 working days from entering disposal (= the split)
//   payout       → distributionPlan    10 working days from entering payout (= money arrived);
//                  simple track: the earlier of simplePayout (7 working days) and simpleTrackClosure
//   closed       → none

/**
 * The day a case in `stage` must leave it by (流程节点时限, seed 004), or null when no limit
 * governs the stage. Several limits: the earliest. Periods in days or months ending on a day off
 * run to the next working day (民事诉讼法 第八十五条).
 */
export function stageDueOn(
  stage: CaseStage,
  enteredOn: string,
  filedOn: string,
  track: CaseTrack | null,
  calendar: WorkCalendar,
  rules: Rules['deadlines'],
): string | null {
  dayNumber(enteredOn); // throws TypeError on a bad day even when no limit applies
  dayNumber(filedOn);
  const rule = rules.stages[stage];
  const names: readonly LimitName[] = (track && rule[track]) ?? rule.limits;
  let due: string | null = null;
  for (const name of names) {
    const limit = rules.limits[name];
    const from = limit.from === 'filed' ? filedOn : enteredOn;
    const day =
      limit.unit === 'workdays'
        ? calendar.addWorkdays(from, limit.count)
        : calendar.onOrAfter(limit.unit === 'months' ? addMonths(from, limit.count) : addDays(from, limit.count));
    if (due === null || day < due) due = day;
  }
  return due;
}

/** Whether `today` is past `dueOn`; the due day itself is not overdue, and no due day is never overdue. */
export function isOverdue(dueOn: string | null, today: string): boolean {
  if (dueOn === null) return false;
  return dayNumber(today) > dayNumber(dueOn);
}
