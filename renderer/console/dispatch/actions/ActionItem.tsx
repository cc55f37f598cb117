import { RoomLink } from '../../room/RoomLink.tsx';
import { memo } from 'react';
import type { ActionView } from '../../../../protocol/action.ts';
import { formatClauses, formatDateTime, formatList, formatPeople } from '../../../lib/format.ts';
import { t } from '../../../lib/i18n.ts';
import { useStoreSelector } from '../../../lib/useStoreSelector.ts';
import { useConsoleModel } from '../../ModelContext.ts';
import type { ActionsModel } from '../ActionsModel.ts';
import type { DispatchModel } from '../DispatchModel.ts';

interface ActionItemProps {
  action: ActionView;
  actions: ActionsModel;
  dispatch: DispatchModel;
  canIssue: boolean;
  /** How many teams are ticked in the team list (assign gives them to this action). */
  selectedTeams: number;
}

/** One open action; picking or following another action renders only the two rows concerned. */
export const ActionItem = memo(function ActionItem({ action: a, actions, dispatch, canIssue, selectedTeams }: ActionItemProps) {
  const picked = useStoreSelector(dispatch.targetAction, (target) => target?.id === a.id);
  const followed = useStoreSelector(actions.followed, (id) => id === a.id);
  const consoleModel = useConsoleModel();
  return (
    <li className={`action-row risk-${a.riskColour} ${picked ? 'selected' : ''}`} data-testid="action-row" data-action-id={a.id} data-status={a.status}>
      <div className="action-head">
        <span className={`risk-badge risk-${a.riskColour}`} title={formatClauses(a.riskReasons.map((r) => r.text))}>
          {t(`risk.${a.riskColour}`)}
        </span>
        <strong>{t(`actionKind.${a.kind}`)}</strong>
        <span className="muted small">
          {a.courtName} · {a.caseNumber}
        </span>
        <span className={`action-status status-${a.status}`}>{t(`actionStatus.${a.status}`)}</span>
      </div>
      <div className="muted small">
        {formatDateTime(a.plannedAt)} · {t('actions.teams', { teams: a.teams.length > 0 ? formatList(a.teams.map((team) => team.name)) : t('actions.unassigned') })}
        {a.watchers.length > 0 && <span data-testid="action-watchers"> · {t('actions.watchers', { names: formatPeople(a.watchers) })}</span>}
      </div>
      <div className="action-buttons">
        {canIssue && (
          <button type="button" aria-pressed={picked} disabled={a.teams.length === 0} data-testid="action-pick" onClick={() => dispatch.pickAction(a)}>
            {t(picked ? 'actions.picked' : 'actions.pick')}
          </button>
        )}
        {canIssue && selectedTeams > 0 && (
          <button type="button" data-testid="action-assign" onClick={() => void actions.assign(a.id, [...dispatch.selected.get()])}>
            {t('actions.assign', { n: selectedTeams })}
          </button>
        )}
        {a.status !== 'cancelled' && <RoomLink actionId={a.id} />}
        <button type="button" aria-pressed={followed} data-testid="action-follow" onClick={() => void (followed ? actions.unfollow() : actions.follow(a.id))}>
          {t(followed ? 'actions.unfollow' : 'actions.follow')}
        </button>
        <button
          type="button"
          data-testid="action-chat"
          title={t('chat.openTitle')}
          onClick={() => {
            // The drawer's chat is live only while the action is followed (its room).
            consoleModel.chatDrawer.set(a.id);
            if (!followed) void actions.follow(a.id);
          }}
        >
          {t('chat.open')}
        </button>
        {canIssue && a.status === 'planned' && (
          <button type="button" data-testid="action-start" onClick={() => void actions.setStatus(a.id, 'ongoing')}>
            {t('actions.start')}
          </button>
        )}
        {a.status === 'ongoing' && (
          <button type="button" data-testid="action-replay" onClick={() => consoleModel.showReplay(a.id)}>
            {t('replay.action')}
          </button>
        )}
        {a.status === 'ongoing' && (
          <button type="button" data-testid="action-recordings" onClick={() => void actions.recordings.open({ actionId: a.id, caseNumber: a.caseNumber })}>
            {t('recordings.open')}
          </button>
        )}
        {canIssue && a.status === 'ongoing' && (
          <button type="button" data-testid="action-finish" onClick={() => void actions.setStatus(a.id, 'finished')}>
            {t('actions.finish')}
          </button>
        )}
      </div>
    </li>
  );
});
