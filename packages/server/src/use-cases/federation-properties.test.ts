import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '@khata/core';
import { testApp, type Caller, type TestApp } from '../testing/app.ts';
import { ok } from '../testing/fixtures.ts';
import { booksBalance, makeFederationTree, type FederationTree } from './federation-test-kit.ts';

/**
 * For any sequence of fund-flow events (grants, CIF placed, CIF and VRF loans down, repayments up by command and
 * at SHG meetings, receipts of meeting repayments), every entity's books balance, every movement is written in
 * exactly its two institutions' books, and every reconciliation pair matches to the paisa once the meeting
 * repayments in transit are received (before that, the only differences are those in transit, and they explain
 * the whole difference). The model also tracks each loan's outstanding principal, checked against both books.
 *
 * Releases go through the rule set in force (the Revolving Fund once per SHG) and, above its threshold, through
 * maker–checker (requested, then approved or rejected by a second person; the requester's own decision refused).
 * SHGs leave their VO (refused while they owe it: a loan outstanding or a repayment in transit; else their share
 * capital and part of their fee paid back in both books) and join another VO later paying share capital again.
 */

let h: TestApp;
let checker: Caller;
let tree: FederationTree;
let day = '2025-02-10';
/** Releases above this need a second person (the rule set below). */
const THRESHOLD = 2_000_000;
const nextDay = (n: number) => (day = addDays(day, n));

interface ModelLoan {
  id: string;
  fund: 'cif' | 'vrf';
  lenderId: string;
  borrowerId: string;
  outstanding: number;
  /** An SHG borrower repays at meetings too. */
  shg: boolean;
}
const loans: ModelLoan[] = [];
const clfLoans = new Map<string, string[]>(); // VO id → its CIF loans from the CLF
const inTransit: Array<{ meetingId: string; voId: string; shgId: string }> = [];
const ALLOWED_REFUSALS = new Set(['INSUFFICIENT_BANK', 'INSUFFICIENT_CASH']);
/** Each SHG's VO now (null: it has left and not joined another yet). */
const voOf = new Map<string, string | null>();
const rfGiven = new Set<string>();
const decisions = { approved: 0, rejected: 0, selfRefused: 0, left: 0, leaveRefused: 0, rejoined: 0 };

const pick = <T,>(xs: readonly T[], n: number): T => xs[n % xs.length]!;

type Action = { kind: number; a: number; b: number; c: number; amount: number; pct: number; step: number; via: number };
const action = fc.record({
  kind: fc.integer({ min: 0, max: 12 }),
  a: fc.nat(),
  b: fc.nat(),
  c: fc.nat(),
  amount: fc.integer({ min: 1, max: 5_000_000 }),
  pct: fc.constantFrom('0', '25', '50', '62.5', '75', '100'),
  step: fc.integer({ min: 1, max: 4 }),
  via: fc.integer({ min: 0, max: 3 }),
}) as unknown as fc.Arbitrary<Action & { pct: string }>;

const applied = new Map<string, number>();
async function run(cmd: Promise<{ status: number; body: any }>, what: string, allowed: readonly string[] = []): Promise<any | null> {
  const r = await cmd;
  if (r.status < 300) {
    applied.set(what, (applied.get(what) ?? 0) + 1);
    return r.body;
  }
  // A refusal must be one the sequence could cause (money not there, a rule the model knows), never anything else.
  expect(ALLOWED_REFUSALS.has(r.body?.error?.code) || allowed.includes(r.body?.error?.code), JSON.stringify(r.body)).toBe(true);
  return null;
}

/**
 * A release: directly at or below the threshold; above it requested and decided by the checker (approved, or
 * rejected when x.via is 0 — or when posting it is refused, so that nothing stays pending). When x.b is a multiple of 4 the
 * requester tries to approve her own request first, and is refused.
 */
async function release(x: Action, payload: Record<string, unknown>, what: string, allowed: readonly string[]): Promise<boolean> {
  if ((payload.amountPaise as number) <= THRESHOLD) return (await run(h.admin.command('release-fund', payload), what, allowed)) !== null;
  const approvalId = randomUUID();
  const asked = await run(h.admin.command('request-fund-release', { approvalId, ...payload }), `request:${what}`, [...allowed, 'CONFLICT']);
  if (!asked) return false;
  if (x.b % 4 === 0) {
    const self = await h.admin.command('decide-approval', { approvalId, decision: 'approve' });
    expect(self.body?.error?.code).toBe('SELF_APPROVAL');
    decisions.selfRefused++;
  }
  if (x.via !== 0) {
    const r = await run(checker.command('decide-approval', { approvalId, decision: 'approve' }), what, allowed);
    if (r) {
      expect(r.result).toMatchObject({ status: 'approved', transferId: payload.transferId });
      decisions.approved++;
      return true;
    }
  }
  await ok(checker.command('decide-approval', { approvalId, decision: 'reject' }));
  decisions.rejected++;
  return false;
}

