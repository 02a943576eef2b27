import { sql } from 'kysely';
import { ErrorCode, KhataError, problem, replayLoan, type LoanEvent } from '@khata/core';
import { loanDefinitionOf } from '../use-cases/group-snapshot.ts';
import { todayIn } from '../business-date.ts';
import type { Database } from '../db/pool.ts';
import { maskNumber } from '../secrets.ts';

const notFound = () => new KhataError(problem(ErrorCode.NotFound, undefined, 'not found'));

/** Sum of one account's lines per member (credit-natural accounts negated so that savings read positive). */
function memberBalances(db: Database, shgId: string, accountPath: string, sign: 1 | -1) {
  return db
    .selectFrom('journal_line as l')
    .innerJoin('account as a', 'a.id', 'l.account_id')
    .innerJoin('entity as e', 'e.id', 'a.entity_id')
    .select(['l.member_id', sql<string>`sum(l.amount_paise) * ${sign}`.as('balance')])
    .where('e.node_id', '=', shgId)
    .where('a.path', '=', accountPath)
    .where('l.member_id', 'is not', null)
    .groupBy('l.member_id')
    .execute()
    .then((rows) => new Map(rows.map((r) => [r.member_id!, Number(r.balance)])));
}

export async function accountBalance(db: Database, nodeId: string, accountPath: string): Promise<number> {
  const row = await db
    .selectFrom('journal_line as l')
    .innerJoin('account as a', 'a.id', 'l.account_id')
    .innerJoin('entity as e', 'e.id', 'a.entity_id')
    .select(sql<string>`coalesce(sum(l.amount_paise), 0)`.as('balance'))
    .where('e.node_id', '=', nodeId)
    .where('a.path', '=', accountPath)
    .executeTakeFirstOrThrow();
  return Number(row.balance);
}

export async function getShg(db: Database, shgId: string) {
  const row = await db
    .selectFrom('node as n')
    .innerJoin('shg as s', 's.node_id', 'n.id')
    .selectAll('s')
    .select(['n.id', 'n.code', 'n.name', 'n.nrlm_code', 'n.parent_id'])
    .where('n.id', '=', shgId)
    .executeTakeFirst();
  if (!row) throw notFound();
  const [bankAccounts, officeBearers, memberCount, cashPaise, bankPaise] = await Promise.all([
    db.selectFrom('bank_account').select(['id', 'bank_name', 'branch', 'ifsc', 'account_last4', 'is_default']).where('node_id', '=', shgId).execute(),
    db
      .selectFrom('office_bearer as o')
      .innerJoin('member as m', 'm.id', 'o.member_id')
      .select(['o.role', 'o.member_id', 'm.name', 'o.from_date', 'o.to_date'])
      .where('o.node_id', '=', shgId)
      .orderBy('o.from_date', 'desc')
      .execute(),
    db.selectFrom('member').select(sql<number>`count(*)::int`.as('n')).where('shg_id', '=', shgId).where('status', '=', 'active').executeTakeFirstOrThrow(),
    accountBalance(db, shgId, 'assets:cash'),
    accountBalance(db, shgId, 'assets:bank'),
  ]);
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    nrlmCode: row.nrlm_code,
    villageId: row.parent_id,
    formedOn: row.formed_on,
    status: row.status,
    meetingFrequency: row.meeting_frequency,
    meetingDay: row.meeting_day,
    compulsorySavingsPaise: row.compulsory_savings_paise,
    groupType: row.group_type,
    specialTags: row.special_tags,
    interestRounding: row.interest_rounding,
    startedWithCutoffOn: row.started_with_cutoff_on,
    bankAccounts: bankAccounts.map((b) => ({ id: b.id, bankName: b.bank_name, branch: b.branch, ifsc: b.ifsc, accountNumberMasked: maskNumber(b.account_last4), isDefault: b.is_default })),
    officeBearers: officeBearers.map((o) => ({ role: o.role, memberId: o.member_id, memberName: o.name, from: o.from_date, to: o.to_date })),
    memberCount: memberCount.n,
    cashPaise,
    bankPaise,
  };
}

