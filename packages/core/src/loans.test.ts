import { describe, expect, it } from 'vitest';
import { ErrorCode } from './errors.ts';
import type { PaiseInstallment } from './loan-schedule.ts';
import {
  ageingBucket,
  allocateRepayment,
  demandAt,
  flexiblePeriodInterest,
  loanRepayments,
  loanTermsSchema,
  replayLoan,
  scheduleFor,
  type FlexibleLoanTerms,
  type LoanDefinition,
  type LoanEvent,
  type ScheduledLoanTerms,
} from './loans.ts';

const flexible = (over: Partial<FlexibleLoanTerms> = {}): FlexibleLoanTerms => ({
  kind: 'flexible',
  ratePercentPerMonth: '2',
  period: 'monthly',
  ...over,
});

const loan = (over: Partial<LoanDefinition> = {}): LoanDefinition => ({
  id: 'L1',
  memberId: 'M1',
  principalPaise: 500000,
  disbursedOn: '2024-01-10',
  terms: flexible(),
  ...over,
});

const disbursed = (l: LoanDefinition, schedule?: PaiseInstallment[]): LoanEvent => ({
  id: 'd',
  type: 'disbursement',
  date: l.disbursedOn,
  amountPaise: l.principalPaise,
  ...(schedule ? { schedule } : {}),
});

const repay = (id: string, date: string, amountPaise: number): LoanEvent => ({ id, type: 'repayment', date, amountPaise });

