import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FEDERATION_ACCOUNTS, SHG_CHART, chartTemplate } from './chart.ts';
import {
  chartOfKind,
  planGrant,
  planLoan,
  planMembership,
  planMembershipRefund,
  percentOfPaise,
  planRepayment,
  reconcilePositions,
  splitInterest,
  type PositionLine,
  type TwoSidedPlan,
} from './federation.ts';
import { balanceOf } from './ledger.ts';

const SHG = '11111111-1111-4111-8111-111111111111';
const L = '22222222-2222-4222-8222-222222222222';
const B = '33333333-3333-4333-8333-333333333333';

function value<T>(r: { ok: true; value: T } | { ok: false; problems: unknown[] }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
}
const sum = (lines: { amountPaise: number }[]) => lines.reduce((t, l) => t + l.amountPaise, 0);
const byPath = (plan: TwoSidedPlan, side: 'from' | 'to') => Object.fromEntries(plan[side].map((l) => [l.accountPath, l.amountPaise]));

describe('federation charts', () => {
  it('each level has the accounts its flows post to; the SHG chart is untouched', () => {
    const vo = new Set(chartTemplate('vo').map((a) => a.path));
    const clf = new Set(chartTemplate('clf').map((a) => a.path));
    const blf = new Set(chartTemplate('blf').map((a) => a.path));
    const common = Object.values(FEDERATION_ACCOUNTS).filter((p) => !['assets:vrf-loans-to-shgs', 'income:interest:vrf-loans', 'assets:loans-to-vos', 'income:interest:loans-to-vos', 'assets:loans-to-clfs', 'income:interest:loans-to-clfs'].includes(p));
    for (const p of common) for (const chart of [vo, clf, blf]) expect(chart.has(p), p).toBe(true);
    expect(vo.has('assets:vrf-loans-to-shgs')).toBe(true);
    expect(clf.has('assets:loans-to-vos')).toBe(true);
    expect(blf.has('assets:loans-to-clfs')).toBe(true);
    expect(vo.has('assets:loans-to-vos')).toBe(false);
    // A federation's lending accounts never appear in an SHG's chart.
    for (const p of ['assets:vrf-loans-to-shgs', 'assets:loans-to-vos', 'assets:loans-to-clfs', 'income:interest:loans-to-vos']) expect(SHG_CHART.has(p), p).toBe(false);
  });
});

