import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assessEligibility,
  completedMonths,
  corpusOf,
  doseLimit,
  overdueOn,
  pendencyOf,
  promptPayee,
  sanctionProblems,
  subventionForPeriod,
  type BankLoanRecord,
  type EligibilityInput,
} from './bank-linkage.ts';
import { addDays, addMonths, daysBetween } from './dates.ts';
import { BUILT_IN_RULE_SET, DEFAULT_RULES, parseRuleSetBody, type RuleSet } from './rules.ts';

const LAKH = 100_000_00;
const rules = (body: object, version = 1, effectiveFrom = '2026-01-01'): RuleSet => {
  const parsed = parseRuleSetBody(body);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return { id: `rs-${version}`, version, effectiveFrom, body: parsed.value };
};

/** A term loan of `principal` at `rate`, 12 monthly instalments of `emi` (interest-only split irrelevant here). */
function termLoan(principal: number, rate: string, payments: Array<[string, number, number]> = [], disbursedOn = '2026-01-01'): BankLoanRecord {
  return {
    id: 'loan-1',
    kind: 'term-loan',
    disbursedOn,
    annualRatePercent: rate,
    schedule: Array.from({ length: 12 }, (_, i) => ({ n: i + 1, dueOn: addMonths(disbursedOn, i + 1), principalPaise: principal / 12, interestPaise: 1000_00, totalPaise: principal / 12 + 1000_00 })),
    drawingPowerPaise: null,
    movements: [{ date: disbursedOn, drawnPaise: principal, principalRepaidPaise: 0, interestPaidPaise: 0 }, ...payments.map(([date, p, i]) => ({ date, drawnPaise: 0, principalRepaidPaise: p, interestPaidPaise: i }))],
  };
}

describe('age, corpus and dose', () => {
  it('counts whole calendar months', () => {
    expect(completedMonths('2026-01-05', '2026-07-04')).toBe(5);
    expect(completedMonths('2026-01-05', '2026-07-05')).toBe(6);
    expect(completedMonths('2026-01-31', '2026-02-28')).toBe(1);
    expect(completedMonths('2026-03-01', '2026-02-01')).toBe(0);
    expect(completedMonths('2020-01-01', '2026-01-01')).toBe(72);
  });

  it('the corpus is savings + interest earned + Revolving Fund, from credit balances', () => {
    const c = corpusOf(
      new Map([
        ['liabilities:savings:compulsory', -20_000_00],
        ['liabilities:savings:voluntary', -2_000_00],
        ['income:interest:member-loans', -1_500_00],
        ['income:interest:bank', -500_00],
        ['equity:revolving-fund', -15_000_00],
        ['assets:bank', 39_000_00],
      ]),
    );
    expect(c).toEqual({ savingsPaise: 22_000_00, interestPaise: 2_000_00, revolvingFundPaise: 15_000_00, corpusPaise: 39_000_00 });
  });

  it('sets each dose’s ceiling by the rule that decides it', () => {
    // 1st dose: 6 x corpus, at least Rs 1.5 lakh.
    expect(doseLimit(0, 39_000_00, DEFAULT_RULES)).toMatchObject({ dose: 1, limitPaise: 6 * 39_000_00, basis: 'corpus-multiple', rule: 'bankLinkage.doses.0.corpusMultiple' });
    expect(doseLimit(0, 10_000_00, DEFAULT_RULES)).toMatchObject({ dose: 1, limitPaise: 1.5 * LAKH, basis: 'dose-minimum', rule: 'bankLinkage.doses.0.minPaise' });
    // 2nd dose: 8 x corpus, at least Rs 3 lakh.
    expect(doseLimit(1, 50_000_00, DEFAULT_RULES)).toMatchObject({ dose: 2, limitPaise: 4 * LAKH, basis: 'corpus-multiple', rule: 'bankLinkage.doses.1.corpusMultiple' });
    // 3rd dose: by the Micro Credit Plan, up to the collateral-free limit; the 6th uses the last dose defined.
    expect(doseLimit(2, 1, DEFAULT_RULES)).toMatchObject({ dose: 3, limitPaise: 20 * LAKH, basis: 'collateral-free-limit' });
    expect(doseLimit(5, 1, DEFAULT_RULES)).toMatchObject({ dose: 6, limitPaise: 20 * LAKH });
    // Never above the collateral-free limit.
    expect(doseLimit(0, 5 * LAKH, DEFAULT_RULES)).toMatchObject({ limitPaise: 20 * LAKH, rule: 'bankLinkage.collateralFreeLimitPaise' });
    expect(doseLimit(0, 39_000_00, DEFAULT_RULES).explanation).toBe('1st dose: 6 x corpus Rs 39,000.00 = Rs 2,34,000.00');
  });
});

