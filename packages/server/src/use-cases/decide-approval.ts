import { z } from 'zod';
import { credit, debit, effectiveEvents, ErrorCode, isoDate, KhataError, problem, replayLoan, SHG_ACCOUNTS as A, uuid, type LoanEvent } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';
import { postEntry } from '../ledger/post-entry.ts';
import { appendLoanEvents, refreshLoanStatuses } from './persist-meeting.ts';
import { businessDateProblems, loadInternalLoan, openShgBooks, refuse, todayIn } from './shg-books.ts';
import { WRITE_OFF_KINDS, type WriteOffRequestPayload } from './request-write-off.ts';
import { FUND_RELEASE_KIND, type FundReleaseRequestPayload } from './request-fund-release.ts';
import { postRelease, prepareRelease } from './release-fund.ts';

export const decideApprovalSchema = z.strictObject({
  approvalId: uuid,
  decision: z.enum(['approve', 'reject']),
  note: z.string().trim().max(500).optional(),
  /** When an approval posts (a loan write-off): its business date; today when not given. */
  date: isoDate.optional(),
});
type DecideApproval = z.output<typeof decideApprovalSchema>;

export interface DecideApprovalResult {
  approvalId: string;
  kind: string;
  status: 'approved' | 'rejected';
  entryId: number | null;
  writtenOffPaise?: number;
  forgivenPaise?: number;
  /** A fund release approved: the movement posted in both books, and the rule set version that allowed it. */
  transferId?: string;
  ruleSet?: { id: string | null; version: number; label: string };
}

/**
 * Checker: a second person (permission `approve` at the group) approves or rejects a pending request; nobody
 * decides her own (SELF_APPROVAL, and a database CHECK behind it). Approving a loan write-off posts it at once:
 * the principal outstanding moves from the loan to expenses:loan-write-off, the loan gets a 'write-off' event
 * (interest and penalty due are forgiven with it: they were never income) and its status becomes written-off.
 * Approving a member-exit write-off only records the approval; exit-member uses it. Approving a fund release
 * (request-fund-release) posts it in both books, checked again under the rule set in force on its date.
 */
export const decideApproval: CommandHandler<DecideApproval, DecideApprovalResult> = {
  type: 'decide-approval',
  schema: decideApprovalSchema,
  permission: 'approve',
  nodeOf: async (tx, p) => {
    const a = await tx.selectFrom('approval_request').select('node_id').where('id', '=', p.approvalId).executeTakeFirst();
    if (!a) throw new KhataError(problem(ErrorCode.NotFound, 'approvalId', 'no such request'));
    return a.node_id;
  },
  apply: async (tx, ctx, p) => {
    const request = await tx.selectFrom('approval_request').selectAll().where('id', '=', p.approvalId).forUpdate().executeTakeFirstOrThrow();
    if (request.requested_by === ctx.actor.userId) {
      throw new KhataError(problem(ErrorCode.SelfApproval, 'approvalId', 'a request must be decided by someone other than the person who made it'));
    }
    if (request.status !== 'pending') {
      throw new KhataError(problem(ErrorCode.Conflict, 'approvalId', `this request is already ${request.status}`, { status: request.status }));
    }
    const payload = request.payload as WriteOffRequestPayload;
    let entryId: number | null = null;
    let figures: Pick<DecideApprovalResult, 'writtenOffPaise' | 'forgivenPaise' | 'transferId' | 'ruleSet'> = {};

    if (p.decision === 'approve' && request.kind === FUND_RELEASE_KIND) {
      // A fund release: checked again now (rules in force on its date, membership, the giver's money) and posted in
      // both books as requested, dated as requested, linked to this approval.
      const { release } = request.payload as unknown as FundReleaseRequestPayload;
      const posted = await postRelease(tx, ctx, release, await prepareRelease(tx, ctx, release), request.id);
      entryId = posted.giverEntryId;
      figures = { transferId: posted.transferId, ruleSet: posted.ruleSet };
    }

    if (p.decision === 'approve' && request.kind === WRITE_OFF_KINDS.loan) {
      // The group first, then the loan: the order every command on a group locks in.
      const books = await openShgBooks(tx, request.node_id, 'approvalId');
      const loan = await loadInternalLoan(tx, payload.loanId!, 'approvalId');
      if (loan.row.status !== 'open') throw new KhataError(problem(ErrorCode.LoanClosed, 'approvalId', `the loan is already ${loan.row.status}`, { status: loan.row.status }));
      const date = p.date ?? todayIn();
      const problems = businessDateProblems(books, date);
      const last = effectiveEvents(loan.events).at(-1);
      if (last && last.date > date) problems.push(problem(ErrorCode.Conflict, 'date', 'the loan has entries after this date', { lastEventOn: last.date }));
      refuse(problems);
      const state = replayLoan(loan.definition, loan.events, date);
      const principal = state.principalOutstandingPaise;
      const tags = { memberId: loan.definition.memberId, loanId: loan.definition.id };
      entryId =
        principal > 0
          ? await postEntry(tx, {
              organisationId: books.organisationId,
              entityId: books.entityId,
              businessDate: date,
              narration: 'Loan written off',
              sourceType: 'decide-approval',
              lines: [debit(A.loanWriteOff, principal, tags), credit(A.loansToMembers, principal, tags)],
              commandId: ctx.commandId,
            })
          : null;
      const event: LoanEvent = { id: `${ctx.commandId}:write-off:${loan.definition.id}`, type: 'write-off', date, reason: payload.reason };
      await appendLoanEvents(tx, books.organisationId, [{ loanId: loan.definition.id, events: [event] }], entryId);
      await refreshLoanStatuses(tx, [loan.definition.id], date);
      figures = { writtenOffPaise: principal, forgivenPaise: state.interestDuePaise + state.penaltyDuePaise };
    }

    const status = p.decision === 'approve' ? ('approved' as const) : ('rejected' as const);
    await tx
      .updateTable('approval_request')
      .set({ status, decided_by: ctx.actor.userId, decided_at: new Date(), decision_note: p.note ?? null, entry_id: entryId })
      .where('id', '=', request.id)
      .execute();
    return { approvalId: request.id, kind: request.kind, status, entryId, ...figures };
  },
};
