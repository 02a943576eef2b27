import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, ClientErrorCode } from '../../api.ts';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { useFmt } from '../../components/common.tsx';
import { errorLines } from '../../labels.ts';
import type { Session } from '../model.ts';
import { OtherUserError, signIn } from '../session.ts';

/** Once, with a network: the device gets its token and then downloads only her groups. */
export function SignIn({ reauth, onSignedIn }: { reauth?: Session | undefined; onSignedIn: (session: Session, sameUser: boolean) => void }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [username, setUsername] = useState(reauth?.username ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (username.trim() === '' || password === '') {
      setError([t('error.REQUIRED')]);
      return;
    }
    if (!navigator.onLine) {
      setError([t('fieldApp.signIn.needsNetwork')]);
      return;
    }
    setBusy(true);
    setError([]);
    try {
      const { session, sameUser } = await signIn(username.trim(), password);
      if (reauth && !sameUser) {
        // Someone else signed in on a phone that was hers: it is a fresh phone now (nothing was left to send).
        onSignedIn(session, false);
        return;
      }
      onSignedIn(session, sameUser);
    } catch (e) {
      if (e instanceof OtherUserError) setError([t('fieldApp.signIn.otherUser', { n: fmt.number(e.unsent) })]);
      else if (e instanceof ApiError && e.code === 'UNAUTHENTICATED') setError([t('login.failed')]);
      else if (e instanceof ApiError && e.code === ClientErrorCode.Network) setError([t('fieldApp.signIn.needsNetwork')]);
      else setError(errorLines(t, e));
      setBusy(false);
    }
  }

  return (
    <section className="f-center" aria-labelledby="f-signin-title">
      <LanguageSwitch />
      <h1 id="f-signin-title">{reauth ? t('fieldApp.reauth.title') : t('fieldApp.signIn.title')}</h1>
      <p className="f-lead">{reauth ? t('fieldApp.reauth.lead') : t('fieldApp.signIn.lead')}</p>
      <form onSubmit={submit} noValidate className="f-form">
        <div className="field">
          <label htmlFor="f-username">{t('field.username')}</label>
          <input id="f-username" autoComplete="username" autoCapitalize="none" spellCheck={false} value={username} readOnly={reauth !== undefined} onChange={(e) => setUsername(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="f-password">{t('field.password')}</label>
          <input id="f-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        {error.length > 0 && (
          <div className="error" role="alert">
            {error.map((line, i) => (
              <p key={i}>{line}</p>
            ))}
          </div>
        )}
        <button type="submit" className="primary f-big" disabled={busy}>
          {busy ? t('login.signingIn') : t('login.submit')}
        </button>
      </form>
    </section>
  );
}
