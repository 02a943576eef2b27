import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, LANGUAGE_NAMES, isLang } from '../format.ts';
import { setLanguage } from '../i18n/index.ts';

/** Four buttons, each language written in its own script, so someone who reads little still finds hers. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const current = isLang(i18n.language) ? i18n.language : 'en';
  const [failed, setFailed] = useState(false);
  return (
    <div className="language-switch" role="group" aria-label={t('common.language')}>
      {LANGUAGES.map((lang) => (
        <button
          key={lang}
          type="button"
          lang={lang}
          aria-pressed={lang === current}
          onClick={() => {
            setFailed(false);
            setLanguage(lang).catch(() => setFailed(true));
          }}
        >
          {LANGUAGE_NAMES[lang]}
        </button>
      ))}
      {failed && (
        <span className="error-inline" role="alert">
          {t('error.NETWORK')}
        </span>
      )}
    </div>
  );
}
