import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../testing/app.ts';
import { ok } from '../testing/fixtures.ts';
import { postEntry } from '../ledger/post-entry.ts';
import { lenderLoanIdOf } from '../use-cases/lend-to-member-institution.ts';
import { balancesOf, makeFederationTree, type FederationTree } from '../use-cases/federation-test-kit.ts';

let h: TestApp;
let tree: FederationTree;
let vo: FederationTree['vos'][number];
const clfLoan = randomUUID();
const loanA = randomUUID();
const loanB = randomUUID();
const repaymentB = randomUUID();
const meetingA = randomUUID();

const rec = async (federationId: string, asOf = '2025-12-31') => (await ok(h.admin.get(`/api/federations/${federationId}/reconciliation?asOf=${asOf}`))).reconciliation;
const pairOf = (r: any, nodeId: string) => r.pairs.find((p: any) => p.counterpart.id === nodeId);
const entityOf = async (nodeId: string) => (await h.t.db.selectFrom('entity').select(['id', 'organisation_id']).where('node_id', '=', nodeId).executeTakeFirstOrThrow());

beforeAll(async () => {
  h = await testApp();
  // Reconciliation, not the programme rules: one person may release, CIF may be placed at Rs 1 lakh per member.
  await ok(h.admin.command('define-rule-set', { id: randomUUID(), nodeId: h.rootNodeId, effectiveFrom: '2025-01-01', body: { funds: { releaseApprovalAbovePaise: 10_000_000_000, cifPerMemberPaise: 10_000_000 } } }));
  tree = await makeFederationTree(h, { vos: 1, shgsPerVo: 2, membersPerShg: 2 });
  vo = tree.vos[0]!;
  const [a, b] = vo.shgs;
  await ok(h.admin.command('admit-federation-member', { membershipId: randomUUID(), federationId: tree.clfId, memberId: vo.id, since: '2025-02-01' }));
  for (const shg of vo.shgs) {
    await ok(h.admin.command('admit-federation-member', { membershipId: randomUUID(), federationId: vo.id, memberId: shg.id, since: '2025-02-01' }));
    await ok(h.admin.command('release-fund', { transferId: randomUUID(), fund: 'other', giverId: h.rootNodeId, receiverId: shg.id, date: '2025-02-10', amountPaise: 1_500_000 }));
  }
  await ok(h.admin.command('release-fund', { transferId: randomUUID(), fund: 'cif', giverId: h.rootNodeId, receiverId: tree.clfId, date: '2025-03-01', amountPaise: 20_000_000 }));
  await ok(h.admin.command('release-fund', { transferId: randomUUID(), fund: 'start-up', giverId: tree.clfId, receiverId: vo.id, date: '2025-03-02', amountPaise: 300_000 }));
  await ok(h.admin.command('lend-to-member-institution', { loanId: clfLoan, lenderId: tree.clfId, borrowerId: vo.id, fund: 'cif', date: '2025-03-05', amountPaise: 8_000_000, annualRatePercent: '9', repayments: 24, onLendingPassUpPercent: '50' }));
  await ok(h.admin.command('lend-to-member-institution', { loanId: loanA, lenderId: vo.id, borrowerId: a!.id, fund: 'cif', date: '2025-03-10', amountPaise: 4_000_000, annualRatePercent: '12', repayments: 12, fundedByLoanId: clfLoan }));
  await ok(h.admin.command('lend-to-member-institution', { loanId: loanB, lenderId: vo.id, borrowerId: b!.id, fund: 'cif', date: '2025-03-10', amountPaise: 3_000_000, annualRatePercent: '12', repayments: 12, fundedByLoanId: clfLoan }));
  await ok(h.admin.command('repay-institution-loan', { transferId: repaymentB, loanId: loanB, date: '2025-04-10', principalPaise: 236_543, interestPaise: 30_001 }));
  await ok(h.admin.command('record-meeting', { meetingId: meetingA, shgId: a!.id, date: '2025-04-14', externalLoanRepayments: [{ externalLoanId: loanA, principalPaise: 315_395, interestPaise: 40_000, via: 'bank' }] }));
  await ok(h.admin.command('receive-meeting-repayment', { transferId: randomUUID(), federationId: vo.id, meetingId: meetingA, date: '2025-04-20', receivedInto: 'cash' }));
  await ok(h.admin.command('repay-institution-loan', { transferId: randomUUID(), loanId: clfLoan, date: '2025-04-25', principalPaise: 500_000 }));
}, 120_000);
afterAll(async () => h.close());

