import { z } from 'zod';
import { isoDate, orThrow, paiseAmount, uuid, type Problem } from '@khata/core';
import { checkMemberPayment, planMemberPayment } from '@khata/core/producer-group';
import type { CommandHandler } from '../commands/apply-command.ts';
import { refuse } from './federation-books.ts';
import { idFree, nodeOfProducerGroup, openProducerGroup, pgDateProblems, pgMemberDues, pgMemberProblems, pgMoneyProblems, postPg } from './producer-group-books.ts';

export const payProducerMemberSchema = z.strictObject({
  paymentId: uuid,
  groupId: uuid,
  date: isoDate,
  memberId: uuid,
  /** Money paid to her now. */
  amountPaise: paiseAmount,
  /** Input credit recovered out of what she is owed (set against her dues, no money moves). */
  recoverPaise: paiseAmount.default(0),
  paidFrom: z.enum(['cash', 'bank']).default('cash'),
});
export type PayProducerMember = z.output<typeof payProducerMemberSchema>;

/**
 * Paying a member for her produce: never more than the group owes her (what she supplied less what she has been
 * paid), and never more than it holds in the account it pays from. Input credit she owes can be recovered in the
 * same payment.
 */
export const payProducerMember: CommandHandler<PayProducerMember, { paymentId: string; duePaise: number; entryId: number | null }> = {
  type: 'pay-producer-member',
  schema: payProducerMemberSchema,
  permission: 'write',
  nodeOf: (tx, p) => nodeOfProducerGroup(tx, p.groupId),
  apply: async (tx, ctx, p) => {
    await idFree(tx, 'producer_payment', p.paymentId, 'paymentId');
    const group = await openProducerGroup(tx, ctx, p.groupId);
    const problems: Problem[] = [...pgDateProblems(group, p.date), ...(await pgMemberProblems(tx, group.nodeId, p.memberId, p.date))];
    refuse(problems);
    const dues = await pgMemberDues(tx, group.entityId, p.memberId);
    const checked = checkMemberPayment(dues, p.amountPaise, p.recoverPaise);
    if (!checked.ok) refuse(checked.problems);
    refuse(await pgMoneyProblems(tx, group, p.paidFrom, p.amountPaise, 'amountPaise'));
    const { amountPaise, recoveredPaise } = orThrow(checked);
    const entryId = (await postPg(tx, ctx, group, p.date, planMemberPayment({ amountPaise, recoveredPaise, paidFrom: p.paidFrom, memberId: p.memberId }), 'Payment to a member for her produce', 'pay-producer-member'))!;
    await tx
      .insertInto('producer_payment')
      .values({ id: p.paymentId, organisation_id: group.organisationId, group_id: group.nodeId, date: p.date, member_id: p.memberId, amount_paise: amountPaise, recovered_paise: recoveredPaise, paid_from: p.paidFrom, entry_id: entryId, command_id: ctx.commandId })
      .execute();
    return { paymentId: p.paymentId, duePaise: dues.payablePaise - amountPaise - recoveredPaise, entryId };
  },
};
