import { sql } from 'kysely';
import { z } from 'zod';
import { ErrorCode, formatMoney, isoDate, KhataError, orThrow, problem, uuid, type Problem } from '@khata/core';
import { loanAccounts, membershipAccounts, percentOfPaise, planMembershipRefund, type FederationLevel } from '@khata/core/federation';
import { ruleSetLabel } from '@khata/core/rules';
import type { CommandHandler } from '../commands/apply-command.ts';
import type { Tx } from '../ledger/post-entry.ts';
import { dateProblems, fed, moneyProblems, openPair, payableHeldFor, postTwoSided, refuse, type Institution } from './federation-books.ts';
import { rulesInForce } from './release-fund.ts';

export const leaveFederationSchema = z.strictObject({
  /** The refund's transfer id (both books), when there is anything to pay back. */
  transferId: uuid,
  federationId: uuid,
  /** The member institution leaving: an SHG its VO, a VO its CLF, a CLF its BLF. */
  memberId: uuid,
  /** Its last day as a member; the refund is dated on it. */
  date: isoDate,
  reason: z.string().trim().min(1).max(500),
  /** The federation's account it pays back from, and the member's account the money lands in. */
  paidFrom: z.enum(['bank', 'cash']).default('bank'),
  receivedInto: z.enum(['bank', 'cash']).default('bank'),
});
type LeaveFederation = z.output<typeof leaveFederationSchema>;

export interface LeaveFederationResult {
  membershipId: string;
  until: string;
  /** null when there was nothing to pay back or close (no share capital held, no fee refunded). */
  transferId: string | null;
  shareCapitalPaise: number;
  shareCapitalRefundPaise: number;
  /** Share capital the federation keeps by its rule (its fee income). */
  shareCapitalKeptPaise: number;
  membershipFeeRefundPaise: number;
  refundPaise: number;
  ruleSet: { id: string | null; version: number; label: string };
  /** EC seats of the member's representatives, ended with the membership. */
  ecSeatsEnded: number;
}

const rs = (n: number) => formatMoney(n, { symbol: 'Rs ' });

/**
 * What the member still owes the federation: each loan between them with principal outstanding in either book (a
 * repayment made at an SHG's meeting that the federation has not yet received shows in its books only), and the
 * interest a member federation holds for it (collected from its own members, not yet paid up).
 */
async function duesProblems(tx: Tx, federation: Institution, member: Institution): Promise<Problem[]> {
  const links = await fed(tx).selectFrom('institution_loan').selectAll().where('lender_entity_id', '=', federation.entityId).where('borrower_entity_id', '=', member.entityId).execute();
  const problems: Problem[] = [];
  for (const link of links) {
    const a = loanAccounts(link.fund, federation.kind, member.kind);
    if (!a.ok) continue;
    const rows = await sql<{ side: string; balance: string }>`
      select case when b.loan_id = ${link.id} then 'borrower' else 'lender' end as side, coalesce(sum(b.balance_paise), 0) as balance
        from loan_balance b join account a on a.id = b.account_id
       where (b.loan_id = ${link.id} and a.entity_id = ${member.entityId} and a.path = ${a.value.borrowerPrincipal})
          or (b.loan_id = ${link.lender_loan_id} and a.entity_id = ${federation.entityId} and a.path = ${a.value.lenderPrincipal})
       group by 1`.execute(tx);
    const owes = -Number(rows.rows.find((r) => r.side === 'borrower')?.balance ?? 0);
    const owed = Number(rows.rows.find((r) => r.side === 'lender')?.balance ?? 0);
    const label = link.fund === 'cif' ? 'CIF loan' : 'VRF loan';
    if (owes > 0) {
      problems.push(
        problem(ErrorCode.DuesOutstanding, 'memberId', `${member.name} owes ${federation.name} ${rs(owes)} on a ${label}: repay it (repay-institution-loan) before leaving`, {
          loanId: link.id,
          fund: link.fund,
          outstandingPaise: owes,
        }),
      );
    } else if (owed > 0) {
      problems.push(
        problem(ErrorCode.DuesOutstanding, 'memberId', `${federation.name} has not yet received ${rs(owed)} repaid on a ${label} at ${member.name}'s meetings: record the receipt (receive-meeting-repayment) before it leaves`, {
          loanId: link.id,
          fund: link.fund,
          inTransitPaise: owed,
        }),
      );
    }
    const held = member.kind === 'shg' ? 0 : await payableHeldFor(tx, link);
    if (held > 0) {
      problems.push(
        problem(ErrorCode.DuesOutstanding, 'memberId', `${member.name} holds ${rs(held)} of interest for ${federation.name}: pay it up (repay-institution-loan) before leaving`, {
          loanId: link.id,
          interestPayablePaise: held,
        }),
      );
    }
  }
  return problems;
}

/**
 * A member institution leaves its federation (an SHG its VO, a VO its CLF). Refused while it owes the federation
 * (a CIF or VRF loan outstanding, a repayment not yet received, interest held for it). Otherwise the federation pays
 * back the share capital it holds for the member and part of the membership fee, as the rule set in force on the
 * date says (`funds.leaving`): one movement in both books under one transfer id, which closes the member's share
 * capital on both sides (any part the federation keeps becomes its fee income). The membership ends on the date
 * (its last day), and the member's representatives leave the federation's EC; it may join another federation of
 * that level from the next day.
 */
