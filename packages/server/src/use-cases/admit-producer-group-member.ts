import { z } from 'zod';
import { ErrorCode, isoDate, paiseAmount, problem, uuid, type Problem } from '@khata/core';
import { planShareCapital } from '@khata/core/producer-group';
import type { CommandHandler } from '../commands/apply-command.ts';
import { refuse } from './federation-books.ts';
import { idFree, nodeOfProducerGroup, openProducerGroup, pgDateProblems, postPg } from './producer-group-books.ts';

export const admitProducerGroupMemberSchema = z.strictObject({
  membershipId: uuid,
  groupId: uuid,
  /** An SHG member of an SHG under the group's village, cluster or block. */
  memberId: uuid,
  since: isoDate,
  shareCapitalPaise: paiseAmount.default(0),
  receivedInto: z.enum(['cash', 'bank']).default('cash'),
});
export type AdmitProducerGroupMember = z.output<typeof admitProducerGroupMemberSchema>;

/**
 * A woman from an SHG joins a producer group: she must be an active member of an SHG that lies under the place the
 * group serves. Share capital she pays in is the group's liability to her (refundable when she leaves).
 */
export const admitProducerGroupMember: CommandHandler<AdmitProducerGroupMember, { membershipId: string; entryId: number | null }> = {
  type: 'admit-producer-group-member',
  schema: admitProducerGroupMemberSchema,
  permission: 'write',
  nodeOf: (tx, p) => nodeOfProducerGroup(tx, p.groupId),
  apply: async (tx, ctx, p) => {
    await idFree(tx, 'producer_group_member', p.membershipId, 'membershipId');
    const group = await openProducerGroup(tx, ctx, p.groupId);
    const problems: Problem[] = [...pgDateProblems(group, p.since, 'since')];
    const member = await tx
      .selectFrom('member as m')
      .innerJoin('node as s', 's.id', 'm.shg_id')
      .select(['m.id', 'm.status', 'm.joined_on', 's.path'])
      .where('m.id', '=', p.memberId)
      .where('m.organisation_id', '=', ctx.actor.organisationId)
      .executeTakeFirst();
    if (!member || !member.path.startsWith(group.parentPath)) problems.push(problem(ErrorCode.UnknownMember, 'memberId', 'is not a member of an SHG this producer group serves'));
    else if (member.status !== 'active' || member.joined_on > p.since) problems.push(problem(ErrorCode.MemberNotActive, 'memberId', 'is not an active SHG member on this date'));
    const live = await tx.selectFrom('producer_group_member').select('id').where('group_id', '=', p.groupId).where('member_id', '=', p.memberId).where('until', 'is', null).executeTakeFirst();
    if (live) problems.push(problem(ErrorCode.Conflict, 'memberId', 'is already a member of this producer group'));
    refuse(problems);
    const entryId = await postPg(tx, ctx, group, p.since, planShareCapital({ amountPaise: p.shareCapitalPaise, receivedInto: p.receivedInto, memberId: p.memberId }), 'Share capital from a new member', 'admit-producer-group-member');
    await tx
      .insertInto('producer_group_member')
      .values({ id: p.membershipId, organisation_id: group.organisationId, group_id: group.nodeId, member_id: p.memberId, since: p.since, until: null, share_capital_paise: p.shareCapitalPaise, command_id: ctx.commandId })
      .execute();
    return { membershipId: p.membershipId, entryId };
  },
};
