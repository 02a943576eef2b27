import { meetingInputSchema, orThrow, planMeeting, type MeetingInput } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';
import { loadGroupSnapshot } from './group-snapshot.ts';
import { persistMeeting } from './persist-meeting.ts';
import { queueMeetingReceipts } from '../messages/receipts.ts';

export interface RecordMeetingResult {
  meetingId: string;
  entryId: number | null;
  closingCashPaise: number;
  closingBankPaise: number;
  cashDifferencePaise: number | null;
  memberSummaries: unknown[];
}

/** Records a whole meeting as one command: validated by core's rules (the same the phone ran), one balanced entry. */
export const recordMeeting: CommandHandler<MeetingInput, RecordMeetingResult> = {
  type: 'record-meeting',
  schema: meetingInputSchema,
  permission: 'write',
  nodeOf: async (_tx, p) => p.shgId,
  apply: async (tx, ctx, input) => {
    const group = await loadGroupSnapshot(tx, input.shgId);
    const plan = orThrow(planMeeting(group.snapshot, input));
    const { entryId } = await persistMeeting(tx, group, input, plan, ctx.commandId);
    // Receipts to members are queued with the meeting itself: receipted exactly once, whichever way it came in.
    await queueMeetingReceipts(tx, { organisationId: group.organisationId, shgId: input.shgId, meetingId: input.meetingId, date: input.date, summaries: plan.memberSummaries, recorderLanguage: ctx.actor.language });
    return {
      meetingId: input.meetingId,
      entryId,
      closingCashPaise: plan.closingCashBookPaise,
      closingBankPaise: plan.closingBankPaise,
      cashDifferencePaise: plan.cashDifferencePaise,
      memberSummaries: plan.memberSummaries,
    };
  },
};
