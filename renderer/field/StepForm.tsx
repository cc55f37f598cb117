import { useState, type Dispatch, type SetStateAction } from 'react';
import { errorMessage } from '../lib/dispatch.ts';
import { t } from '../lib/i18n.ts';
import { photoDataUrl } from './FieldDispatch.ts';

/** Which answer the form writes: feedback (text and an optional photo) or a refusal (its reason). */
export type StepMode = 'feedback' | 'refuse';

/** What the officer has written so far. */
export interface StepDraft {
  text: string;
  photo: string | null;
}

interface StepFormProps {
  /** The instruction's id, for the form's element ids. */
  id: string;
  mode: StepMode;
  draft: StepDraft;
  busy: boolean;
  /** Takes an update of the draft (a photo is read while the officer may still be typing). */
  onDraft: Dispatch<SetStateAction<StepDraft>>;
  onSubmit: () => void;
  onCancel: () => void;
}

/** The feedback or refusal form under an instruction card. */
export function StepForm({ id, mode, draft, busy, onDraft, onSubmit, onCancel }: StepFormProps) {
  const [photoError, setPhotoError] = useState<string | null>(null);
  const feedback = mode === 'feedback';
  return (
    <form
      className="instr-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <label htmlFor={`text-${id}`}>{t(feedback ? 'step.feedbackText' : 'step.refuseReason')}</label>
      <textarea
        id={`text-${id}`}
        data-testid={feedback ? 'feedback-text' : 'refuse-reason'}
        value={draft.text}
        maxLength={feedback ? 2000 : 500}
        rows={3}
        onChange={(e) => {
          const text = e.target.value;
          onDraft((d) => ({ ...d, text }));
        }}
      />
      {feedback && (
        <label className="photo-input">
          {t('step.photo')}
          <input
            type="file"
            accept="image/jpeg,image/png,image/*"
            capture="environment"
            data-testid="feedback-photo"
            onChange={(e) => {
              const file = e.target.files?.[0];
              setPhotoError(null);
              if (!file) return onDraft((d) => ({ ...d, photo: null }));
              photoDataUrl(file).then(
                (photo) => onDraft((d) => ({ ...d, photo })),
                (err: unknown) => setPhotoError(errorMessage(err)),
              );
            }}
          />
          {draft.photo && <img className="photo-preview" src={draft.photo} alt={t('step.photoPreview')} />}
          {photoError && <span className="field-error">{photoError}</span>}
        </label>
      )}
      <div className="instr-actions">
        <button type="submit" className="big-button" disabled={busy || !draft.text.trim()} data-testid="submit-step">
          {t(feedback ? 'step.submitFeedback' : 'step.confirmRefuse')}
        </button>
        <button type="button" className="big-button secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
