import { sql } from 'kysely';
import { ErrorCode, KhataError, problem, type LoanEvent, type Problem } from '@khata/core';
import type { Tx } from '../ledger/post-entry.ts';
import { loanDefinitionOf } from './group-snapshot.ts';

/**
 * What the money use cases outside a meeting (cut-off, outside loans, write-offs, exits, reversals) share: the
 * group's books opened for writing (its SHG row locked, so that two commands on one group run one after the
 * other), the business-date rules, and single balances read from the lines.
 */
export interface ShgBooks {
  shgId: string;
  formedOn: string;
  startedWithCutoffOn: string | null;
  entityId: number;
  organisationId: number;
  lockedThrough: string | null;
}

export async function openShgBooks(tx: Tx, shgId: string, field = 'shgId'): Promise<ShgBooks> {
  const row = await tx
    .selectFrom('shg as s')
    .innerJoin('entity as e', 'e.node_id', 's.node_id')
    .leftJoin('period_lock as p', 'p.entity_id', 'e.id')
    .select(['s.node_id', 's.formed_on', 's.started_with_cutoff_on', 'e.id as entity_id', 'e.organisation_id', 'p.locked_through'])
    .where('s.node_id', '=', shgId)
    .forUpdate('s')
    .executeTakeFirst();
  if (!row) throw new KhataError(problem(ErrorCode.NotFound, field, 'no such SHG'));
  return {
    shgId: row.node_id,
    formedOn: row.formed_on,
    startedWithCutoffOn: row.started_with_cutoff_on,
    entityId: row.entity_id,
    organisationId: row.organisation_id,
    lockedThrough: row.locked_through ?? null,
  };
}

/** A business date for money moving in the group: not before it was formed or before its cut-off, not in a closed period. */
export function businessDateProblems(books: ShgBooks, date: string, field = 'date'): Problem[] {
  const problems: Problem[] = [];
  if (date < books.formedOn) problems.push(problem(ErrorCode.DateBeforeFormation, field, 'is before the group was formed', { formedOn: books.formedOn }));
  else if (books.startedWithCutoffOn && date < books.startedWithCutoffOn) {
    problems.push(problem(ErrorCode.ValidationFailed, field, 'is before the group’s opening balances (cut-off)', { cutoffOn: books.startedWithCutoffOn }));
  }
  if (books.lockedThrough && date <= books.lockedThrough) {
    problems.push(problem(ErrorCode.PeriodLocked, field, 'falls in a closed period', { lockedThrough: books.lockedThrough }));
  }
  return problems;
}

/** Signed balance (debit positive) of one account of an entity, optionally of one loan or one member, up to a date. */
export async function lineBalance(tx: Tx, entityId: number, accountPath: string, tags: { loanId?: string; memberId?: string; asOf?: string } = {}): Promise<number> {
  let q = tx
    .selectFrom('journal_line as l')
    .innerJoin('account as a', 'a.id', 'l.account_id')
    .select(sql<string>`coalesce(sum(l.amount_paise), 0)`.as('balance'))
    .where('a.entity_id', '=', entityId)
    .where('a.path', '=', accountPath);
  if (tags.loanId) q = q.where('l.loan_id', '=', tags.loanId);
  if (tags.memberId) q = q.where('l.member_id', '=', tags.memberId);
  if (tags.asOf) q = q.where('l.business_date', '<=', tags.asOf);
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.balance);
}

export { todayIn } from '../business-date.ts';

export function refuse(problems: Problem[]): void {
  if (problems.length) throw new KhataError(...problems);
}

/** An internal loan with its events, the row locked; UnknownLoan (naming `field`) when it is not a member's loan. */
export async function loadInternalLoan(tx: Tx, loanId: string, field = 'loanId') {
  const row = await tx
    .selectFrom('loan as l')
    .innerJoin('entity as e', 'e.id', 'l.entity_id')
    .selectAll('l')
    .select('e.node_id')
    .where('l.id', '=', loanId)
    .forUpdate('l')
    .executeTakeFirst();
  if (!row || !row.kind.startsWith('internal')) throw new KhataError(problem(ErrorCode.UnknownLoan, field, 'is not a member’s loan'));
  const events = await tx.selectFrom('loan_event').select('event').where('loan_id', '=', loanId).orderBy('seq').execute();
  return { row, definition: loanDefinitionOf(row), events: events.map((e) => e.event as LoanEvent) };
}