describe('flexible loans (interest each period on the principal at its start)', () => {
  const l = loan();
  const events = [disbursed(l)];

  it('Rs 5,000 at 2% a month, Rs 300 paid after one month: interest 100.00, principal 200.00', () => {
    const demand = demandAt(l, events, '2024-02-10');
    expect(demand).toMatchObject({ interestPaise: 10000, principalPaise: 0, penaltyPaise: 0, totalPaise: 10000, maxPayablePaise: 510000 });
    const a = allocateRepayment(demand, 30000);
    expect(a).toEqual({ ok: true, value: { penaltyPaise: 0, interestPaise: 10000, principalPaise: 20000 } });
    const after = [...events, repay('r1', '2024-02-10', 30000)];
    const s = replayLoan(l, after, '2024-02-10');
    expect(s).toMatchObject({ principalOutstandingPaise: 480000, interestDuePaise: 0, paidInterest: 10000, paidPrincipal: 20000, status: 'open' });
    // the next month charges 2% of 4,800 = 96.00
    expect(demandAt(l, after, '2024-03-10').interestPaise).toBe(9600);
  });

  it('no interest before the first period ends', () => {
    expect(demandAt(l, events, '2024-02-09').interestPaise).toBe(0);
    expect(replayLoan(l, events, '2024-01-10').nextDueOn).toBe('2024-02-10');
  });

  it('unpaid interest stays due, is collected first, and ages', () => {
    const s = replayLoan(l, events, '2024-03-10');
    expect(s.interestDuePaise).toBe(20000);
    // the charge of 10 Mar is due today, not overdue; the one of 10 Feb is 29 days past due (2024 is a leap year)
    expect(s.overdue).toEqual({ principalPaise: 0, interestPaise: 10000, sinceDate: '2024-02-10', daysPastDue: 29 });
    expect(s.ageing).toBe('1-30');
    const after = [...events, repay('r1', '2024-03-10', 15000)];
    const s2 = replayLoan(l, after, '2024-03-11');
    expect(s2).toMatchObject({ interestDuePaise: 5000, principalOutstandingPaise: 500000 });
    // 5,000 of the 10 Mar charge is still unpaid: the oldest charge was paid first
    expect(s2.overdue).toEqual({ principalPaise: 0, interestPaise: 5000, sinceDate: '2024-03-10', daysPastDue: 1 });
  });

  it('a payment inside a period does not change that period’s interest, only the next', () => {
    const after = [...events, repay('r1', '2024-01-25', 100000)];
    expect(replayLoan(l, after, '2024-01-25').principalOutstandingPaise).toBe(400000);
    expect(demandAt(l, after, '2024-02-10').interestPaise).toBe(10000);
    expect(demandAt(l, after, '2024-03-10').interestPaise).toBe(10000 + 8000);
  });

  it('paid off inside a period: no charge for the broken period, the loan stays closed', () => {
    const after = [...events, repay('r1', '2024-02-10', 30000), repay('r2', '2024-02-24', 480000)];
    expect(replayLoan(l, after, '2024-02-24')).toMatchObject({ status: 'closed', principalOutstandingPaise: 0 });
    expect(replayLoan(l, after, '2024-06-10')).toMatchObject({ status: 'closed', interestDuePaise: 0, paidInterest: 10000 });
  });

  it('a payment on the period’s last day counts for the next period’s principal', () => {
    const after = [...events, repay('r1', '2024-02-10', 110000)];
    expect(demandAt(l, after, '2024-03-10').interestPaise).toBe(8000);
  });

  it('weekly and fortnightly periods scale the monthly rate by 12/52 and 12/26, rounded as the group chose', () => {
    // Rs 1,000 at 2% a month, a week: 1000 * 0.02 * 12/52 = Rs 4.615384…
    const t = flexible({ period: 'weekly' });
    expect(flexiblePeriodInterest(t, 100000)).toBe(462);
    expect(flexiblePeriodInterest({ ...t, interestRounding: { unit: 'paise', mode: 'down' } }, 100000)).toBe(461);
    expect(flexiblePeriodInterest({ ...t, interestRounding: { unit: 'rupee', mode: 'half-even' } }, 100000)).toBe(500);
    expect(flexiblePeriodInterest({ ...t, interestRounding: { unit: 'rupee', mode: 'down' } }, 100000)).toBe(400);
    expect(flexiblePeriodInterest({ ...t, interestRounding: { unit: 'rupee', mode: 'up' } }, 100000)).toBe(500);
    // fortnightly: Rs 9.230769… ; monthly 1.5% of Rs 333.33 = Rs 4.99995 → 5.00 (paise), 4 (rupee down)
    expect(flexiblePeriodInterest(flexible({ period: 'fortnightly' }), 100000)).toBe(923);
    expect(flexiblePeriodInterest(flexible({ ratePercentPerMonth: '1.5' }), 33333)).toBe(500);
    expect(flexiblePeriodInterest(flexible({ ratePercentPerMonth: '1.5', interestRounding: { unit: 'rupee', mode: 'down' } }), 33333)).toBe(400);
    // half-even on an exact half: 1% of 50 paise = 0.5 paise → 0 ; of 150 paise = 1.5 → 2
    expect(flexiblePeriodInterest(flexible({ ratePercentPerMonth: '1' }), 50)).toBe(0);
    expect(flexiblePeriodInterest(flexible({ ratePercentPerMonth: '1' }), 150)).toBe(2);
  });

  it('weekly periods accrue every 7 days from the disbursement', () => {
    const w = loan({ terms: flexible({ period: 'weekly' }), principalPaise: 100000 });
    const s = replayLoan(w, [disbursed(w)], '2024-01-31');
    // 10 Jan + 7, 14, 21 → three charges of 462
    expect(s.interestDuePaise).toBe(3 * 462);
    expect(s.nextDueOn).toBe('2024-02-07');
  });

  it('an agreed principal per period falls due cumulatively and ages from the first uncovered period', () => {
    const a = loan({ principalPaise: 120000, terms: flexible({ ratePercentPerMonth: '1', agreedPrincipalPaise: 10000 }) });
    const ev = [disbursed(a)];
    expect(demandAt(a, ev, '2024-02-10')).toMatchObject({ interestPaise: 1200, principalPaise: 10000, totalPaise: 11200 });
    const paid = [...ev, repay('r1', '2024-02-10', 5000)];
    expect(replayLoan(a, paid, '2024-02-10')).toMatchObject({ paidInterest: 1200, paidPrincipal: 3800, principalOutstandingPaise: 116200 });
    // month 2: interest 1% of 1,162.00 = 11.62; principal due 2 x 100 - 38 = 162.00
    const d = demandAt(a, paid, '2024-03-10');
    expect(d).toMatchObject({ interestPaise: 1162, principalPaise: 16200 });
    const s = replayLoan(a, paid, '2024-03-10');
    expect(s.overdue).toEqual({ principalPaise: 6200, interestPaise: 0, sinceDate: '2024-02-10', daysPastDue: 29 });
    // paying ahead covers later periods: 1,162.00 principal outstanding, paid in full closes the loan
    const closed = [...paid, repay('r2', '2024-03-10', 1162 + 116200)];
    expect(replayLoan(a, closed, '2024-06-10')).toMatchObject({ status: 'closed', principalOutstandingPaise: 0, interestDuePaise: 0, principalDuePaise: 0 });
  });

  it('refuses more than everything owed, naming the field, and any payment on a closed loan', () => {
    const d = demandAt(l, events, '2024-02-10');
    const r = allocateRepayment(d, 510001, undefined, 'repayments.0.amountPaise');
    expect(r).toEqual({
      ok: false,
      problems: [{ code: ErrorCode.RepaymentExceedsDue, field: 'repayments.0.amountPaise', message: expect.any(String), params: { maxPaise: 510000 } }],
    });
    const closed = [...events, repay('r1', '2024-02-10', 510000)];
    const s = replayLoan(l, closed, '2024-02-10');
    expect(s).toMatchObject({ status: 'closed', principalOutstandingPaise: 0, paidInterest: 10000, paidPrincipal: 500000 });
    // no more interest once closed
    expect(replayLoan(l, closed, '2025-01-01')).toMatchObject({ status: 'closed', interestDuePaise: 0 });
    const again = allocateRepayment(demandAt(l, closed, '2024-03-10'), 100);
    expect(again.ok === false && again.problems[0]?.code).toBe(ErrorCode.LoanClosed);
  });

  it('penalty is paid first, then interest, then principal; a product may choose another order', () => {
    const ev: LoanEvent[] = [...events, { id: 'p1', type: 'penalty', date: '2024-02-10', amountPaise: 500 }];
    const d = demandAt(l, ev, '2024-02-10');
    expect(d).toMatchObject({ penaltyPaise: 500, interestPaise: 10000, totalPaise: 10500 });
    expect(allocateRepayment(d, 10200)).toEqual({ ok: true, value: { penaltyPaise: 500, interestPaise: 9700, principalPaise: 0 } });
    expect(allocateRepayment(d, 10200, ['interest', 'penalty', 'principal'])).toEqual({
      ok: true,
      value: { penaltyPaise: 200, interestPaise: 10000, principalPaise: 0 },
    });
    const s = replayLoan(l, [...ev, repay('r1', '2024-02-10', 10200)], '2024-02-10');
    expect(s).toMatchObject({ paidPenalty: 500, paidInterest: 9700, penaltyDuePaise: 0, interestDuePaise: 300 });
  });

  it('write-off ends the loan: nothing outstanding, principal recorded as written off, no more interest', () => {
    const ev: LoanEvent[] = [...events, repay('r1', '2024-02-10', 30000), { id: 'w', type: 'write-off', date: '2024-06-10' }];
    const s = replayLoan(l, ev, '2024-12-10');
    expect(s).toMatchObject({ status: 'written-off', principalOutstandingPaise: 0, writtenOffPaise: 480000, interestDuePaise: 0, overdue: { daysPastDue: 0 } });
    const r = allocateRepayment(demandAt(l, ev, '2024-12-10'), 100);
    expect(r.ok === false && r.problems[0]?.code).toBe(ErrorCode.LoanClosed);
  });

  it('a reversed event no longer counts; events are taken in date order and those after asOf ignored', () => {
    const ev: LoanEvent[] = [
      repay('r2', '2024-03-10', 20000),
      ...events,
      repay('r1', '2024-02-10', 30000),
      { id: 'x', type: 'reversal', date: '2024-02-12', reversesEventId: 'r1', reason: 'typed twice' },
    ];
    const s = replayLoan(l, ev, '2024-03-10');
    // without r1: 10 Feb charge 100.00 and 10 Mar charge 100.00; r2 pays both
    expect(s).toMatchObject({ paidInterest: 20000, paidPrincipal: 0, principalOutstandingPaise: 500000, interestDuePaise: 0 });
    expect(replayLoan(l, ev, '2024-02-11')).toMatchObject({ paidInterest: 0, interestDuePaise: 10000 });
  });

  it('loanRepayments lists each repayment with its allocation and what was due just before it', () => {
    const ev = [...events, repay('r1', '2024-02-10', 30000), repay('r2', '2024-03-10', 5000)];
    expect(loanRepayments(l, ev, '2024-03-10')).toEqual([
      { eventId: 'r1', date: '2024-02-10', amountPaise: 30000, allocation: { penaltyPaise: 0, interestPaise: 10000, principalPaise: 20000 }, dueBefore: { penaltyPaise: 0, interestPaise: 10000, principalPaise: 0, principalOutstandingPaise: 500000 } },
      { eventId: 'r2', date: '2024-03-10', amountPaise: 5000, allocation: { penaltyPaise: 0, interestPaise: 5000, principalPaise: 0 }, dueBefore: { penaltyPaise: 0, interestPaise: 9600, principalPaise: 0, principalOutstandingPaise: 480000 } },
    ]);
    expect(loanRepayments(l, ev, '2024-02-28')).toHaveLength(1);
  });

  it('a stored allocation is replayed as booked', () => {
    const ev: LoanEvent[] = [
      ...events,
      { id: 'r1', type: 'repayment', date: '2024-02-10', amountPaise: 30000, allocation: { penaltyPaise: 0, interestPaise: 0, principalPaise: 30000 } },
    ];
    expect(replayLoan(l, ev, '2024-02-10')).toMatchObject({ principalOutstandingPaise: 470000, interestDuePaise: 10000 });
  });
});

