import { useState } from 'react';
import { t } from '../lib/i18n.ts';
import type { FieldModel } from './FieldModel.ts';

/** The terminal's name as the console lists it, edited in place; saved on submit or when the field loses focus. */
export function TerminalNameForm({ model }: { model: FieldModel }) {
  // The draft starts from the saved name; renaming goes through the model, which keeps it.
  const [draft, setDraft] = useState(model.label.get);
  return (
    <form
      className="field-name"
      onSubmit={(e) => {
        e.preventDefault();
        model.rename(draft);
      }}
    >
      <label htmlFor="terminal-name">{t('field.name')}</label>
      <input
        id="terminal-name"
        value={draft}
        maxLength={64}
        placeholder={t('field.namePlaceholder')}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => model.rename(draft)}
      />
      <p className="muted">
        {t('field.terminalId')}: <code>{model.terminalId.slice(0, 8)}</code>
      </p>
    </form>
  );
}
