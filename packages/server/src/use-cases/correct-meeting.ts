import { z } from 'zod';
import { ErrorCode, KhataError, meetingInputSchema, nonEmpty, orThrow, planMeetingCorrection, problem, uuid, type LoanEvent, type MeetingInput } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';
import { reverseEntry } from '../ledger/post-entry.ts';
import { loadGroupSnapshot, loanDefinitionOf } from './group-snapshot.ts';
import { appendLoanEvents, persistMeeting, refreshLoanStatuses } from './persist-meeting.ts';
import { queueMeetingReceipts } from '../messages/receipts.ts';

export const correctMeetingSchema = z.object({
  correctionId: uuid,
  /** The recorded meeting that was wrong. */
  meetingId: uuid,
  reason: nonEmpty(500),
  /** The meeting as it should have been (a new meeting id). */
  meeting: meetingInputSchema,
});

/**
 * A wrong meeting is never edited: its entry is reversed (dated as the meeting, with the reason) and the meeting
 * is recorded again as it should have been. Both are one transaction; closed periods cannot be touched.
 */
export const correctMeeting: CommandHandler<z.infer<typeof correctMeetingSchema>, { meetingId: string; reversalEntryId: number | null; entryId: number | null }> = {
  type: 'correct-meeting',
  schema: correctMeetingSchema,
  permission: 'write',
  nodeOf: async (tx, p) => {
    const m = await tx.selectFrom('meeting').select('shg_id').where('id', '=', p.meetingId).executeTakeFirst();
    if (!m) throw new KhataError(problem(ErrorCode.NotFound, 'meetingId', 'no such meeting'));
    if (m.shg_id !== p.meeting.shgId) throw new KhataError(problem(ErrorCode.ValidationFailed, 'meeting.shgId', 'a correction stays in the same group'));
    return m.shg_id;
  },
  apply: async (tx, ctx, p) => {
    const input: MeetingInput = p.meeting;
    if (input.meetingId === p.meetingId) throw new KhataError(problem(ErrorCode.ValidationFailed, 'meeting.meetingId', 'the corrected meeting needs a new id'));
    const group = await loadGroupSnapshot(tx, input.shgId);
    const original = await tx.selectFrom('meeting').selectAll().where('id', '=', p.meetingId).forUpdate().executeTakeFirstOrThrow();
    if (original.status !== 'recorded') throw new KhataError(problem(ErrorCode.AlreadyReversed, 'meetingId', 'this meeting has already been corrected'));
    const lines = original.entry_id
      ? await tx
          .selectFrom('journal_line as l')
          .innerJoin('account as a', 'a.id', 'l.account_id')
          .select(['a.path', 'l.amount_paise', 'l.member_id', 'l.loan_id'])
          .where('l.entry_id', '=', original.entry_id)
          .orderBy('l.line_no')
          .execute()
      : [];
    const recordedEvents = original.entry_id
      ? await tx.selectFrom('loan_event').select(['loan_id', 'event']).where('entry_id', '=', original.entry_id).orderBy('seq').execute()
      : [];
    const touched = [...new Set(recordedEvents.map((e) => e.loan_id))];
    // Loans this meeting touched must be in the snapshot even if it closed them.
    const missing = touched.filter((id) => !group.snapshot.loans.some((l) => l.definition.id === id));
    if (missing.length) {
      const extra = await tx.selectFrom('loan').selectAll().where('id', 'in', missing).execute();
      const extraEvents = await tx.selectFrom('loan_event').select(['loan_id', 'event']).where('loan_id', 'in', missing).orderBy('seq').execute();
      for (const l of extra) {
        group.snapshot.loans.push({ definition: loanDefinitionOf(l), events: extraEvents.filter((e) => e.loan_id === l.id).map((e) => e.event as LoanEvent) });
      }
    }
    const recorded = {
      date: original.date,
      entry: original.entry_id
        ? { businessDate: original.date, narration: `Meeting ${original.date}`, source: 'record-meeting', lines: lines.map((l) => ({ accountPath: l.path, amountPaise: l.amount_paise, ...(l.member_id ? { memberId: l.member_id } : {}), ...(l.loan_id ? { loanId: l.loan_id } : {}) })) }
        : null,
      loanEvents: touched.map((loanId) => ({ loanId, events: recordedEvents.filter((e) => e.loan_id === loanId).map((e) => e.event as LoanEvent) })),
    };
    const { reversal, plan } = orThrow(planMeetingCorrection(group.snapshot, recorded, input, { reason: p.reason, correctionId: p.correctionId }));
    const reversalEntryId = original.entry_id ? await reverseEntry(tx, original.entry_id, p.reason, original.date, ctx.commandId) : null;
    await appendLoanEvents(tx, group.organisationId, reversal.loanEvents, reversalEntryId);
    await tx
      .updateTable('meeting')
      .set({ status: 'reversed', reversal_entry_id: reversalEntryId, replaced_by: null, correction_reason: p.reason })
      .where('id', '=', original.id)
      .execute();
    const createdByOriginal = new Set(recordedEvents.filter((e) => (e.event as LoanEvent).type === 'disbursement').map((e) => e.loan_id));
    const { entryId } = await persistMeeting(tx, group, input, plan, ctx.commandId, createdByOriginal);
    await tx.updateTable('meeting').set({ replaced_by: input.meetingId }).where('id', '=', original.id).execute();
    await refreshLoanStatuses(tx, touched, input.date);
    await queueMeetingReceipts(tx, { organisationId: group.organisationId, shgId: input.shgId, meetingId: input.meetingId, date: input.date, summaries: plan.memberSummaries, recorderLanguage: ctx.actor.language });
    return { meetingId: input.meetingId, reversalEntryId, entryId };
  },
};
