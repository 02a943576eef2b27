import { formatMoney } from '@khata/core';

/**
 * A report as aligned plain text for a terminal (`khata report`): money in ₹ with lakh grouping, numbers
 * right-aligned, one table per section. Pure: takes any object of the report shape (report.ts).
 */
export interface TextColumn {
  key: string;
  kind: 'text' | 'money' | 'date' | 'number' | 'percent';
}
export type TextRow = Record<string, string | number | boolean | null | undefined>;
export interface TextTable {
  columns: TextColumn[];
  rows: TextRow[];
  totals?: TextRow;
}
export interface TextReport extends TextTable {
  name: string;
  entityCode: string;
  params: Record<string, unknown>;
  sections?: Array<TextTable & { titleKey: string }>;
}

/** 'savingsBalance' → 'Savings balance'; 'repayment-rate' → 'Repayment rate'. */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[-_]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function cell(value: TextRow[string], column: TextColumn): string {
  if (value === null || value === undefined || value === '') return '';
  if (column.kind === 'money' && typeof value === 'number') return formatMoney(value);
  if (column.kind === 'percent') return `${value}%`;
  return String(value);
}

const numeric = (c: TextColumn) => c.kind === 'money' || c.kind === 'number' || c.kind === 'percent';
/** Display width: code points, so that ₹ and Indian scripts are not counted per byte. */
const width = (s: string) => [...s].length;
const pad = (s: string, n: number, right: boolean) => (right ? ' '.repeat(Math.max(0, n - width(s))) + s : s + ' '.repeat(Math.max(0, n - width(s))));

export function formatTable(table: TextTable): string {
  const { columns } = table;
  if (columns.length === 0) return '';
  const header = columns.map((c) => humanize(c.key));
  const body = table.rows.map((r) => columns.map((c) => cell(r[c.key], c)));
  const totals = table.totals ? columns.map((c, i) => (i === 0 && (table.totals![c.key] ?? '') === '' ? 'Total' : cell(table.totals![c.key], c))) : null;
  const all = [header, ...body, ...(totals ? [totals] : [])];
  const widths = columns.map((_, i) => Math.max(...all.map((r) => width(r[i]!))));
  const line = (r: string[]) => r.map((s, i) => pad(s, widths[i]!, numeric(columns[i]!))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const out = [line(header), rule, ...body.map(line)];
  if (body.length === 0) out.push('(nothing to show)');
  if (totals) out.push(rule, line(totals));
  return `${out.join('\n')}\n`;
}

function periodText(params: Record<string, unknown>): string {
  const s = (k: string) => (typeof params[k] === 'string' ? (params[k] as string) : undefined);
  if (s('from') && s('to')) return `${s('from')} to ${s('to')}`;
  if (s('asOf')) return `as of ${s('asOf')}`;
  return '';
}

export function formatReportText(report: TextReport): string {
  const title = [humanize(report.name), report.entityCode, periodText(report.params)].filter(Boolean).join(' — ');
  const who = typeof report.params.membershipNumber === 'number' ? `Member no. ${report.params.membershipNumber}${report.params.memberName ? ` (${report.params.memberName})` : ''}\n` : '';
  const parts = [`${title}\n${'='.repeat(width(title))}\n${who}`];
  for (const s of report.sections ?? []) parts.push(`${humanize(s.titleKey)}\n${formatTable(s)}`);
  if (report.rows.length > 0 || !report.sections?.length) parts.push(formatTable(report));
  if (report.sections?.length && report.rows.length === 0 && report.totals) {
    parts.push(
      Object.entries(report.totals)
        .map(([k, v]) => `${humanize(k)}: ${typeof v === 'number' ? formatMoney(v) : typeof v === 'string' && /percent|rate/i.test(k) ? `${v}%` : String(v ?? '')}`)
        .join('\n') + '\n',
    );
  }
  return parts.join('\n');
}
