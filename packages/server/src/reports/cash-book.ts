import { SHG_ACCOUNTS } from '@khata/core';
import type { Database } from '../db/pool.ts';
import { balanceMap, ledgerLines } from './ledger-data.ts';
import { CLOSING, OPENING, col, dayBefore, entityInfo, periodSchema, resolvePeriod, sides, type Report, type Row } from './report.ts';

export const cashBookParams = periodSchema;

/**
 * Cash book for a period: one row per entry that moved cash (receipts and payments of the entry side by side),
 * a running balance, an opening row before and a closing row after. Closing = the cash account on `to`.
 */
export async function cashBook(db: Database, entityId: number, params: { from?: string | undefined; to?: string | undefined }): Promise<Report> {
  const entity = await entityInfo(db, entityId);
  const { from, to } = resolvePeriod(params);
  const cash = SHG_ACCOUNTS.cash;
  const [openingBalances, lines] = await Promise.all([
    balanceMap(db, entityId, dayBefore(from)),
    ledgerLines(db, entityId, { from, to, accounts: [cash] }),
  ]);
  const opening = openingBalances.get(cash)?.balance ?? 0;
  const rows: Row[] = [{ date: from, entryId: null, ...OPENING, receipts: null, payments: null, balance: opening }];
  let balance = opening;
  let receipts = 0;
  let payments = 0;
  let current: Row | null = null;
  for (const l of lines) {
    if (!current || current.entryId !== l.entryId) {
      current = { date: l.date, entryId: l.entryId, narration: l.narration, receipts: 0, payments: 0, balance };
      rows.push(current);
    }
    const s = sides(l.amount, l.reversal);
    current.receipts = (current.receipts as number) + s.debit;
    current.payments = (current.payments as number) + s.credit;
    receipts += s.debit;
    payments += s.credit;
    balance += l.amount;
    current.balance = balance;
  }
  rows.push({ date: to, entryId: null, ...CLOSING, receipts: null, payments: null, balance });
  return {
    name: 'cash-book',
    entityCode: entity.code,
    params: { from, to },
    columns: [col('date', 'date'), col('entryId', 'number'), col('narration', 'text'), col('receipts', 'money'), col('payments', 'money'), col('balance', 'money')],
    rows,
    totals: { date: null, entryId: null, narration: null, receipts, payments, balance, openingBalance: opening, closingBalance: balance },
  };
}
