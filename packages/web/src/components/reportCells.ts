import type { TFunction } from 'i18next';
import type { ColumnKind, Report, ReportColumn, ReportRow, ReportValue } from '../api.ts';
import type { RouteParams } from '../router.ts';
import { EMPTY, isAccountPath, type Formatter } from '../format.ts';
import { accountLabel, valueLabel } from '../labels.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Text columns whose values are codes with their own labels. */
const CODED_COLUMNS: Record<string, string> = { status: 'status', lender: 'lender', loanKind: 'loanKind', kind: 'loanKind' };

/** One report cell as text in the user's language and digits. `row` gives the row's type (opening/closing). */
export function cellText(value: ReportValue, column: ReportColumn, fmt: Formatter, t: TFunction, row?: ReportRow): string {
  if (column.key === 'narration' && row?.rowType === 'opening') return t('reportView.openingRow');
  if (column.key === 'narration' && row?.rowType === 'closing') return t('reportView.closingRow');
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
    default: {
      if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
      const text = String(value);
      if (column.key === 'account' || isAccountPath(text)) return accountLabel(t, text);
      if (column.key === 'bucket') return bucketLabel(t, fmt, text);
      if (column.key === 'narration') return narrationText(t, fmt, text, typeof row?.date === 'string' ? row.date : undefined);
      const group = CODED_COLUMNS[column.key];
      if (group) return valueLabel(t, group, text);
      if (UUID.test(text)) return text.slice(0, 8); // ids: enough to tell apart on paper
      return text;
    }
  }
}

/** Ageing buckets 'current', '1-30', '31-60', '61-90', '>90' in words and the user's digits. */
export function bucketLabel(t: TFunction, fmt: Formatter, bucket: string): string {
  if (bucket === 'current') return t('bucket.current');
  const range = /^(\d+)-(\d+)$/.exec(bucket);
  if (range) return t('bucket.range', { from: fmt.number(Number(range[1])), to: fmt.number(Number(range[2])) });
  const over = /^>(\d+)$/.exec(bucket);
  if (over) return t('bucket.over', { n: fmt.number(Number(over[1])) });
  return bucket;
}

/**
 * Journal narrations are written by the server in English ("Meeting 2024-01-08", "Reversal: … (reason)");
 * the known shapes are put into the user's language, anything else is shown as written.
 */
export function narrationText(t: TFunction, fmt: Formatter, text: string, rowDate?: string): string {
  const reversal = /^Reversal: (.*?)(?: \((.*)\))?$/.exec(text);
  if (reversal) {
    const of = narrationText(t, fmt, reversal[1]!, rowDate);
    return reversal[2] ? t('narration.reversalWithReason', { of, reason: reversal[2] }) : t('narration.reversal', { of });
  }
  const dated = /^(Meeting|Opening balances|Member exit) (\d{4}-\d{2}-\d{2})$/.exec(text);
  if (dated) {
    const date = fmt.date(dated[2]!);
    // On a row already dated that day, the date is not repeated.
    if (dated[1] === 'Meeting') return dated[2] === rowDate ? t('narration.meetingSameDay') : t('narration.meeting', { date });
    if (dated[1] === 'Opening balances') return t('narration.openingBalances', { date });
    return t('narration.memberExit', { date });
  }
  const credit = /^Cash credit drawn \((.*)\)$/.exec(text);
  if (credit) return t('narration.cashCreditDrawn', { lender: credit[1] });
  if (text === 'Opening balance') return t('reportView.openingRow');
  if (text === 'Closing balance') return t('reportView.closingRow');
  return text;
}

/** A report figure outside the table (e.g. a balance sheet's "total assets"), with the kind to format it by. */
export interface SummaryItem {
  key: string;
  kind: ColumnKind;
  value: ReportValue;
}

/**
 * The totals a table cannot show: keys that are not columns of the table they came with (balance-sheet totals
 * beside its sections, a cash book's opening and closing balance). The kind comes from any column of the same
 * key in the report; otherwise integers are money and decimal strings are percents.
 */
export function summaryItems(report: Pick<Report, 'columns' | 'totals' | 'sections'>, tableShown: boolean): SummaryItem[] {
  const totals = report.totals;
  if (!totals) return [];
  const shownKeys = new Set(tableShown ? report.columns.map((c) => c.key) : []);
  const kinds = new Map<string, ColumnKind>();
  for (const c of [...report.columns, ...(report.sections ?? []).flatMap((s) => s.columns)]) if (!kinds.has(c.key)) kinds.set(c.key, c.kind);
  const items: SummaryItem[] = [];
  for (const [key, value] of Object.entries(totals)) {
    if (shownKeys.has(key) || value === null || value === undefined || value === '') continue;
    const kind: ColumnKind =
      kinds.get(key) ?? (typeof value === 'number' ? 'money' : typeof value === 'string' && /^-?\d+\.\d+$/.test(value) ? 'percent' : 'text');
    items.push({ key, kind, value });
  }
  return items;
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

/**
 * Drops money and number columns that are empty or zero in every row and in the totals (a passbook without
 * withdrawals or fines need not print those columns on a narrow page).
 */
export function withoutEmptyColumns<T extends { columns: ReportColumn[]; rows: ReportRow[]; totals?: ReportRow | undefined }>(data: T): T {
  const blank = (v: ReportValue) => v === null || v === undefined || v === '' || v === 0;
  const columns = data.columns.filter(
    (c) => !isNumericKind(c.kind) || !data.rows.every((r) => blank(r[c.key])) || !blank(data.totals?.[c.key]),
  );
  return columns.length === data.columns.length ? data : { ...data, columns };
}
