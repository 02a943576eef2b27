import type { Database } from '../db/pool.ts';
import { balancesAsOf } from './ledger-data.ts';
import { asOfSchema, col, entityInfo, resolveAsOf, type Report, type Row } from './report.ts';

export const balanceSheetParams = asOfSchema;

const columns = [col('account', 'text'), col('amount', 'money')];

/** The row that carries income less expenses not yet closed into equity. */
export const CURRENT_SURPLUS = 'equity:current-period-surplus';

/**
 * Balance sheet as of a date: assets on one side; liabilities and equity on the other, equity including the
 * surplus of the current period (income less expenses still on their accounts, i.e. not yet closed into
 * equity:surplus). The two totals are equal, always: the books balance.
 * Accounts with a zero balance are left out. Reads period balances for whole months.
 */
export async function balanceSheet(db: Database, entityId: number, params: { asOf?: string | undefined }): Promise<Report> {
  const entity = await entityInfo(db, entityId);
  const asOf = resolveAsOf(params);
  const balances = (await balancesAsOf(db, [entityId], asOf)).filter((b) => b.balance !== 0);
  const assetRows: Row[] = balances.filter((b) => b.kind === 'asset').map((b) => ({ account: b.account, amount: b.balance }));
  const liabilityRows: Row[] = balances.filter((b) => b.kind === 'liability' || b.kind === 'equity').map((b) => ({ account: b.account, amount: -b.balance }));
  const surplus = -balances.filter((b) => b.kind === 'income' || b.kind === 'expense').reduce((s, b) => s + b.balance, 0);
  if (surplus !== 0) liabilityRows.push({ account: CURRENT_SURPLUS, amount: surplus });
  const assets = assetRows.reduce((s, r) => s + (r.amount as number), 0);
  const liabilities = liabilityRows.reduce((s, r) => s + (r.amount as number), 0);
  return {
    name: 'balance-sheet',
    entityCode: entity.code,
    params: { asOf },
    columns,
    rows: [],
    totals: { assets, liabilitiesAndEquity: liabilities, currentPeriodSurplus: surplus, difference: assets - liabilities },
    sections: [
      { titleKey: 'assets', columns, rows: assetRows, totals: { account: null, amount: assets } },
      { titleKey: 'liabilitiesAndEquity', columns, rows: liabilityRows, totals: { account: null, amount: liabilities } },
    ],
  };
}
