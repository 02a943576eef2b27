import { sql } from 'kysely';
import { ErrorCode, KhataError, problem, SHG_ACCOUNTS as A, EXTERNAL_LOAN_ACCOUNTS, type GroupSnapshot, type LoanDefinition, type LoanEvent, type ExternalLender } from '@khata/core';
import type { Tx } from '../ledger/post-entry.ts';

export interface LoadedGroup {
  snapshot: GroupSnapshot;
  entityId: number;
  organisationId: number;
}

/**
 * The group as it stands, for core's meeting rules. Locks the SHG row first so that two meetings of one group
 * are applied one after the other (cash checks see each other's effect).
 */
export async function loadGroupSnapshot(tx: Tx, shgId: string): Promise<LoadedGroup> {
  const shg = await tx.selectFrom('shg').selectAll().where('node_id', '=', shgId).forUpdate().executeTakeFirst();
  if (!shg) throw new KhataError(problem(ErrorCode.NotFound, 'shgId', 'no such SHG'));
  const entity = await tx.selectFrom('entity').select(['id', 'organisation_id']).where('node_id', '=', shgId).executeTakeFirstOrThrow();
  const [lock, members, balances, memberSavings, loans, meetingDates] = await Promise.all([
    tx.selectFrom('period_lock').select('locked_through').where('entity_id', '=', entity.id).executeTakeFirst(),
    tx.selectFrom('member').select(['id', 'status', 'joined_on']).where('shg_id', '=', shgId).execute(),
    tx
      .selectFrom('journal_line as l')
      .innerJoin('account as a', 'a.id', 'l.account_id')
      .select(['a.path', 'l.loan_id', sql<string>`sum(l.amount_paise)`.as('balance')])
      .where('a.entity_id', '=', entity.id)
      .where('a.path', 'in', [A.cash, A.bank, ...Object.values(EXTERNAL_LOAN_ACCOUNTS).map((x) => x.principal)])
      .groupBy(['a.path', 'l.loan_id'])
      .execute(),
    tx
      .selectFrom('journal_line as l')
      .innerJoin('account as a', 'a.id', 'l.account_id')
      .select(['a.path', 'l.member_id', sql<string>`sum(l.amount_paise)`.as('balance')])
      .where('a.entity_id', '=', entity.id)
      .where('a.path', 'in', [A.savingsCompulsory, A.savingsVoluntary])
      .where('l.member_id', 'is not', null)
      .groupBy(['a.path', 'l.member_id'])
      .execute(),
    tx.selectFrom('loan').selectAll().where('entity_id', '=', entity.id).where('status', '=', 'open').execute(),
    tx.selectFrom('meeting').select('date').where('shg_id', '=', shgId).where('status', '=', 'recorded').execute(),
  ]);
  const internal = loans.filter((l) => l.kind.startsWith('internal'));
  const events = internal.length
    ? await tx.selectFrom('loan_event').select(['loan_id', 'event']).where('loan_id', 'in', internal.map((l) => l.id)).orderBy('seq').execute()
    : [];
  const eventsByLoan = new Map<string, LoanEvent[]>();
  for (const e of events) {
    const list = eventsByLoan.get(e.loan_id) ?? [];
    list.push(e.event as LoanEvent);
    eventsByLoan.set(e.loan_id, list);
  }
  const sumOf = (path: string) => balances.filter((b) => b.path === path).reduce((t, b) => t + Number(b.balance), 0);
  const savingsByMember: GroupSnapshot['savingsByMember'] = {};
  for (const s of memberSavings) {
    const entry = (savingsByMember[s.member_id!] ??= { compulsoryPaise: 0, voluntaryPaise: 0 });
    // Savings are credit balances (negative sums): the group owes them to the member.
    if (s.path === A.savingsCompulsory) entry.compulsoryPaise = -Number(s.balance);
    else entry.voluntaryPaise = -Number(s.balance);
  }
  const externalLoans = loans
    .filter((l) => l.kind.startsWith('external'))
    .map((l) => {
      const lender = (l.lender ?? 'other') as ExternalLender;
      const principalPath = EXTERNAL_LOAN_ACCOUNTS[lender].principal;
      const owed = -balances.filter((b) => b.path === principalPath && b.loan_id === l.id).reduce((t, b) => t + Number(b.balance), 0);
      return { id: l.id, lender, principalOutstandingPaise: owed };
    });
  return {
    entityId: entity.id,
    organisationId: entity.organisation_id,
    snapshot: {
      shgId,
      formedOn: shg.formed_on,
      lockedThrough: lock?.locked_through ?? null,
      members: members.map((m) => ({ id: m.id, status: m.status, joinedOn: m.joined_on })),
      loans: internal.map((l) => ({ definition: loanDefinitionOf(l), events: eventsByLoan.get(l.id) ?? [] })),
      externalLoans,
      cashPaise: sumOf(A.cash),
      bankPaise: sumOf(A.bank),
      savingsByMember,
      existingMeetingDates: meetingDates.map((m) => m.date),
      savingsRule: { compulsoryPaise: shg.compulsory_savings_paise },
    },
  };
}

export function loanDefinitionOf(l: { id: string; member_id: string | null; principal_paise: number; disbursed_on: string; terms: unknown; purpose: string | null }): LoanDefinition {
  return {
    id: l.id,
    memberId: l.member_id ?? '',
    principalPaise: l.principal_paise,
    disbursedOn: l.disbursed_on,
    terms: l.terms as LoanDefinition['terms'],
    ...(l.purpose ? { purpose: l.purpose } : {}),
  };
}