async function apply(x: Action & { pct: string }): Promise<void> {
  const date = nextDay(x.step);
  // An SHG and its VO now (after leaving and joining, an SHG may be in another VO, or in none).
  const allShgs = tree.vos.flatMap((v) => v.shgs);
  const shg = pick(allShgs, x.a * 7 + x.b);
  const shgVo = voOf.get(shg.id) ?? null;
  const voNode = shgVo ? tree.vos.find((v) => v.id === shgVo)! : pick(tree.vos, x.a);
  const via = x.via === 3 ? 'cash' : 'bank';
  switch (x.kind) {
    case 0: {
      // A grant: RF to an SHG (from the organisation or its VO), start-up or VRF to a VO, CIF placed with the CLF.
      const which = x.c % 5;
      const [fund, giverId, receiverId] =
        which === 0 || (which === 1 && !shgVo) ? ['rf', h.rootNodeId, shg.id]
        : which === 1 ? ['rf', voNode.id, shg.id]
        : which === 2 ? ['start-up', h.rootNodeId, voNode.id]
        : which === 3 ? ['vrf', x.b % 2 ? h.rootNodeId : tree.clfId, voNode.id]
        : ['cif', h.rootNodeId, tree.clfId];
      // The Revolving Fund: within the rule set's range, once per SHG (a second is refused, naming the rule).
      const amountPaise = fund === 'rf' ? 1_000_000 + (x.amount % 500_001) : x.amount * (fund === 'cif' ? 4 : 1);
      const given = fund === 'rf' && rfGiven.has(receiverId);
      // CIF is placed per member of the SHGs within the CLF: none when every SHG has left its VO.
      const noMembers = fund === 'cif' && [...voOf.values()].every((v) => v === null);
      const done = await release(x, { transferId: randomUUID(), fund, giverId, receiverId, date, amountPaise, paidFrom: via, receivedInto: x.c % 2 ? 'cash' : 'bank' }, `grant:${fund}`, given || noMembers ? ['RULE_NOT_MET'] : []);
      if (noMembers) expect(done).toBe(false);
      if (given) expect(done).toBe(false);
      if (done && fund === 'rf') rfGiven.add(receiverId);
      return;
    }
    case 1:
    case 2: {
      // CIF CLF → VO, with a configured spread.
      const loanId = randomUUID();
      const r = await run(h.admin.command('lend-to-member-institution', { loanId, lenderId: tree.clfId, borrowerId: voNode.id, fund: 'cif', date, amountPaise: x.amount, annualRatePercent: '9', repayments: 12, onLendingPassUpPercent: x.pct }), 'lend:clf-vo');
      if (r) {
        loans.push({ id: loanId, fund: 'cif', lenderId: tree.clfId, borrowerId: voNode.id, outstanding: x.amount, shg: false });
        clfLoans.set(voNode.id, [...(clfLoans.get(voNode.id) ?? []), loanId]);
      }
      return;
    }
    case 3:
    case 4: {
      // CIF or VRF VO → SHG (CIF lent on from one of the VO's CLF loans, when it has one).
      if (!shgVo) return;
      const loanId = randomUUID();
      const vrf = x.c % 4 === 0;
      const upstream = clfLoans.get(voNode.id) ?? [];
      const r = await run(
        h.admin.command('lend-to-member-institution', {
          loanId, lenderId: voNode.id, borrowerId: shg.id, fund: vrf ? 'vrf' : 'cif', date, amountPaise: Math.max(1, Math.floor(x.amount / 2)), annualRatePercent: vrf ? '0' : '12', repayments: 10,
          paidFrom: via, receivedInto: 'bank',
          ...(vrf ? { beneficiaryMemberId: pick(shg.memberIds, x.c) } : upstream.length && x.c % 3 ? { fundedByLoanId: pick(upstream, x.c) } : {}),
        }),
        vrf ? 'lend:vrf' : 'lend:vo-shg',
      );
      if (r) loans.push({ id: loanId, fund: vrf ? 'vrf' : 'cif', lenderId: voNode.id, borrowerId: shg.id, outstanding: Math.max(1, Math.floor(x.amount / 2)), shg: true });
      return;
    }
    case 5:
    case 6: {
      // A repayment by command (SHG → VO or VO → CLF): part of what is outstanding, with some interest.
      const open = loans.filter((l) => l.outstanding > 0);
      if (!open.length) return;
      const loan = pick(open, x.c);
      const principal = Math.min(loan.outstanding, (x.amount % loan.outstanding) + 1);
      const interest = loan.shg || x.via % 2 ? x.amount % 50_000 : undefined; // a VO sometimes pays exactly what it holds for the CLF
      const r = await run(h.admin.command('repay-institution-loan', { transferId: randomUUID(), loanId: loan.id, date, principalPaise: principal, ...(interest === undefined ? {} : { interestPaise: interest }), paidFrom: via }), loan.shg ? 'repay:shg-vo' : 'repay:vo-clf');
      if (r) loan.outstanding -= principal;
      return;
    }
    case 7:
    case 8: {
      // An SHG repays its VO loan at its meeting (in the SHG's books only, until the VO records the receipt).
      const open = loans.filter((l) => l.outstanding > 0 && l.shg);
      if (!open.length) return;
      const loan = pick(open, x.c);
      const principal = Math.min(loan.outstanding, (x.amount % loan.outstanding) + 1);
      const meetingId = randomUUID();
      const r = await run(h.admin.command('record-meeting', { meetingId, shgId: loan.borrowerId, date, externalLoanRepayments: [{ externalLoanId: loan.id, principalPaise: principal, interestPaise: x.amount % 20_000, via: 'bank' }] }), 'meeting-repayment');
      if (r) {
        loan.outstanding -= principal;
        inTransit.push({ meetingId, voId: loan.lenderId, shgId: loan.borrowerId });
      }
      return;
    }
    case 10: {
      // An SHG leaves its VO: refused while it owes it (a loan outstanding, a repayment in transit); else paid back.
      if (!shgVo) return;
      const owes = loans.some((l) => l.borrowerId === shg.id && l.lenderId === shgVo && l.outstanding > 0) || inTransit.some((t) => t.shgId === shg.id && t.voId === shgVo);
      const r = await run(h.admin.command('leave-federation', { transferId: randomUUID(), federationId: shgVo, memberId: shg.id, date, reason: 'the group moves to another VO', paidFrom: via }), 'leave', owes ? ['DUES_OUTSTANDING'] : []);
      if (owes) {
        expect(r).toBeNull();
        decisions.leaveRefused++;
      } else if (r) {
        voOf.set(shg.id, null);
        decisions.left++;
      }
      return;
    }
    case 11:
    case 12: {
      // An SHG that left joins a VO again (maybe another), paying share capital and a fee (or, now and then, nothing).
      if (shgVo) return;
      const to = pick(tree.vos, x.b);
      const r = await run(
        h.admin.command('admit-federation-member', { membershipId: randomUUID(), federationId: to.id, memberId: shg.id, since: date, shareCapitalPaise: x.via % 2 ? x.amount % 200_000 : 0, membershipFeePaise: x.via % 2 ? x.c % 30_000 : 0 }),
        'rejoin',
      );
      if (r) {
        voOf.set(shg.id, to.id);
        decisions.rejoined++;
      }
      return;
    }
    default: {
      // The VO records receiving one of the repayments made at meetings.
      if (!inTransit.length) return;
      const [t] = inTransit.splice(x.c % inTransit.length, 1);
      await run(h.admin.command('receive-meeting-repayment', { transferId: randomUUID(), federationId: t!.voId, meetingId: t!.meetingId, date, receivedInto: via }), 'receipt');
    }
  }
}

