import { useEffect, useRef, useState } from 'react';
import { INSTRUCTION_PRIORITIES } from '../../../../protocol/instruction.ts';
import { t, tEn } from '../../../lib/i18n.ts';
import { useStore } from '../../../lib/useStore.ts';
import { useStoreSelector } from '../../../lib/useStoreSelector.ts';
import type { DispatchModel } from '../DispatchModel.ts';

/** Issues an instruction to the ticked teams or the picked action: priority, one-click templates, or free text. */
export function Composer({ model }: { model: DispatchModel }) {
  const canIssue = useStore(model.canIssue);
  const templates = useStore(model.templates);
  const priority = useStore(model.priority);
  const selected = useStoreSelector(model.selected, (s) => s.size);
  const action = useStore(model.targetAction);
  const state = useStore(model.issueState);
  const [text, setText] = useState('');
  const request = useStore(model.composerRequest);
  const input = useRef<HTMLInputElement>(null);
  // A team picked on the map (下达指令): bring the composer into view, ready to type.
  useEffect(() => {
    if (request === 0) return;
    input.current?.scrollIntoView({ block: 'nearest' });
    input.current?.focus({ preventScroll: true });
  }, [request]);
  if (!canIssue) return null;
  const sending = state.kind === 'sending';
  const none = selected === 0 && !action;
  return (
    <section className="panel composer" aria-labelledby="composer-title" data-testid="composer">
      <h2 id="composer-title">
        {t('composer.title')} <small>{tEn('composer.title')}</small>
      </h2>
      <p className="muted small" data-testid="composer-target">
        {action
          ? t('composer.targetAction', { kind: t(`actionKind.${action.kind}`), caseNumber: action.caseNumber, n: action.teams.length })
          : t('composer.targetTeams', { n: selected })}
      </p>
      <div className="priority-group" role="radiogroup" aria-label={t('composer.priority')}>
        {INSTRUCTION_PRIORITIES.map((p) => (
          <button
            key={p}
            type="button"
            role="radio"
            aria-checked={priority === p}
            className={`prio-button prio-${p} ${priority === p ? 'active' : ''}`}
            data-testid={`priority-${p}`}
            onClick={() => model.setPriority(p)}
          >
            {t(`priority.${p}`)}
          </button>
        ))}
      </div>
      <div className="template-buttons">
        {templates.map((template) => (
          <button
            key={template.key}
            type="button"
            className="template-button"
            data-testid={`template-${template.key}`}
            disabled={sending || none}
            onClick={() => void model.issue({ template: template.key })}
          >
            {template.text}
          </button>
        ))}
      </div>
      <form
        className="free-text"
        onSubmit={(e) => {
          e.preventDefault();
          const clean = text.trim();
          if (clean) void model.issue({ text: clean }).then((ok) => ok && setText(''));
        }}
      >
        <input
          ref={input}
          value={text}
          maxLength={500}
          placeholder={t('composer.freeText')}
          aria-label={t('composer.freeText')}
          onChange={(e) => setText(e.target.value)}
          data-testid="free-text"
        />
        <button type="submit" disabled={sending || none || !text.trim()} data-testid="send-text">
          {t('composer.send')}
        </button>
      </form>
      {state.kind === 'sending' && <p className="muted small">{t('common.sending')}</p>}
      {state.kind === 'sent' && <p className="muted small" data-testid="issue-sent">{t('composer.sent')}</p>}
      {state.kind === 'error' && (
        <p className="tile-error small" role="alert">
          {state.message}{' '}
          {state.retryable && (
            <button type="button" onClick={() => void model.retry()}>
              {t('common.retry')}
            </button>
          )}
        </p>
      )}
    </section>
  );
}
