import { sql } from 'kysely';
import { z } from 'zod';
import { ErrorCode, KhataError, problem, uuid } from '@khata/core';
import { ruleSetLabel } from '@khata/core/rules';
import type { CommandHandler } from '../commands/apply-command.ts';
import type { Tx } from '../ledger/post-entry.ts';
import { fed } from './federation-books.ts';
import { prepareRelease, releaseFundSchema, type ReleaseFund } from './release-fund.ts';

/** The approval request kind of a fund release; decide-approval posts it when a second person approves. */
export const FUND_RELEASE_KIND = 'fund-release';

export const requestFundReleaseSchema = releaseFundSchema.extend({
  /** The request's id (decide-approval names it). */
  approvalId: uuid,
  /** Why it is released: shown to the checker. */
  note: z.string().trim().max(500).nullish(),
});
type RequestFundRelease = z.output<typeof requestFundReleaseSchema>;

/** What an approval request of a fund release holds: the release exactly as it will be posted, and what allowed it. */
export interface FundReleaseRequestPayload {
  release: ReleaseFund;
  note: string | null;
  /** The rule set version the request was checked against (the decision checks again, under the version then in force on the date). */
  ruleSet: { id: string | null; version: number; label: string };
  giver: { id: string; name: string; kind: string };
  receiver: { id: string; name: string; kind: string };
}

/** A release of this fund to this receiver already waiting for a decision (the Revolving Fund is given once). */
export async function pendingRelease(tx: Tx, fund: string, receiverId: string, exceptId?: string) {
  let q = tx
    .selectFrom('approval_request')
    .select(['id'])
    .where('kind', '=', FUND_RELEASE_KIND)
    .where('status', '=', 'pending')
    .where(sql<string>`payload->'release'->>'receiverId'`, '=', receiverId)
    .where(sql<string>`payload->'release'->>'fund'`, '=', fund);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return q.executeTakeFirst();
}

/**
 * Maker: asks for a fund release (a grant from the organisation or a federation) that a second person decides with
 * decide-approval (permission `approve` at the receiver, never the requester: the database refuses it too); when
 * approved, the release is posted in both books. Everything the release must meet but the giver's money (which
 * may still come in before the decision) is checked now, under the rule set in force on the release's date, and
 * again when it is approved. Any release may be requested; above `funds.releaseApprovalAbovePaise` it must be.
 */
export const requestFundRelease: CommandHandler<RequestFundRelease, { approvalId: string; kind: string; status: 'pending'; payload: FundReleaseRequestPayload }> = {
  type: 'request-fund-release',
  schema: requestFundReleaseSchema,
  permission: 'write',
  nodeOf: async (_tx, p) => p.receiverId,
  apply: async (tx, ctx, p) => {
    const { approvalId, note, ...release } = p;
    if (await tx.selectFrom('approval_request').select('id').where('id', '=', approvalId).executeTakeFirst()) {
      throw new KhataError(problem(ErrorCode.Conflict, 'approvalId', 'a request with this id already exists'));
    }
    const prepared = await prepareRelease(tx, ctx, release, { money: false });
    if (await fed(tx).selectFrom('fund_transfer').select('id').where('id', '=', release.transferId).executeTakeFirst()) {
      prepared.problems.push(problem(ErrorCode.Conflict, 'transferId', 'a movement with this id already exists'));
    }
    if (await tx.selectFrom('approval_request').select('id').where('kind', '=', FUND_RELEASE_KIND).where(sql<string>`payload->'release'->>'transferId'`, '=', release.transferId).executeTakeFirst()) {
      prepared.problems.push(problem(ErrorCode.Conflict, 'transferId', 'another request carries this transfer id'));
    }
    if (release.fund === 'rf' && (await pendingRelease(tx, 'rf', release.receiverId))) {
      prepared.problems.push(problem(ErrorCode.Conflict, 'receiverId', 'a Revolving Fund release to this SHG is already waiting for a decision'));
    }
    if (prepared.problems.length) throw new KhataError(...prepared.problems);
    const { giver, receiver, ruleSet } = prepared;
    const payload: FundReleaseRequestPayload = {
      release,
      note: note ?? null,
      ruleSet: { id: ruleSet.id, version: ruleSet.version, label: ruleSetLabel(ruleSet) },
      giver: { id: giver.nodeId, name: giver.name, kind: giver.kind },
      receiver: { id: receiver.nodeId, name: receiver.name, kind: receiver.kind },
    };
    await tx
      .insertInto('approval_request')
      .values({ id: approvalId, organisation_id: ctx.actor.organisationId, node_id: receiver.nodeId, kind: FUND_RELEASE_KIND, payload: JSON.stringify(payload), requested_by: ctx.actor.userId })
      .execute();
    return { approvalId, kind: FUND_RELEASE_KIND, status: 'pending' as const, payload };
  },
};