async function reconciliations() {
  const ids = [tree.clfId, ...tree.vos.map((v) => v.id)];
  return Promise.all(ids.map(async (id) => (await ok(h.admin.get(`/api/federations/${id}/reconciliation?asOf=2099-12-31`))).reconciliation));
}

async function checkInvariants(): Promise<void> {
  expect(await booksBalance(h)).toEqual({ unbalancedEntries: 0, unbalancedEntities: 0 });
  // Every release records the rule set version that allowed it; every approved release posted exactly one
  // movement linked to its approval, a rejected one none; nothing is left pending; nobody decided her own.
  const grants = await sql<{ n: number }>`select count(*)::int as n from fund_transfer where kind = 'grant' and rule_set_version is null`.execute(h.t.db);
  expect(grants.rows[0]!.n).toBe(0);
  const approvals = await sql<{ status: string; transfers: number; self: boolean }>`
    select a.status, count(t.id)::int as transfers, bool_or(a.decided_by = a.requested_by) as self
      from approval_request a left join fund_transfer t on t.approval_id = a.id
     where a.kind = 'fund-release' group by a.id, a.status`.execute(h.t.db);
  for (const a of approvals.rows) {
    expect(a.status).not.toBe('pending');
    expect(a.transfers).toBe(a.status === 'approved' ? 1 : 0);
    expect(a.self).toBe(false);
  }
  // One live membership per SHG, as the model says; a refund closes the share capital the VO held for it.
  for (const s of tree.vos.flatMap((v) => v.shgs)) {
    const live = await sql<{ federation_id: string }>`select federation_id from federation_membership where member_node_id = ${s.id} and until is null`.execute(h.t.db);
    expect(live.rows.map((r) => r.federation_id)).toEqual(voOf.get(s.id) ? [voOf.get(s.id)] : []);
  }
  // Every movement (but a meeting receipt, whose SHG side is the meeting) has one entry in each of its two institutions.
  const bad = await sql<{ id: string }>`
    select t.id from fund_transfer t
      left join journal_entry e on e.transfer_id = t.id
     where t.kind <> 'meeting-receipt'
     group by t.id, t.from_entity_id, t.to_entity_id
    having count(e.id) <> 2 or count(distinct e.entity_id) <> 2
        or bool_or(e.entity_id not in (t.from_entity_id, t.to_entity_id))`.execute(h.t.db);
  expect(bad.rows).toEqual([]);
  // Each loan's outstanding principal, in the borrower's books and in the lender's, is the model's.
  for (const loan of loans) {
    const rows = await sql<{ side: string; balance: string }>`
      select case when b.loan_id = il.id then 'borrower' else 'lender' end as side, sum(b.balance_paise) as balance
        from institution_loan il join loan_balance b on b.loan_id in (il.id, il.lender_loan_id) join account a on a.id = b.account_id
       where il.id = ${loan.id} and a.path in ('liabilities:loans:vo-cif','liabilities:loans:other','liabilities:cif:from-federation','assets:loans-to-shgs','assets:vrf-loans-to-shgs','assets:loans-to-vos')
       group by 1`.execute(h.t.db);
    const of = (side: string) => Number(rows.rows.find((r) => r.side === side)?.balance ?? 0);
    expect(0 - of('borrower')).toBe(loan.outstanding);
    expect(of('lender')).toBeGreaterThanOrEqual(loan.outstanding); // more until the meetings' repayments are received
  }
  // Before the receipts: the only differences are repayments in transit, and they explain everything.
  for (const r of await reconciliations()) {
    for (const pair of r.pairs) {
      for (const d of pair.differences) expect(d.cause, JSON.stringify(d)).toBe('in-transit');
      for (const c of pair.categories) {
        const explained = pair.differences.filter((d: any) => d.category === c.category).reduce((t: number, d: any) => t + d.differencePaise, 0);
        expect(c.differencePaise).toBe(explained);
      }
    }
  }
  // Receive everything in transit: every pair of every level matches to the paisa.
  while (inTransit.length) {
    const t = inTransit.shift()!;
    await ok(h.admin.command('receive-meeting-repayment', { transferId: randomUUID(), federationId: t.voId, meetingId: t.meetingId, date: nextDay(1) }));
  }
  for (const r of await reconciliations()) {
    expect(r.matched, JSON.stringify(r.pairs.filter((p: any) => !p.matched))).toBe(true);
    expect(r.inTransitPaise).toBe(0);
  }
  for (const loan of loans) {
    const lender = await sql<{ balance: string }>`
      select coalesce(sum(b.balance_paise), 0) as balance from institution_loan il join loan_balance b on b.loan_id = il.lender_loan_id
        join account a on a.id = b.account_id
       where il.id = ${loan.id} and a.path in ('assets:loans-to-shgs','assets:vrf-loans-to-shgs','assets:loans-to-vos')`.execute(h.t.db);
    expect(Number(lender.rows[0]!.balance)).toBe(loan.outstanding);
  }
}

