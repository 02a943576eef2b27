import { z } from 'zod';
import { ErrorCode, isoDate, KhataError, nonEmpty, problem, type LoanEvent, type Problem } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';
import { reverseEntry as postReversal, type Tx } from '../ledger/post-entry.ts';
import { appendLoanEvents, refreshLoanStatuses } from './persist-meeting.ts';
import { refuse, todayIn } from './shg-books.ts';

export const reverseEntrySchema = z.strictObject({
  entryId: z.number().int().positive(),
  reason: nonEmpty(500),
  /** The reversal's business date; today when not given. Never before the entry itself, never in a closed period. */
  date: isoDate.optional(),
});
type ReverseEntry = z.output<typeof reverseEntrySchema>;

export interface ReverseEntryResult {
  entryId: number;
  reversalEntryId: number;
  date: string;
}

async function entityNode(tx: Tx, entryId: number) {
  const row = await tx
    .selectFrom('journal_entry as j')
    .innerJoin('entity as e', 'e.id', 'j.entity_id')
    .select(['e.node_id', 'e.kind'])
    .where('j.id', '=', entryId)
    .executeTakeFirst();
  if (!row) throw new KhataError(problem(ErrorCode.NotFound, 'entryId', 'no such entry'));
  return row;
}

/** Entries of the entity that still count: neither reversals nor reversed. */
function liveEntries(tx: Tx, entityId: number) {
  return tx
    .selectFrom('journal_entry as j')
    .select('j.id')
    .where('j.entity_id', '=', entityId)
    .where('j.reverses_entry_id', 'is', null)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('journal_entry as r').select('r.id').whereRef('r.reverses_entry_id', '=', 'j.id'))));
}

/**
 * Entries written together with a record of their own (a stock movement, an honorarium accrual or payment, a
 * subvention credit): the record and the entry must change together, so a bare reversal is refused.
 */
const KEPT_IN_STEP = new Set(['accrue-honorarium', 'pay-honorarium', 'record-subvention-credit', 'procure-inputs', 'issue-inputs', 'aggregate-produce', 'sell-produce', 'pay-producer-member', 'record-producer-group-expense', 'admit-producer-group-member', 'join-producer-company']);
export const keptInStepByItsRecords = (sourceType: string): boolean => KEPT_IN_STEP.has(sourceType) || sourceType.startsWith('grain-');

/**
 * Reverses one entry that is not a meeting's (a meeting is corrected with correct-meeting, which reverses and
 * re-records it): the exact negation, linked to it, with the reason, dated today unless a date is given; closed
 * periods stay closed. What the entry did beyond the books is undone with it: its loan events get reversal
 * events (loans are replayed without them), a written-off loan opens again, a member's exit is undone, an outside
 * loan received is cancelled, opening balances (a cut-off) are withdrawn so that they can be imported again.
 */
