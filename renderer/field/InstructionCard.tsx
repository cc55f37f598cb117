import { memo, useEffect, useState } from 'react';
import type { InstructionView } from '../../protocol/instruction.ts';
import { isFinal } from '../lib/dispatch.ts';
import { formatTime } from '../lib/format.ts';
import { t } from '../lib/i18n.ts';
import { useStoreSelector } from '../lib/useStoreSelector.ts';
import type { FieldDispatch } from './FieldDispatch.ts';
import { StepForm, type StepDraft, type StepMode } from './StepForm.tsx';

const EMPTY_DRAFT: StepDraft = { text: '', photo: null };

/** One instruction on the phone: sign for it, then give feedback, or refuse it. It renders again only for its own step. */
export const InstructionCard = memo(function InstructionCard({ view, dispatch }: { view: InstructionView; dispatch: FieldDispatch }) {
  const step = useStoreSelector(dispatch.steps, (steps) => steps[view.id]);
  const [mode, setMode] = useState<StepMode | 'none'>('none');
  // Kept while the form is closed: a cancelled answer comes back when the form opens again.
  const [draft, setDraft] = useState<StepDraft>(EMPTY_DRAFT);
  const target = view.targets[0];
  const state = target?.state ?? 'issued';
  const busy = step?.kind === 'busy';
  useEffect(() => {
    if (isFinal(state)) setMode('none');
  }, [state]);

  async function submit() {
    if (mode === 'none' || !draft.text.trim()) return;
    const ok = mode === 'feedback' ? await dispatch.feedback(view.id, draft.text, draft.photo) : await dispatch.refuse(view.id, draft.text);
    if (ok) {
      setDraft(EMPTY_DRAFT);
      setMode('none');
    }
  }

  return (
    <li className={`instr prio-${view.priority} state-${state}`} data-testid="field-instruction" data-instruction-id={view.id} data-state={state}>
      <div className="instr-head">
        <span className={`prio prio-${view.priority}`}>{t(`priority.${view.priority}`)}</span>
        <span className="instr-state" data-testid="field-instruction-state">{t(`instructionState.${state}`)}</span>
        <span className="instr-time">{formatTime(view.issuedAt)} · {view.issuedBy.name}</span>
      </div>
      <p className="instr-text">{view.text}</p>
      {!isFinal(state) && mode === 'none' && (
        <div className="instr-actions">
          {state !== 'acknowledged' ? (
            <button type="button" className="big-button ack" disabled={busy} data-testid="ack" onClick={() => void dispatch.acknowledge(view.id)}>
              {t('step.ack')}
            </button>
          ) : (
            <button type="button" className="big-button" disabled={busy} data-testid="feedback" onClick={() => setMode('feedback')}>
              {t('step.feedback')}
            </button>
          )}
          <button type="button" className="big-button secondary" disabled={busy} data-testid="refuse" onClick={() => setMode('refuse')}>
            {t('step.refuse')}
          </button>
        </div>
      )}
      {mode !== 'none' && (
        <StepForm id={view.id} mode={mode} draft={draft} busy={busy} onDraft={setDraft} onSubmit={() => void submit()} onCancel={() => setMode('none')} />
      )}
      {target?.feedback && <p className="muted">{t('instructions.feedback', { text: target.feedback.text })}</p>}
      {target?.refuseReason && <p className="muted">{t('instructions.refuseReason', { reason: target.refuseReason })}</p>}
      {step?.kind === 'error' && (
        <p className="field-error" role="alert">
          {step.message}
        </p>
      )}
    </li>
  );
});
