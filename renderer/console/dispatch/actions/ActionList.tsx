import { useStore } from '../../../lib/useStore.ts';
import { useStoreSelector } from '../../../lib/useStoreSelector.ts';
import { inScope } from '../../courts/courtTree.ts';
import { useSubtree } from '../../courts/useSubtree.ts';
import type { ActionsModel } from '../ActionsModel.ts';
import type { DispatchModel } from '../DispatchModel.ts';
import { ListPanel, type ListWords } from '../ListPanel.tsx';
import { RecordingsDialog } from '../recordings/RecordingsDialog.tsx';
import { ActionItem } from './ActionItem.tsx';

const WORDS: ListWords = { loading: 'actions.loading', empty: 'actions.empty' };

/** Enforcement actions: the branch's open actions; one click makes one the composer's target, follow watches it live. */
export function ActionList({ actions, dispatch }: { actions: ActionsModel; dispatch: DispatchModel }) {
  const all = useStore(actions.actions);
  const subtree = useSubtree();
  const list = subtree ? all.filter((a) => inScope(subtree, a.courtId)) : all;
  const state = useStore(actions.state);
  const error = useStore(actions.error);
  const canIssue = useStore(dispatch.canIssue);
  // The rows show how many teams are ticked, not which.
  const selectedTeams = useStoreSelector(dispatch.selected, (s) => s.size);
  if (state.kind === 'forbidden') return null;
  return (
    <ListPanel id="actions" title="dispatch.actions" count={list.length} testId="action-panel" countTestId="action-count" state={state} empty={list.length === 0} words={WORDS}>
      {error && (
        <p className="tile-error small" role="alert">
          {error}
        </p>
      )}
      <ul className="action-list">
        {list.map((a) => (
          <ActionItem key={a.id} action={a} actions={actions} dispatch={dispatch} canIssue={canIssue} selectedTeams={selectedTeams} />
        ))}
      </ul>
      <RecordingsDialog model={actions.recordings} />
    </ListPanel>
  );
}
