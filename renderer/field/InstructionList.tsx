import { isOpen } from '../lib/dispatch.ts';
import { t, tEn } from '../lib/i18n.ts';
import { useStore } from '../lib/useStore.ts';
import type { FieldDispatch } from './FieldDispatch.ts';
import { InstructionCard } from './InstructionCard.tsx';

/** The team's instructions, most urgent first; the count is of those still open. */
export function InstructionList({ dispatch }: { dispatch: FieldDispatch }) {
  const list = useStore(dispatch.instructions);
  const open = list.filter(isOpen).length;
  return (
    <section className="field-card" aria-labelledby="instr-title">
      <h2 id="instr-title">
        {t('field.instructions')} <span className="count" data-testid="instruction-count">{open}</span>
        <small>{tEn('field.instructions')}</small>
      </h2>
      {list.length === 0 ? (
        <p className="empty">{t('instructions.empty')}</p>
      ) : (
        <ul className="instr-list">
          {list.map((v) => (
            <InstructionCard key={v.id} view={v} dispatch={dispatch} />
          ))}
        </ul>
      )}
    </section>
  );
}
