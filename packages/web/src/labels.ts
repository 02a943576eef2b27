/**
 * Turning server values into words. Keys built at run time (a column, an account path, a status) are looked up in
 * the catalog with a readable fallback, so a value the catalogs do not know yet still shows something sensible.
 */
import type { TFunction } from 'i18next';
import { ApiError, ClientErrorCode } from './api.ts';
import { accountKey, isAccountPath } from './format.ts';

/** 'savingsBalance' / 'savings-balance' / 'savings_balance' → 'Savings balance'. */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[-_.:]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A dotted field path 'repayments.2.amountPaise' → its catalog key 'field.amountPaise' and row number 3. */
export function fieldKey(field: string): { key: string; row?: number } {
  const parts = field.split('.');
  let row: number | undefined;
  let name = field;
  for (let i = parts.length - 1; i >= 0; i--) {
    const p = parts[i]!;
    if (/^\d+$/.test(p)) {
      if (row === undefined) row = Number(p) + 1;
    } else if (name === field) {
      name = p;
    }
  }
  return row === undefined ? { key: `field.${name}` } : { key: `field.${name}`, row };
}

export function fieldLabel(t: TFunction, field: string): string {
  const { key, row } = fieldKey(field);
  const label = t(key, { defaultValue: humanize(key.slice('field.'.length)) });
  return row === undefined ? label : t('error.fieldInRow', { field: label, row });
}

function codeText(t: TFunction, code: string, params?: Record<string, string | number>): string {
  return t(`error.${code}`, { ...(params ?? {}), defaultValue: t('error.UNKNOWN') });
}

/** A refusal that cites a rule of the rule set (`params.rule`): the rule in words when the catalog has `rule.<rule>`. */
function withRule(t: TFunction, text: string, params?: Record<string, string | number>): string {
  const rule = params?.rule;
  if (typeof rule !== 'string') return text;
  const words = t(`rule.${rule}`, { defaultValue: '' });
  return words ? t('error.withRule', { error: text, rule: words }) : text;
}

/**
 * The lines to show for a failure, in the user's language: the error itself, and one line per problem
 * naming the field ("Password: this is required").
 */
export function errorLines(t: TFunction, error: unknown): string[] {
  if (!(error instanceof ApiError)) return [t(`error.${ClientErrorCode.Unknown}`)];
  const problems = error.problems.length > 0 ? error.problems : [{ code: error.code, field: error.field, message: error.message }];
  const lines = problems.map((p) => {
    const params = 'params' in p ? p.params : undefined;
    const text = withRule(t, codeText(t, p.code, params), params);
    return p.field ? t('error.withField', { field: fieldLabel(t, p.field), error: text }) : text;
  });
  // Several problems: a heading, then one line each.
  if (error.problems.length > 1) return [t('error.several'), ...lines];
  return [...new Set(lines)];
}

export function columnLabel(t: TFunction, key: string): string {
  return t(`column.${key}`, { defaultValue: humanize(key) });
}

export function accountLabel(t: TFunction, path: string): string {
  return t(accountKey(path), { defaultValue: path });
}

/** Generic 'group.value' lookup with a readable fallback, for statuses, kinds, roles… */
export function valueLabel(t: TFunction, group: string, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  return t(`${group}.${value}`, { defaultValue: humanize(value) });
}

/** A report section's title: an account path (general ledger), or a key such as 'assets' / 'section.assets'. */
export function sectionTitle(t: TFunction, titleKey: string): string {
  if (isAccountPath(titleKey)) return accountLabel(t, titleKey);
  const bare = titleKey.startsWith('section.') ? titleKey.slice('section.'.length) : titleKey;
  return t(`section.${bare}`, { defaultValue: humanize(bare) });
}
