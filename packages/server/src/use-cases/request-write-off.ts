import { sql } from 'kysely';
import { z } from 'zod';
import { ErrorCode, isoDate, KhataError, nonEmpty, problem, replayLoan, uuid } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';
import type { Tx } from '../ledger/post-entry.ts';
import { loadInternalLoan, todayIn } from './shg-books.ts';
import { exitSettlement } from './exit-member.ts';

/** Kinds of approval request this file makes; decide-approval carries them out. */
export const WRITE_OFF_KINDS = { loan: 'loan-write-off', memberExit: 'member-exit-write-off' } as const;

export const requestWriteOffSchema = z
  .strictObject({
    approvalId: uuid,
    /** A member's loan to write off (what she still owes on it is lost to the group). */
    loanId: uuid.optional(),
    /** Or: a member leaving whose savings do not cover what she owes; the shortfall is written off at her exit. */
    memberId: uuid.optional(),
    /** The day the figures are taken (today when not given); the write-off itself is dated when it is carried out. */
    asOf: isoDate.optional(),
    reason: nonEmpty(500),
  })
  .superRefine((p, ctx) => {
    if ((p.loanId === undefined) === (p.memberId === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['loanId'], message: 'give either loanId (a loan write-off) or memberId (her shortfall when she leaves)' });
    }
  });
type RequestWriteOff = z.output<typeof requestWriteOffSchema>;

export interface WriteOffRequestPayload {
  reason: string;
  asOf: string;
  memberId: string;
  loanId?: string;
  principalOutstandingPaise?: number;
  interestDuePaise?: number;
  penaltyDuePaise?: number;
  savingsPaise?: number;
  duesPaise?: number;
  /** Member exit: the most the group agrees to lose; her exit is refused if the shortfall has grown beyond it. */
  shortfallPaise?: number;
}

async function nodeOfRequest(tx: Tx, p: RequestWriteOff): Promise<string> {
  if (p.loanId) {
    const loan = await tx.selectFrom('loan as l').innerJoin('entity as e', 'e.id', 'l.entity_id').select('e.node_id').where('l.id', '=', p.loanId).executeTakeFirst();
    if (!loan) throw new KhataError(problem(ErrorCode.UnknownLoan, 'loanId', 'no such loan'));
    return loan.node_id;
  }
  const member = await tx.selectFrom('member').select('shg_id').where('id', '=', p.memberId!).executeTakeFirst();
  if (!member) throw new KhataError(problem(ErrorCode.UnknownMember, 'memberId', 'no such member'));
  return member.shg_id;
}

async function pendingFor(tx: Tx, kind: string, key: 'loanId' | 'memberId', id: string) {
  return tx
    .selectFrom('approval_request')
    .select('id')
    .where('kind', '=', kind)
    .where('status', '=', 'pending')
    .where(sql<string>`payload->>${key}`, '=', id)
    .executeTakeFirst();
}

/**
 * Maker: asks for a write-off, which a second person (permission `approve`, never the requester) decides with
 * decide-approval. Nothing is posted here: the request records what would be lost, as of `asOf`.
 */
export const requestWriteOff: CommandHandler<RequestWriteOff, { approvalId: string; kind: string; status: 'pending'; payload: WriteOffRequestPayload }> = {
  type: 'request-write-off',
  schema: requestWriteOffSchema,
  permission: 'write',
  nodeOf: nodeOfRequest,
  apply: async (tx, ctx, p) => {
    const nodeId = await nodeOfRequest(tx, p);
    const asOf = p.asOf ?? todayIn();
    if (await tx.selectFrom('approval_request').select('id').where('id', '=', p.approvalId).executeTakeFirst()) {
      throw new KhataError(problem(ErrorCode.Conflict, 'approvalId', 'a request with this id already exists'));
    }
    let kind: string;
    let payload: WriteOffRequestPayload;
    if (p.loanId) {
      kind = WRITE_OFF_KINDS.loan;
      const loan = await loadInternalLoan(tx, p.loanId);
      if (loan.row.status !== 'open') throw new KhataError(problem(ErrorCode.LoanClosed, 'loanId', `the loan is ${loan.row.status}`, { status: loan.row.status }));
      if (await pendingFor(tx, kind, 'loanId', p.loanId)) throw new KhataError(problem(ErrorCode.Conflict, 'loanId', 'a write-off of this loan is already waiting for a decision'));
      const state = replayLoan(loan.definition, loan.events, asOf);
      payload = {
        reason: p.reason,
        asOf,
        memberId: loan.row.member_id!,
        loanId: p.loanId,
        principalOutstandingPaise: state.principalOutstandingPaise,
        interestDuePaise: state.interestDuePaise,
        penaltyDuePaise: state.penaltyDuePaise,
      };
    } else {
      kind = WRITE_OFF_KINDS.memberExit;
      const s = await exitSettlement(tx, nodeId, p.memberId!, asOf);
      const shortfall = s.duesPaise - s.savingsPaise;
      if (shortfall <= 0) throw new KhataError(problem(ErrorCode.ValidationFailed, 'memberId', 'her savings cover what she owes: nothing needs writing off'));
      if (await pendingFor(tx, kind, 'memberId', p.memberId!)) throw new KhataError(problem(ErrorCode.Conflict, 'memberId', 'a write-off for her exit is already waiting for a decision'));
      payload = { reason: p.reason, asOf, memberId: p.memberId!, savingsPaise: s.savingsPaise, duesPaise: s.duesPaise, shortfallPaise: shortfall };
    }
    await tx
      .insertInto('approval_request')
      .values({ id: p.approvalId, organisation_id: ctx.actor.organisationId, node_id: nodeId, kind, payload: JSON.stringify(payload), requested_by: ctx.actor.userId })
      .execute();
    return { approvalId: p.approvalId, kind, status: 'pending' as const, payload };
  },
};
