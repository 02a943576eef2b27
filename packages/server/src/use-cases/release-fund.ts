import { sql } from 'kysely';
import { z } from 'zod';
import { addMonths, ErrorCode, formatMoney, isoDate, KhataError, orThrow, positivePaise, problem, uuid, type Problem } from '@khata/core';
import { GRANT_FUNDS, isFederationLevel, planGrant, type TwoSidedPlan } from '@khata/core/federation';
import { GRADES, ruleSetBodySchema, ruleSetInForce, ruleSetLabel, type RuleSet } from '@khata/core/rules';
import type { CommandContext, CommandHandler } from '../commands/apply-command.ts';
import type { Tx } from '../ledger/post-entry.ts';
import { loadRuleSets, withRules } from '../queries/shg-records.ts';
import { dateProblems, fed, moneyProblems, openPair, postTwoSided, refuse, withinFederation, type Institution } from './federation-books.ts';

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
  /** The rule set version the release was checked against (version 0: the built-in defaults). */
  ruleSet: { id: string | null; version: number; label: string };
}

const LABEL: Record<ReleaseFund['fund'], string> = { rf: 'Revolving Fund', 'start-up': 'Start-up fund', vrf: 'VRF', cif: 'CIF placed', other: 'Grant' };

/** The rule set in force on `date`, its body completed with the defaults of rules added since it was stored. */
export async function rulesInForce(tx: Tx, organisationId: number, date: string): Promise<RuleSet> {
  const r = ruleSetInForce(await loadRuleSets(tx, organisationId), date);
  return { ...r, body: ruleSetBodySchema.parse(r.body) };
}

const rs = (n: number) => formatMoney(n, { symbol: 'Rs ' });
const ruleProblem = (field: string, rule: string, ruleSet: RuleSet, message: string, params: Record<string, string | number> = {}): Problem =>
  problem(ErrorCode.RuleNotMet, field, `${message} (rule ${rule}, rule set ${ruleSetLabel(ruleSet)})`, { rule, ruleSetVersion: ruleSet.version, ...params });

/** What the receiver has been given of one fund so far, in all (released movements). */
async function receivedOf(tx: Tx, receiver: Institution, fund: string): Promise<{ paise: number; first: string | null }> {
  const row = await fed(tx)
    .selectFrom('fund_transfer')
    .select([sql<string>`coalesce(sum(amount_paise), 0)`.as('paise'), sql<string | null>`min(business_date)::text`.as('first')])
    .where('kind', '=', 'grant')
    .where('fund', '=', fund)
    .where('to_entity_id', '=', receiver.entityId)
    .executeTakeFirstOrThrow();
  return { paise: Number(row.paise), first: row.first };
}

/** Active members, on `date`, of the SHGs within a federation (directly, or through its member federations). */
async function membersWithin(tx: Tx, federationId: string, date: string): Promise<number> {
  const row = await sql<{ n: string }>`
    with recursive within(node_id) as (
      select member_node_id from federation_membership
       where federation_id = ${federationId} and since <= ${date}::date and (until is null or until >= ${date}::date)
      union
      select m.member_node_id from federation_membership m join within w on m.federation_id = w.node_id
       where m.since <= ${date}::date and (m.until is null or m.until >= ${date}::date)
    )
    select count(*) as n from member mb join within w on w.node_id = mb.shg_id
     where mb.joined_on <= ${date}::date and (mb.status = 'active' or mb.left_on > ${date}::date)`.execute(tx);
  return Number(row.rows[0]?.n ?? 0);
}

/**
 * The programme rules a release must meet, under the rule set in force on its date: the Revolving Fund (amount in
 * the range, once per SHG, after the months from formation, to an SHG whose latest signed-off grading is good
 * enough), the VO start-up fund (in all, up to its amount), CIF placed with a federation (in all, up to the amount
 * per member of the SHGs within it). Each refusal names its rule.
 */
