import { CURRENCY_SYMBOL, type ProgrammeCurrency } from '@khata/core/business-plan';
import { formatMoney } from '@khata/core/money';
import type { Formatter } from '../../format.ts';

/** An amount in minor units of the partner's currency (৳, रु, ₹), in the viewer's digits; "<11" stays as it is. */
export function money(fmt: Formatter, currency: ProgrammeCurrency | null, minor: number | '<11' | null | undefined): string {
  if (minor === '<11') return '<11';
  if (minor === null || minor === undefined || currency === null) return '—';
  return formatMoney(minor, { symbol: CURRENCY_SYMBOL[currency], numberingSystem: fmt.numberingSystem });
}

/** A count as the report shows it ("<11" for fewer than 11 people). */
export function count(fmt: Formatter, n: number | '<11' | null | undefined): string {
  if (n === '<11') return '<11';
  return fmt.number(n ?? null);
}

/** 'YYYY-MM' → a month's first day, for the date formatter. */
export function monthDate(month: string): string {
  return `${month}-01`;
}

const MONTH_LOCALE: Record<string, string> = { en: 'en-IN', hi: 'hi-IN', bn: 'bn-IN', or: 'en-IN' };

/** 'YYYY-MM' → "September 2026" in the viewer's language and digits. */
export function monthLabel(fmt: Formatter, month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  if (!y || !m) return month;
  return new Intl.DateTimeFormat(MONTH_LOCALE[fmt.lang] ?? 'en-IN', { month: 'long', year: 'numeric', timeZone: 'UTC', numberingSystem: fmt.numberingSystem }).format(new Date(Date.UTC(y, m - 1, 1)));
}

/** The month before today's, as 'YYYY-MM' (the report's default). */
export function lastMonth(now: Date = new Date()): string {
  const d = new Date(Date.UTC(now.getFullYear(), now.getMonth() - 1, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}