export const leaveFederation: CommandHandler<LeaveFederation, LeaveFederationResult> = {
  type: 'leave-federation',
  schema: leaveFederationSchema,
  permission: 'write',
  nodeOf: async (_tx, p) => p.memberId,
  apply: async (tx, ctx, p) => {
    const [member, federation] = await openPair(tx, ctx, { nodeId: p.memberId, field: 'memberId' }, { nodeId: p.federationId, field: 'federationId' });
    const level = federation.kind as FederationLevel;
    if (level !== 'vo' && level !== 'clf' && level !== 'blf') throw new KhataError(problem(ErrorCode.ValidationFailed, 'federationId', 'is not a federation'));
    const membership = await fed(tx)
      .selectFrom('federation_membership')
      .selectAll()
      .where('federation_id', '=', p.federationId)
      .where('member_node_id', '=', p.memberId)
      .where('until', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (!membership) throw new KhataError(problem(ErrorCode.ValidationFailed, 'memberId', `is not a member of ${federation.name}`));
    const problems: Problem[] = [];
    if (p.date < membership.since) problems.push(problem(ErrorCode.ValidationFailed, 'date', `is before it joined (${membership.since})`, { since: membership.since }));
    // Nothing of theirs together may be dated after it leaves.
    const later = await fed(tx)
      .selectFrom('fund_transfer')
      .select(sql<string>`max(business_date)::text`.as('last'))
      .where((eb) => eb.or([eb.and([eb('from_entity_id', '=', member.entityId), eb('to_entity_id', '=', federation.entityId)]), eb.and([eb('from_entity_id', '=', federation.entityId), eb('to_entity_id', '=', member.entityId)])]))
      .executeTakeFirst();
    if (later?.last && later.last > p.date) problems.push(problem(ErrorCode.Conflict, 'date', `money moved between them on ${later.last}, after this date`, { lastMovementOn: later.last }));
    problems.push(...(await duesProblems(tx, federation, member)));

    const ruleSet = await rulesInForce(tx, ctx.actor.organisationId, p.date);
    const rule = ruleSet.body.funds.leaving;
    const a = { path: membershipAccounts(level).federationShare };
    const held = await sql<{ balance: string }>`
      select coalesce(sum(l.amount_paise), 0) as balance from journal_line l join account ac on ac.id = l.account_id
       where ac.entity_id = ${federation.entityId} and ac.path = ${a.path} and l.member_id = ${member.nodeId}`.execute(tx);
    const shareCapital = Math.max(0, -Number(held.rows[0]?.balance ?? 0));
    const shareRefund = percentOfPaise(shareCapital, rule.shareCapitalRefundPercent);
    const feeRefund = percentOfPaise(membership.membership_fee_paise, rule.membershipFeeRefundPercent);
    const refund = shareRefund + feeRefund;
    if (refund > 0) {
      problems.push(...(await moneyProblems(tx, federation, p.paidFrom, refund, 'paidFrom')));
    }
    if (shareCapital + feeRefund > 0) {
      for (const inst of [member, federation]) problems.push(...dateProblems(inst, p.date));
    }
    refuse(problems);

    let transferId: string | null = null;
    if (shareCapital + feeRefund > 0) {
      const plan = orThrow(
        planMembershipRefund({ level, shareCapitalPaise: shareCapital, shareCapitalRefundPaise: shareRefund, membershipFeeRefundPaise: feeRefund, date: p.date, paidFrom: p.paidFrom, receivedInto: p.receivedInto, memberTag: member.nodeId }),
      );
      await postTwoSided(
        tx,
        ctx,
        plan,
        federation,
        member,
        {
          id: p.transferId,
          kind: 'membership-refund',
          fund: null,
          amountPaise: shareCapital + feeRefund,
          date: p.date,
          detail: { shareCapitalPaise: shareCapital, shareCapitalRefundPaise: shareRefund, shareCapitalKeptPaise: shareCapital - shareRefund, membershipFeeRefundPaise: feeRefund, refundPaise: refund },
          ruleSet: { id: ruleSet.id, version: ruleSet.version },
        },
        'leave-federation',
        { from: `${member.name} left: share capital and fee paid back`, to: `Left ${federation.name}: share capital and fee paid back` },
      );
      transferId = p.transferId;
    }
    await fed(tx)
      .updateTable('federation_membership')
      .set({ until: p.date, left_transfer_id: transferId, leaving_reason: p.reason, leaving_command_id: ctx.commandId })
      .where('id', '=', membership.id)
      .execute();
    // Its representatives leave the federation's EC with it.
    const seats = await fed(tx)
      .updateTable('federation_ec_member')
      .set({ to_date: p.date })
      .where('federation_id', '=', p.federationId)
      .where('represents_node_id', '=', p.memberId)
      .where((eb) => eb.or([eb('to_date', 'is', null), eb('to_date', '>', p.date)]))
      .where('from_date', '<=', p.date)
      .executeTakeFirst();
    return {
      membershipId: membership.id,
      until: p.date,
      transferId,
      shareCapitalPaise: shareCapital,
      shareCapitalRefundPaise: shareRefund,
      shareCapitalKeptPaise: shareCapital - shareRefund,
      membershipFeeRefundPaise: feeRefund,
      refundPaise: refund,
      ruleSet: { id: ruleSet.id, version: ruleSet.version, label: ruleSetLabel(ruleSet) },
      ecSeatsEnded: Number(seats.numUpdatedRows ?? 0),
    };
  },
};