export async function releaseRuleProblems(tx: Tx, p: ReleaseFund, receiver: Institution, ruleSet: RuleSet): Promise<Problem[]> {
  const f = ruleSet.body.funds;
  const problems: Problem[] = [];
  if (p.fund === 'rf' && receiver.kind === 'shg') {
    const rf = f.revolvingFund;
    if (p.amountPaise < rf.minPaise || p.amountPaise > rf.maxPaise) {
      const rule = p.amountPaise < rf.minPaise ? 'funds.revolvingFund.minPaise' : 'funds.revolvingFund.maxPaise';
      const range = rf.minPaise === rf.maxPaise ? `exactly ${rs(rf.minPaise)}` : `from ${rs(rf.minPaise)} to ${rs(rf.maxPaise)}`;
      problems.push(ruleProblem('amountPaise', rule, ruleSet, `the Revolving Fund to an SHG is ${range}`, { minPaise: rf.minPaise, maxPaise: rf.maxPaise }));
    }
    const given = await receivedOf(tx, receiver, 'rf');
    if (given.first) problems.push(ruleProblem('receiverId', 'funds.revolvingFund', ruleSet, `${receiver.name} received its Revolving Fund on ${given.first}: it is given once`, { receivedOn: given.first }));
    const eligibleFrom = receiver.formedOn ? addMonths(receiver.formedOn, rf.fromMonths) : null;
    if (eligibleFrom && p.date < eligibleFrom) {
      problems.push(ruleProblem('date', 'funds.revolvingFund.fromMonths', ruleSet, `${receiver.name} may receive the Revolving Fund from ${eligibleFrom}, ${rf.fromMonths} months after its formation`, { eligibleFrom, fromMonths: rf.fromMonths }));
    }
    const grading = await withRules(tx)
      .selectFrom('grading')
      .select(['grade', 'as_of', 'score'])
      .where('shg_id', '=', receiver.nodeId)
      .where('as_of', '<=', p.date)
      .where('signed_off_by', 'is not', null)
      .orderBy('as_of', 'desc')
      .orderBy('graded_at', 'desc')
      .executeTakeFirst();
    const worst = GRADES.indexOf(rf.minGrade);
    if (!grading) {
      problems.push(ruleProblem('receiverId', 'funds.revolvingFund.minGrade', ruleSet, `${receiver.name} has no signed-off grading on or before ${p.date}; the Revolving Fund needs grade ${rf.minGrade} or better`, { minGrade: rf.minGrade }));
    } else if (GRADES.indexOf(grading.grade) > worst) {
      problems.push(
        ruleProblem('receiverId', 'funds.revolvingFund.minGrade', ruleSet, `${receiver.name} was graded ${grading.grade} on ${grading.as_of}; the Revolving Fund needs grade ${rf.minGrade} or better`, {
          grade: grading.grade,
          gradedOn: grading.as_of,
          minGrade: rf.minGrade,
        }),
      );
    }
  }
  if (p.fund === 'start-up' && receiver.kind === 'vo') {
    const given = await receivedOf(tx, receiver, 'start-up');
    if (given.paise + p.amountPaise > f.voStartUpFundPaise) {
      problems.push(
        ruleProblem('amountPaise', 'funds.voStartUpFundPaise', ruleSet, `a VO's start-up fund is ${rs(f.voStartUpFundPaise)} in all; ${receiver.name} has received ${rs(given.paise)}`, {
          limitPaise: f.voStartUpFundPaise,
          receivedPaise: given.paise,
          availablePaise: Math.max(0, f.voStartUpFundPaise - given.paise),
        }),
      );
    }
  }
  if (p.fund === 'cif' && isFederationLevel(receiver.kind)) {
    const [given, members] = await Promise.all([receivedOf(tx, receiver, 'cif'), membersWithin(tx, receiver.nodeId, p.date)]);
    const limit = members * f.cifPerMemberPaise;
    if (given.paise + p.amountPaise > limit) {
      problems.push(
        ruleProblem('amountPaise', 'funds.cifPerMemberPaise', ruleSet, `CIF placed with ${receiver.name} may be ${rs(f.cifPerMemberPaise)} per member of its SHGs (${members} members on ${p.date}: ${rs(limit)} in all); it has received ${rs(given.paise)}`, {
          members,
          perMemberPaise: f.cifPerMemberPaise,
          limitPaise: limit,
          receivedPaise: given.paise,
          availablePaise: Math.max(0, limit - given.paise),
        }),
      );
    }
  }
  return problems;
}

export interface PreparedRelease {
  giver: Institution;
  receiver: Institution;
  plan: TwoSidedPlan;
  ruleSet: RuleSet;
  /** Everything that refuses it (dates, membership, money, the rules); empty when it may be posted. */
  problems: Problem[];
}

