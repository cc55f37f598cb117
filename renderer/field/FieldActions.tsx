import { t, tEn } from '../lib/i18n.ts';
import { useStore } from '../lib/useStore.ts';
import { ActionBriefing } from './ActionBriefing.tsx';
import type { FieldDispatch } from './FieldDispatch.ts';

/** Current actions: those the officer's team is assigned to, with the briefing the officer needs on site. */
export function FieldActions({ dispatch }: { dispatch: FieldDispatch }) {
  const actions = useStore(dispatch.actions);
  const onSite = useStore(dispatch.onSite);
  if (actions.length === 0) return null;
  return (
    <section className="field-card" aria-labelledby="actions-title">
      <h2 id="actions-title">
        {t('field.actions')} <small>{tEn('field.actions')}</small>
      </h2>
      <ul className="action-list">
        {actions.map((a) => (
          <ActionBriefing key={a.id} action={a} onSite={onSite.get(a.id) ?? null} />
        ))}
      </ul>
    </section>
  );
}
