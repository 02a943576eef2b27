import { z } from 'zod';
import { ErrorCode, isoDate, KhataError, orThrow, paiseAmount, problem, uuid, type Problem } from '@khata/core';
import { MEMBER_KIND, planMembership, type FederationLevel } from '@khata/core/federation';
import type { CommandHandler } from '../commands/apply-command.ts';
import { dateProblems, fed, moneyProblems, openPair, postTwoSided, refuse } from './federation-books.ts';

export const admitFederationMemberSchema = z.strictObject({
  /** The membership's id; also the transfer id of what the member paid on joining. */
  membershipId: uuid,
  federationId: uuid,
  /** The member institution: an SHG joining a VO, a VO joining a CLF, a CLF joining a BLF. */
  memberId: uuid,
  since: isoDate,
  shareCapitalPaise: paiseAmount.default(0),
  membershipFeePaise: paiseAmount.default(0),
  /** The member's account it pays from, and the federation's account the money lands in. */
  paidFrom: z.enum(['bank', 'cash']).default('bank'),
  receivedInto: z.enum(['bank', 'cash']).default('bank'),
});
export type AdmitFederationMember = z.output<typeof admitFederationMemberSchema>;

export interface AdmitFederationMemberResult {
  membershipId: string;
  transferId: string | null;
  memberEntryId: number | null;
  federationEntryId: number | null;
}

/**
 * An institution joins the federation of the level above it. Share capital and a membership fee paid on joining
 * are one movement in both books: the member's share is its asset (an SHG's `assets:share-capital-with-vo`), the
 * federation holds it as a liability to that member (`liabilities:share-capital:from-members`, refundable when
 * the member leaves; a member-owned federation's shares are redeemable on demand, so not its equity), and
 * the fee is the member's expense and the federation's income.
 */
export const admitFederationMember: CommandHandler<AdmitFederationMember, AdmitFederationMemberResult> = {
  type: 'admit-federation-member',
  schema: admitFederationMemberSchema,
  permission: 'write',
  // The member's node: its books change, and its devices learn of it (sync follows the node a command acted on).
  nodeOf: async (_tx, p) => p.memberId,
  apply: async (tx, ctx, p) => {
    const [member, federation] = await openPair(tx, ctx, { nodeId: p.memberId, field: 'memberId' }, { nodeId: p.federationId, field: 'federationId' });
    const level = federation.kind as FederationLevel;
    if (level !== 'vo' && level !== 'clf' && level !== 'blf') throw new KhataError(problem(ErrorCode.ValidationFailed, 'federationId', 'is not a federation'));
    const problems: Problem[] = [];
    if (member.kind !== MEMBER_KIND[level]) {
      problems.push(problem(ErrorCode.ValidationFailed, 'memberId', `a ${level}’s members are ${MEMBER_KIND[level]}s, not a ${member.kind}`));
    }
    const live = await fed(tx).selectFrom('federation_membership').select(['federation_id']).where('member_node_id', '=', p.memberId).where('until', 'is', null).executeTakeFirst();
    if (live) problems.push(problem(ErrorCode.Conflict, 'memberId', live.federation_id === p.federationId ? 'is already a member' : 'is a member of another federation of this level'));
    // After leaving one (its last day: until), it may join again from the next day.
    const ended = await fed(tx).selectFrom('federation_membership').select(['until']).where('member_node_id', '=', p.memberId).where('until', '>=', p.since).orderBy('until', 'desc').executeTakeFirst();
    if (!live && ended?.until) problems.push(problem(ErrorCode.Conflict, 'since', `its previous membership ran until ${ended.until}: it may join from the next day`, { previousUntil: ended.until }));
    if (federation.formedOn && p.since < federation.formedOn) problems.push(problem(ErrorCode.DateBeforeFormation, 'since', 'is before the federation was formed', { formedOn: federation.formedOn }));
    else if (member.formedOn && p.since < member.formedOn) problems.push(problem(ErrorCode.DateBeforeFormation, 'since', 'is before the member was formed', { formedOn: member.formedOn }));
    const total = p.shareCapitalPaise + p.membershipFeePaise;
    if (total > 0) {
      for (const inst of [member, federation]) problems.push(...dateProblems(inst, p.since, 'since').filter((x) => x.code === ErrorCode.PeriodLocked));
      problems.push(...(await moneyProblems(tx, member, p.paidFrom, total, 'shareCapitalPaise')));
    }
    refuse(problems);

    let entries: { fromEntryId: number; toEntryId: number } | null = null;
    if (total > 0) {
      const plan = orThrow(
        planMembership({ level, shareCapitalPaise: p.shareCapitalPaise, membershipFeePaise: p.membershipFeePaise, date: p.since, paidFrom: p.paidFrom, receivedInto: p.receivedInto, memberTag: member.nodeId }),
      );
      entries = await postTwoSided(
        tx,
        ctx,
        plan,
        member,
        federation,
        { id: p.membershipId, kind: 'membership', fund: null, amountPaise: total, date: p.since, detail: { shareCapitalPaise: p.shareCapitalPaise, membershipFeePaise: p.membershipFeePaise } },
        'admit-federation-member',
        { from: `Joined ${federation.name}: share capital and fee`, to: `${member.name} joined: share capital and fee` },
      );
    }
    await fed(tx)
      .insertInto('federation_membership')
      .values({
        id: p.membershipId,
        organisation_id: federation.organisationId,
        federation_id: p.federationId,
        member_node_id: p.memberId,
        since: p.since,
        until: null,
        share_capital_paise: p.shareCapitalPaise,
        membership_fee_paise: p.membershipFeePaise,
        transfer_id: entries ? p.membershipId : null,
        command_id: ctx.commandId,
      })
      .execute();
    return { membershipId: p.membershipId, transferId: entries ? p.membershipId : null, memberEntryId: entries?.fromEntryId ?? null, federationEntryId: entries?.toEntryId ?? null };
  },
};
