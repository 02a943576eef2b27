import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { Loading, useFmt } from '../../components/common.tsx';
import { fieldDb, getMeta } from '../db.ts';
import { useField, useLive } from '../hooks.ts';
import { askPersistentStorage } from '../session.ts';
import { PinSetup } from './Pin.tsx';

/** Language, digits, PIN, storage, lock, sign out. */
export function Settings() {
  const { t, i18n } = useTranslation();
  const fmt = useFmt();
  const { session, lock, signOut, nativeDigits, setNativeDigits } = useField();
  const [changingPin, setChangingPin] = useState(false);
  const [confirmOut, setConfirmOut] = useState(false);
  const [busy, setBusy] = useState(false);
  const data = useLive(async () => {
    const db = fieldDb();
    const [unsent, persisted] = await Promise.all([db.outbox.where('state').anyOf('waiting', 'applied', 'refused').count(), getMeta('persisted', db)]);
    return { unsent, persisted: persisted === true };
  }, []);
  if (!data.value) return <Loading />;
  if (changingPin) return <PinSetup session={session} changing onDone={() => setChangingPin(false)} />;
  const { unsent, persisted } = data.value;
  return (
    <section aria-labelledby="f-settings-title">
      <h1 id="f-settings-title">{t('fieldApp.settings.title')}</h1>
      <p>{t('fieldApp.settings.signedInAs', { name: session.name })}</p>

      <h2>{t('common.language')}</h2>
      <LanguageSwitch />
      {i18n.language !== 'en' && (
        <label className="check">
          <input type="checkbox" checked={nativeDigits} onChange={(e) => setNativeDigits(e.target.checked)} />
          {t('settings.nativeDigits')}
        </label>
      )}

      <h2>{t('fieldApp.settings.security')}</h2>
      <div className="f-actions">
        <button type="button" onClick={() => setChangingPin(true)}>
          {t('fieldApp.pin.changeTitle')}
        </button>
        <button type="button" onClick={lock}>
          {t('fieldApp.settings.lock')}
        </button>
      </div>

      <h2>{t('fieldApp.settings.storage')}</h2>
      <p>{persisted ? t('fieldApp.settings.persisted') : t('fieldApp.settings.notPersisted')}</p>
      {!persisted && (
        <button type="button" onClick={() => void askPersistentStorage()}>
          {t('fieldApp.settings.askPersist')}
        </button>
      )}

      <h2>{t('fieldApp.settings.signOut')}</h2>
      <p className="f-hint">{t('fieldApp.settings.signOutHint')}</p>
      {unsent > 0 && (
        <p className="f-problem" role="alert">
          {t('fieldApp.settings.unsentWarning', { n: fmt.number(unsent) })}
        </p>
      )}
      {!confirmOut ? (
        <button type="button" onClick={() => setConfirmOut(true)}>
          {t('fieldApp.settings.signOut')}
        </button>
      ) : (
        <div className="f-actions">
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => {
              setBusy(true);
              void signOut();
            }}
          >
            {unsent > 0 ? t('fieldApp.settings.signOutAnyway') : t('fieldApp.settings.signOutConfirm')}
          </button>
          <button type="button" onClick={() => setConfirmOut(false)}>
            {t('fieldApp.cancel')}
          </button>
        </div>
      )}
    </section>
  );
}
