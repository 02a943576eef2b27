import { sql } from 'kysely';
import { addDays, demandCollection, replayLoan, type LoanDefinition, type LoanEvent, type LoanState } from '@khata/core';
import type { Database } from '../db/pool.ts';
import type { LoanTable } from '../db/schema.ts';
import { loanDefinitionOf } from '../use-cases/group-snapshot.ts';

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
  return (await loansOfEntities(db, [entityId], which)).get(entityId) ?? [];
}

/** The loans of many entities at once (two queries whatever their number), by entity id, each in loansOf's order. */
export async function loansOfEntities(db: Database, entityIds: readonly number[], which: 'internal' | 'external'): Promise<Map<number, LoanWithEvents[]>> {
  const out = new Map<number, LoanWithEvents[]>();
  if (entityIds.length === 0) return out;
  const loans = await db
    .selectFrom('loan')
    .selectAll()
    .where(sql<boolean>`entity_id = any(${[...entityIds]}::int[])`)
    .where('kind', 'in', which === 'internal' ? ['internal-flexible', 'internal-scheduled'] : ['external-term', 'external-cash-credit'])
    .orderBy('disbursed_on')
    .orderBy('id')
    .execute();
  if (loans.length === 0) return out;
  const events = await db
    .selectFrom('loan_event')
    .select(['loan_id', 'event'])
    .where(sql<boolean>`loan_id = any(${loans.map((l) => l.id)}::uuid[])`)
    .orderBy('seq')
    .execute();
  const byLoan = new Map<string, LoanEvent[]>();
  for (const e of events) {
    const list = byLoan.get(e.loan_id);
    if (list) list.push(e.event as LoanEvent);
    else byLoan.set(e.loan_id, [e.event as LoanEvent]);
  }
  for (const l of loans) {
    const loan: LoanWithEvents = {
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
      definition: loanDefinitionOf(l),
      events: byLoan.get(l.id) ?? [],
    };
    const list = out.get(l.entity_id);
    if (list) list.push(loan);
    else out.set(l.entity_id, [loan]);
  }
  return out;
}

/** A loan's state on `asOf`; null before it was disbursed or when it was cancelled. */
export function stateOn(loan: LoanWithEvents, asOf: string): LoanState | null {
  if (loan.disbursedOn > asOf || loan.status === 'cancelled') return null;
  return replayLoan(loan.definition, loan.events, asOf);
}

export interface LoanDcb {
  /** Principal and interest due before `from` and unpaid (arrears brought into the period). */
  openingOverdue: number;
  /** What fell due within the period (net of money paid in advance earlier). */
  demand: number;
  /** openingOverdue + demand: everything that was due at some point in the period. */
  totalDue: number;
  /** Principal and interest received in the period. */
  collection: number;
  /** The part of the collection that paid dues; the rest was paid in advance. */
  againstDue: number;
  advance: number;
  /** Due by `to` and unpaid. */
  closingOverdue: number;
  /** Principal outstanding on `to`. */
  outstanding: number;
}

const NO_DCB: LoanDcb = { openingOverdue: 0, demand: 0, totalDue: 0, collection: 0, againstDue: 0, advance: 0, closingOverdue: 0, outstanding: 0 };

/**
 * Demand–collection–balance of one loan over [from, to], principal and interest (penalties apart), from core's
 * `demandCollection` (the same rule the portfolio's repayment rate uses), with the arrears at the start split out:
 * closingOverdue = openingOverdue + demand − againstDue.
 */
export function dcbOf(loan: LoanWithEvents, from: string, to: string): LoanDcb {
  if (loan.status === 'cancelled' || loan.disbursedOn > to) return NO_DCB;
  const row = demandCollection(loan, from, to);
  const before = loan.disbursedOn < from ? replayLoan(loan.definition, loan.events, addDays(from, -1)) : null;
  const openingOverdue = before ? before.interestDuePaise + before.principalDuePaise : 0;
  return {
    openingOverdue,
    demand: row.demandPaise - openingOverdue,
    totalDue: row.demandPaise,
    collection: row.collectedPaise + row.prepaidPaise,
    againstDue: row.collectedPaise,
    advance: row.prepaidPaise,
    closingOverdue: row.balancePaise,
    outstanding: replayLoan(loan.definition, loan.events, to).principalOutstandingPaise,
  };
}
