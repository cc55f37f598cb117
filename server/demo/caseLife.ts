// A fictional case's own draws: its life along the flow nodes, its amount, its risk factors.
import type { CaseStage, CaseTrack, RiskFactor } from '../../protocol/domain.ts';
import type { Rng } from './rng.ts';

// ---------------------------------------------------------------------------------------------------
// A case's life along the flow nodes (seed 004), walked up to `today`.

type Outcome = 'paid_on_freeze' | 'performed' | 'no_assets' | 'disposal';

/** The stages a case has entered (the first is filing, on the filing day), its track and where it ends. */
export interface Life {
  history: { stage: CaseStage; day: number }[];
  track: CaseTrack | null;
  outcome: Outcome;
}

/** Walks a case filed on `filedDay` through the flow nodes, stopping at `today`. */
export function simulateLife(rng: Rng, filedDay: number, today: number): Life {
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

/** The risk factors a case carries from filing (节点超期 is added later, against its deadline). */
export function caseRiskFactors(rng: Rng, amountFen: number, companyRespondent: boolean): RiskFactor[] {
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

/** The amount at stake, in fen. */
export function amountFen(rng: Rng): number {
  // Log-normal: median 8万元; kept within 1万 to 5000万元 by drawing again, not by clamping (no spikes at the ends).
  for (;;) {
    const yuan = Math.exp(Math.log(80_000) + 1.5 * rng.normal());
    if (yuan < 10_000 || yuan > 50_000_000) continue;
    return rng.chance(0.7) ? Math.round(yuan) * 100 : Math.round(yuan * 100);
  }
}

// One formatter: toLocaleString() builds a new one per call, which costs seconds over 50,000 cases.
const YUAN = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** The amount in yuan as a filing event writes it: 12,345.00元. */
export function yuanText(fen: number): string {
  return `${YUAN.format(fen / 100)}元`;
}
