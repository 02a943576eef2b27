import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Caller, type TestApp } from '../testing/app.ts';
import { ok } from '../testing/fixtures.ts';
import { balancesOf, booksBalance, entriesOfTransfer, makeFederationTree, type FederationTree } from './federation-test-kit.ts';

/**
 * Fund releases under the rule set in force on their date (Revolving Fund, start-up fund, CIF placed), maker–checker
 * on releases (request-fund-release, decide-approval), and a member institution leaving its federation — all
 * through the API, each refusal naming its rule.
 */

let h: TestApp;
let tree: FederationTree;
let vo: FederationTree['vos'][number];
let checker: Caller;
const rec = async (federationId: string, asOf = '2099-12-31') => (await ok(h.admin.get(`/api/federations/${federationId}/reconciliation?asOf=${asOf}`))).reconciliation;
const entryCount = async () => Number((await h.t.db.selectFrom('journal_entry').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const problems = (r: { body: any }) => (r.body.error.problems as any[]).map((p) => `${p.code}@${p.field}:${p.params?.rule ?? ''}`);

/** A grading as of a date, signed off by the checker. */
async function gradeAndSignOff(shgId: string, asOf: string): Promise<string> {
  const id = randomUUID();
  const g = await ok(h.admin.command('grade-shg', { id, shgId, asOf, stage: 'before-rf' }));
  await ok(checker.command('sign-off-grading', { gradingId: id }));
  return g.result.grade;
}

async function requestAndApprove(release: Record<string, unknown>, approvalId = randomUUID()) {
  await ok(h.admin.command('request-fund-release', { approvalId, ...release }));
  return ok(checker.command('decide-approval', { approvalId, decision: 'approve' }));
}

beforeAll(async () => {
  h = await testApp();
  await ok(h.admin.command('create-user', { id: randomUUID(), username: 'checker', name: 'Checker', password: 'checker-pass-1', roles: [{ nodeId: h.rootNodeId, role: 'manager' }] }));
  checker = await h.as('checker', 'checker-pass-1');
  tree = await makeFederationTree(h, { vos: 2, shgsPerVo: 2, membersPerShg: 3 });
  vo = tree.vos[0]!;
  for (const v of tree.vos) {
    await ok(h.admin.command('admit-federation-member', { membershipId: randomUUID(), federationId: tree.clfId, memberId: v.id, since: '2025-01-20' }));
    for (const s of v.shgs) await ok(h.admin.command('admit-federation-member', { membershipId: randomUUID(), federationId: v.id, memberId: s.id, since: '2025-01-20' }));
  }
}, 120_000);
afterAll(async () => h.close());

describe('maker–checker on fund releases', () => {
  it('by default every release needs a second person: a direct release is refused, naming the rule', async () => {
    const n = await entryCount();
    const r = await h.admin.command('release-fund', { transferId: randomUUID(), fund: 'start-up', giverId: h.rootNodeId, receiverId: vo.id, date: '2025-02-01', amountPaise: 100 });
    expect(r.status).toBe(403);
    expect(r.body.error).toMatchObject({ code: 'APPROVAL_REQUIRED', field: 'amountPaise' });
    expect(r.body.error.problems[0].params).toEqual({ rule: 'funds.releaseApprovalAbovePaise', thresholdPaise: 0, ruleSetVersion: 0 });
    expect(await entryCount()).toBe(n);
  });

  it('the requester cannot approve her own request (and the database refuses it too); a second person’s approval posts both books', async () => {
    const approvalId = randomUUID();
    const transferId = randomUUID();
    const asked = await ok(h.admin.command('request-fund-release', { approvalId, transferId, fund: 'start-up', giverId: h.rootNodeId, receiverId: vo.id, date: '2025-02-01', amountPaise: 1_000_000, note: 'first part' }));
    expect(asked.result).toMatchObject({ kind: 'fund-release', status: 'pending', payload: { ruleSet: { version: 0 }, receiver: { id: vo.id, kind: 'vo' } } });
    expect(await entriesOfTransfer(h, transferId)).toEqual([]);
    const pending = await ok(h.admin.get('/api/approvals'));
    expect(pending.approvals.find((a: any) => a.id === approvalId)).toMatchObject({ kind: 'fund-release', canDecide: false });

    const self = await h.admin.command('decide-approval', { approvalId, decision: 'approve' });
    expect(self.status).toBe(403);
    expect(self.body.error.code).toBe('SELF_APPROVAL');
    const requester = (await h.t.db.selectFrom('approval_request').select('requested_by').where('id', '=', approvalId).executeTakeFirstOrThrow()).requested_by;
    await expect(sql`update approval_request set status = 'approved', decided_by = ${requester} where id = ${approvalId}`.execute(h.t.db)).rejects.toThrow(/check/);

    const decided = await ok(checker.command('decide-approval', { approvalId, decision: 'approve', note: 'sanctioned' }));
    expect(decided.result).toMatchObject({ status: 'approved', transferId, ruleSet: { version: 0 } });
    const entries = await entriesOfTransfer(h, transferId);
    expect(entries.map((e) => e.nodeId).sort()).toEqual([h.rootNodeId, vo.id].sort());
    const row = await h.t.db.selectFrom('fund_transfer' as any).selectAll().where('id', '=', transferId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ approval_id: approvalId, rule_set_id: null, rule_set_version: 0, fund: 'start-up' });
    const again = await checker.command('decide-approval', { approvalId, decision: 'approve' });
    expect(again.status).toBe(409);
  });

  it('a rejected request posts nothing; releases at or below a configured threshold may be made directly', async () => {
    const approvalId = randomUUID();
    const transferId = randomUUID();
    await ok(h.admin.command('request-fund-release', { approvalId, transferId, fund: 'vrf', giverId: h.rootNodeId, receiverId: vo.id, date: '2025-02-02', amountPaise: 50_000 }));
    const r = await ok(checker.command('decide-approval', { approvalId, decision: 'reject', note: 'not this year' }));
    expect(r.result).toMatchObject({ status: 'rejected', entryId: null });
    expect(await entriesOfTransfer(h, transferId)).toEqual([]);

    await ok(h.admin.command('define-rule-set', { id: randomUUID(), nodeId: h.rootNodeId, effectiveFrom: '2025-03-01', body: { funds: { releaseApprovalAbovePaise: 500_000 } } }));
    const before = await h.admin.command('release-fund', { transferId: randomUUID(), fund: 'vrf', giverId: h.rootNodeId, receiverId: vo.id, date: '2025-02-28', amountPaise: 500_000 });
    expect(before.body.error?.code).toBe('APPROVAL_REQUIRED'); // the new threshold is not in force yet
    const direct = await ok(h.admin.command('release-fund', { transferId: randomUUID(), fund: 'vrf', giverId: h.rootNodeId, receiverId: vo.id, date: '2025-03-01', amountPaise: 500_000 }));
    expect(direct.result.ruleSet).toMatchObject({ version: 1 });
    const above = await h.admin.command('release-fund', { transferId: randomUUID(), fund: 'vrf', giverId: h.rootNodeId, receiverId: vo.id, date: '2025-03-01', amountPaise: 500_001 });
    expect(above.body.error.code).toBe('APPROVAL_REQUIRED');
    expect(above.body.error.problems[0].params).toMatchObject({ thresholdPaise: 500_000, ruleSetVersion: 1 });
  });
});

describe('the rule set in force on its date decides a release', () => {
  it('the Revolving Fund: refused before the months from formation, without a signed-off grading, or outside the amounts — each naming its rule', async () => {
    const shg = vo.shgs[0]!;
    const release = { transferId: randomUUID(), fund: 'rf', giverId: h.rootNodeId, receiverId: shg.id, date: '2025-03-15', amountPaise: 2_000_000 };
    const r = await h.admin.command('request-fund-release', { approvalId: randomUUID(), ...release });
    expect(r.status).toBe(422);
    expect(problems(r).sort()).toEqual(
      ['RULE_NOT_MET@amountPaise:funds.revolvingFund.maxPaise', 'RULE_NOT_MET@date:funds.revolvingFund.fromMonths', 'RULE_NOT_MET@receiverId:funds.revolvingFund.minGrade'].sort(),
    );
    expect(r.body.error.problems.find((p: any) => p.field === 'date').params).toMatchObject({ eligibleFrom: '2025-04-06', fromMonths: 3, ruleSetVersion: 1 });

    // Graded (no meetings: a C), signed off: still refused by the grade rule.
    expect(await gradeAndSignOff(shg.id, '2025-04-10')).toBe('C');
    const c = await h.admin.command('request-fund-release', { approvalId: randomUUID(), ...release, date: '2025-04-15', amountPaise: 1_500_000 });
    expect(problems(c)).toEqual(['RULE_NOT_MET@receiverId:funds.revolvingFund.minGrade']);
    expect(c.body.error.problems[0].params).toMatchObject({ grade: 'C', minGrade: 'B' });
  });

  it('a new rule set version changes only the releases dated from its effective date; the movement keeps the version', async () => {
    const shg = vo.shgs[0]!;
    // From 2025-05-01 the programme gives RF to C-graded groups too, Rs 12,000 fixed.
    await ok(h.admin.command('define-rule-set', { id: randomUUID(), nodeId: h.rootNodeId, effectiveFrom: '2025-05-01', body: { funds: { revolvingFund: { minPaise: 1_200_000, maxPaise: 1_200_000, minGrade: 'C' } } } }));
    const early = await h.admin.command('request-fund-release', { approvalId: randomUUID(), transferId: randomUUID(), fund: 'rf', giverId: h.rootNodeId, receiverId: shg.id, date: '2025-04-30', amountPaise: 1_200_000 });
    expect(problems(early)).toEqual(['RULE_NOT_MET@receiverId:funds.revolvingFund.minGrade']);
    const wrongAmount = await h.admin.command('request-fund-release', { approvalId: randomUUID(), transferId: randomUUID(), fund: 'rf', giverId: h.rootNodeId, receiverId: shg.id, date: '2025-05-01', amountPaise: 1_500_000 });
    expect(problems(wrongAmount)).toEqual(['RULE_NOT_MET@amountPaise:funds.revolvingFund.maxPaise']);
    expect(wrongAmount.body.error.problems[0].message).toContain('exactly');

    const transferId = randomUUID();
    const approved = await requestAndApprove({ transferId, fund: 'rf', giverId: h.rootNodeId, receiverId: shg.id, date: '2025-05-01', amountPaise: 1_200_000 });
    expect(approved.result.ruleSet).toMatchObject({ version: 2 });
    const row = await h.t.db.selectFrom('fund_transfer' as any).select(['rule_set_version', 'rule_set_id']).where('id', '=', transferId).executeTakeFirstOrThrow();
    expect(row.rule_set_version).toBe(2);
    expect((await balancesOf(h, shg.id))['equity:revolving-fund']).toBe(-1_200_000);

    // Once per SHG.
    const twice = await h.admin.command('request-fund-release', { approvalId: randomUUID(), transferId: randomUUID(), fund: 'rf', giverId: h.rootNodeId, receiverId: shg.id, date: '2025-06-01', amountPaise: 1_200_000 });
    expect(problems(twice)).toEqual(['RULE_NOT_MET@receiverId:funds.revolvingFund']);
  });

  it('a pending RF request blocks a second; the decision checks everything again (money): refused, nothing posted', async () => {
    const shg = vo.shgs[1]!;
    await gradeAndSignOff(shg.id, '2025-05-05');
    const approvalId = randomUUID();
    await ok(h.admin.command('request-fund-release', { approvalId, transferId: randomUUID(), fund: 'rf', giverId: vo.id, receiverId: shg.id, date: '2025-05-20', amountPaise: 1_200_000, paidFrom: 'cash' }));
    const second = await h.admin.command('request-fund-release', { approvalId: randomUUID(), transferId: randomUUID(), fund: 'rf', giverId: h.rootNodeId, receiverId: shg.id, date: '2025-05-20', amountPaise: 1_200_000 });
    expect(problems(second)).toEqual(['CONFLICT@receiverId:']);
    // The VO has no cash to pay it from: the approval is refused with the reason, the request stays pending.
    const broke = await checker.command('decide-approval', { approvalId, decision: 'approve' });
    expect(broke.status).toBe(422);
    expect(broke.body.error.code).toBe('INSUFFICIENT_CASH');
    const still = await h.t.db.selectFrom('approval_request').select('status').where('id', '=', approvalId).executeTakeFirstOrThrow();
    expect(still.status).toBe('pending');
    await ok(checker.command('decide-approval', { approvalId, decision: 'reject' }));
  });

  it('the start-up fund and CIF placed are limited in all, per the rule set', async () => {
    // Start-up: Rs 25,000 in all per VO; the VO has had Rs 10,000.
    const tooMuch = await h.admin.command('request-fund-release', { approvalId: randomUUID(), transferId: randomUUID(), fund: 'start-up', giverId: h.rootNodeId, receiverId: vo.id, date: '2025-06-01', amountPaise: 1_500_001 });
    expect(problems(tooMuch)).toEqual(['RULE_NOT_MET@amountPaise:funds.voStartUpFundPaise']);
    expect(tooMuch.body.error.problems[0].params).toMatchObject({ limitPaise: 2_500_000, receivedPaise: 1_000_000, availablePaise: 1_500_000 });
    await requestAndApprove({ transferId: randomUUID(), fund: 'start-up', giverId: h.rootNodeId, receiverId: vo.id, date: '2025-06-01', amountPaise: 1_500_000 });
    // CIF: Rs 3,000 per member of the SHGs within the CLF (2 VOs x 2 SHGs x 3 members = 12): Rs 36,000.
    const cif = await h.admin.command('request-fund-release', { approvalId: randomUUID(), transferId: randomUUID(), fund: 'cif', giverId: h.rootNodeId, receiverId: tree.clfId, date: '2025-06-01', amountPaise: 3_600_001 });
    expect(problems(cif)).toEqual(['RULE_NOT_MET@amountPaise:funds.cifPerMemberPaise']);
    expect(cif.body.error.problems[0].params).toMatchObject({ members: 12, limitPaise: 3_600_000 });
    await requestAndApprove({ transferId: randomUUID(), fund: 'cif', giverId: h.rootNodeId, receiverId: tree.clfId, date: '2025-06-01', amountPaise: 3_600_000 });
    expect((await balancesOf(h, tree.clfId))['liabilities:cif:from-srlm']).toBe(-3_600_000);
  });
});

describe('leaving a federation', () => {
  const loanId = randomUUID();
  let leaver: { id: string; memberIds: string[] };
  let joiningFee: string;

  it('an SHG that owes its VO a CIF loan may not leave; the refusal says what it owes', async () => {
    leaver = tree.vos[1]!.shgs[0]!;
    const from = tree.vos[1]!;
    // A fresh membership with share capital and a fee: leave with nothing, rejoin paying (money from a grant first).
    await requestAndApprove({ transferId: randomUUID(), fund: 'other', giverId: h.rootNodeId, receiverId: leaver.id, date: '2025-06-02', amountPaise: 1_000_000 });
    const bare = await ok(h.admin.command('leave-federation', { transferId: randomUUID(), federationId: from.id, memberId: leaver.id, date: '2025-06-03', reason: 'joins with share capital' }));
    expect(bare.result).toMatchObject({ transferId: null, refundPaise: 0, until: '2025-06-03' });
    const sameDay = await h.admin.command('admit-federation-member', { membershipId: randomUUID(), federationId: from.id, memberId: leaver.id, since: '2025-06-03' });
    expect(sameDay.status).toBe(409);
    expect(sameDay.body.error.field).toBe('since');
    joiningFee = randomUUID();
    await ok(h.admin.command('admit-federation-member', { membershipId: joiningFee, federationId: from.id, memberId: leaver.id, since: '2025-06-04', shareCapitalPaise: 100_000, membershipFeePaise: 20_000 }));
    // The CLF lends the VO CIF; the VO lends the SHG.
    await ok(h.admin.command('lend-to-member-institution', { loanId: randomUUID(), lenderId: tree.clfId, borrowerId: from.id, fund: 'cif', date: '2025-06-05', amountPaise: 2_000_000, annualRatePercent: '9', repayments: 12 }));
    await ok(h.admin.command('lend-to-member-institution', { loanId, lenderId: from.id, borrowerId: leaver.id, fund: 'cif', date: '2025-06-06', amountPaise: 500_000, annualRatePercent: '12', repayments: 10 }));

    const n = await entryCount();
    const r = await h.admin.command('leave-federation', { transferId: randomUUID(), federationId: from.id, memberId: leaver.id, date: '2025-07-01', reason: 'moving to the new VO' });
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({ code: 'DUES_OUTSTANDING', field: 'memberId' });
    expect(r.body.error.problems[0].params).toMatchObject({ loanId, outstandingPaise: 500_000 });
    expect(r.body.error.problems[0].message).toContain('Rs 5,000.00');
    // Repaid at a meeting but not yet received by the VO: still refused (in transit).
    const meetingId = randomUUID();
    await ok(h.admin.command('record-meeting', { meetingId, shgId: leaver.id, date: '2025-06-30', externalLoanRepayments: [{ externalLoanId: loanId, principalPaise: 500_000, interestPaise: 4_000, via: 'bank' }] }));
    const transit = await h.admin.command('leave-federation', { transferId: randomUUID(), federationId: from.id, memberId: leaver.id, date: '2025-07-01', reason: 'moving to the new VO' });
    expect(transit.body.error.code).toBe('DUES_OUTSTANDING');
    expect(transit.body.error.problems[0].params).toMatchObject({ inTransitPaise: 500_000 });
    expect(await entryCount()).toBe(n + 1); // the meeting only
    await ok(h.admin.command('receive-meeting-repayment', { transferId: randomUUID(), federationId: from.id, meetingId, date: '2025-06-30' }));
  });

  it('once settled it leaves: share capital (and the fee, by the rule) paid back in both books under one transfer id; the pair still reconciles', async () => {
    const from = tree.vos[1]!;
    // From July the rule: 90% of share capital back (the VO keeps 10% as a fee), half the joining fee back.
    await ok(h.admin.command('define-rule-set', { id: randomUUID(), nodeId: h.rootNodeId, effectiveFrom: '2025-07-01', body: { funds: { releaseApprovalAbovePaise: 500_000, revolvingFund: { minGrade: 'C' }, leaving: { shareCapitalRefundPercent: 90, membershipFeeRefundPercent: 50 } } } }));
    const transferId = randomUUID();
    const before = { shg: await balancesOf(h, leaver.id), vo: await balancesOf(h, from.id) };
    const r = await ok(h.admin.command('leave-federation', { transferId, federationId: from.id, memberId: leaver.id, date: '2025-07-01', reason: 'moving to the new VO' }));
    expect(r.result).toMatchObject({ transferId, shareCapitalPaise: 100_000, shareCapitalRefundPaise: 90_000, shareCapitalKeptPaise: 10_000, membershipFeeRefundPaise: 10_000, refundPaise: 100_000, ruleSet: { version: 3 } });
    const entries = await entriesOfTransfer(h, transferId);
    expect(entries.map((e) => e.nodeId).sort()).toEqual([leaver.id, from.id].sort());
    for (const e of entries) expect(e.total).toBe(0);
    const after = { shg: await balancesOf(h, leaver.id), vo: await balancesOf(h, from.id) };
    expect(after.shg['assets:share-capital-with-vo']).toBeUndefined();
    expect((after.shg['assets:bank'] ?? 0) - (before.shg['assets:bank'] ?? 0)).toBe(100_000);
    expect((after.vo['assets:bank'] ?? 0) - (before.vo['assets:bank'] ?? 0)).toBe(-100_000);
    expect(after.vo['liabilities:share-capital:from-members'] ?? 0).toBe((before.vo['liabilities:share-capital:from-members'] ?? 0) + 100_000);
    // Fee income: +20,000 on joining, -10,000 paid back, +10,000 of share capital kept.
    expect(after.vo['income:membership-fees']).toBe(-20_000);
    const transfer = await h.t.db.selectFrom('fund_transfer' as any).selectAll().where('id', '=', transferId).executeTakeFirstOrThrow();
    expect(transfer).toMatchObject({ kind: 'membership-refund', rule_set_version: 3, amount_paise: 110_000 });
    const membership = await h.t.db.selectFrom('federation_membership' as any).selectAll().where('id', '=', joiningFee).executeTakeFirstOrThrow();
    expect(membership).toMatchObject({ until: '2025-07-01', left_transfer_id: transferId, leaving_reason: 'moving to the new VO' });

    const rv = await rec(from.id);
    const pair = rv.pairs.find((p: any) => p.counterpart.id === leaver.id);
    expect(pair.matched, JSON.stringify(pair)).toBe(true);
    expect(pair.categories.find((c: any) => c.category === 'share-capital')).toMatchObject({ federationPaise: 0, counterpartPaise: 0 });
    expect(rv.matched).toBe(true);
    expect((await rec(tree.clfId)).matched).toBe(true);
    expect(await booksBalance(h)).toEqual({ unbalancedEntries: 0, unbalancedEntities: 0 });

    // Not a member any more: its old VO no longer releases to it or lends to it.
    const lend = await h.admin.command('lend-to-member-institution', { loanId: randomUUID(), lenderId: from.id, borrowerId: leaver.id, fund: 'cif', date: '2025-07-02', amountPaise: 1_000, annualRatePercent: '12', repayments: 1 });
    expect(lend.body.error.field).toBe('borrowerId');
    const again = await h.admin.command('leave-federation', { transferId: randomUUID(), federationId: from.id, memberId: leaver.id, date: '2025-07-05', reason: 'twice' });
    expect(again.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'memberId' });
  });

  it('it joins another VO later; that VO may give it the Revolving Fund', async () => {
    await ok(h.admin.command('admit-federation-member', { membershipId: randomUUID(), federationId: vo.id, memberId: leaver.id, since: '2025-07-02', shareCapitalPaise: 50_000 }));
    const detail = await ok(h.admin.get(`/api/federations/${vo.id}`));
    expect(detail.members.filter((m: any) => m.memberId === leaver.id).map((m: any) => m.until)).toEqual([null]);
    await gradeAndSignOff(leaver.id, '2025-07-03');
    const rf = await requestAndApprove({ transferId: randomUUID(), fund: 'rf', giverId: h.rootNodeId, receiverId: leaver.id, date: '2025-07-04', amountPaise: 1_000_000 });
    expect(rf.result).toMatchObject({ status: 'approved', ruleSet: { version: 3 } });
    expect((await rec(vo.id)).matched).toBe(true);
    expect((await rec(tree.vos[1]!.id)).matched).toBe(true);
  });

  it('a VO leaving its CLF while it owes CIF is refused', async () => {
    const r = await h.admin.command('leave-federation', { transferId: randomUUID(), federationId: tree.clfId, memberId: tree.vos[1]!.id, date: '2025-07-10', reason: 'test' });
    expect(r.status).toBe(422);
    expect(r.body.error.problems.map((p: any) => p.code)).toContain('DUES_OUTSTANDING');
  });
});