describe('two-sided plans: the lines for each entity', () => {
  it('a Revolving Fund grant from a VO to an SHG: the VO’s grant expense, the SHG’s Revolving Fund', () => {
    const p = value(planGrant({ fund: 'rf', giver: 'vo', receiver: 'shg', amountPaise: 1_500_000, date: '2026-02-01', paidFrom: 'bank', receivedInto: 'bank', receiverTag: SHG }));
    expect(byPath(p, 'from')).toEqual({ 'expenses:grants-given': 1_500_000, 'assets:bank': -1_500_000 });
    expect(byPath(p, 'to')).toEqual({ 'assets:bank': 1_500_000, 'equity:revolving-fund': -1_500_000 });
    expect(p.from[0]!.memberId).toBe(SHG);
    expect(p.to.every((l) => l.memberId === undefined)).toBe(true); // an SHG's lines are never tagged with an institution
  });

  it('funds from the organisation: programme expenditure on its side; start-up fund, VRF and CIF on the federation’s', () => {
    const su = value(planGrant({ fund: 'start-up', giver: 'organisation', receiver: 'vo', amountPaise: 2_500_000, date: '2026-02-01', paidFrom: 'bank', receivedInto: 'bank', receiverTag: L }));
    expect(byPath(su, 'from')).toEqual({ 'expenses:programme': 2_500_000, 'assets:bank': -2_500_000 });
    expect(byPath(su, 'to')['equity:start-up-fund']).toBe(-2_500_000);
    const vrf = value(planGrant({ fund: 'vrf', giver: 'clf', receiver: 'vo', amountPaise: 100, date: '2026-02-01', paidFrom: 'bank', receivedInto: 'cash', receiverTag: L }));
    expect(byPath(vrf, 'to')).toEqual({ 'assets:cash': 100, 'liabilities:vrf': -100 });
    const cif = value(planGrant({ fund: 'cif', giver: 'organisation', receiver: 'clf', amountPaise: 100, date: '2026-02-01', paidFrom: 'bank', receivedInto: 'bank', receiverTag: L }));
    expect(byPath(cif, 'to')['liabilities:cif:from-srlm']).toBe(-100);
  });

  it('refuses grants that go up, sideways, or into the wrong fund, naming the field', () => {
    const g = (fund: any, giver: any, receiver: any) => planGrant({ fund, giver, receiver, amountPaise: 100, date: '2026-02-01', paidFrom: 'bank', receivedInto: 'bank', receiverTag: L });
    const fields = (r: ReturnType<typeof g>) => (r.ok ? [] : r.problems.map((p) => p.field));
    expect(fields(g('rf', 'shg', 'vo'))).toContain('giverId');
    expect(fields(g('start-up', 'vo', 'vo'))).toEqual(['giverId']);
    expect(fields(g('start-up', 'vo', 'shg'))).toEqual(['fund']);
    expect(fields(g('vrf', 'organisation', 'clf'))).toEqual(['fund']);
    expect(fields(g('cif', 'clf', 'vo'))).toEqual(['fund']); // a CLF lends CIF on, it does not grant it
    expect(fields(planGrant({ fund: 'rf', giver: 'vo', receiver: 'shg', amountPaise: 0, date: '2026-02-01', paidFrom: 'bank', receivedInto: 'bank', receiverTag: L }))).toEqual(['amountPaise']);
  });

  it('membership: the SHG’s share in the VO against the VO’s liability to it; the fee is expense and income', () => {
    const p = value(planMembership({ level: 'vo', shareCapitalPaise: 10_000, membershipFeePaise: 1_000, date: '2026-02-01', paidFrom: 'cash', receivedInto: 'bank', memberTag: SHG }));
    expect(byPath(p, 'from')).toEqual({ 'assets:share-capital-with-vo': 10_000, 'expenses:other': 1_000, 'assets:cash': -11_000 });
    expect(byPath(p, 'to')).toEqual({ 'assets:bank': 11_000, 'liabilities:share-capital:from-members': -10_000, 'income:membership-fees': -1_000 });
    const vo = value(planMembership({ level: 'clf', shareCapitalPaise: 50_000, membershipFeePaise: 0, date: '2026-02-01', paidFrom: 'bank', receivedInto: 'bank', memberTag: L }));
    expect(byPath(vo, 'from')).toEqual({ 'assets:share-capital-with-federation': 50_000, 'assets:bank': -50_000 });
  });

  it('a CIF loan CLF → VO and VO → SHG: each side tagged with its own loan row', () => {
    const p = value(planLoan({ fund: 'cif', lender: 'vo', borrower: 'shg', amountPaise: 5_000_000, date: '2026-03-01', paidFrom: 'bank', receivedInto: 'bank', lenderLoanId: L, borrowerLoanId: B, borrowerTag: SHG }));
    expect(p.from).toEqual([
      { accountPath: 'assets:loans-to-shgs', amountPaise: 5_000_000, loanId: L, memberId: SHG },
      { accountPath: 'assets:bank', amountPaise: -5_000_000 },
    ]);
    expect(p.to).toEqual([
      { accountPath: 'assets:bank', amountPaise: 5_000_000 },
      { accountPath: 'liabilities:loans:vo-cif', amountPaise: -5_000_000, loanId: B },
    ]);
    const up = value(planLoan({ fund: 'cif', lender: 'clf', borrower: 'vo', amountPaise: 100, date: '2026-03-01', paidFrom: 'bank', receivedInto: 'bank', lenderLoanId: L, borrowerLoanId: B, borrowerTag: SHG }));
    expect(byPath(up, 'from')['assets:loans-to-vos']).toBe(100);
    expect(byPath(up, 'to')['liabilities:cif:from-federation']).toBe(-100);
    const vrf = value(planLoan({ fund: 'vrf', lender: 'vo', borrower: 'shg', amountPaise: 100, date: '2026-03-01', paidFrom: 'cash', receivedInto: 'cash', lenderLoanId: L, borrowerLoanId: B, borrowerTag: SHG }));
    expect(byPath(vrf, 'from')['assets:vrf-loans-to-shgs']).toBe(100);
    expect(byPath(vrf, 'to')['liabilities:loans:other']).toBe(-100);
  });

  it('refuses loans that skip a level or VRF from a CLF', () => {
    const f = (fund: any, lender: any, borrower: any) => {
      const r = planLoan({ fund, lender, borrower, amountPaise: 100, date: '2026-03-01', paidFrom: 'bank', receivedInto: 'bank', lenderLoanId: L, borrowerLoanId: B, borrowerTag: SHG });
      return r.ok ? [] : r.problems.map((p) => p.field);
    };
    expect(f('cif', 'clf', 'shg')).toEqual(['borrowerId']);
    expect(f('cif', 'shg', 'vo')).toEqual(['lenderId']);
    expect(f('vrf', 'clf', 'vo')).toEqual(['fund']);
  });

  it('a repayment SHG → VO with a spread: the VO keeps its share, holds the rest for the CLF', () => {
    const p = value(planRepayment({ fund: 'cif', lender: 'vo', borrower: 'shg', principalPaise: 400_000, interestPaise: 50_001, passUpPercent: '75', date: '2026-04-01', paidFrom: 'bank', receivedInto: 'bank', lenderLoanId: L, borrowerLoanId: B, borrowerTag: SHG }));
    expect(p.passedUpPaise).toBe(37_501); // 37500.75 rounds half-even to 37501
    expect(p.retainedPaise).toBe(12_500);
    expect(byPath(p, 'from')).toEqual({ 'liabilities:loans:vo-cif': 400_000, 'expenses:interest:vo-loans': 50_001, 'assets:bank': -450_001 });
    expect(byPath(p, 'to')).toEqual({ 'assets:bank': 450_001, 'assets:loans-to-shgs': -400_000, 'income:interest:loans-to-shgs': -12_500, 'liabilities:interest-payable:cif': -37_501 });
  });

  it('a repayment VO → CLF pays interest out of what the VO collected for the CLF first', () => {
    const p = value(planRepayment({ fund: 'cif', lender: 'clf', borrower: 'vo', principalPaise: 1_000, interestPaise: 500, passUpPercent: '0', borrowerPayablePaise: 300, date: '2026-04-01', paidFrom: 'bank', receivedInto: 'bank', lenderLoanId: L, borrowerLoanId: B, borrowerTag: SHG }));
    expect(p.fromPayablePaise).toBe(300);
    expect(byPath(p, 'from')).toEqual({ 'liabilities:cif:from-federation': 1_000, 'liabilities:interest-payable:cif': 300, 'expenses:interest:cif': 200, 'assets:bank': -1_500 });
    expect(byPath(p, 'to')).toEqual({ 'assets:bank': 1_500, 'assets:loans-to-vos': -1_000, 'income:interest:loans-to-vos': -500 });
  });

  it('refuses a repayment of nothing and a bad spread', () => {
    const r = planRepayment({ fund: 'cif', lender: 'vo', borrower: 'shg', principalPaise: 0, interestPaise: 0, passUpPercent: '101', date: '2026-04-01', paidFrom: 'bank', receivedInto: 'bank', lenderLoanId: L, borrowerLoanId: B, borrowerTag: SHG });
    expect(r.ok ? [] : r.problems.map((p) => p.field)).toEqual(['principalPaise', 'passUpPercent']);
  });

  it('property: every plan balances within each entity, only posts to that entity’s chart, and moves the same money out and in', () => {
    const amount = fc.integer({ min: 1, max: 1e12 });
    const via = fc.constantFrom('bank' as const, 'cash' as const);
    fc.assert(
      fc.property(amount, amount, fc.integer({ min: 0, max: 1e9 }), fc.constantFrom('0', '25', '33.33', '75', '100'), via, via, fc.integer({ min: 0, max: 1e9 }), (a, p, i, pct, from, into, payable) => {
        const plans = [
          planGrant({ fund: 'rf', giver: 'organisation', receiver: 'shg', amountPaise: a, date: '2026-01-01', paidFrom: from, receivedInto: into, receiverTag: SHG }),
          planMembership({ level: 'clf', shareCapitalPaise: a, membershipFeePaise: i, date: '2026-01-01', paidFrom: from, receivedInto: into, memberTag: L }),
          planLoan({ fund: 'cif', lender: 'clf', borrower: 'vo', amountPaise: a, date: '2026-01-01', paidFrom: from, receivedInto: into, lenderLoanId: L, borrowerLoanId: B, borrowerTag: SHG }),
          planRepayment({ fund: 'cif', lender: 'clf', borrower: 'vo', principalPaise: p, interestPaise: i, passUpPercent: pct, borrowerPayablePaise: payable, date: '2026-01-01', paidFrom: from, receivedInto: into, lenderLoanId: L, borrowerLoanId: B, borrowerTag: SHG }),
          planRepayment({ fund: 'cif', lender: 'vo', borrower: 'shg', principalPaise: p, interestPaise: i, passUpPercent: pct, date: '2026-01-01', paidFrom: from, receivedInto: into, lenderLoanId: L, borrowerLoanId: B, borrowerTag: SHG }),
        ];
        for (const r of plans) {
          const plan = value(r);
          expect(sum(plan.from)).toBe(0);
          expect(sum(plan.to)).toBe(0);
          for (const l of plan.from) expect(chartOfKind(plan.fromKind).has(l.accountPath)).toBe(true);
          for (const l of plan.to) expect(chartOfKind(plan.toKind).has(l.accountPath)).toBe(true);
          const out = -balanceOf(plan.from, { account: ['assets:bank', 'assets:cash'] });
          const inn = balanceOf(plan.to, { account: ['assets:bank', 'assets:cash'] });
          expect(out).toBe(inn);
          expect(out).toBeGreaterThan(0);
        }
        const s = splitInterest(i, pct);
        expect(s.retainedPaise + s.passedUpPaise).toBe(i);
        expect(s.passedUpPaise).toBeGreaterThanOrEqual(0);
      }),
      { seed: 20260301, numRuns: 300 },
    );
  });
});

