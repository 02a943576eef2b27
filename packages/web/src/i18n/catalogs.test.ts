/**
 * Catalog completeness. Fails on:
 *  - a key in en.json that is missing or empty in hi/bn/or, or an extra key there;
 *  - a {{placeholder}} in English that a translation lacks (or invents);
 *  - a t('key') / t("key") / i18nKey="key" in the source that en.json lacks;
 *  - a value the server or the app can produce (error codes, report names, statuses, accounts…) without a label.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '@khata/core/errors';
import { chartTemplate, EXPENSE_KINDS, RECEIPT_KINDS } from '@khata/core/chart';
import { ATTENDANCE_STATUSES, FINE_REASONS } from '@khata/core/meeting';
import {
  ClientErrorCode,
  INSTITUTION_KINDS,
  LENDERS,
  LOAN_KINDS,
  LOAN_STATUSES,
  MEETING_FREQUENCIES,
  MEMBER_STATUSES,
  NODE_KINDS,
  OFFICE_BEARER_ROLES,
  SHG_STATUSES,
  USER_ROLES,
} from '../api.ts';
import { LANGUAGES } from '../format.ts';
import { REPORTS } from '../reports.ts';
import { SHG_TABS } from '../router.ts';
import { WEEKDAYS } from '../screens/ShgOverview.tsx';
import bn from './bn.json';
import en from './en.json';
import hi from './hi.json';
import or from './or.json';

type Catalog = Record<string, unknown>;
const catalogs: Record<string, Catalog> = { en, hi, bn, or };
const english = en as Record<string, string>;
const enKeys = Object.keys(english).sort();

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]).sort();

/** Keys used literally in the source: t('key'), t("key"), i18nKey="key". */
function keysUsedInSource(): Map<string, string> {
  const srcDir = join(dirname(fileURLToPath(import.meta.url)), '..');
  const found = new Map<string, string>();
  const files = readdirSync(srcDir, { recursive: true, encoding: 'utf8' }).filter(
    (f) => /\.(tsx|ts)$/.test(f) && !/\.test\.tsx?$/.test(f),
  );
  const pattern = /\bt\(\s*(['"])([^'"\n]+)\1|i18nKey=(['"])([^'"\n]+)\3/g;
  for (const file of files) {
    const text = readFileSync(join(srcDir, file), 'utf8');
    for (const m of text.matchAll(pattern)) found.set(m[2] ?? m[4]!, file);
  }
  return found;
}

describe('i18n catalogs', () => {
  it('has all four languages', () => {
    expect(Object.keys(catalogs).sort()).toEqual([...LANGUAGES].sort());
  });

  it('English has no empty values', () => {
    const empty = enKeys.filter((k) => typeof english[k] !== 'string' || english[k].trim() === '');
    expect(empty).toEqual([]);
  });

  for (const lang of ['hi', 'bn', 'or'] as const) {
    it(`${lang}.json has exactly the English keys, none empty`, () => {
      const catalog = catalogs[lang]!;
      const missing = enKeys.filter((k) => typeof catalog[k] !== 'string' || (catalog[k] as string).trim() === '');
      const extra = Object.keys(catalog).filter((k) => !(k in english));
      expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    });

    it(`${lang}.json keeps every {{placeholder}}`, () => {
      const catalog = catalogs[lang] as Record<string, string>;
      const wrong = enKeys.filter((k) => typeof catalog[k] === 'string' && placeholders(catalog[k]).join() !== placeholders(english[k]!).join());
      expect(wrong).toEqual([]);
    });

    it(`${lang}.json is a translation, not an English copy`, () => {
      const catalog = catalogs[lang] as Record<string, string>;
      // Identical values are allowed only when they hold no Latin words (placeholders and punctuation only).
      const copies = enKeys.filter((k) => catalog[k] === english[k] && /[A-Za-z]{2,}/.test(english[k]!.replace(/\{\{[^}]*\}\}/g, '')));
      expect(copies).toEqual([]);
    });
  }

  it('every key used in the source is in en.json', () => {
    const used = keysUsedInSource();
    expect(used.size).toBeGreaterThan(50); // the scan itself works
    const missing = [...used].filter(([k]) => !(k in english)).map(([k, file]) => `${k} (${file})`);
    expect(missing).toEqual([]);
  });

  it('every server error code has an error.<CODE> entry, and so do the client-side codes', () => {
    const codes = [...Object.values(ErrorCode), ...Object.values(ClientErrorCode)];
    expect(codes.length).toBeGreaterThan(10);
    expect(codes.filter((c) => !(`error.${c}` in english))).toEqual([]);
  });

  it('every value the screens label through a key family has an entry', () => {
    const families: [string, readonly string[]][] = [
      ['report', REPORTS.map((r) => r.name)],
      ['shg.tab', SHG_TABS],
      ['kind', [...NODE_KINDS, ...INSTITUTION_KINDS, 'shg']],
      ['weekday', WEEKDAYS],
      ['frequency', MEETING_FREQUENCIES],
      ['bearer', OFFICE_BEARER_ROLES],
      ['role', USER_ROLES],
      ['status', [...SHG_STATUSES, ...MEMBER_STATUSES, ...LOAN_STATUSES, 'recorded', 'reversed']],
      ['attendance', ATTENDANCE_STATUSES],
      ['fine', FINE_REASONS],
      ['lender', LENDERS],
      ['loanKind', LOAN_KINDS],
      ['receipt', Object.keys(RECEIPT_KINDS)],
      ['expense', Object.keys(EXPENSE_KINDS)],
    ];
    const missing = families.flatMap(([prefix, values]) => values.map((v) => `${prefix}.${v}`)).filter((k) => !(k in english));
    expect(missing).toEqual([]);
  });

  it("every account of an SHG's chart, and each parent, has an account.<path> entry", () => {
    const keys = new Set<string>();
    for (const account of chartTemplate('shg')) {
      const parts = account.path.split(':');
      for (let i = 1; i <= parts.length; i++) keys.add(`account.${parts.slice(0, i).join('.')}`);
      expect(account.nameKey).toBe(`account.${parts.join('.')}`); // core and web agree on the key shape
    }
    expect([...keys].filter((k) => !(k in english))).toEqual([]);
  });
});
