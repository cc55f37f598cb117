import type { CaseCounts } from '../../../protocol/api.ts';
import { RISK_COLOURS } from '../../../protocol/domain.ts';

/** A stacked bar of active cases by risk colour: the four-colour picture at a glance. */
export function ColourBar({ counts }: { counts: CaseCounts }) {
  const total = Math.max(1, counts.active);
  return (
    <div className="colour-bar" aria-hidden="true">
      {RISK_COLOURS.map((c) => (
        <span key={c} className={`seg seg-${c}`} style={{ width: `${(100 * counts.byColour[c]) / total}%` }} />
      ))}
    </div>
  );
}
