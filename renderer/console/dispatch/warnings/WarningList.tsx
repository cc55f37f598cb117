import { useStore } from '../../../lib/useStore.ts';
import { inScope } from '../../courts/courtTree.ts';
import { useSubtree } from '../../courts/useSubtree.ts';
import type { ActionsModel } from '../ActionsModel.ts';
import type { DispatchModel } from '../DispatchModel.ts';
import { ListPanel, type ListWords } from '../ListPanel.tsx';
import { WarningItem } from './WarningItem.tsx';

const WORDS: ListWords = { forbidden: 'warnings.forbidden', empty: 'warnings.empty' };

/** Warnings (SOS, instructions not signed for, lost teams): open ones first, each with its acknowledge button. */
export function WarningList({ model, actions }: { model: DispatchModel; actions: ActionsModel }) {
  const all = useStore(model.warnings);
  const subtree = useSubtree();
  const warnings = subtree ? all.filter((w) => inScope(subtree, w.courtId)) : all;
  const state = useStore(model.warningsState);
  const open = warnings.filter((w) => !w.acknowledgedAt).length;
  return (
    <ListPanel id="warnings" title="dispatch.warnings" count={open} testId="warning-panel" countTestId="warning-count" state={state} empty={warnings.length === 0} words={WORDS}>
      <ul className="warning-list" data-testid="warning-list">
        {warnings.map((w) => (
          <WarningItem key={w.id} warning={w} model={model} actions={actions} />
        ))}
      </ul>
    </ListPanel>
  );
}
