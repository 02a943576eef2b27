import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Caller, type TestApp } from '../testing/app.ts';
import { ok } from '../testing/fixtures.ts';
import { balancesOf, booksBalance, entriesOfTransfer, FORMED, makeFederationTree, type FederationTree } from './federation-test-kit.ts';

let h: TestApp;
let tree: FederationTree;
let vo: FederationTree['vos'][number];
let shgA: { id: string; memberIds: string[] };
let shgB: { id: string; memberIds: string[] };
let other: Caller;
let otherTree: FederationTree;

const entryCount = async () => Number((await h.t.db.selectFrom('journal_entry').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

/** Both books written by one transfer: one entry in each institution, each balanced, both carrying its id. */
async function expectTwoSided(transferId: string, fromNode: string, toNode: string) {
  const entries = await entriesOfTransfer(h, transferId);
  expect(entries.map((e) => e.nodeId).sort()).toEqual([fromNode, toNode].sort());
  for (const e of entries) expect(e.total).toBe(0);
}

beforeAll(async () => {
  h = await testApp();
  // These flows are about both books, not the programme rules (federation-rules.test.ts): one person may release
  // (no second person below Rs 10 crore) and CIF may be placed at Rs 10,000 per member.
  await ok(h.admin.command('define-rule-set', { id: randomUUID(), nodeId: h.rootNodeId, effectiveFrom: '2025-01-01', body: { funds: { releaseApprovalAbovePaise: 10_000_000_000, cifPerMemberPaise: 1_000_000 } } }));
  tree = await makeFederationTree(h, { vos: 2, shgsPerVo: 2, membersPerShg: 3 });
  vo = tree.vos[0]!;
  [shgA, shgB] = vo.shgs as [typeof shgA, typeof shgB];
  // Another block with its own staff: must not see or touch this tree.
  otherTree = await makeFederationTree(h, { vos: 1, shgsPerVo: 1, membersPerShg: 1, code: 'other' });
  await ok(h.admin.command('create-user', { id: randomUUID(), username: 'staff-other', name: 'Staff Other', password: 'staff-other-pass', roles: [{ nodeId: otherTree.blockId, role: 'staff' }] }));
  other = await h.as('staff-other', 'staff-other-pass');
}, 120_000);
afterAll(async () => h.close());

describe('federations in the tree', () => {
  it('a VO and a CLF are nodes with their own books: the chart of their level', async () => {
    const charts = await h.t.db
      .selectFrom('entity as e')
      .innerJoin('account as a', 'a.entity_id', 'e.id')
      .select(['e.node_id', 'e.kind', 'a.path'])
      .where('e.node_id', 'in', [vo.id, tree.clfId])
      .execute();
    const voPaths = charts.filter((c) => c.node_id === vo.id).map((c) => c.path);
    const clfPaths = charts.filter((c) => c.node_id === tree.clfId).map((c) => c.path);
    expect(voPaths).toEqual(expect.arrayContaining(['assets:loans-to-shgs', 'assets:vrf-loans-to-shgs', 'liabilities:share-capital:from-members', 'liabilities:interest-payable:cif']));
    expect(clfPaths).toEqual(expect.arrayContaining(['assets:loans-to-vos', 'liabilities:cif:from-srlm']));
    expect(voPaths).not.toContain('assets:loans-to-vos');
  });

  it('refuses a federation in the wrong place of the tree', async () => {
    const r = await h.admin.command('create-federation', { id: randomUUID(), parentId: tree.blockId, level: 'vo', name: 'Misplaced VO', code: 'VO-MIS', formedOn: FORMED });
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('parentId');
  });
});

describe('membership, share capital and fees: both books', () => {
  it('an SHG joins its VO paying share capital and a fee: its asset, the VO’s liability to it, the fee as expense and income', async () => {
    // Money first: the organisation gives both SHGs of the VO a grant, and the VO a start-up fund.
    for (const shg of vo.shgs) {
      const transferId = randomUUID();
      await ok(h.admin.command('release-fund', { transferId, fund: 'other', giverId: h.rootNodeId, receiverId: shg.id, date: '2025-03-01', amountPaise: 1_500_000 }));
      await expectTwoSided(transferId, h.rootNodeId, shg.id);
    }
    await ok(h.admin.command('release-fund', { transferId: randomUUID(), fund: 'start-up', giverId: h.rootNodeId, receiverId: vo.id, date: '2025-03-01', amountPaise: 2_500_000 }));
    expect((await balancesOf(h, shgA.id))['equity:grants']).toBe(-1_500_000);
    expect((await balancesOf(h, vo.id))['equity:start-up-fund']).toBe(-2_500_000);
    expect((await balancesOf(h, h.rootNodeId))['expenses:programme']).toBe(5_500_000);

    const membershipId = randomUUID();
    const r = await ok(h.admin.command('admit-federation-member', { membershipId, federationId: vo.id, memberId: shgA.id, since: '2025-03-10', shareCapitalPaise: 100_000, membershipFeePaise: 10_000 }));
    expect(r.result.transferId).toBe(membershipId);
    await expectTwoSided(membershipId, shgA.id, vo.id);
    expect(await balancesOf(h, shgA.id)).toMatchObject({ 'assets:share-capital-with-vo': 100_000, 'expenses:other': 10_000, 'assets:bank': 1_500_000 - 110_000 });
    expect(await balancesOf(h, vo.id)).toMatchObject({ 'liabilities:share-capital:from-members': -100_000, 'income:membership-fees': -10_000, 'assets:bank': 2_500_000 + 110_000 });
    await ok(h.admin.command('admit-federation-member', { membershipId: randomUUID(), federationId: vo.id, memberId: shgB.id, since: '2025-03-10', shareCapitalPaise: 100_000, paidFrom: 'bank' }));
    // The other VO's SHGs join theirs without paying anything (no entries).
    for (const shg of tree.vos[1]!.shgs) await ok(h.admin.command('admit-federation-member', { membershipId: randomUUID(), federationId: tree.vos[1]!.id, memberId: shg.id, since: '2025-03-10' }));
    // The VOs join the CLF; VO 0 pays share capital out of its start-up fund.
    await ok(h.admin.command('admit-federation-member', { membershipId: randomUUID(), federationId: tree.clfId, memberId: vo.id, since: '2025-04-01', shareCapitalPaise: 50_000 }));
    await ok(h.admin.command('admit-federation-member', { membershipId: randomUUID(), federationId: tree.clfId, memberId: tree.vos[1]!.id, since: '2025-04-01' }));
    expect((await balancesOf(h, vo.id))['assets:share-capital-with-federation']).toBe(50_000);
  });

  it('refuses a second membership, the wrong level, a date before formation and money the member lacks; writes nothing', async () => {
    const n = await entryCount();
    const again = await h.admin.command('admit-federation-member', { membershipId: randomUUID(), federationId: vo.id, memberId: shgA.id, since: '2025-05-01' });
    expect(again.status).toBe(409);
    expect(again.body.error.field).toBe('memberId');
    const level = await h.admin.command('admit-federation-member', { membershipId: randomUUID(), federationId: tree.clfId, memberId: tree.vos[1]!.shgs[0]!.id, since: '2025-05-01' });
    expect(level.status).toBe(400);
    expect(level.body.error.field).toBe('memberId');
    const poor = await h.admin.command('admit-federation-member', { membershipId: randomUUID(), federationId: otherTree.vos[0]!.id, memberId: otherTree.vos[0]!.shgs[0]!.id, since: '2024-12-01', shareCapitalPaise: 100 });
    expect(poor.status).toBe(422);
    expect(poor.body.error.problems.map((p: any) => `${p.code}@${p.field}`)).toEqual(expect.arrayContaining(['DATE_BEFORE_FORMATION@since', 'INSUFFICIENT_BANK@shareCapitalPaise']));
    expect(await entryCount()).toBe(n);
  });
});

describe('executive committee, meetings, sub-committees', () => {
  let repA: string;
  let repB: string;

  it('representatives come from member SHGs; office bearers from the EC; the previous holder’s term ends', async () => {
    repA = shgA.memberIds[0]!;
    repB = shgB.memberIds[0]!;
    await ok(h.admin.command('appoint-ec-member', { id: randomUUID(), federationId: vo.id, personId: repA, role: 'representative', from: '2025-04-01' }));
    await ok(h.admin.command('appoint-ec-member', { id: randomUUID(), federationId: vo.id, personId: repB, role: 'representative', from: '2025-04-01' }));
    await ok(h.admin.command('appoint-ec-member', { id: randomUUID(), federationId: vo.id, personId: repA, role: 'president', from: '2025-04-01' }));
    await ok(h.admin.command('appoint-ec-member', { id: randomUUID(), federationId: vo.id, personId: repB, role: 'president', from: '2026-04-01' }));
    const outsider = await h.admin.command('appoint-ec-member', { id: randomUUID(), federationId: vo.id, personId: tree.vos[1]!.shgs[0]!.memberIds[0], role: 'representative', from: '2025-04-01' });
    expect(outsider.status).toBe(422);
    expect(outsider.body.error).toMatchObject({ code: 'UNKNOWN_MEMBER', field: 'personId' });
    const notOnEc = await h.admin.command('appoint-ec-member', { id: randomUUID(), federationId: vo.id, personId: shgA.memberIds[1], role: 'treasurer', from: '2025-04-01' });
    expect(notOnEc.status).toBe(400);
    // A CLF's EC: representatives are EC members of its member VOs.
    const clfRep = await ok(h.admin.command('appoint-ec-member', { id: randomUUID(), federationId: tree.clfId, personId: repA, role: 'representative', from: '2025-05-01' }));
    expect(clfRep.result.representsId).toBe(vo.id);
    const detail = await ok(h.admin.get(`/api/federations/${vo.id}`));
    const presidents = detail.ec.filter((e: any) => e.role === 'president');
    expect(presidents).toEqual([
      expect.objectContaining({ personId: repA, from: '2025-04-01', to: '2026-04-01' }),
      expect.objectContaining({ personId: repB, from: '2026-04-01', to: null }),
    ]);
  });

  it('EC and general-body meetings keep attendance and decisions; only the EC attends an EC meeting', async () => {
    const meetingId = randomUUID();
    const r = await ok(h.admin.command('record-federation-meeting', { meetingId, federationId: vo.id, kind: 'ec', date: '2025-05-05', attendees: [repA, repB], decisions: [{ text: 'Approve the CIF plan of SHG A' }, { text: 'Grade SHGs in June' }] }));
    expect(r.result).toEqual({ meetingId, present: 2, decisions: 2 });
    const notEc = await h.admin.command('record-federation-meeting', { meetingId: randomUUID(), federationId: vo.id, kind: 'ec', date: '2025-06-05', attendees: [shgA.memberIds[2]] });
    expect(notEc.status).toBe(422);
    expect(notEc.body.error.field).toBe('attendees.0');
    await ok(h.admin.command('record-federation-meeting', { meetingId: randomUUID(), federationId: vo.id, kind: 'gb', date: '2025-05-20', attendees: [...shgA.memberIds, ...shgB.memberIds], decisions: [{ text: 'Annual plan adopted' }] }));
    const twice = await h.admin.command('record-federation-meeting', { meetingId: randomUUID(), federationId: vo.id, kind: 'gb', date: '2025-05-20' });
    expect(twice.status).toBe(409);
    await ok(h.admin.command('form-sub-committee', { id: randomUUID(), federationId: vo.id, name: 'SHG monitoring', formedOn: '2025-05-05', members: [{ personId: repA, role: 'convenor' }, { personId: shgB.memberIds[1] }] }));
    const detail = await ok(h.admin.get(`/api/federations/${vo.id}`));
    expect(detail.meetings.map((m: any) => [m.kind, m.date, m.attendance.length, m.decisions.length])).toEqual([['gb', '2025-05-20', 6, 1], ['ec', '2025-05-05', 2, 2]]);
    expect(detail.subCommittees[0]).toMatchObject({ name: 'SHG monitoring', members: expect.arrayContaining([expect.objectContaining({ personId: repA, role: 'convenor' })]) });
    expect(detail.members).toHaveLength(2);
  });
});

describe('CIF: placed with the CLF, lent CLF → VO → SHG, repaid SHG → VO → CLF with the interest spread', () => {
  const clfLoan = randomUUID();
  const voLoan = randomUUID();

  it('places CIF with the CLF and lends it down, each loan with a schedule and a loan row on both sides', async () => {
    const placed = randomUUID();
    await ok(h.admin.command('release-fund', { transferId: placed, fund: 'cif', giverId: h.rootNodeId, receiverId: tree.clfId, date: '2025-05-01', amountPaise: 10_000_000 }));
    await expectTwoSided(placed, h.rootNodeId, tree.clfId);
    expect((await balancesOf(h, tree.clfId))['liabilities:cif:from-srlm']).toBe(-10_000_000);

    const up = await ok(h.admin.command('lend-to-member-institution', {
      loanId: clfLoan, lenderId: tree.clfId, borrowerId: vo.id, fund: 'cif', date: '2025-05-10', amountPaise: 6_000_000,
      annualRatePercent: '9', repayments: 24, onLendingPassUpPercent: '75',
    }));
    expect(up.result.schedule).toHaveLength(24);
    await expectTwoSided(clfLoan, tree.clfId, vo.id);
    const down = await ok(h.admin.command('lend-to-member-institution', {
      loanId: voLoan, lenderId: vo.id, borrowerId: shgA.id, fund: 'cif', date: '2025-05-15', amountPaise: 3_000_000,
      annualRatePercent: '12', repayments: 12, fundedByLoanId: clfLoan,
    }));
    expect(down.result.passUpPercent).toBe('75');
    expect(down.result.schedule[0]).toMatchObject({ n: 1, dueOn: '2025-06-15', interestPaise: 30_000 });
    await expectTwoSided(voLoan, vo.id, shgA.id);
    const rows = await h.t.db.selectFrom('loan').select(['id', 'kind', 'lender', 'entity_id', 'principal_paise', 'status']).where('id', 'in', [voLoan, down.result.lenderLoanId]).execute();
    expect(rows.map((r) => r.kind).sort()).toEqual(['external-term', 'lent-to-institution']);
    expect(rows.find((r) => r.id === voLoan)!.lender).toBe('vo-cif');
    expect(await balancesOf(h, vo.id)).toMatchObject({ 'liabilities:cif:from-federation': -6_000_000, 'assets:loans-to-shgs': 3_000_000 });
    expect((await balancesOf(h, tree.clfId))['assets:loans-to-vos']).toBe(6_000_000);
    // The SHG sees it as an outside loan it repays at its meetings.
    const loans = await ok(h.admin.get(`/api/shgs/${shgA.id}/loans`));
    expect(loans.external).toEqual([expect.objectContaining({ id: voLoan, lender: 'vo-cif', outstandingPaise: 3_000_000 })]);
  });

  it('SHG → VO: the VO keeps 25% of the interest and holds 75% for the CLF; VO → CLF pays that first', async () => {
    const t = randomUUID();
    const r = await ok(h.admin.command('repay-institution-loan', { transferId: t, loanId: voLoan, date: '2025-06-15', principalPaise: 250_000, interestPaise: 30_000 }));
    expect(r.result).toMatchObject({ retainedPaise: 7_500, passedUpPaise: 22_500, outstandingPaise: 2_750_000 });
    await expectTwoSided(t, shgA.id, vo.id);
    expect(await balancesOf(h, vo.id)).toMatchObject({ 'income:interest:loans-to-shgs': -7_500, 'liabilities:interest-payable:cif': -22_500, 'assets:loans-to-shgs': 2_750_000 });
    expect((await balancesOf(h, shgA.id))['expenses:interest:vo-loans']).toBe(30_000);

    const up = randomUUID();
    const u = await ok(h.admin.command('repay-institution-loan', { transferId: up, loanId: clfLoan, date: '2025-06-20', principalPaise: 250_000 }));
    expect(u.result).toMatchObject({ interestPaise: 22_500, outstandingPaise: 5_750_000 });
    await expectTwoSided(up, vo.id, tree.clfId);
    const voBooks = await balancesOf(h, vo.id);
    expect(voBooks['liabilities:interest-payable:cif']).toBeUndefined(); // paid up in full
    expect(voBooks['expenses:interest:cif']).toBeUndefined();
    expect((await balancesOf(h, tree.clfId))['income:interest:loans-to-vos']).toBe(-22_500);
  });

  it('refuses repaying more than is outstanding, or from money the SHG lacks; writes nothing', async () => {
    const n = await entryCount();
    const much = await h.admin.command('repay-institution-loan', { transferId: randomUUID(), loanId: voLoan, date: '2025-07-15', principalPaise: 2_750_001 });
    expect(much.status).toBe(422);
    expect(much.body.error).toMatchObject({ code: 'REPAYMENT_EXCEEDS_OUTSTANDING', field: 'principalPaise' });
    const cash = await h.admin.command('repay-institution-loan', { transferId: randomUUID(), loanId: voLoan, date: '2025-07-15', principalPaise: 100_000, paidFrom: 'cash' });
    expect(cash.status).toBe(422);
    expect(cash.body.error.code).toBe('INSUFFICIENT_CASH');
    const broke = await h.admin.command('lend-to-member-institution', { loanId: randomUUID(), lenderId: tree.vos[1]!.id, borrowerId: tree.vos[1]!.shgs[0]!.id, fund: 'cif', date: '2025-06-01', amountPaise: 100_000, annualRatePercent: '12', repayments: 10 });
    expect(broke.status).toBe(422);
    expect(broke.body.error.code).toBe('INSUFFICIENT_BANK');
    const notMember = await h.admin.command('lend-to-member-institution', { loanId: randomUUID(), lenderId: vo.id, borrowerId: tree.vos[1]!.shgs[0]!.id, fund: 'cif', date: '2025-06-01', amountPaise: 100_000, annualRatePercent: '12', repayments: 10 });
    expect(notMember.status).toBe(400);
    expect(notMember.body.error.field).toBe('borrowerId');
    expect(await entryCount()).toBe(n);
  });

  it('a repayment at the SHG’s meeting is in transit until the VO records its receipt, linked to the meeting', async () => {
    const meetingId = randomUUID();
    await ok(h.admin.command('record-meeting', { meetingId, shgId: shgA.id, date: '2025-07-14', externalLoanRepayments: [{ externalLoanId: voLoan, principalPaise: 250_000, interestPaise: 27_500, via: 'bank' }] }));
    let rec = (await ok(h.admin.get(`/api/federations/${vo.id}/reconciliation?asOf=2025-07-31`))).reconciliation;
    const pair = rec.pairs.find((p: any) => p.counterpart.id === shgA.id);
    expect(pair.matched).toBe(false);
    expect(pair.differences.map((d: any) => [d.category, d.cause, d.differencePaise, d.key])).toEqual([
      ['cif-interest', 'in-transit', -27_500, { kind: 'meeting', id: meetingId }],
      ['cif-principal', 'in-transit', 250_000, { kind: 'meeting', id: meetingId }],
    ]);
    expect(rec.inTransitPaise).toBe(277_500);

    const receipt = randomUUID();
    const r = await ok(h.admin.command('receive-meeting-repayment', { transferId: receipt, federationId: vo.id, meetingId, date: '2025-07-20' }));
    expect(r.result.loans).toEqual([{ loanId: voLoan, principalPaise: 250_000, interestPaise: 27_500, passedUpPaise: 20_625 }]);
    rec = (await ok(h.admin.get(`/api/federations/${vo.id}/reconciliation?asOf=2025-07-31`))).reconciliation;
    expect(rec.pairs.find((p: any) => p.counterpart.id === shgA.id).matched).toBe(true);
    const again = await h.admin.command('receive-meeting-repayment', { transferId: randomUUID(), federationId: vo.id, meetingId, date: '2025-07-21' });
    expect(again.status).toBe(409);
    const none = await h.admin.command('receive-meeting-repayment', { transferId: randomUUID(), federationId: tree.vos[1]!.id, meetingId, date: '2025-07-21' });
    expect(none.status).toBe(400);
    expect(none.body.error.field).toBe('meetingId');
  });
});

describe('VRF: a grant to the VO, lent to an SHG for a member in distress', () => {
  it('posts both books, names the member, and refuses a VRF loan without her or for another group’s member', async () => {
    await ok(h.admin.command('release-fund', { transferId: randomUUID(), fund: 'vrf', giverId: tree.clfId, receiverId: vo.id, date: '2025-08-01', amountPaise: 500_000 }));
    expect((await balancesOf(h, vo.id))['liabilities:vrf']).toBe(-500_000);
    expect((await balancesOf(h, tree.clfId))['expenses:grants-given']).toBe(500_000);
    const loanId = randomUUID();
    const base = { lenderId: vo.id, borrowerId: shgB.id, fund: 'vrf', date: '2025-08-05', amountPaise: 200_000, annualRatePercent: '0', repayments: 10 };
    const missing = await h.admin.command('lend-to-member-institution', { ...base, loanId });
    expect(missing.status).toBe(400);
    expect(missing.body.error.field).toBe('beneficiaryMemberId');
    const wrong = await h.admin.command('lend-to-member-institution', { ...base, loanId, beneficiaryMemberId: shgA.memberIds[0] });
    expect(wrong.status).toBe(422);
    await ok(h.admin.command('lend-to-member-institution', { ...base, loanId, beneficiaryMemberId: shgB.memberIds[2], paidFrom: 'bank', receivedInto: 'cash' }));
    await expectTwoSided(loanId, vo.id, shgB.id);
    expect((await balancesOf(h, shgB.id))['liabilities:loans:other']).toBe(-200_000);
    expect((await balancesOf(h, vo.id))['assets:vrf-loans-to-shgs']).toBe(200_000);
    const link = await h.t.db.selectFrom('institution_loan' as any).selectAll().where('id', '=', loanId).executeTakeFirstOrThrow();
    expect(link).toMatchObject({ fund: 'vrf', beneficiary_member_id: shgB.memberIds[2] });
    const rec = (await ok(h.admin.get(`/api/federations/${vo.id}/reconciliation?asOf=2025-12-31`))).reconciliation;
    expect(rec.pairs.find((p: any) => p.counterpart.id === shgB.id)).toMatchObject({ matched: true });
  });
});

describe('every book balances', () => {
  it('every entry and every entity sums to zero', async () => {
    expect(await booksBalance(h)).toEqual({ unbalancedEntries: 0, unbalancedEntities: 0 });
  });
});

describe('scope', () => {
  it('another block’s staff reads nothing of these federations (404) and moves no money in them', async () => {
    for (const url of [`/api/federations/${vo.id}`, `/api/federations/${vo.id}/reconciliation`, `/api/federations/${tree.clfId}`]) {
      const r = await other.get(url);
      expect(r.status, url).toBe(404);
    }
    const list = await ok(other.get('/api/federations'));
    expect(list.federations.map((f: any) => f.id).sort()).toEqual([otherTree.clfId, otherTree.vos[0]!.id].sort());
    const n = await entryCount();
    // Its own SHG may not receive a grant from a VO out of its reach, nor join it.
    const grant = await other.command('release-fund', { transferId: randomUUID(), fund: 'rf', giverId: vo.id, receiverId: otherTree.vos[0]!.shgs[0]!.id, date: '2025-09-01', amountPaise: 100 });
    expect(grant.status).toBe(404);
    const join = await other.command('admit-federation-member', { membershipId: randomUUID(), federationId: vo.id, memberId: otherTree.vos[0]!.shgs[0]!.id, since: '2025-09-01' });
    expect(join.status).toBe(404);
    const lend = await other.command('lend-to-member-institution', { loanId: randomUUID(), lenderId: vo.id, borrowerId: shgA.id, fund: 'cif', date: '2025-09-01', amountPaise: 100, annualRatePercent: '12', repayments: 1 });
    expect(lend.status).toBe(404);
    expect(await entryCount()).toBe(n);
  });
});
