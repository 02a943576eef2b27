import { addDays, demandAt, effectiveEvents, replayLoan, type LoanDefinition, type LoanEvent, type LoanState, type LoanTerms } from '@khata/core';
import type { Database } from '../db/pool.ts';
import type { LoanTable } from '../db/schema.ts';

/** Loans of one entity with their events, ready for core's replay (the memo sub-ledger of dues and overdue). */
export interface LoanWithEvents {
  id: string;
  memberId: string | null;
  kind: LoanTable['kind'];
  lender: string | null;
  lenderName: string | null;
  principalPaise: number;
  limitPaise: number | null;
  disbursedOn: string;
  status: string;
  /** As stored: core's loan terms (internal loans) or the outside lender's terms. */
  terms: unknown;
  definition: LoanDefinition;
  events: LoanEvent[];
}

export async function loansOf(db: Database, entityId: number, which: 'internal' | 'external'): Promise<LoanWithEvents[]> {
  const loans = await db
    .selectFrom('loan')
    .selectAll()
    .where('entity_id', '=', entityId)
    .where('kind', 'in', which === 'internal' ? ['internal-flexible', 'internal-scheduled'] : ['external-term', 'external-cash-credit'])
    .orderBy('disbursed_on')
    .orderBy('id')
    .execute();
  if (loans.length === 0) return [];
  const events = await db
    .selectFrom('loan_event')
    .select(['loan_id', 'event'])
    .where('loan_id', 'in', loans.map((l) => l.id))
    .orderBy('seq')
    .execute();
  const byLoan = new Map<string, LoanEvent[]>();
  for (const e of events) byLoan.set(e.loan_id, [...(byLoan.get(e.loan_id) ?? []), e.event as LoanEvent]);
  return loans.map((l) => ({
    id: l.id,
    memberId: l.member_id,
    kind: l.kind,
    lender: l.lender,
    lenderName: l.lender_name,
    principalPaise: l.principal_paise,
    limitPaise: l.limit_paise,
    disbursedOn: l.disbursed_on,
    status: l.status,
    terms: l.terms,
    definition: { id: l.id, memberId: l.member_id ?? '', principalPaise: l.principal_paise, disbursedOn: l.disbursed_on, terms: l.terms as LoanTerms, ...(l.purpose ? { purpose: l.purpose } : {}) },
    events: byLoan.get(l.id) ?? [],
  }));
}

/** A loan's state on `asOf`; null before it was disbursed or when it was cancelled. */
export function stateOn(loan: LoanWithEvents, asOf: string): LoanState | null {
  if (loan.disbursedOn > asOf || loan.status === 'cancelled') return null;
  return replayLoan(loan.definition, loan.events, asOf);
}

/** Everything fallen due on or before `date` and unpaid after that day's payments: penalty + interest + principal. */
export function unpaidDueOn(loan: LoanWithEvents, date: string): number {
  if (loan.disbursedOn > date || loan.status === 'cancelled') return 0;
  return demandAt(loan.definition, loan.events, date).totalPaise;
}

export interface Collections {
  /** Everything received in the period (penalty, interest, principal, prepayments included). */
  collectedPaise: number;
  /** The part of it that paid dues (fallen due by the payment's date); the rest was paid in advance. */
  againstDuePaise: number;
  principalPaise: number;
  interestPaise: number;
  penaltyPaise: number;
}

/**
 * Repayments of a loan dated in [from, to] (reversed ones left out), and how much of each paid what had fallen due
 * by its date: the demand just before the payment, replayed from the events before it.
 */
export function collections(loan: LoanWithEvents, from: string, to: string): Collections {
  const out: Collections = { collectedPaise: 0, againstDuePaise: 0, principalPaise: 0, interestPaise: 0, penaltyPaise: 0 };
  if (loan.status === 'cancelled') return out;
  const events = effectiveEvents(loan.events);
  events.forEach((e, i) => {
    if ((e.type !== 'repayment' && e.type !== 'prepayment') || e.date < from || e.date > to) return;
    const due = demandAt(loan.definition, events.slice(0, i), e.date).totalPaise;
    out.collectedPaise += e.amountPaise;
    out.againstDuePaise += Math.min(e.amountPaise, due);
    if (e.allocation) {
      out.principalPaise += e.allocation.principalPaise;
      out.interestPaise += e.allocation.interestPaise;
      out.penaltyPaise += e.allocation.penaltyPaise;
    }
  });
  return out;
}

/**
 * Demand–collection–balance of one loan over [from, to]:
 *   openingOverdue  unpaid dues fallen due before `from`
 *   demand          dues that fell due within the period
 *   collection      all received in the period; `againstDue` of it paid dues, the rest was advance
 *   closingOverdue  unpaid dues fallen due by `to`
 * closingOverdue = openingOverdue + demand − againstDue, exactly (demand is derived from that identity, so that
 * dues settled by money paid in advance in an earlier period do not count as demand again).
 */
export function dcbOf(loan: LoanWithEvents, from: string, to: string) {
  const dayBeforeFrom = addDays(from, -1);
  const openingOverdue = unpaidDueOn(loan, dayBeforeFrom);
  const closingOverdue = unpaidDueOn(loan, to);
  const c = collections(loan, from, to);
  const demand = closingOverdue - openingOverdue + c.againstDuePaise;
  const state = stateOn(loan, to);
  return {
    openingOverdue,
    demand,
    collection: c.collectedPaise,
    againstDue: c.againstDuePaise,
    advance: c.collectedPaise - c.againstDuePaise,
    closingOverdue,
    outstanding: state?.principalOutstandingPaise ?? 0,
    collections: c,
  };
}
