import { useEffect, useState } from 'react';
import { t } from '../../../lib/i18n.ts';
import { shortHash } from './RecordingsModel.ts';

/** A sealed segment's SHA-256, shortened; the whole hash on hover, and a button that copies it. */
export function RecordingHash({ sha256 }: { sha256: string }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2_000);
    return () => clearTimeout(timer);
  }, [copied]);
  const copy = () => {
    // No clipboard (an insecure origin, a denied permission): the hash stays selectable on screen.
    navigator.clipboard?.writeText(sha256).then(() => setCopied(true), () => setCopied(false));
  };
  return (
    <span className="recording-hash">
      <code title={sha256} data-testid="recording-hash" data-sha256={sha256}>
        {shortHash(sha256)}
      </code>
      <button type="button" className="link-button small" onClick={copy} aria-label={`${t('recordings.copy')} SHA-256`}>
        {t(copied ? 'recordings.copied' : 'recordings.copy')}
      </button>
    </span>
  );
}