describe('eligibility', () => {
  const base: EligibilityInput = {
    date: '2026-08-01',
    formedOn: '2026-01-05',
    product: 'term-loan',
    amountRequestedPaise: 2 * LAKH,
    panchasutra: { score: 5, norms: [] },
    latestGrading: { id: 'g1', asOf: '2026-07-01', score: '81.50', grade: 'B' },
    corpus: { savingsPaise: 39_000_00, interestPaise: 0, revolvingFundPaise: 0, corpusPaise: 39_000_00 },
    previousBankLoans: 0,
    bankOverdues: [],
  };

  it('an eligible group: every check met, stored with the rule set version', () => {
    const v = assessEligibility(base, rules({}, 3));
    expect(v.eligible).toBe(true);
    expect(v.reasons).toEqual([]);
    expect(v.checks.map((c) => c.rule)).toEqual([
      'bankLinkage.eligibility.minAgeMonths',
      'bankLinkage.eligibility.minPanchasutraScore',
      'grading.bankCreditMinScore',
      'bankLinkage.eligibility.noOverdueToBank',
      'bankLinkage.doses.0.corpusMultiple',
    ]);
    expect(v.ruleSet).toEqual({ id: 'rs-3', version: 3, effectiveFrom: '2026-01-01', label: 'v3 (from 2026-01-01)' });
    expect(v.dose).toMatchObject({ dose: 1, limitPaise: 2_34_000_00 });
  });

  it('names the rule of every shortfall', () => {
    const v = assessEligibility(
      {
        ...base,
        date: '2026-05-01',
        panchasutra: { score: 3, norms: [{ norm: 'meetings', met: true }, { norm: 'lending', met: false }, { norm: 'books', met: false }] },
        latestGrading: { id: 'g1', asOf: '2026-04-01', score: '74.99', grade: 'C' },
        bankOverdues: [{ loanId: 'x', overduePaise: 1_200_00, since: '2026-03-01' }],
        amountRequestedPaise: 3 * LAKH,
      },
      BUILT_IN_RULE_SET,
    );
    expect(v.eligible).toBe(false);
    expect(v.reasons.map((r) => [r.rule, r.message])).toEqual([
      ['bankLinkage.eligibility.minAgeMonths', 'the group is 3 months old (formed on 2026-01-05); at least 6 months needed'],
      ['bankLinkage.eligibility.minPanchasutraScore', 'Panchasutra: 3 of 5 norms met (not met: lending, books); at least 5 needed'],
      ['grading.bankCreditMinScore', 'latest signed-off grading (2026-04-01): 74.99 points, grade C; at least 75 needed for bank credit'],
      ['bankLinkage.eligibility.noOverdueToBank', 'Rs 1,200.00 overdue to the bank on 1 loan since 2026-03-01'],
      ['bankLinkage.doses.0.corpusMultiple', 'Rs 3,00,000.00 requested is more than the limit of Rs 2,34,000.00 (1st dose: 6 x corpus Rs 39,000.00 = Rs 2,34,000.00)'],
    ]);
  });

  it('a missing or stale grading names the validity rule; rules can relax a check', () => {
    const none = assessEligibility({ ...base, latestGrading: null }, BUILT_IN_RULE_SET);
    expect(none.reasons.map((r) => r.rule)).toEqual(['bankLinkage.eligibility.gradingValidMonths']);
    const stale = assessEligibility({ ...base, latestGrading: { id: 'g', asOf: '2025-07-31', score: '90', grade: 'A' } }, BUILT_IN_RULE_SET);
    expect(stale.reasons[0]!.message).toBe('the latest signed-off grading (2025-07-31) is older than 12 months');
    const relaxed = assessEligibility({ ...base, bankOverdues: [{ loanId: 'x', overduePaise: 5, since: null }] }, rules({ bankLinkage: { eligibility: { noOverdueToBank: false } } }));
    expect(relaxed.eligible).toBe(true);
  });

  it('a rule set stored before the eligibility rules existed reads them at their defaults', () => {
    const { eligibility: _e, promptPayee: _p, ...oldBankLinkage } = DEFAULT_RULES.bankLinkage;
    const old = { ...BUILT_IN_RULE_SET, version: 1, body: { ...DEFAULT_RULES, bankLinkage: oldBankLinkage } } as unknown as RuleSet;
    expect(assessEligibility({ ...base, formedOn: '2026-06-01' }, old).reasons.map((r) => r.params)).toEqual([{ ageMonths: 2, minAgeMonths: 6, formedOn: '2026-06-01' }]);
  });

  it('a sanction above the dose limit needs a reason', () => {
    expect(sanctionProblems(2 * LAKH, 2 * LAKH, undefined)).toEqual([]);
    expect(sanctionProblems(2 * LAKH, 2 * LAKH + 1, undefined)).toMatchObject([{ code: 'CREDIT_LIMIT_EXCEEDED', field: 'sanctionedPaise', params: { doseLimitPaise: 2 * LAKH } }]);
    expect(sanctionProblems(2 * LAKH, 3 * LAKH, '  ')).toHaveLength(1);
    expect(sanctionProblems(2 * LAKH, 3 * LAKH, 'bank assessed the MCP')).toEqual([]);
  });
});