describe('reconciliation SHGs ↔ VO and VOs ↔ CLF', () => {
  it('the SHGs’ CIF liabilities to the VO equal the VO’s CIF receivables from them, to the paisa; every pair matches', async () => {
    const r = await rec(vo.id);
    expect(r.matched).toBe(true);
    expect(r.inTransitPaise).toBe(0);
    const voBooks = await balancesOf(h, vo.id);
    const shgOwe = await Promise.all(vo.shgs.map(async (s) => -((await balancesOf(h, s.id))['liabilities:loans:vo-cif'] ?? 0)));
    const owed = 4_000_000 - 315_395 + 3_000_000 - 236_543;
    expect(voBooks['assets:loans-to-shgs']).toBe(owed);
    expect(shgOwe.reduce((t, x) => t + x, 0)).toBe(owed);
    expect(r.levelBelow.find((c: any) => c.category === 'cif-principal')).toEqual({ category: 'cif-principal', federationPaise: owed, counterpartPaise: owed, differencePaise: 0 });
    // Interest: what the SHGs paid is what the VO took in (its share) plus what it holds for the CLF.
    expect(r.levelBelow.find((c: any) => c.category === 'cif-interest')).toEqual({ category: 'cif-interest', federationPaise: 70_001, counterpartPaise: 70_001, differencePaise: 0 });
    // Above: the CLF (its loan, the start-up fund it gave, the share capital) and the organisation (nothing with this VO).
    const clf = pairOf(r, tree.clfId);
    expect(clf).toMatchObject({ relation: 'above', matched: true });
    expect(clf.categories.find((c: any) => c.category === 'cif-principal')).toMatchObject({ federationPaise: 7_500_000, counterpartPaise: 7_500_000 });
    expect(clf.categories.find((c: any) => c.category === 'grants')).toMatchObject({ federationPaise: 300_000, counterpartPaise: 300_000 });
  });

  it('the CLF’s view: its VOs below, the organisation above; the CIF placed with it matches the organisation’s release', async () => {
    const r = await rec(tree.clfId);
    expect(r.matched).toBe(true);
    expect(pairOf(r, vo.id)).toMatchObject({ relation: 'below', matched: true });
    const org = pairOf(r, h.rootNodeId);
    expect(org.relation).toBe('above');
    expect(org.categories).toEqual([{ category: 'grants', federationPaise: 20_000_000, counterpartPaise: 20_000_000, differencePaise: 0 }]);
    // The pass-up share reached the CLF: half of the SHGs' interest (30,001 → 15,000.5, half-even 15,000; 40,000 → 20,000).
    expect(pairOf(r, vo.id).categories.find((c: any) => c.category === 'cif-interest')).toMatchObject({ federationPaise: 35_000, counterpartPaise: 35_000 });
  });

  it('reports a planted difference with its cause: a repayment reversed in the VO’s books only', async () => {
    const entry = await h.t.db.selectFrom('journal_entry as e').innerJoin('entity as en', 'en.id', 'e.entity_id').select('e.id').where('e.transfer_id', '=', repaymentB).where('en.node_id', '=', vo.id).executeTakeFirstOrThrow();
    const reversed = await ok(h.admin.command('reverse-entry', { entryId: entry.id, reason: 'test: entered twice', date: '2025-05-02' }));
    const r = await rec(vo.id);
    expect(r.matched).toBe(false);
    const b = pairOf(r, vo.shgs[1]!.id);
    expect(b.matched).toBe(false);
    expect(b.differences).toEqual([
      expect.objectContaining({ category: 'cif-interest', cause: 'reversed-on-one-side', federationPaise: 0, counterpartPaise: 30_001, differencePaise: -30_001, key: { kind: 'transfer', id: repaymentB }, entryIds: expect.arrayContaining([entry.id, reversed.result.reversalEntryId]) }),
      expect.objectContaining({ category: 'cif-principal', cause: 'reversed-on-one-side', differencePaise: 236_543, message: expect.stringContaining('one set of books only') }),
    ]);
    expect(b.categories.find((c: any) => c.category === 'cif-principal')).toMatchObject({ federationPaise: 3_000_000, counterpartPaise: 3_000_000 - 236_543, differencePaise: 236_543 });
    // As of the day before the reversal, the books still matched.
    expect((await rec(vo.id, '2025-05-01')).matched).toBe(true);
    // The other SHG is untouched.
    expect(pairOf(r, vo.shgs[0]!.id).matched).toBe(true);
  });

  it('an entry without its transfer partner, and one outside any movement, are each named', async () => {
    const voEntity = await entityOf(vo.id);
    const orphan = randomUUID();
    await h.t.db.transaction().execute(async (tx) => {
      await postEntry(tx, { organisationId: voEntity.organisation_id, entityId: voEntity.id, businessDate: '2025-06-01', narration: 'half a movement', sourceType: 'test', transferId: orphan, lines: [{ accountPath: 'assets:loans-to-shgs', amountPaise: 1_000, loanId: lenderLoanIdOf(loanA) }, { accountPath: 'assets:cash', amountPaise: -1_000 }] });
      await postEntry(tx, { organisationId: voEntity.organisation_id, entityId: voEntity.id, businessDate: '2025-06-02', narration: 'a direct entry', sourceType: 'test', lines: [{ accountPath: 'assets:loans-to-shgs', amountPaise: -7, loanId: lenderLoanIdOf(loanA) }, { accountPath: 'assets:cash', amountPaise: 7 }] });
    });
    const a = pairOf(await rec(vo.id), vo.shgs[0]!.id);
    expect(a.differences.map((d: any) => [d.cause, d.differencePaise, d.key.kind])).toEqual([
      ['missing-partner', 1_000, 'transfer'],
      ['unlinked-entry', -7, 'entry'],
    ]);
    expect(a.categories.find((c: any) => c.category === 'cif-principal').differencePaise).toBe(993);
  });

  it('a meeting corrected after the VO received its repayment: the old receipt and the corrected meeting are listed', async () => {
    const shg = vo.shgs[0]!;
    const m1 = randomUUID();
    await ok(h.admin.command('record-meeting', { meetingId: m1, shgId: shg.id, date: '2025-07-14', externalLoanRepayments: [{ externalLoanId: loanA, principalPaise: 100_000, interestPaise: 10_000, via: 'bank' }] }));
    await ok(h.admin.command('receive-meeting-repayment', { transferId: randomUUID(), federationId: vo.id, meetingId: m1, date: '2025-07-15' }));
    const m2 = randomUUID();
    await ok(h.admin.command('correct-meeting', { correctionId: randomUUID(), meetingId: m1, reason: 'the amount was 1,200', meeting: { meetingId: m2, shgId: shg.id, date: '2025-07-14', externalLoanRepayments: [{ externalLoanId: loanA, principalPaise: 120_000, interestPaise: 10_000, via: 'bank' }] } }));
    const a = pairOf(await rec(vo.id), shg.id);
    const byMeeting = a.differences.filter((d: any) => d.key.kind === 'meeting').map((d: any) => [d.key.id, d.category, d.cause, d.differencePaise]);
    expect(byMeeting).toEqual(
      expect.arrayContaining([
        [m1, 'cif-principal', 'receipt-for-corrected-meeting', -100_000],
        [m2, 'cif-principal', 'in-transit', 120_000],
      ]),
    );
    // A receipt for the corrected meeting is refused; the replacing meeting's is taken.
    const stale = await h.admin.command('receive-meeting-repayment', { transferId: randomUUID(), federationId: vo.id, meetingId: m1, date: '2025-07-16' });
    expect(stale.status).toBe(409);
    expect(stale.body.error.problems[0].params.replacedBy).toBe(m2);
  });

  it('a VO-CIF loan in an SHG’s books that the VO’s books do not hold (an opening balance) is listed as unlinked', async () => {
    const shg = vo.shgs[1]!;
    await ok(h.admin.command('receive-external-loan', { loanId: randomUUID(), shgId: shg.id, date: '2025-08-01', lender: 'vo-cif', kind: 'term-loan', amountPaise: 50_000, annualRatePercent: '12' }));
    const b = pairOf(await rec(vo.id), shg.id);
    expect(b.differences.find((d: any) => d.cause === 'unlinked-loan')).toMatchObject({ category: 'cif-principal', federationPaise: 0, counterpartPaise: 50_000, differencePaise: -50_000 });
  });
});
