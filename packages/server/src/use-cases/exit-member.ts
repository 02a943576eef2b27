import { z } from 'zod';
import { effectiveEvents, ErrorCode, isoDate, KhataError, orThrow, paiseAmount, planMemberExit, problem, uuid, type MemberExitPlan, type Problem } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';
import { postEntry, type Tx } from '../ledger/post-entry.ts';
import { loadGroupSnapshot, type LoadedGroup } from './group-snapshot.ts';
import { appendLoanEvents, refreshLoanStatuses } from './persist-meeting.ts';
import { businessDateProblems, refuse } from './shg-books.ts';
import type { WriteOffRequestPayload } from './request-write-off.ts';

export const exitMemberSchema = z.strictObject({
  memberId: uuid,
  date: isoDate,
  /** Cash she brings at exit towards what her savings do not cover. */
  cashFromMemberPaise: paiseAmount.default(0),
  /** Write off what she still owes after her savings: needs `approvalId`, a request approved by a second person. */
  writeOffShortfall: z.boolean().default(false),
  /** An approved request-write-off for this member's exit (memberId), covering at least the shortfall. */
  approvalId: uuid.optional(),
});
type ExitMember = z.output<typeof exitMemberSchema>;

export interface ExitMemberResult extends Omit<MemberExitPlan, 'entry' | 'loanEvents'> {
  memberId: string;
  leftOn: string;
  entryId: number | null;
}

function herLoans(group: LoadedGroup, memberId: string) {
  return group.snapshot.loans.filter((l) => l.definition.memberId === memberId);
}

/** Her savings against her dues on `date`, without checking cash or closed periods: what a write-off request shows. */
export async function exitSettlement(tx: Tx, shgId: string, memberId: string, date: string): Promise<MemberExitPlan> {
  const group = await loadGroupSnapshot(tx, shgId);
  return orThrow(
    planMemberExit({
      memberId,
      date,
      savings: group.snapshot.savingsByMember[memberId] ?? { compulsoryPaise: 0, voluntaryPaise: 0 },
      loans: herLoans(group, memberId),
      cashPaise: Number.MAX_SAFE_INTEGER,
      writeOffShortfall: true,
      eventIdPrefix: 'preview',
    }),
  );
}

/**
 * A member leaves. Her compulsory and voluntary savings are set against what she owes (penalty, interest due,
 * principal outstanding, on every open loan); the rest is paid out to her in cash, if the group holds it. If she
 * still owes, she may bring cash; what remains is refused unless `writeOffShortfall` is set with a request that a
 * second person approved (request-write-off with memberId, then decide-approval). One balanced entry; her loans
 * end closed (or written off) by the settlement events; she is marked left on the date.
 */
