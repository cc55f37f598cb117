// The demo province's cases: drafted in filing order from the 'cases' stream, numbered per court,
// year and kind, then given deadlines, risk, tags and their events.
import type { Insertable } from 'kysely';
import { STAGE_NAMES, type RiskFactor } from '../../protocol/domain.ts';
import type { CaseEventTable, CaseTable, TeamTable } from '../store/index.ts';
import { amountFen, caseRiskFactors, simulateLife, yuanText, type Life } from './caseLife.ts';
import { dayOf, isoDay, officeStamp } from './days.ts';
import type { SeedOptions } from './generate.ts';
import { company, LENDERS, ORGANS, person, stem } from './names.ts';
import { placeCase, type BasicArea } from './places.ts';
import { createRng, weightedPicker } from './rng.ts';

/** A case on its way to its row: the row and what the later steps draw on. */
export interface CaseDraft {
  row: Insertable<CaseTable>;
  area: BasicArea;
  life: Life;
  resumed: boolean;
  factors: RiskFactor[];
}

/** `nCases` cases over the basic courts' areas (weighted by their people), filed in the two years before `today`. */
export function draftCases(seed: number, today: number, nCases: number, areas: readonly BasicArea[]): CaseDraft[] {
  const caseRng = createRng(seed, 'cases');
  const pickArea = weightedPicker(areas, (a) => a.weight);
  const drafts: CaseDraft[] = [];
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
  numberCases(drafts, seed, nCases);
  return drafts;
}

/** Case numbers: per court, year and kind (执 / 执恢), in filing order, with gaps for the cases the demo leaves out. */
function numberCases(drafts: readonly CaseDraft[], seed: number, nCases: number): void {
  const stride = Math.max(1, Math.round(1_200_000 / Math.max(1, nCases))); // Zhejiang files ~600,000 a year; we show a sample
  const numbering = new Map<string, CaseDraft[]>();
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
}

/**
 * Fills in each draft's deadline, risk (by the rules in `options`), tags and, for some cases at the
 * scene or at disposal, the team on it; returns every case's events, from filing to its stage today.
 */
export function completeCases(
  drafts: readonly CaseDraft[],
  seed: number,
  today: number,
  teamsOfCourt: ReadonlyMap<string, readonly Insertable<TeamTable>[]>,
  options: Pick<SeedOptions, 'assess' | 'stageDueOn'>,
): Insertable<CaseEventTable>[] {
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
  return events;
}