/** Opens both books (access on both, locked), plans both sides and checks everything a release must meet. */
export async function prepareRelease(tx: Tx, ctx: CommandContext, p: ReleaseFund, options: { money: boolean } = { money: true }): Promise<PreparedRelease> {
  const [receiver, giver] = await openPair(tx, ctx, { nodeId: p.receiverId, field: 'receiverId' }, { nodeId: p.giverId, field: 'giverId' });
  const plan = orThrow(
    planGrant({ fund: p.fund, giver: giver.kind, receiver: receiver.kind, amountPaise: p.amountPaise, date: p.date, paidFrom: p.paidFrom, receivedInto: p.receivedInto, receiverTag: receiver.nodeId }),
  );
  const ruleSet = await rulesInForce(tx, ctx.actor.organisationId, p.date);
  const problems: Problem[] = [...dateProblems(receiver, p.date), ...dateProblems(giver, p.date)];
  if (isFederationLevel(giver.kind) && !(await withinFederation(tx, giver.nodeId, receiver.nodeId, p.date))) {
    problems.push(problem(ErrorCode.ValidationFailed, 'receiverId', `is not a member of ${giver.name} on this date`));
  }
  if (options.money) problems.push(...(await moneyProblems(tx, giver, p.paidFrom, p.amountPaise, 'amountPaise')));
  problems.push(...(await releaseRuleProblems(tx, p, receiver, ruleSet)));
  return { giver, receiver, plan, ruleSet, problems };
}

/** Posts a prepared release in both books under its transfer id, with the rule set version (and approval) behind it. */
export async function postRelease(tx: Tx, ctx: CommandContext, p: ReleaseFund, prepared: PreparedRelease, approvalId: string | null = null): Promise<ReleaseFundResult> {
  refuse(prepared.problems);
  const { giver, receiver, plan, ruleSet } = prepared;
  const ref = p.reference ? ` (${p.reference})` : '';
  const { fromEntryId, toEntryId } = await postTwoSided(
    tx,
    ctx,
    plan,
    giver,
    receiver,
    {
      id: p.transferId,
      kind: 'grant',
      fund: p.fund,
      amountPaise: p.amountPaise,
      date: p.date,
      detail: p.reference ? { reference: p.reference } : {},
      ruleSet: { id: ruleSet.id, version: ruleSet.version },
      approvalId,
    },
    'release-fund',
    { from: `${LABEL[p.fund]} to ${receiver.name}${ref}`, to: `${LABEL[p.fund]} from ${giver.name}${ref}` },
  );
  return { transferId: p.transferId, giverEntryId: fromEntryId, receiverEntryId: toEntryId, ruleSet: { id: ruleSet.id, version: ruleSet.version, label: ruleSetLabel(ruleSet) } };
}

/**
 * A grant from the organisation or a federation to an institution below it, as one movement in both books: the
 * giver's expense (the organisation's programme expenditure, a federation's grants given) and the receiver's fund
 * (an SHG's Revolving Fund or grants; a federation's start-up fund or grants, or the VRF and CIF it holds as
 * liabilities: funds held for its members, not its own).
 *
 * Checked against the rule set in force on its date (the version is stored on the movement). One person may release
 * directly only up to the rule set's `funds.releaseApprovalAbovePaise` (by default nothing: every release needs a
 * second person); above it the release is requested (request-fund-release) and posted when someone else approves.
 */
export const releaseFund: CommandHandler<ReleaseFund, ReleaseFundResult> = {
  type: 'release-fund',
  schema: releaseFundSchema,
  permission: 'write',
  nodeOf: async (_tx, p) => p.receiverId,
  apply: async (tx, ctx, p) => {
    const prepared = await prepareRelease(tx, ctx, p);
    const threshold = prepared.ruleSet.body.funds.releaseApprovalAbovePaise;
    if (p.amountPaise > threshold) {
      prepared.problems.unshift(
        problem(
          ErrorCode.ApprovalRequired,
          'amountPaise',
          `a release above ${rs(threshold)} needs a second person: request it with request-fund-release (rule funds.releaseApprovalAbovePaise, rule set ${ruleSetLabel(prepared.ruleSet)})`,
          { rule: 'funds.releaseApprovalAbovePaise', thresholdPaise: threshold, ruleSetVersion: prepared.ruleSet.version },
        ),
      );
    }
    if (prepared.problems.length) throw new KhataError(...prepared.problems);
    return postRelease(tx, ctx, p, prepared);
  },
};
