import type { ActionView } from '../../protocol/action.ts';
import { formatDateTime } from '../lib/i18n.ts';
import { ACTION_KIND_ZH, ACTION_STATUS_ZH, RISK_COLOUR_ZH, ROLE_ZH, recordersNeeded } from '../lib/labels.ts';
import { useStore } from '../lib/store.ts';
import type { FieldDispatch } from './FieldDispatch.ts';

/** 当前行动: the actions the officer's team is assigned to, with the briefing the officer needs on site. */
export function FieldActions({ dispatch }: { dispatch: FieldDispatch }) {
  const actions = useStore(dispatch.actions);
  if (actions.length === 0) return null;
  return (
    <section className="field-card" aria-labelledby="actions-title">
      <h2 id="actions-title">
        执行行动 <small>Actions</small>
      </h2>
      <ul className="action-list">
        {actions.map((a) => (
          <ActionBriefing key={a.id} action={a} />
        ))}
      </ul>
    </section>
  );
}

function ActionBriefing({ action: a }: { action: ActionView }) {
  return (
    <li className={`action-card risk-${a.riskColour} status-${a.status}`} data-testid="field-action" data-action-id={a.id} data-status={a.status}>
      <p className="action-head">
        <span className={`risk-badge risk-${a.riskColour}`}>{RISK_COLOUR_ZH[a.riskColour]}</span>
        <strong>{ACTION_KIND_ZH[a.kind]}</strong>
        <span className="action-status">{ACTION_STATUS_ZH[a.status]}</span>
      </p>
      <p className="muted">
        {a.caseNumber} · {a.courtName} · 计划 {formatDateTime(a.plannedAt)}
      </p>
      {a.riskReasons.length > 0 && <p className="action-risk">风险：{a.riskReasons.map((r) => r.text).join('；')}</p>}
      <p className="muted">
        执行组：{a.teams.map((t) => t.name).join('、') || '—'} · 全程录音录像{recordersNeeded(a.kind) > 1 ? '，至少两台记录仪' : ''}
      </p>
      {a.watchers.length > 0 && (
        <p className="action-watchers" data-testid="action-watchers">
          正在远程观看：{a.watchers.map((w) => `${w.name}（${ROLE_ZH[w.role]}）`).join('、')}
        </p>
      )}
    </li>
  );
}
