import type { CourtOverviewModel } from '../courts/CourtOverviewModel.ts';
import { ActionList } from './actions/ActionList.tsx';
import { ChatDrawer } from './actions/ChatDrawer.tsx';
import type { ActionsModel } from './ActionsModel.ts';
import { Composer } from './composer/Composer.tsx';
import type { DispatchModel } from './DispatchModel.ts';
import { InstructionTracker } from './instructions/InstructionTracker.tsx';
import { TeamPicker } from './teams/TeamPicker.tsx';
import { WarningList } from './warnings/WarningList.tsx';

/** Command and dispatch: warnings on top, then actions, teams with the composer, then instructions and their state per team. */
export function DispatchPanel({ model, actions, courts }: { model: DispatchModel; actions: ActionsModel; courts: CourtOverviewModel }) {
  return (
    <aside className="dispatch" data-testid="dispatch-panel">
      <WarningList model={model} actions={actions} />
      <ActionList actions={actions} dispatch={model} />
      <TeamPicker model={model} courts={courts} />
      <Composer model={model} />
      <InstructionTracker model={model} />
      <ChatDrawer />
    </aside>
  );
}
