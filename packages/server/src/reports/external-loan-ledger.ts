import { z } from 'zod';
import type { Database } from '../db/pool.ts';
import { ledgerLines } from './ledger-data.ts';
import { loansOf } from './loan-data.ts';
import { asOfFields, CUTOFF_SOURCE, col, entityInfo, resolvePeriod, sides, totalsOf, type Report, type Row, periodParams } from './report.ts';

export const externalLoanLedgerParams = periodParams(asOfFields);

const columns = [
  col('lender', 'text'),
  col('lenderName', 'text'),
  col('loanKind', 'text'),
  col('sanctionedOn', 'date'),
  col('sanctioned', 'money'),
  col('limit', 'money'),
  col('openingOutstanding', 'money'),
  col('drawn', 'money'),
  col('repaid', 'money'),
  col('interestPaid', 'money'),
  col('outstanding', 'money'),
  col('available', 'money'),
  col('status', 'text'),
];
const MONEY = ['sanctioned', 'openingOutstanding', 'drawn', 'repaid', 'interestPaid', 'outstanding'];

/**
 * External loan ledger for [from, to]: one row per loan the group owes to an outside lender (bank term loan or
 * cash credit, VO/CLF CIF, others): sanctioned, drawn and repaid principal and interest paid in the period,
 * outstanding before and after; for a cash credit, the limit and what may still be drawn (limit and drawing power).
 * From the lines tagged with the loan: its liability account (principal) and expense accounts (interest).
 */
export async function externalLoanLedger(
  db: Database,
  entityId: number,
  params: { from?: string | undefined; to?: string | undefined; asOf?: string | undefined },
): Promise<Report> {
  const entity = await entityInfo(db, entityId);
  const { from, to } = resolvePeriod(params);
  const [loans, lines] = await Promise.all([
    loansOf(db, entityId, 'external'),
    ledgerLines(db, entityId, { to, accounts: ['liabilities', 'expenses'], loanTagged: true }),
  ]);
  const figures = new Map<string, { opening: number; drawn: number; repaid: number; interest: number; closing: number }>();
  for (const l of lines) {
    const f = figures.get(l.loanId!) ?? { opening: 0, drawn: 0, repaid: 0, interest: 0, closing: 0 };
    const s = sides(l.amount, l.reversal);
    if (l.kind === 'liability') {
      if (l.date < from || l.sourceType === CUTOFF_SOURCE) f.opening -= l.amount;
      else {
        f.drawn += s.credit;
        f.repaid += s.debit;
      }
      f.closing -= l.amount;
    } else if (l.date >= from) {
      f.interest += s.debit - s.credit;
    }
    figures.set(l.loanId!, f);
  }
  const rows: Row[] = loans
    .filter((l) => l.disbursedOn <= to && l.status !== 'cancelled')
    .map((loan) => {
      const f = figures.get(loan.id) ?? { opening: 0, drawn: 0, repaid: 0, interest: 0, closing: 0 };
      const cashCredit = loan.kind === 'external-cash-credit';
      const limit = loan.limitPaise ?? loan.principalPaise;
      const drawingPower = (loan.terms as { drawingPowerPaise?: number } | null)?.drawingPowerPaise ?? limit;
      return {
        lender: loan.lender,
        lenderName: loan.lenderName,
        loanKind: cashCredit ? 'cash-credit' : 'term-loan',
        sanctionedOn: loan.disbursedOn,
        sanctioned: loan.principalPaise,
        limit: cashCredit ? limit : null,
        openingOutstanding: f.opening,
        drawn: f.drawn,
        repaid: f.repaid,
        interestPaid: f.interest,
        outstanding: f.closing,
        available: cashCredit ? Math.max(0, Math.min(limit, drawingPower) - f.closing) : null,
        status: f.closing === 0 && f.drawn + f.opening > 0 && !cashCredit ? 'closed' : loan.status,
      };
    });
  return {
    name: 'external-loan-ledger',
    entityCode: entity.code,
    params: { from, to },
    columns,
    rows,
    totals: { lender: null, lenderName: null, loanKind: null, sanctionedOn: null, limit: null, available: null, status: null, ...totalsOf(rows, MONEY) },
  };
}
