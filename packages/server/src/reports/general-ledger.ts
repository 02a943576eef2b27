import { z } from 'zod';
import { ErrorCode, KhataError, naturalBalance, problem } from '@khata/core';
import type { Database } from '../db/pool.ts';
import { balanceMap, ledgerLines, type LedgerLine } from './ledger-data.ts';
import { CLOSING, OPENING, col, dayBefore, entityInfo, resolvePeriod, sides, type Report, type Row, type Section, periodParams } from './report.ts';

export const generalLedgerParams = periodParams({ account: z.string().regex(/^[a-z0-9-]+(:[a-z0-9-]+)*$/, 'must be an account path such as assets:cash').optional() });

const columns = [col('date', 'date'), col('entryId', 'number'), col('narration', 'text'), col('debit', 'money'), col('credit', 'money'), col('balance', 'money')];

/**
 * General ledger for a period: one section per account (or only `account`, or the accounts below it), with the
 * opening balance, every line, and the closing balance. Balances are shown on the account's normal side
 * (savings as a positive liability); debit and credit columns are the lines as posted.
 * Accounts with neither an opening balance nor a line in the period are left out unless asked for by name.
 */
export async function generalLedger(
  db: Database,
  entityId: number,
  params: { from?: string | undefined; to?: string | undefined; account?: string | undefined },
): Promise<Report> {
  const entity = await entityInfo(db, entityId);
  const { from, to } = resolvePeriod(params);
  const [openings, lines] = await Promise.all([
    balanceMap(db, entityId, dayBefore(from)),
    ledgerLines(db, entityId, { from, to, ...(params.account ? { accounts: [params.account] } : {}) }),
  ]);
  const accounts = [...openings.values()].filter((a) => !params.account || a.account === params.account || a.account.startsWith(`${params.account}:`));
  if (params.account && accounts.length === 0) {
    throw new KhataError(problem(ErrorCode.ValidationFailed, 'account', 'is not an account of these books'));
  }
  const byAccount = new Map<string, LedgerLine[]>();
  for (const l of lines) byAccount.set(l.account, [...(byAccount.get(l.account) ?? []), l]);

  const sections: Section[] = [];
  for (const a of accounts) {
    const own = byAccount.get(a.account) ?? [];
    if (!params.account && own.length === 0 && a.balance === 0) continue;
    let balance = a.balance;
    let debit = 0;
    let credit = 0;
    const rows: Row[] = [{ date: from, entryId: null, ...OPENING, debit: null, credit: null, balance: naturalBalance(a.account, balance) }];
    for (const l of own) {
      const s = sides(l.amount, l.reversal);
      balance += l.amount;
      debit += s.debit;
      credit += s.credit;
      rows.push({ date: l.date, entryId: l.entryId, narration: l.narration, debit: s.debit || null, credit: s.credit || null, balance: naturalBalance(a.account, balance) });
    }
    rows.push({ date: to, entryId: null, ...CLOSING, debit: null, credit: null, balance: naturalBalance(a.account, balance) });
    sections.push({
      titleKey: a.account,
      columns,
      rows,
      totals: { date: null, entryId: null, narration: null, debit, credit, balance: naturalBalance(a.account, balance) },
    });
  }
  return {
    name: 'general-ledger',
    entityCode: entity.code,
    params: { from, to, account: params.account ?? null },
    columns,
    rows: [],
    sections,
  };
}