beforeAll(async () => {
  h = await testApp();
  await ok(h.admin.command('create-user', { id: randomUUID(), username: 'checker', name: 'Checker', password: 'checker-pass-1', roles: [{ nodeId: h.rootNodeId, role: 'manager' }] }));
  checker = await h.as('checker', 'checker-pass-1');
  // The programme's rules for the run: a second person above Rs 20,000; RF from a month after formation to any
  // graded SHG; CIF and start-up funds without a practical limit; 90% of share capital and half the fee back on leaving.
  await ok(h.admin.command('define-rule-set', {
    id: randomUUID(), nodeId: h.rootNodeId, effectiveFrom: '2025-01-01',
    body: { funds: { releaseApprovalAbovePaise: THRESHOLD, revolvingFund: { fromMonths: 1, minGrade: 'C' }, cifPerMemberPaise: 1_000_000_000_000, voStartUpFundPaise: 1_000_000_000_000, leaving: { shareCapitalRefundPercent: 90, membershipFeeRefundPercent: 50 } } },
  }));
  tree = await makeFederationTree(h, { vos: 2, shgsPerVo: 2, membersPerShg: 2 });
  for (const v of tree.vos) {
    await ok(h.admin.command('admit-federation-member', { membershipId: randomUUID(), federationId: tree.clfId, memberId: v.id, since: '2025-01-20' }));
    for (const s of v.shgs) {
      // A grant first (at or below the threshold: one person releases it), so that it pays share capital and a fee.
      await ok(h.admin.command('release-fund', { transferId: randomUUID(), fund: 'other', giverId: h.rootNodeId, receiverId: s.id, date: '2025-01-19', amountPaise: 1_000_000 }));
      await ok(h.admin.command('admit-federation-member', { membershipId: randomUUID(), federationId: v.id, memberId: s.id, since: '2025-01-20', shareCapitalPaise: 50_000, membershipFeePaise: 5_001 }));
      voOf.set(s.id, v.id);
      const gradingId = randomUUID();
      await ok(h.admin.command('grade-shg', { id: gradingId, shgId: s.id, asOf: '2025-02-01', stage: 'before-rf' }));
      await ok(checker.command('sign-off-grading', { gradingId }));
    }
  }
  // Money to start with (each release approved by the checker): CIF placed with the CLF, a start-up fund for each VO.
  const seedMoney = [
    { fund: 'cif', receiverId: tree.clfId, amountPaise: 50_000_000 },
    ...tree.vos.map((v) => ({ fund: 'start-up', receiverId: v.id, amountPaise: 5_000_000 })),
  ];
  for (const m of seedMoney) {
    const approvalId = randomUUID();
    await ok(h.admin.command('request-fund-release', { approvalId, transferId: randomUUID(), giverId: h.rootNodeId, date: '2025-02-05', ...m }));
    await ok(checker.command('decide-approval', { approvalId, decision: 'approve' }));
  }
}, 120_000);
afterAll(async () => h.close());

