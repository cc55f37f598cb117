import type { InstructionView } from '../../../protocol/instruction.ts';
import { t } from '../../lib/i18n.ts';
import { shallowEqual } from '../../lib/shallowEqual.ts';
import { useStoreSelector } from '../../lib/useStoreSelector.ts';
import type { DispatchModel } from '../dispatch/DispatchModel.ts';
import { InstructionRow } from '../dispatch/instructions/InstructionRow.tsx';

/** The action's instructions with each team's live state and feedback (the console's tracking, cut to this action). */
export function RoomInstructions({ model, actionId }: { model: DispatchModel; actionId: string }) {
  const list = useStoreSelector(model.instructions, (all: readonly InstructionView[]) => all.filter((v) => v.actionId === actionId), shallowEqual);
  return (
    <section className="panel room-instructions" aria-labelledby="room-instr-title" data-testid="room-instructions">
      <h2 id="room-instr-title">
        {t('dispatch.instructions')} <span className="count">{list.length}</span>
      </h2>
      {list.length === 0 ? (
        <p className="empty">{t('instructions.empty')}</p>
      ) : (
        <ul className="instr-track">
          {list.map((v) => (
            <InstructionRow key={v.id} view={v} model={model} />
          ))}
        </ul>
      )}
    </section>
  );
}
