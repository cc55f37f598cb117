import { memo } from 'react';
import type { ActionView } from '../../../protocol/action.ts';
import { formatDateTime } from '../../lib/i18n.ts';
import { ACTION_KIND_ZH, ACTION_STATUS_ZH, RISK_COLOUR_ZH, ROLE_ZH } from '../../lib/labels.ts';
import { PanelTitle } from '../../lib/PanelTitle.tsx';
import { useStore } from '../../lib/store.ts';
import type { ActionsModel } from './ActionsModel.ts';
import type { DispatchModel } from './DispatchModel.ts';

/** 执行行动: the branch's open actions; one click makes one the composer's target, 跟踪 follows it live. */
export function ActionList({ actions, dispatch }: { actions: ActionsModel; dispatch: DispatchModel }) {
  const list = useStore(actions.actions);
  const state = useStore(actions.state);
  const followed = useStore(actions.followed);
  const error = useStore(actions.error);
  const target = useStore(dispatch.targetAction);
  const canIssue = useStore(dispatch.canIssue);
  const selected = useStore(dispatch.selected);
  if (state.kind === 'forbidden') return null;
  return (
    <section className="panel" aria-labelledby="actions-title" data-testid="action-panel">
      <PanelTitle id="actions-title" title="dispatch.actions" count={list.length} testId="action-count" />
      {state.kind === 'loading' && <p className="empty">正在加载执行行动…</p>}
      {state.kind === 'error' && <p className="empty tile-error">{state.message}</p>}
      {state.kind === 'ready' && list.length === 0 && <p className="empty">暂无进行中或计划中的行动</p>}
      {error && (
        <p className="tile-error small" role="alert">
          {error}
        </p>
      )}
      <ul className="action-list">
        {list.map((a) => (
          <ActionItem
            key={a.id}
            action={a}
            picked={target?.id === a.id}
            followed={followed === a.id}
            canIssue={canIssue}
            selectedTeams={selected.size}
            onAssign={() => void actions.assign(a.id, [...selected])}
            onPick={() => dispatch.pickAction(a)}
            onFollow={() => void (followed === a.id ? actions.unfollow() : actions.follow(a.id))}
            onStatus={(s) => void actions.setStatus(a.id, s)}
          />
        ))}
      </ul>
    </section>
  );
}

interface ActionItemProps {
  action: ActionView;
  picked: boolean;
  followed: boolean;
  canIssue: boolean;
  /** How many teams are ticked in the team list (指派 gives them to this action). */
  selectedTeams: number;
  onAssign: () => void;
  onPick: () => void;
  onFollow: () => void;
  onStatus: (s: 'ongoing' | 'finished') => void;
}

const ActionItem = memo(function ActionItem({ action: a, picked, followed, canIssue, selectedTeams, onAssign, onPick, onFollow, onStatus }: ActionItemProps) {
  return (
    <li className={`action-row risk-${a.riskColour} ${picked ? 'selected' : ''}`} data-testid="action-row" data-action-id={a.id} data-status={a.status}>
      <div className="action-head">
        <span className={`risk-badge risk-${a.riskColour}`} title={a.riskReasons.map((r) => r.text).join('；')}>
          {RISK_COLOUR_ZH[a.riskColour]}
        </span>
        <strong>{ACTION_KIND_ZH[a.kind]}</strong>
        <span className="muted small">
          {a.courtName} · {a.caseNumber}
        </span>
        <span className={`action-status status-${a.status}`}>{ACTION_STATUS_ZH[a.status]}</span>
      </div>
      <div className="muted small">
        {formatDateTime(a.plannedAt)} · 执行组 {a.teams.length > 0 ? a.teams.map((t) => t.name).join('、') : '未指派'}
        {a.watchers.length > 0 && (
          <span data-testid="action-watchers"> · 观看 {a.watchers.map((w) => `${w.name}（${ROLE_ZH[w.role]}）`).join('、')}</span>
        )}
      </div>
      <div className="action-buttons">
        {canIssue && (
          <button type="button" aria-pressed={picked} disabled={a.teams.length === 0} data-testid="action-pick" onClick={onPick}>
            {picked ? '已选为指令目标' : '选为指令目标'}
          </button>
        )}
        {canIssue && selectedTeams > 0 && (
          <button type="button" data-testid="action-assign" onClick={onAssign}>
            指派所选 {selectedTeams} 个执行组
          </button>
        )}
        <button type="button" aria-pressed={followed} data-testid="action-follow" onClick={onFollow}>
          {followed ? '停止跟踪' : '跟踪'}
        </button>
        {canIssue && a.status === 'planned' && (
          <button type="button" data-testid="action-start" onClick={() => onStatus('ongoing')}>
            开始行动
          </button>
        )}
        {canIssue && a.status === 'ongoing' && (
          <button type="button" data-testid="action-finish" onClick={() => onStatus('finished')}>
            结束行动
          </button>
        )}
      </div>
    </li>
  );
});