describe('property: fund flows between institutions', () => {
  it('for any sequence of flows every entity balances and every reconciliation pair matches to the paisa', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 4, maxLength: 18 }), async (actions) => {
        for (const x of actions) await apply(x);
        await checkInvariants();
      }),
      { seed: 20260415, numRuns: 20, endOnFailure: true },
    );
    // The runs did move money: every kind of flow was applied, and interest went up the spread.
    for (const what of ['grant:rf', 'grant:start-up', 'grant:vrf', 'grant:cif', 'lend:clf-vo', 'lend:vo-shg', 'lend:vrf', 'repay:shg-vo', 'repay:vo-clf', 'meeting-repayment', 'receipt', 'leave', 'rejoin']) {
      expect(applied.get(what) ?? 0, what).toBeGreaterThan(0);
    }
    // Both ways of releasing were used, both decisions taken, own approvals refused, leaving with dues refused.
    for (const [what, n] of Object.entries(decisions)) expect(n, what).toBeGreaterThan(0);
    const refunds = await sql<{ n: number }>`select count(*)::int as n from fund_transfer where kind = 'membership-refund'`.execute(h.t.db);
    expect(refunds.rows[0]!.n).toBeGreaterThan(0);
    const passedUp = await sql<{ n: number }>`
      select count(*)::int as n from journal_line l join account a on a.id = l.account_id where a.path = 'liabilities:interest-payable:cif' and l.amount_paise < 0`.execute(h.t.db);
    expect(passedUp.rows[0]!.n).toBeGreaterThan(0);
  }, 600_000);
});
