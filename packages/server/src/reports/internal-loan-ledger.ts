import { SHG_ACCOUNTS } from '@khata/core';
import type { Database } from '../db/pool.ts';
import { ledgerLines, membersOf } from './ledger-data.ts';
import { loansOf, stateOn } from './loan-data.ts';
import { asOfFields, CUTOFF_SOURCE, col, entityInfo, resolvePeriod, sides, totalsOf, type Report, type Row, periodParams } from './report.ts';
import { z } from 'zod';

export const internalLoanLedgerParams = periodParams(asOfFields);

const LOANS = SHG_ACCOUNTS.loansToMembers;
const INTEREST = SHG_ACCOUNTS.interestMemberLoans;
const WRITE_OFF = SHG_ACCOUNTS.loanWriteOff;

const columns = [
  col('membershipNumber', 'number'),
  col('memberName', 'text'),
  col('loanId', 'text'),
  col('disbursedOn', 'date'),
  col('principal', 'money'),
  col('openingOutstanding', 'money'),
  col('disbursed', 'money'),
  col('principalRepaid', 'money'),
  col('writtenOff', 'money'),
  col('interestPaid', 'money'),
  col('outstanding', 'money'),
  col('interestDue', 'money'),
  col('daysPastDue', 'number'),
  col('status', 'text'),
];
const MONEY = ['principal', 'openingOutstanding', 'disbursed', 'principalRepaid', 'writtenOff', 'interestPaid', 'outstanding', 'interestDue'];

/**
 * Internal loan ledger for [from, to]: one row per loan to a member that was outstanding or moved in the period;
 * openingOutstanding + disbursed − principalRepaid − writtenOff = outstanding.
 * Money figures come from the books (lines tagged with the loan; a loan brought in by the cut-off sheet opens with
 * what was outstanding then); interest due, days past due and status from the
 * loan's replayed events as of `to` (interest is income when collected, so what is due lives only there).
 */
export async function internalLoanLedger(
  db: Database,
  entityId: number,
  params: { from?: string | undefined; to?: string | undefined; asOf?: string | undefined },
): Promise<Report> {
  const entity = await entityInfo(db, entityId);
  const { from, to } = resolvePeriod(params);
  const [members, loans, lines] = await Promise.all([
    membersOf(db, entityId),
    loansOf(db, entityId, 'internal'),
    ledgerLines(db, entityId, { to, accounts: [LOANS, INTEREST, WRITE_OFF], loanTagged: true }),
  ]);
  const memberById = new Map(members.map((m) => [m.id, m]));
  type Figures = { opening: number; disbursed: number; credited: number; writtenOff: number; interest: number; closing: number; moved: boolean };
  const blank = (): Figures => ({ opening: 0, disbursed: 0, credited: 0, writtenOff: 0, interest: 0, closing: 0, moved: false });
  const figures = new Map<string, Figures>();
  for (const l of lines) {
    const f = figures.get(l.loanId!) ?? blank();
    const s = sides(l.amount, l.reversal);
    const opening = l.date < from || l.sourceType === CUTOFF_SOURCE;
    if (l.account === LOANS) {
      if (opening) f.opening += l.amount;
      else {
        f.disbursed += s.debit;
        f.credited += s.credit;
      }
      f.closing += l.amount;
    } else if (!opening && l.account === INTEREST) {
      f.interest += s.credit - s.debit;
    } else if (!opening && l.account === WRITE_OFF) {
      // The loss booked against the loan: its credit to the loan account is not a repayment.
      f.writtenOff += s.debit - s.credit;
    }
    if (!opening) f.moved = true;
    figures.set(l.loanId!, f);
  }
  const rows: Row[] = [];
  for (const loan of loans) {
    if (loan.disbursedOn > to || loan.status === 'cancelled') continue;
    const f = figures.get(loan.id) ?? blank();
    if (f.opening === 0 && !f.moved && loan.disbursedOn < from) continue;
    const state = stateOn(loan, to);
    const member = loan.memberId ? memberById.get(loan.memberId) : undefined;
    rows.push({
      membershipNumber: member?.membershipNumber ?? null,
      memberName: member?.name ?? null,
      loanId: loan.id,
      disbursedOn: loan.disbursedOn,
      principal: loan.principalPaise,
      openingOutstanding: f.opening,
      disbursed: f.disbursed,
      principalRepaid: f.credited - f.writtenOff,
      writtenOff: f.writtenOff,
      interestPaid: f.interest,
      outstanding: f.closing,
      interestDue: state?.interestDuePaise ?? 0,
      daysPastDue: state?.overdue.daysPastDue ?? 0,
      status: state?.status ?? loan.status,
    });
  }
  rows.sort((a, b) => (a.membershipNumber as number) - (b.membershipNumber as number) || String(a.disbursedOn).localeCompare(String(b.disbursedOn)));
  return {
    name: 'internal-loan-ledger',
    entityCode: entity.code,
    params: { from, to },
    columns,
    rows,
    totals: { membershipNumber: null, memberName: null, loanId: null, disbursedOn: null, daysPastDue: null, status: null, ...totalsOf(rows, MONEY) },
  };
}