export const exitMember: CommandHandler<ExitMember, ExitMemberResult> = {
  type: 'exit-member',
  schema: exitMemberSchema,
  permission: 'write',
  nodeOf: async (tx, p) => {
    const m = await tx.selectFrom('member').select('shg_id').where('id', '=', p.memberId).executeTakeFirst();
    if (!m) throw new KhataError(problem(ErrorCode.UnknownMember, 'memberId', 'no such member'));
    return m.shg_id;
  },
  apply: async (tx, ctx, p) => {
    const member = await tx.selectFrom('member').selectAll().where('id', '=', p.memberId).executeTakeFirstOrThrow();
    const group = await loadGroupSnapshot(tx, member.shg_id);
    const books = {
      shgId: member.shg_id,
      formedOn: group.snapshot.formedOn,
      startedWithCutoffOn: (await tx.selectFrom('shg').select('started_with_cutoff_on').where('node_id', '=', member.shg_id).executeTakeFirstOrThrow()).started_with_cutoff_on,
      entityId: group.entityId,
      organisationId: group.organisationId,
      lockedThrough: group.snapshot.lockedThrough,
    };
    const problems: Problem[] = businessDateProblems(books, p.date);
    if (member.status !== 'active') problems.push(problem(ErrorCode.MemberNotActive, 'memberId', 'has already left the group', { leftOn: member.left_on ?? '' }));
    else if (p.date < member.joined_on) problems.push(problem(ErrorCode.ValidationFailed, 'date', 'is before she joined', { joinedOn: member.joined_on }));
    const loans = herLoans(group, p.memberId);
    for (const l of loans) {
      const last = effectiveEvents(l.events).at(-1);
      if (last && last.date > p.date) problems.push(problem(ErrorCode.Conflict, 'date', 'one of her loans has entries after this date', { lastEventOn: last.date }));
    }
    refuse(problems);

    const planned = planMemberExit({
      memberId: p.memberId,
      date: p.date,
      savings: group.snapshot.savingsByMember[p.memberId] ?? { compulsoryPaise: 0, voluntaryPaise: 0 },
      loans,
      cashPaise: group.snapshot.cashPaise,
      lockedThrough: group.snapshot.lockedThrough,
      cashFromMemberPaise: p.cashFromMemberPaise,
      writeOffShortfall: p.writeOffShortfall,
      eventIdPrefix: ctx.commandId,
    });
    if (!planned.ok) {
      // The group's cash is not a field of this command: the payout to her is what cannot be made.
      throw new KhataError(...planned.problems.map((x) => (x.field === 'cashPaise' ? { ...x, field: 'memberId' } : x)));
    }
    const plan = planned.value;

    const shortfall = plan.writtenOffPaise + plan.forgivenPaise;
    let approvalId: string | null = null;
    if (shortfall > 0) {
      if (!p.approvalId) {
        throw new KhataError(problem(ErrorCode.Forbidden, 'approvalId', 'writing off what she owes needs a request approved by a second person', { shortfallPaise: shortfall }));
      }
      const approval = await tx.selectFrom('approval_request').selectAll().where('id', '=', p.approvalId).forUpdate().executeTakeFirst();
      const payload = approval?.payload as WriteOffRequestPayload | undefined;
      if (!approval || approval.kind !== 'member-exit-write-off' || payload?.memberId !== p.memberId) {
        throw new KhataError(problem(ErrorCode.ValidationFailed, 'approvalId', 'is not a write-off request for this member’s exit'));
      }
      if (approval.status !== 'approved') throw new KhataError(problem(ErrorCode.Forbidden, 'approvalId', `the request is ${approval.status}, not approved`, { status: approval.status }));
      if (approval.entry_id !== null) throw new KhataError(problem(ErrorCode.Conflict, 'approvalId', 'this approval has already been used'));
      if (shortfall > (payload.shortfallPaise ?? 0)) {
        throw new KhataError(problem(ErrorCode.Conflict, 'approvalId', 'she owes more than was approved for writing off: ask again', { approvedPaise: payload.shortfallPaise ?? 0, shortfallPaise: shortfall }));
      }
      approvalId = approval.id;
    }

    const entryId = plan.entry
      ? await postEntry(tx, {
          organisationId: group.organisationId,
          entityId: group.entityId,
          businessDate: p.date,
          narration: plan.entry.narration,
          sourceType: 'exit-member',
          lines: plan.entry.lines,
          commandId: ctx.commandId,
        })
      : null;
    await appendLoanEvents(tx, group.organisationId, plan.loanEvents, entryId);
    await refreshLoanStatuses(tx, plan.loanEvents.map((l) => l.loanId), p.date);
    await tx.updateTable('member').set({ status: 'left', left_on: p.date }).where('id', '=', p.memberId).execute();
    if (approvalId && entryId !== null) await tx.updateTable('approval_request').set({ entry_id: entryId }).where('id', '=', approvalId).execute();

    const { entry: _e, loanEvents: _l, ...figures } = plan;
    return { memberId: p.memberId, leftOn: p.date, entryId, ...figures };
  },
};
