import { z } from 'zod';
import { ErrorCode, isoDate, orThrow, positivePaise, problem, uuid, type Problem } from '@khata/core';
import { GRANT_FUNDS, isFederationLevel, planGrant } from '@khata/core/federation';
import type { CommandHandler } from '../commands/apply-command.ts';
import { dateProblems, moneyProblems, openPair, postTwoSided, refuse, withinFederation } from './federation-books.ts';

export const releaseFundSchema = z.strictObject({
  /** The movement's id: the transfer id on both entries. */
  transferId: uuid,
  /**
   * rf: Revolving Fund to an SHG; start-up: a federation's start-up fund; vrf: the Vulnerability Reduction Fund
   * to a VO; cif: CIF placed in perpetuity with a federation (by the organisation / SRLM); other: any other grant.
   */
  fund: z.enum(GRANT_FUNDS),
  /** The organisation (its root node) or a federation. */
  giverId: uuid,
  /** An SHG or a federation below the giver (a federation gives only within itself). */
  receiverId: uuid,
  date: isoDate,
  amountPaise: positivePaise,
  paidFrom: z.enum(['bank', 'cash']).default('bank'),
  receivedInto: z.enum(['bank', 'cash']).default('bank'),
  /** The sanction order or cheque number, for both sides' records. */
  reference: z.string().trim().max(100).nullish(),
});
export type ReleaseFund = z.output<typeof releaseFundSchema>;

export interface ReleaseFundResult {
  transferId: string;
  giverEntryId: number;
  receiverEntryId: number;
}

const LABEL: Record<ReleaseFund['fund'], string> = { rf: 'Revolving Fund', 'start-up': 'Start-up fund', vrf: 'VRF', cif: 'CIF placed', other: 'Grant' };

/**
 * A grant from the organisation or a federation to an institution below it, as one movement in both books: the
 * giver's expense (the organisation's programme expenditure, a federation's grants given) and the receiver's fund
 * (an SHG's Revolving Fund or grants; a federation's start-up fund or grants, or the VRF and CIF it holds as
 * liabilities: funds held for its members, not its own).
 */
export const releaseFund: CommandHandler<ReleaseFund, ReleaseFundResult> = {
  type: 'release-fund',
  schema: releaseFundSchema,
  permission: 'write',
  nodeOf: async (_tx, p) => p.receiverId,
  apply: async (tx, ctx, p) => {
    const [receiver, giver] = await openPair(tx, ctx, { nodeId: p.receiverId, field: 'receiverId' }, { nodeId: p.giverId, field: 'giverId' });
    const plan = orThrow(
      planGrant({ fund: p.fund, giver: giver.kind, receiver: receiver.kind, amountPaise: p.amountPaise, date: p.date, paidFrom: p.paidFrom, receivedInto: p.receivedInto, receiverTag: receiver.nodeId }),
    );
    const problems: Problem[] = [...dateProblems(receiver, p.date), ...dateProblems(giver, p.date)];
    if (isFederationLevel(giver.kind) && !(await withinFederation(tx, giver.nodeId, receiver.nodeId, p.date))) {
      problems.push(problem(ErrorCode.ValidationFailed, 'receiverId', `is not a member of ${giver.name} on this date`));
    }
    problems.push(...(await moneyProblems(tx, giver, p.paidFrom, p.amountPaise, 'amountPaise')));
    refuse(problems);
    const ref = p.reference ? ` (${p.reference})` : '';
    const { fromEntryId, toEntryId } = await postTwoSided(
      tx,
      ctx,
      plan,
      giver,
      receiver,
      { id: p.transferId, kind: 'grant', fund: p.fund, amountPaise: p.amountPaise, date: p.date, detail: p.reference ? { reference: p.reference } : {} },
      'release-fund',
      { from: `${LABEL[p.fund]} to ${receiver.name}${ref}`, to: `${LABEL[p.fund]} from ${giver.name}${ref}` },
    );
    return { transferId: p.transferId, giverEntryId: fromEntryId, receiverEntryId: toEntryId };
  },
};
