import { useState, type FormEvent } from 'react';
import { ApiError } from './api.ts';
import { t, tBoth, tEn } from './i18n.ts';
import type { Session } from './session.ts';

/** The zh-CN sign-in form shared by the console and the field terminal. */
export function LoginScreen({ session, title, subtitle }: { session: Session; title: string; subtitle: string }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await session.login(username.trim(), password);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
      setBusy(false);
    }
  }

  return (
    <div className="login">
      <form className="login-card" onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
        <h1 id="login-title">
          {title}
          <small>{subtitle}</small>
        </h1>
        <label htmlFor="login-username">{t('login.username')}</label>
        <input id="login-username" name="username" autoComplete="username" required maxLength={64} value={username} onChange={(e) => setUsername(e.target.value)} />
        <label htmlFor="login-password">{t('login.password')}</label>
        <input
          id="login-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          maxLength={256}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        {error && (
          <p className="login-error" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <button type="submit" className="big-button" disabled={busy} data-testid="login-submit">
          {t(busy ? 'login.submitting' : 'login.submit')}
          <small>{tEn('login.submit')}</small>
        </button>
        <p className="muted login-hint">{tBoth('login.hint')}</p>
      </form>
    </div>
  );
}
