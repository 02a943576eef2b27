import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { useFmt } from '../../components/common.tsx';
import type { Session } from '../model.ts';
import { checkNewPin } from '../pin.ts';
import { askPersistentStorage, pinWait, setPin, unlock } from '../session.ts';

function PinInput({ id, label, value, onChange, autoFocus }: { id: string; label: string; value: string; onChange: (v: string) => void; autoFocus?: boolean }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="f-pin"
        type="password"
        inputMode="numeric"
        autoComplete="off"
        maxLength={6}
        autoFocus={autoFocus}
        value={value}
        onChange={(e) => onChange(e.target.value.replace(/[^\d\u0966-\u096f\u09e6-\u09ef\u0b66-\u0b6f]/g, ''))}
      />
    </div>
  );
}

/** After the first sign-in: a PIN of 4–6 digits opens the app from then on, with no network. */
export function PinSetup({ session, onDone, changing }: { session: Session; onDone: () => void; changing?: boolean }) {
  const { t } = useTranslation();
  const [pin, setPinText] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const p = checkNewPin(pin, repeat);
    if (p) {
      setProblem(t(`fieldApp.pin.problem.${p}`));
      return;
    }
    setBusy(true);
    await setPin(pin);
    if (!changing) await askPersistentStorage();
    onDone();
  }

  return (
    <section className="f-center" aria-labelledby="f-pin-title">
      <h1 id="f-pin-title">{changing ? t('fieldApp.pin.changeTitle') : t('fieldApp.pin.setTitle')}</h1>
      <p className="f-lead">{t('fieldApp.pin.setLead', { name: session.name })}</p>
      <form onSubmit={submit} noValidate className="f-form">
        <PinInput id="f-pin-new" label={t('fieldApp.pin.new')} value={pin} onChange={setPinText} autoFocus />
        <PinInput id="f-pin-repeat" label={t('fieldApp.pin.repeat')} value={repeat} onChange={setRepeat} />
        {problem && (
          <p className="f-problem" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" className="primary f-big" disabled={busy}>
          {t('fieldApp.pin.save')}
        </button>
      </form>
    </section>
  );
}

/** Opening the app: the PIN, with or without a network. */
export function PinUnlock({ session, onUnlocked, onForgot }: { session: Session; onUnlocked: () => void; onForgot: () => void }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const [pin, setPinText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [wait, setWait] = useState(0);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void pinWait().then(setWait);
  }, []);
  useEffect(() => {
    if (wait <= 0) return;
    const timer = window.setTimeout(() => setWait((w) => Math.max(0, w - 1000)), 1000);
    return () => window.clearTimeout(timer);
  }, [wait]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (wait > 0 || busy) return;
    setBusy(true);
    const r = await unlock(pin);
    setBusy(false);
    if (r.ok) {
      onUnlocked();
      return;
    }
    setPinText('');
    setWait(r.waitMs);
    setProblem(t('fieldApp.pin.wrong'));
  }

  return (
    <section className="f-center" aria-labelledby="f-unlock-title">
      <LanguageSwitch />
      <h1 id="f-unlock-title">{t('fieldApp.pin.unlockTitle', { name: session.name })}</h1>
      <form onSubmit={submit} noValidate className="f-form">
        <PinInput id="f-pin" label={t('fieldApp.pin.enter')} value={pin} onChange={setPinText} autoFocus />
        {problem && (
          <p className="f-problem" role="alert">
            {problem}
          </p>
        )}
        {wait > 0 && <p className="f-problem">{t('fieldApp.pin.wait', { seconds: fmt.number(Math.ceil(wait / 1000)) })}</p>}
        <button type="submit" className="primary f-big" disabled={busy || wait > 0}>
          {t('fieldApp.pin.open')}
        </button>
      </form>
      <p>
        <button type="button" className="f-link" onClick={onForgot}>
          {t('fieldApp.pin.forgot')}
        </button>
      </p>
    </section>
  );
}