describe('reconcilePositions', () => {
  const line = (side: 'upper' | 'lower', amountPaise: number, key: PositionLine['key'], extra: Partial<PositionLine> = {}): PositionLine => ({
    side,
    category: 'cif-principal',
    key,
    amountPaise,
    date: '2026-05-01',
    entryId: 1,
    reversal: false,
    ...extra,
  });
  const t = (id: string) => ({ kind: 'transfer' as const, id });
  const m = (id: string) => ({ kind: 'meeting' as const, id });

  it('matches when every event cancels across the two books', () => {
    const r = reconcilePositions([line('upper', 1000, t('a')), line('lower', -1000, t('a')), line('upper', -300, t('b')), line('lower', 300, t('b'))]);
    expect(r.categories).toEqual([{ category: 'cif-principal', upperPaise: 700, lowerPaise: 700, differencePaise: 0 }]);
    expect(r.differences).toEqual([]);
  });

  it('names each difference’s cause, and the causes sum to the difference', () => {
    const r = reconcilePositions([
      line('upper', 1000, t('loan')), line('lower', -1000, t('loan')),
      line('lower', 200, m('meeting-1')), // repaid at a meeting, not yet received
      line('upper', -100, m('meeting-2')), line('lower', 100, m('meeting-2'), { entryId: 7 }), line('lower', -100, m('meeting-2'), { reversal: true, entryId: 8 }), // corrected after receipt
      line('upper', 50, t('one-sided')), // the partner is missing
      line('upper', 70, t('rev')), line('upper', -70, t('rev'), { reversal: true }), line('lower', -70, t('rev')), // reversed on one side only
      line('upper', -40, t('differ')), line('lower', 30, t('differ')),
      line('lower', -5, { kind: 'entry', id: '99' }),
    ]);
    const causes = Object.fromEntries(r.differences.map((d) => [d.key.id, [d.cause, d.differencePaise]]));
    expect(causes).toEqual({
      'meeting-1': ['in-transit', 200],
      'meeting-2': ['receipt-for-corrected-meeting', -100],
      'one-sided': ['missing-partner', 50],
      rev: ['reversed-on-one-side', -70],
      differ: ['amounts-differ', -10],
      '99': ['unlinked-entry', -5],
    });
    const total = r.differences.reduce((s, d) => s + d.differencePaise, 0);
    expect(total).toBe(r.categories[0]!.differencePaise);
  });
});

