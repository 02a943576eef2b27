import { useTranslation } from 'react-i18next';
import type { CashFlowMonth, ProgrammeCurrency } from '@khata/core/business-plan';
import { addMonthsTo } from '@khata/core/business-plan';
import type { Formatter } from '../../format.ts';
import { money, monthLabel } from './money.ts';

/** A plan's 12-month cash flow (a saved version, or the plan form's live figures). */
export function CashFlowTable({ months, startsIn, unitName, fmt, currency, caption }: { months: CashFlowMonth[]; startsIn: string; unitName: string; fmt: Formatter; currency: ProgrammeCurrency; caption?: string }) {
  const { t } = useTranslation();
  const m = (minor: number) => money(fmt, currency, minor);
  const valid = /^\d{4}-(0[1-9]|1[0-2])$/.test(startsIn);
  return (
    <div className="table-wrap">
      <table className="cash-flow">
        <caption>{caption ?? t('mb.cashFlow')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('mb.month')}</th>
            <th scope="col" className="num">{t('mb.units', { unit: unitName })}</th>
            <th scope="col" className="num">{t('mb.sales')}</th>
            <th scope="col" className="num">{t('mb.runningCosts')}</th>
            <th scope="col" className="num">{t('mb.fixedCosts')}</th>
            <th scope="col" className="num">{t('mb.profit')}</th>
            <th scope="col" className="num">{t('mb.loanRepayment')}</th>
            <th scope="col" className="num">{t('mb.closingCash')}</th>
          </tr>
        </thead>
        <tbody>
          {months.map((row) => (
            <tr key={row.month}>
              <th scope="row">{valid ? monthLabel(fmt, addMonthsTo(startsIn, row.month - 1)) : fmt.number(row.month)}</th>
              <td className="num">{fmt.number(row.units)}</td>
              <td className="num">{m(row.salesMinor)}</td>
              <td className="num">{m(row.runningCostsMinor)}</td>
              <td className="num">{m(row.fixedCostsMinor)}</td>
              <td className={`num${row.profitMinor < 0 ? ' negative' : ''}`}>{m(row.profitMinor)}</td>
              <td className="num">{m(row.loanRepaymentMinor)}</td>
              <td className={`num${row.closingCashMinor < 0 ? ' negative' : ''}`}>{m(row.closingCashMinor)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
