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
export async function loadGroupSnapshot(tx: Tx, shgId: string, options: { lock?: boolean } = {}): Promise<LoadedGroup> {
  // One round trip: the SHG row (locked) with everything the rules need, as JSON.
  const result = await sql<SnapshotRow>`
    select s.formed_on, s.compulsory_savings_paise, e.id as entity_id, e.organisation_id,
      (select locked_through from period_lock where entity_id = e.id) as locked_through,
      (select coalesce(json_agg(json_build_object('id', m.id, 'status', m.status, 'joinedOn', m.joined_on)), '[]')
         from member m where m.shg_id = s.node_id) as members,
      (select coalesce(json_agg(json_build_object('path', x.path, 'loanId', x.loan_id, 'memberId', x.member_id, 'balance', x.balance)), '[]')
         from (select a.path, null::uuid as loan_id, null::uuid as member_id, sum(p.debit_paise - p.credit_paise) as balance
                 from account_period_balance p join account a on a.id = p.account_id
                where a.entity_id = e.id and a.path = any(${[A.cash, A.bank]}) group by a.path
               union all
               select a.path, null, mb.member_id, mb.balance_paise
                 from member_balance mb join account a on a.id = mb.account_id
                where a.entity_id = e.id and a.path = any(${[A.savingsCompulsory, A.savingsVoluntary]})
               union all
               select a.path, lb.loan_id, null, lb.balance_paise
                 from loan_balance lb join account a on a.id = lb.account_id
                where a.entity_id = e.id and a.path = any(${Object.values(EXTERNAL_LOAN_ACCOUNTS).map((x) => x.principal)})) x) as balances,
      (select coalesce(json_agg(json_build_object('loan', to_jsonb(lo),
                'events', (select coalesce(json_agg(ev.event order by ev.seq), '[]') from loan_event ev where ev.loan_id = lo.id))), '[]')
         from loan lo where lo.entity_id = e.id and lo.status = 'open') as loans,
      (select coalesce(json_agg(mt.date), '[]') from meeting mt where mt.shg_id = s.node_id and mt.status = 'recorded') as meeting_dates
    from shg s join entity e on e.node_id = s.node_id
    where s.node_id = ${shgId}
    ${options.lock === false ? sql`` : sql`for update of s`}`.execute(tx);
  const row = result.rows[0];
  if (!row) throw new KhataError(problem(ErrorCode.NotFound, 'shgId', 'no such SHG'));
  const balances = row.balances.map((b) => ({ ...b, balance: Number(b.balance) }));
  const sumOf = (path: string) => balances.filter((b) => b.path === path).reduce((t, b) => t + b.balance, 0);
  const savingsByMember: GroupSnapshot['savingsByMember'] = {};
  for (const b of balances) {
    if (!b.memberId || (b.path !== A.savingsCompulsory && b.path !== A.savingsVoluntary)) continue;
    const entry = (savingsByMember[b.memberId] ??= { compulsoryPaise: 0, voluntaryPaise: 0 });
    // Savings are credit balances (negative sums): the group owes them to the member.
    if (b.path === A.savingsCompulsory) entry.compulsoryPaise -= b.balance;
    else entry.voluntaryPaise -= b.balance;
  }
  const internal = row.loans.filter((l) => l.loan.kind.startsWith('internal'));
  const externalLoans = row.loans
    .filter((l) => l.loan.kind.startsWith('external'))
    .map(({ loan }) => {
      const lender = (loan.lender ?? 'other') as ExternalLender;
      const principalPath = EXTERNAL_LOAN_ACCOUNTS[lender].principal;
      const owed = -balances.filter((b) => b.path === principalPath && b.loanId === loan.id).reduce((t, b) => t + b.balance, 0);
      return { id: loan.id, lender, principalOutstandingPaise: owed };
    });
  return {
    entityId: row.entity_id,
    organisationId: row.organisation_id,
    snapshot: {
      shgId,
      formedOn: row.formed_on,
      lockedThrough: row.locked_through,
      members: row.members,
      loans: internal.map((l) => ({ definition: loanDefinitionOf(l.loan), events: l.events })),
      externalLoans,
      cashPaise: sumOf(A.cash),
      bankPaise: sumOf(A.bank),
      savingsByMember,
      existingMeetingDates: row.meeting_dates,
      savingsRule: { compulsoryPaise: row.compulsory_savings_paise },
    },
  };
}

interface LoanRow {
  id: string;
  member_id: string | null;
  kind: string;
  lender: string | null;
  principal_paise: number;
  disbursed_on: string;
  terms: unknown;
  purpose: string | null;
}
interface SnapshotRow {
  formed_on: string;
  compulsory_savings_paise: number;
  entity_id: number;
  organisation_id: number;
  locked_through: string | null;
  members: Array<{ id: string; status: 'active' | 'left'; joinedOn: string }>;
  balances: Array<{ path: string; loanId: string | null; memberId: string | null; balance: number | string }>;
  loans: Array<{ loan: LoanRow; events: LoanEvent[] }>;
  meeting_dates: string[];
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