export async function listMembers(db: Database, shgId: string) {
  const [members, compulsory, voluntary, loans] = await Promise.all([
    db.selectFrom('member').selectAll().where('shg_id', '=', shgId).orderBy('membership_number').execute(),
    memberBalances(db, shgId, 'liabilities:savings:compulsory', -1),
    memberBalances(db, shgId, 'liabilities:savings:voluntary', -1),
    memberBalances(db, shgId, 'assets:loans-to-members', 1),
  ]);
  return members.map((m) => ({
    id: m.id,
    membershipNumber: m.membership_number,
    name: m.name,
    joinedOn: m.joined_on,
    leftOn: m.left_on,
    status: m.status,
    povertyStatus: m.poverty_status,
    categories: m.categories,
    phoneMasked: m.phone ? `XXXXXX${m.phone.slice(-4)}` : null,
    compulsorySavingsPaise: compulsory.get(m.id) ?? 0,
    voluntarySavingsPaise: voluntary.get(m.id) ?? 0,
    loanOutstandingPaise: loans.get(m.id) ?? 0,
  }));
}

interface MeetingPayload {
  attendance?: Array<{ memberId: string; status: string }>;
  savings?: Array<{ memberId: string; compulsoryPaise: number; voluntaryPaise: number }>;
  repayments?: Array<{ memberId: string; amountPaise: number }>;
  disbursements?: Array<{ memberId: string; principalPaise: number }>;
  fines?: Array<{ memberId: string; amountPaise: number }>;
  savingsWithdrawals?: Array<{ memberId: string; amountPaise: number }>;
  otherReceipts?: Array<{ kind: string; amountPaise: number }>;
  expenses?: Array<{ kind: string; amountPaise: number }>;
  bankDeposit?: number;
  bankWithdrawal?: number;
  cashCountedPaise?: number | null;
  minutes?: string;
  decisions?: string[];
}

function sum<T>(xs: T[] | undefined, pick: (x: T) => number = (x) => (x as { amountPaise: number }).amountPaise): number {
  return (xs ?? []).reduce((t, x) => t + pick(x), 0);
}

export async function listMeetings(db: Database, shgId: string) {
  const rows = await db.selectFrom('meeting').selectAll().where('shg_id', '=', shgId).orderBy('date', 'desc').orderBy('recorded_at', 'desc').execute();
  return rows.map((r) => {
    const p = r.payload as MeetingPayload;
    const attendance = p.attendance ?? [];
    return {
      id: r.id,
      date: r.date,
      present: attendance.filter((a) => a.status !== 'absent').length,
      absent: attendance.filter((a) => a.status === 'absent').length,
      savingsPaise: sum(p.savings, (s) => s.compulsoryPaise + s.voluntaryPaise),
      repaymentsPaise: sum(p.repayments),
      disbursementsPaise: sum(p.disbursements, (d) => d.principalPaise),
      closingCashPaise: r.closing_cash_paise,
      cashDifferencePaise: r.cash_counted_paise === null ? null : r.cash_counted_paise - r.closing_cash_paise,
      reversed: r.status === 'reversed',
      replacedBy: r.replaced_by,
    };
  });
}