describe('scheduled loans', () => {
  // Fineract FIN-01 (reference/loan-schedules.json): 12,000.00 at 24% declining, 4 equal monthly installments.
  const terms: ScheduledLoanTerms = {
    kind: 'scheduled',
    annualRatePercent: '24',
    interestMethod: 'declining',
    amortization: 'equal-installments',
    repayments: 4,
    every: 1,
    unit: 'months',
    interestPeriod: 'same-as-repayment',
    daysInYear: 'actual',
    firstRepaymentOn: null,
    graceOnPrincipal: 0,
    graceOnInterest: 0,
    decimals: 2,
    currencyMultipleOf: null,
    installmentMultipleOf: null,
  };
  const l = loan({ principalPaise: 1200000, disbursedOn: '2011-09-20', terms });
  const schedule = (() => {
    const r = scheduleFor(l);
    if (!r.ok || !r.value) throw new Error('schedule');
    return r.value;
  })();
  const events: LoanEvent[] = [disbursed(l, schedule)];

  it('the stored schedule is the engine’s', () => {
    expect(schedule.map((i) => [i.dueOn, i.principalPaise, i.interestPaise])).toEqual([
      ['2011-10-20', 291149, 24000],
      ['2011-11-20', 296972, 18177],
      ['2011-12-20', 302911, 12238],
      ['2012-01-20', 308968, 6179],
    ]);
  });

  it('demand is every unpaid installment due by the date', () => {
    expect(demandAt(l, events, '2011-10-19')).toMatchObject({ principalPaise: 0, interestPaise: 0 });
    expect(demandAt(l, events, '2011-10-20')).toMatchObject({ principalPaise: 291149, interestPaise: 24000, totalPaise: 315149 });
    expect(demandAt(l, events, '2011-11-25')).toMatchObject({ principalPaise: 291149 + 296972, interestPaise: 24000 + 18177 });
  });

  it('a missed installment is overdue from its due date', () => {
    const ev = [...events, repay('r1', '2011-10-20', 315149)];
    const s = replayLoan(l, ev, '2011-12-01');
    expect(s.principalOutstandingPaise).toBe(1200000 - 291149);
    expect(s.overdue).toEqual({ principalPaise: 296972, interestPaise: 18177, sinceDate: '2011-11-20', daysPastDue: 11 });
    expect(s.installmentsDue).toEqual([{ n: 2, dueOn: '2011-11-20', principalPaise: 296972, interestPaise: 18177 }]);
    expect(s.nextDueOn).toBe('2011-12-20');
    // a part payment pays interest first, the installment stays overdue
    const part = replayLoan(l, [...ev, repay('r2', '2011-12-01', 20000)], '2011-12-01');
    expect(part.installmentsDue).toEqual([{ n: 2, dueOn: '2011-11-20', principalPaise: 296972 - 1823, interestPaise: 0 }]);
    expect(part.overdue.sinceDate).toBe('2011-11-20');
  });

  it('a prepayment shrinks the schedule from the last installment; one prepaid in full is cancelled with its interest', () => {
    const ev = [...events, repay('r1', '2011-10-20', 315149 + 308968)];
    const s = replayLoan(l, ev, '2011-10-20');
    expect(s.principalOutstandingPaise).toBe(1200000 - 291149 - 308968);
    // installments 2 and 3 as agreed close the loan; the 61.79 interest of installment 4 is not owed
    const done = [...ev, repay('r2', '2011-11-20', 315149), repay('r3', '2011-12-20', 315149)];
    expect(replayLoan(l, done, '2011-12-20')).toMatchObject({ status: 'closed', principalOutstandingPaise: 0, paidInterest: 24000 + 18177 + 12238 });
    expect(replayLoan(l, done, '2012-02-01')).toMatchObject({ status: 'closed', interestDuePaise: 0, nextDueOn: null });
  });

  it('a partial prepayment reduces the last installment and keeps its interest', () => {
    const ev = [...events, repay('r1', '2011-10-20', 315149 + 100000)];
    const s = replayLoan(l, ev, '2012-01-20');
    expect(s.installmentsDue.at(-1)).toEqual({ n: 4, dueOn: '2012-01-20', principalPaise: 208968, interestPaise: 6179 });
  });

  it('paying everything outstanding early closes the loan with no future interest', () => {
    const d = demandAt(l, events, '2011-10-20');
    expect(d.maxPayablePaise).toBe(1200000 + 24000);
    const s = replayLoan(l, [...events, repay('r1', '2011-10-20', 1224000)], '2011-10-20');
    expect(s).toMatchObject({ status: 'closed', principalOutstandingPaise: 0 });
  });

  it('grace installments (no principal) are not cancelled by a partial prepayment', () => {
    const g = loan({ principalPaise: 1200000, disbursedOn: '2011-09-20', terms: { ...terms, graceOnPrincipal: 1 } });
    const sched = scheduleFor(g);
    if (!sched.ok || !sched.value) throw new Error('schedule');
    expect(sched.value[0]?.principalPaise).toBe(0);
    const s = replayLoan(g, [disbursed(g, sched.value), repay('r1', '2011-09-25', 100000)], '2011-10-20');
    expect(s.interestDuePaise).toBe(sched.value[0]!.interestPaise);
  });

  it('terms problems name their field under the prefix', () => {
    const bad = scheduleFor(loan({ terms: { ...terms, repayments: 0 } }), 'disbursements.0.terms.');
    expect(bad.ok === false && bad.problems.map((p) => [p.code, p.field])).toEqual([
      [ErrorCode.InvalidLoanTerms, 'disbursements.0.terms.repayments'],
    ]);
    const flex = scheduleFor(loan({ terms: flexible({ ratePercentPerMonth: 'two', agreedPrincipalPaise: 600000 }) }));
    expect(flex.ok === false && flex.problems.map((p) => p.field)).toEqual(['terms.ratePercentPerMonth', 'terms.agreedPrincipalPaise']);
  });

  it('the terms schema fills defaults and refuses unknown keys', () => {
    const r = loanTermsSchema.safeParse({ kind: 'flexible', ratePercentPerMonth: '2', period: 'monthly' });
    expect(r.success && r.data).toEqual({
      kind: 'flexible',
      ratePercentPerMonth: '2',
      period: 'monthly',
      interestRounding: { unit: 'paise', mode: 'half-even' },
      agreedPrincipalPaise: null,
    });
    expect(loanTermsSchema.safeParse({ kind: 'flexible', ratePercentPerMonth: '2', period: 'monthly', extra: 1 }).success).toBe(false);
    expect(loanTermsSchema.safeParse({ kind: 'flexible', ratePercentPerMonth: '101', period: 'monthly' }).success).toBe(false);
    const s = loanTermsSchema.safeParse({ kind: 'scheduled', annualRatePercent: '24', interestMethod: 'flat', amortization: 'equal-installments', repayments: 12, unit: 'months' });
    expect(s.success && s.data).toMatchObject({ kind: 'scheduled', every: 1, decimals: 2, graceOnPrincipal: 0 });
  });
});