describe('pendency', () => {
  it('buckets pending applications by days since submission', () => {
    const at = (submittedOn: string, status: 'submitted' | 'sanctioned' | 'rejected' | 'disbursed' = 'submitted') => pendencyOf({ status, submittedOn }, '2026-10-31');
    expect(at('2026-10-16')).toEqual({ ageDays: 15, bucket: '0-15' });
    expect(at('2026-10-15')).toEqual({ ageDays: 16, bucket: '16-30' });
    expect(at('2026-10-01', 'sanctioned')).toEqual({ ageDays: 30, bucket: '16-30' });
    expect(at('2026-09-30')).toEqual({ ageDays: 31, bucket: '31-60' });
    expect(at('2026-09-01')).toEqual({ ageDays: 60, bucket: '31-60' });
    expect(at('2026-08-31')).toEqual({ ageDays: 61, bucket: 'over-60' });
    expect(at('2026-01-01', 'rejected')).toBeNull();
    expect(at('2026-01-01', 'disbursed')).toBeNull();
  });
});

describe('prompt payee and overdue', () => {
  const emi = LAKH / 12 + 1000_00;
  it('on time, or within the grace days, is prompt; later is not, and names the instalment', () => {
    const onTime = termLoan(LAKH, '12', [['2026-02-01', LAKH / 12, 1000_00], ['2026-03-01', LAKH / 12, 1000_00]]);
    expect(promptPayee(onTime, '2026-01-01', '2026-03-31', '2026-03-31', 30)).toMatchObject({ prompt: true, late: [] });
    const graceLate = termLoan(LAKH, '12', [['2026-02-01', LAKH / 12, 1000_00], ['2026-03-31', LAKH / 12, 1000_00]]);
    expect(promptPayee(graceLate, '2026-01-01', '2026-03-31', '2026-03-31', 30).prompt).toBe(true);
    const v = promptPayee(graceLate, '2026-01-01', '2026-04-30', '2026-04-30', 10);
    expect(v.prompt).toBe(false);
    expect(v.late.map((l) => [l.n, l.coveredOn, l.daysLate])).toEqual([
      [2, '2026-03-31', 30],
      [3, null, 29],
    ]);
    expect(v.explanation).toBe('instalment 2 due on 2026-03-01 was paid on 2026-03-31, 30 days after its due date (allowed 10); 1 more instalment late');
    // Late in January–March does not spoil July–September once caught up.
    const caughtUp = termLoan(LAKH, '12', [['2026-03-31', 2 * (LAKH / 12), 2000_00], ...Array.from({ length: 6 }, (_, i) => [addMonths('2026-04-01', i), LAKH / 12, 1000_00] as [string, number, number])]);
    expect(promptPayee(caughtUp, '2026-07-01', '2026-09-30', '2026-09-30', 0).prompt).toBe(true);
    expect(promptPayee(caughtUp, '2026-01-01', '2026-03-31', '2026-03-31', 0).prompt).toBe(false);
    expect(overdueOn(caughtUp, '2026-03-15')).toEqual({ overduePaise: 2 * emi, since: '2026-02-01' });
    expect(overdueOn(caughtUp, '2026-04-01')).toEqual({ overduePaise: 0, since: null });
  });

  it('a cash credit is prompt unless drawn above the drawing power longer than the grace days', () => {
    const cc: BankLoanRecord = {
      id: 'cc',
      kind: 'cash-credit',
      disbursedOn: '2026-01-01',
      annualRatePercent: '10',
      schedule: null,
      drawingPowerPaise: LAKH,
      movements: [
        { date: '2026-01-01', drawnPaise: LAKH, principalRepaidPaise: 0, interestPaidPaise: 0 },
        { date: '2026-02-01', drawnPaise: 10_00, principalRepaidPaise: 0, interestPaidPaise: 0 },
        { date: '2026-02-06', drawnPaise: 0, principalRepaidPaise: 10_00, interestPaidPaise: 0 },
      ],
    };
    expect(promptPayee(cc, '2026-01-01', '2026-03-31', '2026-03-31', 30)).toMatchObject({ prompt: true, daysOverDrawingPower: 5 });
    expect(promptPayee(cc, '2026-01-01', '2026-03-31', '2026-03-31', 4)).toMatchObject({ prompt: false, daysOverDrawingPower: 5 });
    expect(overdueOn(cc, '2026-02-03')).toEqual({ overduePaise: 10_00, since: '2026-02-03' });
  });
});

