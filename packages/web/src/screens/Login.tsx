import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, ClientErrorCode, type User } from '../api.ts';
import { errorLines } from '../labels.ts';

export function Login({ onSignedIn }: { onSignedIn: (user: User) => void }) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  const fieldError = (field: 'username' | 'password'): boolean =>
    error instanceof ApiError && (error.field === field || error.problems.some((p) => p.field === field));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const missing = (['username', 'password'] as const).filter((f) => (f === 'username' ? username.trim() : password) === '');
    if (missing.length > 0) {
      const problems = missing.map((field) => ({ code: ClientErrorCode.Required, field, message: 'required' }));
      setError(new ApiError(0, { code: ClientErrorCode.Required, message: 'required', problems }));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const { user } = await api.login(username.trim(), password);
      onSignedIn(user);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  // A wrong name or password comes back as UNAUTHENTICATED (sometimes pinned on the password field): say so
  // plainly rather than "please sign in again".
  const lines =
    error instanceof ApiError && error.code === 'UNAUTHENTICATED'
      ? [t('login.failed')]
      : error === undefined
        ? []
        : errorLines(t, error);

  return (
    <section className="login" aria-labelledby="login-title">
      <h1 id="login-title">{t('login.title')}</h1>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="username">{t('field.username')}</label>
          <input
            id="username"
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={username}
            aria-invalid={fieldError('username') || undefined}
            aria-describedby={lines.length ? 'login-error' : undefined}
            onChange={(e) => setUsername(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="password">{t('field.password')}</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            aria-invalid={fieldError('password') || undefined}
            aria-describedby={lines.length ? 'login-error' : undefined}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        {lines.length > 0 && (
          <div id="login-error" className="error" role="alert">
            {lines.map((line, i) => (
              <p key={i}>{line}</p>
            ))}
          </div>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('login.signingIn') : t('login.submit')}
        </button>
      </form>
    </section>
  );
}
