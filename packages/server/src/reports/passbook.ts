import { todayIn } from '../business-date.ts';
import { z } from 'zod';
import { ErrorCode, KhataError, problem, SHG_ACCOUNTS } from '@khata/core';
import type { Database } from '../db/pool.ts';
import { ledgerLines, under } from './ledger-data.ts';
import { CLOSING, OPENING, col, dayBefore, entityInfo, memberField, sides, type Report, type Row, periodParams } from './report.ts';

export const passbookParams = periodParams(memberField);

const SAVINGS = 'liabilities:savings';
const LOANS = SHG_ACCOUNTS.loansToMembers;
const INTEREST = SHG_ACCOUNTS.interestMemberLoans;
const FINES = SHG_ACCOUNTS.fines;
const WRITE_OFF = SHG_ACCOUNTS.loanWriteOff;

const columns = [
  col('date', 'date'),
  col('narration', 'text'),
  col('savingsDeposited', 'money'),
  col('savingsWithdrawn', 'money'),
  col('savingsBalance', 'money'),
  col('loanDisbursed', 'money'),
  col('principalRepaid', 'money'),
  col('interestPaid', 'money'),
  col('loanWrittenOff', 'money'),
  col('loanBalance', 'money'),
  col('fines', 'money'),
];
const FLOWS = ['savingsDeposited', 'savingsWithdrawn', 'loanDisbursed', 'principalRepaid', 'interestPaid', 'loanWrittenOff', 'fines'] as const;

/**
 * A member's passbook: one row per entry that touched her accounts (savings, loans, interest, fines), with her
 * running savings and loan balances. From the lines tagged with her, never from cash lines. Without `from` it
 * starts at her first entry; with it, an opening row carries her balances of the day before.
 */
export async function passbook(
  db: Database,
  entityId: number,
  params: { memberId: string; from?: string | undefined; to?: string | undefined },
): Promise<Report> {
  const entity = await entityInfo(db, entityId);
  const member = await db
    .selectFrom('member')
    .select(['id', 'membership_number', 'name', 'joined_on'])
    .where('id', '=', params.memberId)
    .where('shg_id', '=', entity.nodeId)
    .executeTakeFirst();
  if (!member) throw new KhataError(problem(ErrorCode.NotFound, 'memberId', 'no such member in this group'));
  const to = params.to ?? todayIn();
  const from = params.from ?? member.joined_on;
  if (from > to) throw new KhataError(problem(ErrorCode.ValidationFailed, 'from', 'must not be after to'));
  const lines = await ledgerLines(db, entityId, { to, memberId: member.id, accounts: [SAVINGS, LOANS, INTEREST, FINES, WRITE_OFF] });

  let savings = 0;
  let loan = 0;
  const rows: Row[] = [];
  let current: Row | null = null;
  let openingDone = false;
  const openingRow = () => {
    openingDone = true;
    rows.push({ date: from, ...OPENING, savingsDeposited: null, savingsWithdrawn: null, savingsBalance: savings, loanDisbursed: null, principalRepaid: null, interestPaid: null, loanWrittenOff: null, loanBalance: loan, fines: null });
  };
  const add = (row: Row, key: string, v: number) => {
    row[key] = (row[key] as number) + v;
  };
  for (const l of lines) {
    const inPeriod = l.date >= from;
    if (inPeriod && !openingDone) openingRow();
    if (inPeriod && (!current || current.entryId !== l.entryId)) {
      current = { date: l.date, entryId: l.entryId, narration: l.narration, savingsDeposited: 0, savingsWithdrawn: 0, savingsBalance: 0, loanDisbursed: 0, principalRepaid: 0, interestPaid: 0, loanWrittenOff: 0, loanBalance: 0, fines: 0 };
      rows.push(current);
    }
    const s = sides(l.amount, l.reversal);
    if (under(l.account, SAVINGS)) {
      savings -= l.amount;
      if (inPeriod) {
        add(current!, 'savingsDeposited', s.credit);
        add(current!, 'savingsWithdrawn', s.debit);
      }
    } else if (l.account === LOANS) {
      loan += l.amount;
      if (inPeriod) {
        add(current!, 'loanDisbursed', s.debit);
        add(current!, 'principalRepaid', s.credit);
      }
    } else if (inPeriod && l.account === INTEREST) {
      add(current!, 'interestPaid', s.credit - s.debit);
    } else if (inPeriod && l.account === FINES) {
      add(current!, 'fines', s.credit - s.debit);
    } else if (inPeriod && l.account === WRITE_OFF) {
      // A write-off credits her loan without her paying: moved from principal repaid to its own column.
      add(current!, 'loanWrittenOff', s.debit - s.credit);
      add(current!, 'principalRepaid', -(s.debit - s.credit));
    }
    if (inPeriod) {
      current!.savingsBalance = savings;
      current!.loanBalance = loan;
    }
  }
  if (!openingDone) openingRow();
  const totals: Row = { date: null, narration: null, savingsBalance: savings, loanBalance: loan };
  for (const k of FLOWS) totals[k] = rows.reduce((s, r) => s + (r.rowType ? 0 : ((r[k] as number) ?? 0)), 0);
  rows.push({ date: to, ...CLOSING, savingsDeposited: null, savingsWithdrawn: null, savingsBalance: savings, loanDisbursed: null, principalRepaid: null, interestPaid: null, loanWrittenOff: null, loanBalance: loan, fines: null });
  return {
    name: 'passbook',
    entityCode: entity.code,
    params: { memberId: member.id, membershipNumber: member.membership_number, memberName: member.name, from, to },
    columns,
    rows,
    totals,
  };
}
