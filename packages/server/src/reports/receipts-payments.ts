import { SHG_ACCOUNTS } from '@khata/core';
import type { Database } from '../db/pool.ts';
import { balanceMap, ledgerLines, type LedgerLine } from './ledger-data.ts';
import { CUTOFF_SOURCE, col, dayBefore, entityInfo, periodSchema, resolvePeriod, sides, type Report, type Row } from './report.ts';

export const receiptsPaymentsParams = periodSchema;

/** Cash and bank: the money the statement follows. */
export const MONEY_ACCOUNTS = [SHG_ACCOUNTS.cash, SHG_ACCOUNTS.bank] as const;
const isMoney = (path: string) => (MONEY_ACCOUNTS as readonly string[]).includes(path);

const columns = [col('account', 'text'), col('amount', 'money')];

/**
 * Receipts and payments for a period, by head (the account on the other side of cash and bank).
 * In an entry that moved cash or bank, every other line is a head: a credit is money received under that head, a
 * debit money paid. A deposit of cash into the bank (only cash and bank lines) is a contra entry and shows nowhere.
 * Sections: opening cash and bank, receipts, payments, closing cash and bank; opening + receipts − payments = closing.
 * Cash and bank brought in by a cut-off sheet dated within the period count as opening balances.
 */
export async function receiptsPayments(db: Database, entityId: number, params: { from?: string | undefined; to?: string | undefined }): Promise<Report> {
  const entity = await entityInfo(db, entityId);
  const { from, to } = resolvePeriod(params);
  const [openingBalances, closingBalances, lines] = await Promise.all([
    balanceMap(db, entityId, dayBefore(from)),
    balanceMap(db, entityId, to),
    ledgerLines(db, entityId, { from, to }),
  ]);
  const byEntry = new Map<number, LedgerLine[]>();
  for (const l of lines) byEntry.set(l.entryId, [...(byEntry.get(l.entryId) ?? []), l]);

  const received = new Map<string, number>();
  const paid = new Map<string, number>();
  // Cash and bank brought in by the cut-off sheet within the period are opening balances, not receipts.
  const broughtIn = new Map<string, number>();
  for (const entryLines of byEntry.values()) {
    if (!entryLines.some((l) => isMoney(l.account))) continue;
    if (entryLines[0]!.sourceType === CUTOFF_SOURCE) {
      for (const l of entryLines) if (isMoney(l.account)) broughtIn.set(l.account, (broughtIn.get(l.account) ?? 0) + l.amount);
      continue;
    }
    for (const l of entryLines) {
      if (isMoney(l.account)) continue;
      const s = sides(l.amount, l.reversal);
      if (s.credit !== 0) received.set(l.account, (received.get(l.account) ?? 0) + s.credit);
      if (s.debit !== 0) paid.set(l.account, (paid.get(l.account) ?? 0) + s.debit);
    }
  }
  const headRows = (m: Map<string, number>): Row[] =>
    [...m.entries()].filter(([, v]) => v !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([account, amount]) => ({ account, amount }));
  const moneyRows = (m: typeof openingBalances, extra = new Map<string, number>()): Row[] =>
    MONEY_ACCOUNTS.map((account) => ({ account, amount: (m.get(account)?.balance ?? 0) + (extra.get(account) ?? 0) }));
  const sum = (rows: Row[]) => rows.reduce((s, r) => s + (r.amount as number), 0);

  const openingRows = moneyRows(openingBalances, broughtIn);
  const receiptRows = headRows(received);
  const paymentRows = headRows(paid);
  const closingRows = moneyRows(closingBalances);
  const opening = sum(openingRows);
  const receipts = sum(receiptRows);
  const payments = sum(paymentRows);
  const closing = sum(closingRows);
  return {
    name: 'receipts-payments',
    entityCode: entity.code,
    params: { from, to },
    columns,
    rows: [],
    totals: { openingBalance: opening, receipts, payments, closingBalance: closing },
    sections: [
      { titleKey: 'openingBalance', columns, rows: openingRows, totals: { account: null, amount: opening } },
      { titleKey: 'receipts', columns, rows: receiptRows, totals: { account: null, amount: receipts } },
      { titleKey: 'payments', columns, rows: paymentRows, totals: { account: null, amount: payments } },
      { titleKey: 'closingBalance', columns, rows: closingRows, totals: { account: null, amount: closing } },
    ],
  };
}
