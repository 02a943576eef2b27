import { useTranslation } from 'react-i18next';
import type { User } from '../api.ts';
import { isLang } from '../format.ts';
import { href } from '../router.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { CasesLink } from '../screens/micro-business/CasesLink.tsx';

export function TopBar({
  user,
  nativeDigits,
  onNativeDigits,
  onLogout,
}: {
  user?: User | undefined;
  nativeDigits: boolean;
  onNativeDigits: (on: boolean) => void;
  onLogout: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = isLang(i18n.language) ? i18n.language : 'en';
  return (
    <header className="topbar no-print">
      <a className="brand" href={href({ name: 'home' })}>
        {t('app.name')}
      </a>
      <div className="topbar-tools">
        <LanguageSwitch />
        {user && lang !== 'en' && (
          <label className="check">
            <input type="checkbox" checked={nativeDigits} onChange={(e) => onNativeDigits(e.target.checked)} />
            {t('settings.nativeDigits')}
          </label>
        )}
        {user && (
          <a className="button-link" href={href({ name: 'approvals' })}>
            {t('approvals.title')}
          </a>
        )}
        {user && <CasesLink userId={String(user.id)} />}
        {user && (
          <>
            <span className="user">
              <span className="visually-hidden">{t('topbar.signedIn')} </span>
              {user.name}
            </span>
            <button type="button" onClick={onLogout}>
              {t('topbar.logout')}
            </button>
          </>
        )}
      </div>
    </header>
  );
}
