import { formatMoney } from './core.ts';

export const LANGUAGES = ['en', 'hi', 'bn', 'or'] as const;
export type Lang = (typeof LANGUAGES)[number];
export type NumberingSystem = 'latn' | 'deva' | 'beng' | 'orya';

/** Each language's name in its own script: the same in every catalog, so it lives here. */
export const LANGUAGE_NAMES: Record<Lang, string> = { en: 'English', hi: 'हिन्दी', bn: 'বাংলা', or: 'ଓଡ଼ିଆ' };

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

const NATIVE: Record<Lang, NumberingSystem> = { en: 'latn', hi: 'deva', bn: 'beng', or: 'orya' };
/**
 * Chromium (and ICU in browsers generally) has no 'or' locale data: Odia dates use en-IN's order with Odia
 * digits, and the month names below (never English ones on an Odia screen).
 */
const DATE_LOCALE: Record<Lang, string> = { en: 'en-IN', hi: 'hi-IN', bn: 'bn-IN', or: 'en-IN' };
const ODIA_MONTHS = ['ଜାନୁଆରୀ', 'ଫେବୃଆରୀ', 'ମାର୍ଚ୍ଚ', 'ଅପ୍ରେଲ', 'ମେ', 'ଜୁନ', 'ଜୁଲାଇ', 'ଅଗଷ୍ଟ', 'ସେପ୍ଟେମ୍ବର', 'ଅକ୍ଟୋବର', 'ନଭେମ୍ବର', 'ଡିସେମ୍ବର'];

export function numberingSystemFor(lang: Lang, nativeDigits: boolean): NumberingSystem {
  return nativeDigits ? NATIVE[lang] : 'latn';
}

const DIGITS: Record<NumberingSystem, string> = {
  latn: '0123456789',
  deva: '०१२३४५६७८९',
  beng: '০১২৩৪৫৬৭৮৯',
  orya: '୦୧୨୩୪୫୬୭୮୯',
};

/** Replaces ASCII digits by the numbering system's digits (for values that arrive as strings, e.g. percents). */
export function toDigits(text: string, ns: NumberingSystem): string {
  if (ns === 'latn') return text;
  const d = DIGITS[ns];
  return text.replace(/[0-9]/g, (c) => d[Number(c)]!);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A business date 'YYYY-MM-DD' as a UTC midnight Date (never shifted by the viewer's time zone). */
export function parseIsoDate(value: string): Date | undefined {
  const m = ISO_DATE.exec(value);
  if (m) {
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return d.getUTCDate() === Number(m[3]) ? d : undefined;
  }
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export const EMPTY = '—';

export interface Formatter {
  lang: Lang;
  numberingSystem: NumberingSystem;
  money(paise: number | null | undefined): string;
  date(value: string | null | undefined): string;
  /** Long form for headings and the passbook: "5 March 2024". */
  dateLong(value: string | null | undefined): string;
  number(value: number | string | null | undefined): string;
  /** "97.50" → "97.50%"; the server sends percents as exact decimal strings. */
  percent(value: number | string | null | undefined): string;
  /** Digits only (membership numbers, codes stay as they are). */
  digits(value: string | number | null | undefined): string;
}

export function makeFormatter(lang: Lang, nativeDigits: boolean): Formatter {
  const ns = numberingSystemFor(lang, nativeDigits);
  // Always name the numbering system: bn-IN defaults to Bengali digits even when the user asked for Latin ones.
  const dateFmt = new Intl.DateTimeFormat(DATE_LOCALE[lang], { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric', numberingSystem: ns });
  const dateLongFmt = new Intl.DateTimeFormat(DATE_LOCALE[lang], { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric', numberingSystem: ns });
  const numberFmt = new Intl.NumberFormat('en-IN', { numberingSystem: ns, maximumFractionDigits: 2 });
  const fmtDate = (f: Intl.DateTimeFormat) => (value: string | null | undefined) => {
    if (value === null || value === undefined || value === '') return EMPTY;
    const d = parseIsoDate(value);
    if (!d) return value;
    if (lang !== 'or') return f.format(d);
    return f
      .formatToParts(d)
      .map((p) => (p.type === 'month' ? ODIA_MONTHS[d.getUTCMonth()]! : p.value))
      .join('');
  };
  return {
    lang,
    numberingSystem: ns,
    money: (paise) => (paise === null || paise === undefined || !Number.isFinite(paise) ? EMPTY : formatMoney(paise, { numberingSystem: ns })),
    date: fmtDate(dateFmt),
    dateLong: fmtDate(dateLongFmt),
    number: (value) => {
      if (value === null || value === undefined || value === '') return EMPTY;
      const n = typeof value === 'number' ? value : Number(value);
      return Number.isFinite(n) ? numberFmt.format(n) : toDigits(String(value), ns);
    },
    percent: (value) => {
      if (value === null || value === undefined || value === '') return EMPTY;
      return `${toDigits(String(value), ns)}%`;
    },
    digits: (value) => (value === null || value === undefined || value === '' ? EMPTY : toDigits(String(value), ns)),
  };
}

/** 'assets:cash' → 'account.assets.cash' (the catalog key; the raw path is the fallback). */
export function accountKey(path: string): string {
  return `account.${path.split(':').join('.')}`;
}

/** Account paths look like 'assets:cash' or 'liabilities:savings:compulsory'. */
export function isAccountPath(value: unknown): boolean {
  return typeof value === 'string' && /^(assets|liabilities|equity|income|expenses)(:[a-z0-9]+(-[a-z0-9]+)*)*$/.test(value);
}

/** Today as YYYY-MM-DD in the viewer's own calendar day. */
export function todayIso(now: Date = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}
