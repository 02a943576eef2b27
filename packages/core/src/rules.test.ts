import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from './dates.ts';
import { BUILT_IN_RULE_SET, DEFAULT_RULES, parseRuleSetBody, ruleSetInForce, ruleSetLabel, type RuleSet } from './rules.ts';

const version = (version: number, effectiveFrom: string, body = DEFAULT_RULES): RuleSet => ({ id: `rs-${version}`, version, effectiveFrom, body });

describe('rule set body', () => {
  it('holds the defaults of DOMAIN.md', () => {
    expect(DEFAULT_RULES.voFormation).toMatchObject({ minShgs: 8, minMembersPerShg: 10, savingsFrequency: 'weekly', trainingModule: 'vo-concepts' });
    expect(DEFAULT_RULES.functional.windowMonths).toBe(3);
    expect(DEFAULT_RULES.clfFormation).toMatchObject({ minVos: 15, maxVos: 20, minShgsPerVo: 12, maxShgsPerVo: 15, ecMeetingMonths: 24, trainingModule: 'clf-concepts' });
    expect(DEFAULT_RULES.preExistingShg.minPoorMemberPercent).toBe(80);
    expect(DEFAULT_RULES.funds).toEqual({
      revolvingFund: { minPaise: 1_000_000, maxPaise: 1_500_000, fromMonths: 3, toMonths: 6, minGrade: 'B' },
      cifPerMemberPaise: 300_000,
      voStartUpFundPaise: 2_500_000,
      releaseApprovalAbovePaise: 0, // every release needs a second person
      leaving: { shareCapitalRefundPercent: 100, membershipFeeRefundPercent: 0 },
    });
    expect(DEFAULT_RULES.bankLinkage.collateralFreeLimitPaise).toBe(200_000_000); // Rs 20 lakh
    expect(DEFAULT_RULES.bankLinkage.subvention).toEqual({ interestRatePercent: '7', upToPaise: 30_000_000, promptRepaymentPercent: '3' });
    expect(DEFAULT_RULES.grading.cutoffs).toEqual({ aAbove: 85, bFrom: 75 });
    expect(DEFAULT_RULES.grading.bankCreditMinScore).toBe(75);
    expect(DEFAULT_RULES.grading.stages).toEqual({ beforeRf: { fromMonths: 3, toMonths: 4 }, beforeCif: { fromMonths: 6, toMonths: 9 } });
    const weights = Object.values(DEFAULT_RULES.grading.indicators).reduce((t, i) => t + i.weight, 0);
    expect(weights).toBe(100);
  });

  it('completes a partial body with the defaults (Assam: 70% poor members)', () => {
    const r = parseRuleSetBody({ preExistingShg: { minPoorMemberPercent: 70 }, grading: { cutoffs: { aAbove: 80 } } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.preExistingShg.minPoorMemberPercent).toBe(70);
    expect(r.value.grading.cutoffs).toEqual({ aAbove: 80, bFrom: 75 });
    expect(r.value.voFormation).toEqual(DEFAULT_RULES.voFormation);
  });

  it('refuses unknown rules, bad values and inconsistent ones, naming each field', () => {
    const r = parseRuleSetBody({
      functional: { windowMonth: 3 },
      voFormation: { minShgs: 0 },
      preExistingShg: { minPoorMemberPercent: 80.5 },
      grading: { indicators: { books: { weight: 20 } }, cutoffs: { aAbove: 70 } },
      bankLinkage: { doses: [{ dose: 2, corpusMultiple: 6, minPaise: 1 }] },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.field).sort()).toEqual([
      'body.bankLinkage.doses.0.dose',
      'body.functional',
      'body.grading.cutoffs.bFrom',
      'body.grading.indicators',
      'body.preExistingShg.minPoorMemberPercent',
      'body.voFormation.minShgs',
    ]);
    expect(r.problems.every((p) => p.code === 'VALIDATION_FAILED')).toBe(true);
  });
});

describe('rule set in force on a date', () => {
  const v1 = version(1, '2026-01-01');
  const v2 = version(2, '2026-06-01');
  const v3 = version(3, '2026-06-01');
  const future = version(4, '2027-01-01');

  it('is the latest version effective on or before the date', () => {
    expect(ruleSetInForce([v1, v2, future], '2026-05-31').version).toBe(1);
    expect(ruleSetInForce([v1, v2, future], '2026-06-01').version).toBe(2);
    expect(ruleSetInForce([future, v2, v1], '2026-12-31').version).toBe(2);
    expect(ruleSetInForce([v1, v2, future], '2027-01-01').version).toBe(4);
  });

  it('of two versions from the same day, the later definition wins', () => {
    expect(ruleSetInForce([v3, v1, v2], '2026-07-01').version).toBe(3);
  });

  it('before any version, the built-in defaults (version 0)', () => {
    expect(ruleSetInForce([v1], '2025-12-31')).toBe(BUILT_IN_RULE_SET);
    expect(ruleSetInForce([], '2026-01-01').version).toBe(0);
    expect(ruleSetLabel(BUILT_IN_RULE_SET)).toBe('v0 (built-in defaults)');
    expect(ruleSetLabel(v2)).toBe('v2 (from 2026-06-01)');
  });

  it('property: never a version from after the date, and none newer on or before it', () => {
    const day = fc.integer({ min: 0, max: 400 }).map((n) => addDays('2026-01-01', n));
    fc.assert(
      fc.property(fc.array(day, { maxLength: 8 }), day, (dates, on) => {
        const sets = dates.map((d, i) => version(i + 1, d));
        const chosen = ruleSetInForce(sets, on);
        const eligible = sets.filter((s) => s.effectiveFrom <= on);
        if (eligible.length === 0) return chosen.version === 0;
        const latest = eligible.reduce((a, b) => (b.effectiveFrom > a.effectiveFrom || (b.effectiveFrom === a.effectiveFrom && b.version > a.version) ? b : a));
        return chosen === latest && chosen.effectiveFrom <= on;
      }),
      { seed: 20260101 },
    );
  });
});
