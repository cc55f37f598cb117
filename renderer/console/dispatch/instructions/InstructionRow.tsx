import { memo } from 'react';
import type { InstructionView } from '../../../../protocol/instruction.ts';
import { formatDelta, formatTime } from '../../../lib/format.ts';
import { t } from '../../../lib/i18n.ts';
import type { DispatchModel } from '../DispatchModel.ts';
import { FeedbackPhoto } from './FeedbackPhoto.tsx';

/** One instruction and, per team, its state and how long each step took after the issue. */
export const InstructionRow = memo(function InstructionRow({ view, model }: { view: InstructionView; model: DispatchModel }) {
  return (
    <li className={`instr prio-${view.priority}`} data-testid="console-instruction" data-instruction-id={view.id}>
      <div className="instr-head">
        <span className={`prio prio-${view.priority}`}>{t(`priority.${view.priority}`)}</span>
        <span className="instr-text">{view.text}</span>
        <span className="muted small">
          {formatTime(view.issuedAt)} · {view.issuedBy.name}
        </span>
      </div>
      <ul className="targets">
        {view.targets.map((target) => (
          <li key={target.teamId} className={`target state-${target.state}`} data-testid="target" data-team-id={target.teamId} data-state={target.state}>
            <span className="target-team">{target.teamName}</span>
            <span className="target-state" data-testid="target-state">
              {t(`instructionState.${target.state}`)}
            </span>
            <span className="timings muted small">
              {t('instructions.issuedAt', { time: formatTime(view.issuedAt) })}
              {target.deliveredAt && ` → ${t('instructions.deliveredAfter', { delta: formatDelta(view.issuedAt, target.deliveredAt) })}`}
              {target.acknowledgedAt && ` → ${t('instructions.acknowledgedAfter', { delta: formatDelta(view.issuedAt, target.acknowledgedAt) })}`}
              {target.finishedAt && ` → ${t(`instructionState.${target.state}`)} ${formatDelta(view.issuedAt, target.finishedAt)}`}
            </span>
            {target.feedback && (
              <span className="target-feedback small">
                {t('instructions.feedback', { text: target.feedback.text })}
                {target.feedback.hasPhoto && t('instructions.withPhoto')}
              </span>
            )}
            {target.feedback?.hasPhoto && <FeedbackPhoto load={() => model.photo(view.id, target.teamId)} />}
            {target.refuseReason && <span className="target-feedback small">{t('instructions.refuseReason', { reason: target.refuseReason })}</span>}
            {target.escalatedAt && <span className="team-lost small">{t('instructions.escalated')}</span>}
          </li>
        ))}
      </ul>
    </li>
  );
});