export async function getMeeting(db: Database, meetingId: string, authorize: (shgId: string) => Promise<void>) {
  const r = await db.selectFrom('meeting').selectAll().where('id', '=', meetingId).executeTakeFirst();
  if (!r) throw notFound();
  await authorize(r.shg_id);
  const p = r.payload as MeetingPayload;
  const members = await db.selectFrom('member').select(['id', 'name', 'membership_number']).where('shg_id', '=', r.shg_id).orderBy('membership_number').execute();
  const names = new Map(members.map((m) => [m.id, m.name]));
  const by = <T extends { memberId: string }>(xs: T[] | undefined, id: string, pick: (x: T) => number) => (xs ?? []).filter((x) => x.memberId === id).reduce((t, x) => t + pick(x), 0);
  return {
    id: r.id,
    shgId: r.shg_id,
    date: r.date,
    status: r.status,
    replacedBy: r.replaced_by,
    correctionReason: r.correction_reason,
    attendance: (p.attendance ?? []).map((a) => ({ memberId: a.memberId, memberName: names.get(a.memberId) ?? '', status: a.status })),
    members: members.map((m) => ({
      memberId: m.id,
      memberName: m.name,
      membershipNumber: m.membership_number,
      compulsoryPaise: by(p.savings, m.id, (s) => s.compulsoryPaise),
      voluntaryPaise: by(p.savings, m.id, (s) => s.voluntaryPaise),
      withdrawalPaise: by(p.savingsWithdrawals, m.id, (s) => s.amountPaise),
      repaymentPaise: by(p.repayments, m.id, (s) => s.amountPaise),
      finesPaise: by(p.fines, m.id, (s) => s.amountPaise),
      disbursedPaise: by(p.disbursements, m.id, (s) => s.principalPaise),
    })),
    otherReceipts: p.otherReceipts ?? [],
    expenses: p.expenses ?? [],
    bankDepositPaise: p.bankDeposit ?? 0,
    bankWithdrawalPaise: p.bankWithdrawal ?? 0,
    cashCountedPaise: r.cash_counted_paise,
    closingCashPaise: r.closing_cash_paise,
    cashDifferencePaise: r.cash_counted_paise === null ? null : r.cash_counted_paise - r.closing_cash_paise,
    minutes: p.minutes ?? null,
    decisions: p.decisions ?? [],
  };
}

export async function listLoans(db: Database, shgId: string) {
  const entity = await db.selectFrom('entity').select('id').where('node_id', '=', shgId).executeTakeFirst();
  if (!entity) throw notFound();
  const loans = await db
    .selectFrom('loan as l')
    .leftJoin('member as m', 'm.id', 'l.member_id')
    .selectAll('l')
    .select(['m.name as member_name'])
    .where('l.entity_id', '=', entity.id)
    .orderBy('l.disbursed_on')
    .execute();
  const outstanding = await db
    .selectFrom('journal_line as jl')
    .innerJoin('account as a', 'a.id', 'jl.account_id')
    .select(['jl.loan_id', sql<string>`sum(jl.amount_paise)`.as('balance')])
    .where('a.entity_id', '=', entity.id)
    .where('a.path', 'in', ['assets:loans-to-members', 'liabilities:loans:bank', 'liabilities:loans:vo-cif', 'liabilities:loans:other'])
    .where('jl.loan_id', 'is not', null)
    .groupBy('jl.loan_id')
    .execute();
  const balance = new Map(outstanding.map((o) => [o.loan_id!, Math.abs(Number(o.balance))]));
  const internalIds = loans.filter((l) => l.kind.startsWith('internal')).map((l) => l.id);
  const events = internalIds.length
    ? await db.selectFrom('loan_event').select(['loan_id', 'event']).where('loan_id', 'in', internalIds).orderBy('seq').execute()
    : [];
  const asOf = todayIn();
  const states = new Map(
    loans
      .filter((l) => l.kind.startsWith('internal'))
      .map((l) => [l.id, replayLoan(loanDefinitionOf(l), events.filter((e) => e.loan_id === l.id).map((e) => e.event as LoanEvent), asOf)]),
  );
  return {
    internal: loans
      .filter((l) => l.kind.startsWith('internal'))
      .map((l) => ({ id: l.id, memberId: l.member_id, memberName: l.member_name, kind: l.kind === 'internal-flexible' ? 'flexible' : 'scheduled', disbursedOn: l.disbursed_on, principalPaise: l.principal_paise, outstandingPaise: balance.get(l.id) ?? 0, interestDuePaise: states.get(l.id)?.interestDuePaise ?? 0, daysPastDue: states.get(l.id)?.overdue.daysPastDue ?? 0, ageing: states.get(l.id)?.ageing ?? 'current', status: l.status, purpose: l.purpose })),
    external: loans
      .filter((l) => l.kind.startsWith('external'))
      .map((l) => ({ id: l.id, lender: l.lender, lenderName: l.lender_name, kind: l.kind === 'external-term' ? 'term-loan' : 'cash-credit', sanctionedOn: l.disbursed_on, principalPaise: l.principal_paise, limitPaise: l.limit_paise, outstandingPaise: balance.get(l.id) ?? 0, status: l.status })),
  };
}
