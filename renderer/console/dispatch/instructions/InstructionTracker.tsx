import { useStore } from '../../../lib/useStore.ts';
import type { DispatchModel } from '../DispatchModel.ts';
import { ListPanel, type ListWords } from '../ListPanel.tsx';
import { InstructionRow } from './InstructionRow.tsx';

const WORDS: ListWords = { forbidden: 'instructions.forbidden', empty: 'instructions.empty' };

/** Instruction tracking: every instruction, newest first, with each team's state and timings. */
export function InstructionTracker({ model }: { model: DispatchModel }) {
  const list = useStore(model.instructions);
  const state = useStore(model.instructionsState);
  return (
    <ListPanel
      id="instructions"
      title="dispatch.instructions"
      count={list.length}
      testId="instruction-panel"
      countTestId="console-instruction-count"
      state={state}
      empty={list.length === 0}
      words={WORDS}
    >
      <ul className="instr-track">
        {list.map((v) => (
          <InstructionRow key={v.id} view={v} model={model} />
        ))}
      </ul>
    </ListPanel>
  );
}
