import { useTranslation } from 'react-i18next';
import type { ReportColumn, ReportRow } from '../api.ts';
import { columnLabel } from '../labels.ts';
import { useFmt } from './common.tsx';
import { cellText, isNegative, isNumericKind, summaryItems, totalsLabelNeeded } from './reportCells.ts';
import type { Report } from '../api.ts';

export interface TableData {
  columns: ReportColumn[];
  rows: ReportRow[];
  totals?: ReportRow | undefined;
}

/** Any report table the server sends: labels by `column.<key>`, money right-aligned in ₹ lakh format. */
export function ReportTable({ data, caption, large }: { data: TableData; caption?: string; large?: boolean }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const { columns, rows, totals } = data;
  const cls = (c: ReportColumn) => (isNumericKind(c.kind) ? 'num' : c.kind === 'date' ? 'date' : undefined);
  return (
    <div className="table-wrap">
      <table className={`report-table${large ? ' large' : ''}`}>
        {caption && <caption>{caption}</caption>}
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={cls(c)}>
                {columnLabel(t, c.key)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={Math.max(columns.length, 1)} className="empty">
                {t('reportView.noRows')}
              </td>
            </tr>
          ) : (
            rows.map((row, i) => (
              <tr key={i} className={typeof row.rowType === 'string' ? `row-${row.rowType}` : undefined}>
                {columns.map((c) => (
                  <td key={c.key} className={[cls(c), isNegative(row[c.key], c.kind) ? 'negative' : ''].filter(Boolean).join(' ') || undefined}>
                    {cellText(row[c.key], c, fmt, t, row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
        {totals && (
          <tfoot>
            <tr>
              {columns.map((c, i) =>
                i === 0 && totalsLabelNeeded(columns, totals) ? (
                  <th key={c.key} scope="row">
                    {t('common.total')}
                  </th>
                ) : (
                  <td key={c.key} className={cls(c)}>
                    {totals[c.key] === undefined || totals[c.key] === null ? '' : cellText(totals[c.key], c, fmt, t)}
                  </td>
                ),
              )}
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}

/** Totals that are not columns of the table (a balance sheet's totals, a cash book's opening and closing cash). */
export function ReportSummary({ report, tableShown }: { report: Pick<Report, 'columns' | 'totals' | 'sections'>; tableShown: boolean }) {
  const { t } = useTranslation();
  const fmt = useFmt();
  const items = summaryItems(report, tableShown);
  if (items.length === 0) return null;
  return (
    <dl className="facts summary">
      {items.map((item) => (
        <div key={item.key}>
          <dt>{columnLabel(t, item.key)}</dt>
          <dd className={isNegative(item.value, item.kind) ? 'negative' : undefined}>{cellText(item.value, { key: item.key, kind: item.kind }, fmt, t)}</dd>
        </div>
      ))}
    </dl>
  );
}