export const reverseEntry: CommandHandler<ReverseEntry, ReverseEntryResult> = {
  type: 'reverse-entry',
  schema: reverseEntrySchema,
  permission: 'write',
  nodeOf: async (tx, p) => (await entityNode(tx, p.entryId)).node_id,
  apply: async (tx, ctx, p) => {
    const { node_id: nodeId, kind } = await entityNode(tx, p.entryId);
    // An SHG's commands run one at a time: lock its row as every money command on a group does.
    if (kind === 'shg') await tx.selectFrom('shg').select('node_id').where('node_id', '=', nodeId).forUpdate().execute();
    const original = await tx.selectFrom('journal_entry').selectAll().where('id', '=', p.entryId).executeTakeFirstOrThrow();
    const date = p.date ?? todayIn();
    const problems: Problem[] = [];
    if (original.meeting_id) {
      problems.push(problem(ErrorCode.ValidationFailed, 'entryId', 'is a meeting’s entry: correct the meeting with correct-meeting instead', { meetingId: original.meeting_id }));
    } else if (keptInStepByItsRecords(original.source_type)) {
      problems.push(problem(ErrorCode.ValidationFailed, 'entryId', 'belongs to a record kept beside the books (stock, honorarium, subvention credit): reversing the entry alone would put them out of step', { sourceType: original.source_type }));
    } else if (original.reverses_entry_id !== null) {
      problems.push(problem(ErrorCode.ValidationFailed, 'entryId', 'is itself a reversal: post the entry again instead'));
    } else if (await tx.selectFrom('journal_entry').select('id').where('reverses_entry_id', '=', original.id).executeTakeFirst()) {
      problems.push(problem(ErrorCode.AlreadyReversed, 'entryId', 'this entry has already been reversed'));
    }
    if (date < original.business_date) problems.push(problem(ErrorCode.ValidationFailed, 'date', 'is before the entry it reverses', { entryDate: original.business_date }));
    const lock = await tx.selectFrom('period_lock').select('locked_through').where('entity_id', '=', original.entity_id).executeTakeFirst();
    if (lock && date <= lock.locked_through) problems.push(problem(ErrorCode.PeriodLocked, 'date', 'falls in a closed period', { lockedThrough: lock.locked_through }));
    refuse(problems);

    const lines = await tx.selectFrom('journal_line').select(['member_id', 'loan_id']).where('entry_id', '=', original.id).execute();
    const loanIds = [...new Set(lines.flatMap((l) => (l.loan_id ? [l.loan_id] : [])))];

    // What each kind of entry did beyond the books, checked before anything is written.
    if (original.source_type === 'import-cutoff') {
      const later = await liveEntries(tx, original.entity_id).where('j.id', '<>', original.id).executeTakeFirst();
      const meeting = await tx.selectFrom('meeting').select('id').where('shg_id', '=', nodeId).where('status', '=', 'recorded').executeTakeFirst();
      if (later || meeting) throw new KhataError(problem(ErrorCode.Conflict, 'entryId', 'the group has entries since its opening balances: reverse those first'));
    }
    if (original.source_type === 'receive-external-loan' && loanIds.length) {
      const later = await liveEntries(tx, original.entity_id)
        .where('j.id', '<>', original.id)
        .where(({ exists, selectFrom }) => exists(selectFrom('journal_line as l').select('l.entry_id').whereRef('l.entry_id', '=', 'j.id').where('l.loan_id', 'in', loanIds)))
        .executeTakeFirst();
      if (later) throw new KhataError(problem(ErrorCode.Conflict, 'entryId', 'the loan has later drawals or repayments: reverse those first'));
    }

    const reversalEntryId = await postReversal(tx, original.id, p.reason, date, ctx.commandId);

    const events = await tx.selectFrom('loan_event').select(['loan_id', 'event']).where('entry_id', '=', original.id).orderBy('seq').execute();
    const byLoan = new Map<string, LoanEvent[]>();
    for (const e of events) {
      const event = e.event as LoanEvent;
      const reversal: LoanEvent = { id: `${ctx.commandId}:reversal:${event.id}`, type: 'reversal', date, reversesEventId: event.id, reason: p.reason };
      byLoan.set(e.loan_id, [...(byLoan.get(e.loan_id) ?? []), reversal]);
    }
    await appendLoanEvents(tx, original.organisation_id, [...byLoan].map(([loanId, evs]) => ({ loanId, events: evs })), reversalEntryId);
    await refreshLoanStatuses(tx, [...byLoan.keys()], date);

    switch (original.source_type) {
      case 'import-cutoff':
        await tx.updateTable('loan').set({ status: 'cancelled' }).where('entity_id', '=', original.entity_id).where('opened_by_cutoff', '=', true).execute();
        await tx.updateTable('shg').set({ started_with_cutoff_on: null }).where('node_id', '=', nodeId).execute();
        break;
      case 'receive-external-loan':
        if (loanIds.length) await tx.updateTable('loan').set({ status: 'cancelled' }).where('id', 'in', loanIds).where('kind', 'in', ['external-term', 'external-cash-credit']).execute();
        break;
      case 'exit-member': {
        const members = [...new Set(lines.flatMap((l) => (l.member_id ? [l.member_id] : [])))];
        if (members.length) await tx.updateTable('member').set({ status: 'active', left_on: null }).where('id', 'in', members).where('status', '=', 'left').execute();
        break;
      }
    }
    return { entryId: original.id, reversalEntryId, date };
  },
};
