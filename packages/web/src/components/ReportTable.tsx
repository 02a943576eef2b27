import { useTranslation } from 'react-i18next';
import type { ReportColumn, ReportRow } from '../api.ts';
import { columnLabel } from '../labels.ts';
import { useFmt } from './common.tsx';
import { cellText, isNegative, isNumericKind, totalsLabelNeeded } from './reportCells.ts';

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
              <tr key={i}>
                {columns.map((c) => (
                  <td key={c.key} className={[cls(c), isNegative(row[c.key], c.kind) ? 'negative' : ''].filter(Boolean).join(' ') || undefined}>
                    {cellText(row[c.key], c, fmt, t)}
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
