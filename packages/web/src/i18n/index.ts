/**
 * i18next set-up. English is bundled (it is also the fallback); the other catalogs load on demand, so a user
 * downloads one language, not four. Keys are flat strings with dots ('account.assets.cash'), so a key can be
 * both a label and the prefix of others.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { isLang, type Lang } from '../format.ts';
import en from './en.json';

type Catalog = Record<string, string>;
const loaders: Record<Exclude<Lang, 'en'>, () => Promise<{ default: Catalog }>> = {
  hi: () => import('./hi.json'),
  bn: () => import('./bn.json'),
  or: () => import('./or.json'),
};

const LANGUAGE_KEY = 'khata.language';

export function storedLanguage(): Lang | undefined {
  try {
    const v = localStorage.getItem(LANGUAGE_KEY);
    return isLang(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

export function readSetting(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function writeSetting(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // private mode or storage full: the setting lasts for this visit only
  }
}

export async function setLanguage(lang: Lang, options: { remember?: boolean } = {}): Promise<void> {
  if (lang !== 'en' && !i18n.hasResourceBundle(lang, 'translation')) {
    const catalog = await loaders[lang]();
    i18n.addResourceBundle(lang, 'translation', catalog.default);
  }
  await i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
  if (options.remember !== false) writeSetting(LANGUAGE_KEY, lang);
}

export async function initI18n(): Promise<void> {
  await i18n.use(initReactI18next).init({
    resources: { en: { translation: en } },
    lng: 'en',
    fallbackLng: 'en',
    keySeparator: false,
    nsSeparator: false,
    interpolation: { escapeValue: false }, // React escapes
    react: { useSuspense: false },
  });
  const lang = storedLanguage() ?? 'en';
  try {
    await setLanguage(lang, { remember: false });
  } catch {
    document.documentElement.lang = 'en'; // catalog failed to load (offline?): stay in English
  }
}

export { i18n };
