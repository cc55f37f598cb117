import { memo } from 'react';
import { t } from '../../../lib/i18n.ts';
import { useStoreSelector } from '../../../lib/useStoreSelector.ts';
import { dragTeam } from '../../wall/dragTypes.ts';
import type { DispatchModel } from '../DispatchModel.ts';
import type { TeamRow } from '../teamRows.ts';

interface TeamItemProps {
  team: TeamRow;
  court: string;
  /** How old the last position is, as shown. */
  age: string;
  selectable: boolean;
  model: DispatchModel;
}

/** One team row; ticking a team renders that row alone. Dragged onto the video wall, it puts the team's feeds there. */
export const TeamItem = memo(function TeamItem({ team, court, age, selectable, model }: TeamItemProps) {
  const selected = useStoreSelector(model.selected, (s) => s.has(team.id));
  return (
    <li
      className={`team-row ${selected ? 'selected' : ''}`}
      data-testid="team-row"
      data-team-id={team.id}
      data-court-id={team.courtId}
      draggable
      title={t('wall.dragTeam')}
      onDragStart={(e) => dragTeam(e, team.id, `${court} ${team.name}`)}
    >
      <label>
        {selectable && <input type="checkbox" checked={selected} onChange={() => model.toggleTeam(team.id)} data-testid="team-select" />}
        <span className="team-name">
          {court} {team.name}
        </span>
      </label>
      <span className={`team-status status-${team.status}`} data-testid="team-row-status" data-status={team.status}>
        {t(`teamStatus.${team.status}`)}
      </span>
      {team.lost && <span className="team-lost">{t('teams.lost')}</span>}
      <span className="muted small team-age" data-testid="team-age">
        {age}
      </span>
    </li>
  );
});
