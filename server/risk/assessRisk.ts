import type { Rules } from '../../config/rules.ts';
import { RISK_COLOURS, RISK_FACTORS, type RiskColour, type RiskFactor } from '../../protocol/domain.ts';

/** One line of a risk judgement: a factor with the colour it implies, or the escalation that raised the case. */
export interface RiskReason {
  factor: RiskFactor | 'escalation';
  colour: RiskColour;
  text: string;
}

/** A case's risk colour (风险研判) and the reasons for it, most severe first. */
export interface RiskAssessment {
  colour: RiskColour;
  reasons: RiskReason[];
}

const COLOUR_NAMES: Record<RiskColour, string> = { red: '红色', yellow: '黄色', blue: '蓝色', green: '绿色' };
// RISK_COLOURS runs most severe first, so a lower index is more severe.
const severity = (c: RiskColour): number => RISK_COLOURS.length - RISK_COLOURS.indexOf(c);

/**
 * The colour of a set of risk factors: the most severe colour a factor implies, raised by the
 * escalation rules (e.g. 2 yellow factors → red). Escalation counts distinct factors of exactly
 * its colour, as configured; colours it produces are not counted again (no cascade). The colour
 * must be explainable (DOMAIN.md, 风险研判), so every factor is listed with its colour.
 */
export function assessRisk(factors: readonly RiskFactor[], rules: Rules['risk']): RiskAssessment {
  // A factor recorded twice is still one factor; keep the canonical order for stable reasons.
  const present = RISK_FACTORS.filter((f) => factors.includes(f));
  const reasons: RiskReason[] = present.map((f) => ({
    factor: f,
    colour: rules.factorColours[f],
    text: `${rules.labels[f]}：${COLOUR_NAMES[rules.factorColours[f]]}`,
  }));
  const base = reasons.reduce<RiskColour>((worst, r) => (severity(r.colour) > severity(worst) ? r.colour : worst), 'green');
  let colour = base;
  const escalations: RiskReason[] = [];
  for (const rule of rules.escalation) {
    const matching = present.filter((f) => rules.factorColours[f] === rule.of);
    // Only a rule that raises the case above its factors' own colour is a reason.
    if (matching.length < rule.atLeast || severity(rule.raiseTo) <= severity(base)) continue;
    const names = matching.map((f) => rules.labels[f]).join('、');
    escalations.push({
      factor: 'escalation',
      colour: rule.raiseTo,
      text: `${matching.length}项${COLOUR_NAMES[rule.of]}因素（${names}），升为${COLOUR_NAMES[rule.raiseTo]}`,
    });
    if (severity(rule.raiseTo) > severity(colour)) colour = rule.raiseTo;
  }
  // Most severe first; at equal colour the escalation leads, since it is what made the colour.
  const ordered = [...escalations, ...reasons].sort((a, b) => severity(b.colour) - severity(a.colour));
  return { colour, reasons: ordered };
}