describe('cut-off (opening) loans', () => {
  it('flexible: the opening interest stays due; the period running at the cut-off charges on the opening principal', () => {
    const l = loan({ principalPaise: 1000000, disbursedOn: '2023-06-01' });
    const ev: LoanEvent[] = [
      { id: 'o', type: 'opening', date: '2024-01-15', principalOutstandingPaise: 600000, interestDuePaise: 24000, overdueSince: '2023-12-01' },
    ];
    const s = replayLoan(l, ev, '2024-02-01');
    expect(s).toMatchObject({ principalOutstandingPaise: 600000, interestDuePaise: 24000 + 12000, disbursedPaise: 1000000, paidPrincipal: 0 });
    expect(s.overdue).toEqual({ principalPaise: 0, interestPaise: 24000, sinceDate: '2023-12-01', daysPastDue: 62 });
    expect(s.ageing).toBe('61-90');
  });

  it('scheduled: principal repaid before the cut-off fills installments; arrears stay due', () => {
    const terms: ScheduledLoanTerms = {
      kind: 'scheduled', annualRatePercent: '12', interestMethod: 'flat', amortization: 'equal-installments', repayments: 10, every: 1,
      unit: 'months', interestPeriod: 'same-as-repayment', daysInYear: 'actual', firstRepaymentOn: null, graceOnPrincipal: 0,
      graceOnInterest: 0, decimals: 2, currencyMultipleOf: null, installmentMultipleOf: null,
    };
    const l = loan({ principalPaise: 1000000, disbursedOn: '2023-01-01', terms });
    // 10 installments of 1,000.00 principal + 100.00 interest; by the cut-off on 2023-06-15 five were due, four paid
    const ev: LoanEvent[] = [{ id: 'o', type: 'opening', date: '2023-06-15', principalOutstandingPaise: 600000, interestDuePaise: 10000, overdueSince: '2023-06-01' }];
    const s = replayLoan(l, ev, '2023-06-15');
    expect(s.installmentsDue).toEqual([{ n: 5, dueOn: '2023-06-01', principalPaise: 100000, interestPaise: 0 }]);
    expect(s).toMatchObject({ principalDuePaise: 100000, interestDuePaise: 10000, overdue: { principalPaise: 100000, interestPaise: 10000, sinceDate: '2023-06-01', daysPastDue: 14 } });
    expect(demandAt(l, ev, '2023-07-01')).toMatchObject({ principalPaise: 200000, interestPaise: 20000 });
  });
});

describe('ageing buckets', () => {
  it('cuts at 0, 30, 60, 90 days', () => {
    expect([0, 1, 30, 31, 60, 61, 90, 91, 400].map(ageingBucket)).toEqual([
      'current', '1-30', '1-30', '31-60', '31-60', '61-90', '61-90', '>90', '>90',
    ]);
  });
});