describe('interest subvention', () => {
  it('figures to the paisa for Rs 1 lakh at 12% over 30 days', () => {
    const loan = termLoan(LAKH, '12', [], '2026-01-01');
    loan.schedule = []; // nothing due: prompt
    const f = subventionForPeriod(loan, [], '2026-01-01', '2026-01-30', '2026-01-30');
    // 1,00,000 x 12% x 30/365 = 986.30137 -> Rs 986.30; above 7%: 5% -> 410.95890 -> Rs 410.96; 8% -> 657.53425 -> Rs 657.53
    expect(f).toMatchObject({ days: 30, outstandingAtEndPaise: LAKH, interestChargedPaise: 98630, subventionPaise: 41096, interestAtSubventedRatePaise: 57534, promptExtraPaise: 24657, claimablePaise: 65753 });
    expect(f.prompt.prompt).toBe(true);
  });

  it('accrues from disbursal on the end-of-day balance; only the first Rs 3 lakh earns subvention', () => {
    const big = termLoan(6 * LAKH, '10', [['2026-01-11', 3 * LAKH, 0]], '2026-01-01');
    big.schedule = [];
    const f = subventionForPeriod(big, [], '2025-12-01', '2026-01-20', '2026-01-20');
    // 10 days on 6 lakh + 10 days on 3 lakh (1 Jan..10 Jan, 11 Jan..20 Jan) = 90 lakh-days at 10%
    expect(f.days).toBe(20);
    expect(f.interestChargedPaise).toBe(Math.round((6 * LAKH * 10 + 3 * LAKH * 10) * 10 / 36500));
    // subvention on min(outstanding, 3 lakh) for 20 days at 3%
    expect(f.subventionPaise).toBe(Math.round((3 * LAKH * 20 * 3) / 36500));
    // prompt extra 3% on the same base
    expect(f.claimablePaise).toBe(Math.round((3 * LAKH * 20 * 6) / 36500));
  });

  it('no extra for a late payer; none at all at or below 7%', () => {
    const late = termLoan(LAKH, '11', [], '2026-01-01');
    const f = subventionForPeriod(late, [], '2026-01-01', '2026-03-31', '2026-03-31');
    expect(f.prompt.prompt).toBe(false);
    expect(f.promptExtraPaise).toBe(0);
    expect(f.claimablePaise).toBe(f.subventionPaise);
    const cheap = termLoan(LAKH, '7', [], '2026-01-01');
    cheap.schedule = [];
    const c = subventionForPeriod(cheap, [], '2026-01-01', '2026-01-31', '2026-01-31');
    expect([c.subventionPaise, c.interestAtSubventedRatePaise === c.interestChargedPaise]).toEqual([0, true]);
    expect(c.promptExtraPaise).toBe(Math.round((LAKH * 31 * 3) / 36500));
  });

  it('uses the rule set in force on each day', () => {
    const loan = termLoan(LAKH, '12', [], '2026-01-01');
    loan.schedule = [];
    const sets = [rules({ bankLinkage: { subvention: { interestRatePercent: '9' } } }, 1, '2026-01-16')];
    const f = subventionForPeriod(loan, sets, '2026-01-01', '2026-01-30', '2026-01-30');
    // 15 days above 7% (5%), then 15 days above 9% (3%)
    expect(f.subventionPaise).toBe(Math.round((LAKH * (15 * 5 + 15 * 3)) / 36500));
    expect(f.ruleSets).toEqual([
      { version: 0, label: 'v0 (built-in defaults)' },
      { version: 1, label: 'v1 (from 2026-01-16)' },
    ]);
  });

  it('property: never negative, never above the interest charged; 7% part + subvention = charged (loans up to Rs 3 lakh)', () => {
    const rate = fc.integer({ min: 0, max: 2400 }).map((h) => `${Math.trunc(h / 100)}.${String(h % 100).padStart(2, '0')}`);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 * LAKH }),
        rate,
        fc.array(fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 50_000_00 }), fc.integer({ min: 0, max: 5_000_00 })), { maxLength: 8 }),
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 1, max: 120 }),
        fc.boolean(),
        (principal, r, pays, startOffset, length, onTime) => {
          const loan = termLoan(principal, r, [], '2026-01-01');
          let left = principal;
          loan.movements = [
            ...loan.movements,
            ...pays.map(([day, p, i]) => {
              const paid = Math.min(p, left);
              left -= paid;
              return { date: addDays('2026-01-01', day), drawnPaise: 0, principalRepaidPaise: paid, interestPaidPaise: i };
            }),
          ];
          if (onTime) loan.schedule = [];
          const from = addDays('2026-01-01', startOffset);
          const to = addDays(from, length - 1);
          const f = subventionForPeriod(loan, [], from, to, to);
          expect(f.subventionPaise).toBeGreaterThanOrEqual(0);
          expect(f.promptExtraPaise).toBeGreaterThanOrEqual(0);
          expect(f.subventionPaise).toBeLessThanOrEqual(f.interestChargedPaise);
          expect(f.claimablePaise).toBeLessThanOrEqual(f.interestChargedPaise);
          expect(f.interestAtSubventedRatePaise + f.subventionPaise).toBe(f.interestChargedPaise);
          if (Number(r) >= 7) {
            // Within the ceiling the group's part is interest at 7%, to the paisa (one rounding apart).
            let sevenExact = 0;
            for (let d = from; daysBetween(d, to) >= 0; d = addDays(d, 1)) {
              if (daysBetween('2026-01-01', d) < 0) continue;
              const o = loan.movements.filter((m) => daysBetween(m.date, d) >= 0).reduce((t, m) => t + m.drawnPaise - m.principalRepaidPaise, 0);
              sevenExact += (o * 7) / 36500;
            }
            expect(Math.abs(f.interestAtSubventedRatePaise - sevenExact)).toBeLessThanOrEqual(1.01);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
