import type { TFunction } from 'i18next';
import type { ColumnKind, Report, ReportColumn, ReportRow, ReportValue } from '../api.ts';
import type { RouteParams } from '../router.ts';
import { EMPTY, isAccountPath, type Formatter } from '../format.ts';
import { accountLabel, valueLabel } from '../labels.ts';

/** One report cell as text in the user's language and digits. */
export function cellText(value: ReportValue, column: ReportColumn, fmt: Formatter, t: TFunction): string {
  if (value === null || value === undefined || value === '') return EMPTY;
  switch (column.kind) {
    case 'money': {
      const n = typeof value === 'number' ? value : Number(value);
      return Number.isSafeInteger(n) ? fmt.money(n) : String(value);
    }
    case 'date':
      return fmt.date(String(value));
    case 'number':
      return typeof value === 'boolean' ? String(value) : fmt.number(value);
    case 'percent':
      return typeof value === 'boolean' ? String(value) : fmt.percent(value);
    case 'text':
    default:
      if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
      if (column.key === 'account' || isAccountPath(value)) return accountLabel(t, String(value));
      if (column.key === 'status') return valueLabel(t, 'status', String(value));
      return String(value);
  }
}

export function isNumericKind(kind: ColumnKind): boolean {
  return kind === 'money' || kind === 'number' || kind === 'percent';
}

/** True when a money cell is below zero (shown in its own colour). */
export function isNegative(value: ReportValue, kind: ColumnKind): boolean {
  return kind === 'money' && typeof value === 'number' && value < 0;
}

/** Whether the totals row needs a "Total" label in its first cell (it does unless the server filled that cell). */
export function totalsLabelNeeded(columns: readonly ReportColumn[], totals: ReportRow): boolean {
  const first = columns[0];
  if (!first) return false;
  const v = totals[first.key];
  return v === undefined || v === null || v === '';
}

/** Dates the server reports it used, as route params (so the picker shows them). */
export function paramsOf(report: Report | undefined): RouteParams {
  const p = report?.params ?? {};
  const s = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
  const out: RouteParams = {};
  const from = s(p.from);
  const to = s(p.to);
  const asOf = s(p.asOf);
  if (from) out.from = from;
  if (to) out.to = to;
  if (asOf) out.asOf = asOf;
  return out;
}
