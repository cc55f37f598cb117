import { t } from '../../../lib/i18n.ts';
import { useStoreSelector } from '../../../lib/useStoreSelector.ts';
import type { RecordingsModel } from './RecordingsModel.ts';

/** 校验: the server hashes the file again; the row shows 校验通过 or 哈希不符 (the check is audited). */
export function RecordingVerify({ model, recordingId }: { model: RecordingsModel; recordingId: string }) {
  const state = useStoreSelector(model.verify, (m) => m.get(recordingId));
  const checking = state?.kind === 'checking';
  return (
    <span className="recording-verify">
      <button type="button" disabled={checking} data-testid="recording-verify" onClick={() => void model.check(recordingId)}>
        {t(checking ? 'recordings.verifying' : 'recordings.verify')}
      </button>
      {state?.kind === 'done' && (
        <span
          className={state.answer.match ? 'verify-ok' : 'verify-bad'}
          data-testid="recording-verify-result"
          data-match={state.answer.match}
          title={state.answer.actual ?? undefined}
        >
          {t(state.answer.match ? 'recordings.verified' : 'recordings.mismatch')}
        </span>
      )}
      {state?.kind === 'error' && (
        <span className="verify-bad" role="alert">
          {t('recordings.verifyError', { message: state.message })}
        </span>
      )}
    </span>
  );
}
