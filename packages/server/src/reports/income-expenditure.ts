import type { Database } from '../db/pool.ts';
import { movements } from './ledger-data.ts';
import { col, entityInfo, periodSchema, resolvePeriod, type Report, type Row } from './report.ts';

export const incomeExpenditureParams = periodSchema;

const columns = [col('account', 'text'), col('amount', 'money')];

/**
 * Income and expenditure for a period: each income account (credit-natural, shown positive) and each expense
 * account with a movement in the period, and the surplus (negative: a deficit) = income − expenditure.
 * Interest on members' loans is income when collected (cash basis, as SHG books are kept).
 */
export async function incomeExpenditure(db: Database, entityId: number, params: { from?: string | undefined; to?: string | undefined }): Promise<Report> {
  const entity = await entityInfo(db, entityId);
  const { from, to } = resolvePeriod(params);
  const moves = await movements(db, entityId, from, to);
  const incomeRows: Row[] = moves.filter((m) => m.kind === 'income' && m.balance !== 0).map((m) => ({ account: m.account, amount: -m.balance }));
  const expenseRows: Row[] = moves.filter((m) => m.kind === 'expense' && m.balance !== 0).map((m) => ({ account: m.account, amount: m.balance }));
  const income = incomeRows.reduce((s, r) => s + (r.amount as number), 0);
  const expenditure = expenseRows.reduce((s, r) => s + (r.amount as number), 0);
  const surplus = income - expenditure;
  return {
    name: 'income-expenditure',
    entityCode: entity.code,
    params: { from, to },
    columns,
    rows: [{ account: 'equity:surplus', amount: surplus }],
    totals: { income, expenditure, surplus },
    sections: [
      { titleKey: 'income', columns, rows: incomeRows, totals: { account: null, amount: income } },
      { titleKey: 'expenditure', columns, rows: expenseRows, totals: { account: null, amount: expenditure } },
    ],
  };
}
