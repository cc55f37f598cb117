import { formatAge } from '../../../lib/format.ts';
import { t } from '../../../lib/i18n.ts';
import { useNow } from '../../../lib/useNow.ts';
import { useStore } from '../../../lib/useStore.ts';
import { inScope } from '../../courts/courtTree.ts';
import { useSubtree } from '../../courts/useSubtree.ts';
import type { CourtOverviewModel } from '../../courts/CourtOverviewModel.ts';
import type { DispatchModel } from '../DispatchModel.ts';
import { ListPanel, type ListWords } from '../ListPanel.tsx';
import { TeamItem } from './TeamItem.tsx';
import { useCourtNames } from './useCourtNames.ts';

const WORDS: ListWords = { loading: 'teams.loading', empty: 'teams.empty' };

/** The field teams with their status and the age of their last position; a dispatcher ticks the targets here. */
export function TeamPicker({ model, courts }: { model: DispatchModel; courts: CourtOverviewModel }) {
  const all = useStore(model.teams);
  const subtree = useSubtree();
  const teams = subtree ? all.filter((team) => inScope(subtree, team.courtId)) : all;
  const state = useStore(model.teamsState);
  const canIssue = useStore(model.canIssue);
  const names = useCourtNames(courts);
  const now = useNow();
  return (
    <ListPanel id="teams" title="dispatch.teams" count={teams.length} testId="team-panel" countTestId="team-count" state={state} empty={teams.length === 0} words={WORDS}>
      <ul className="team-list">
        {teams.map((team) => (
          <TeamItem
            key={team.id}
            team={team}
            court={names.get(team.courtId) ?? ''}
            age={team.fixedAt === null ? t('teams.noFix') : formatAge(team.fixedAt, now)}
            selectable={canIssue}
            model={model}
          />
        ))}
      </ul>
    </ListPanel>
  );
}