describe('planMembershipRefund: a member institution leaving', () => {
  it('closes the share capital on both sides; what the federation keeps is a fee to both; the fee paid back reverses one', () => {
    const p = value(planMembershipRefund({ level: 'vo', shareCapitalPaise: 100_000, shareCapitalRefundPaise: 90_000, membershipFeeRefundPaise: 10_000, date: '2026-02-01', paidFrom: 'bank', receivedInto: 'cash', memberTag: SHG }));
    expect(byPath(p, 'from')).toEqual({ 'liabilities:share-capital:from-members': 100_000, 'assets:bank': -100_000 });
    expect(byPath(p, 'to')).toEqual({ 'assets:cash': 100_000, 'assets:share-capital-with-vo': -100_000 });
    const kept = value(planMembershipRefund({ level: 'clf', shareCapitalPaise: 50_000, shareCapitalRefundPaise: 0, membershipFeeRefundPaise: 0, date: '2026-02-01', paidFrom: 'bank', receivedInto: 'bank', memberTag: SHG }));
    expect(byPath(kept, 'from')).toEqual({ 'liabilities:share-capital:from-members': 50_000, 'income:membership-fees': -50_000 });
    expect(byPath(kept, 'to')).toEqual({ 'assets:share-capital-with-federation': -50_000, 'expenses:membership-fees': 50_000 });
  });

  it('refuses paying back more share capital than is held, or nothing at all', () => {
    const base = { level: 'vo' as const, date: '2026-02-01', paidFrom: 'bank' as const, receivedInto: 'bank' as const, memberTag: SHG };
    const more = planMembershipRefund({ ...base, shareCapitalPaise: 100, shareCapitalRefundPaise: 101, membershipFeeRefundPaise: 0 });
    expect(more.ok ? [] : more.problems.map((x) => x.field)).toEqual(['shareCapitalRefundPaise']);
    const none = planMembershipRefund({ ...base, shareCapitalPaise: 0, shareCapitalRefundPaise: 0, membershipFeeRefundPaise: 0 });
    expect(none.ok).toBe(false);
  });

  it('property: each side balances, the share capital is closed in full, the money paid is the refund', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('vo', 'clf', 'blf'),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 100 }),
        (level, share, sharePct, fee, feePct) => {
          const shareRefund = percentOfPaise(share, sharePct);
          const feeRefund = percentOfPaise(fee, feePct);
          fc.pre(share + feeRefund > 0);
          expect(shareRefund).toBeLessThanOrEqual(share);
          const p = value(planMembershipRefund({ level, shareCapitalPaise: share, shareCapitalRefundPaise: shareRefund, membershipFeeRefundPaise: feeRefund, date: '2026-02-01', paidFrom: 'bank', receivedInto: 'bank', memberTag: SHG }));
          expect(sum(p.from)).toBe(0);
          expect(sum(p.to)).toBe(0);
          expect(byPath(p, 'from')['liabilities:share-capital:from-members'] ?? 0).toBe(share);
          expect(0 - (byPath(p, 'from')['assets:bank'] ?? 0)).toBe(shareRefund + feeRefund);
          expect(byPath(p, 'to')['assets:bank'] ?? 0).toBe(shareRefund + feeRefund);
        },
      ),
    );
  });
});
