import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeCoverage,
  DEFAULT_INCLUSION_RULES,
  INCLUSION_CATEGORIES,
  inclusionRulesSchema,
  mobilisationStatus,
  MOBILISATION_STATUSES,
  percentOneDecimal,
  POVERTY_STATUSES,
  type CoverageHousehold,
} from './inclusion.ts';
import { DEFAULT_RULES, parseRuleSetBody } from './rules.ts';
import { periodOf, summariseObservations } from './social-action.ts';

const h = (povertyStatus: string, status: CoverageHousehold['status'], ...categories: string[]): CoverageHousehold => ({ povertyStatus, status, categories });

describe('mobilisation status', () => {
  it('is read from the women’s memberships on the date', () => {
    expect(mobilisationStatus([], '2026-06-01')).toBe('not-yet');
    expect(mobilisationStatus([{ joinedOn: '2026-07-01', leftOn: null }], '2026-06-01')).toBe('not-yet');
    expect(mobilisationStatus([{ joinedOn: '2026-01-01', leftOn: null }], '2026-06-01')).toBe('in-shg');
    expect(mobilisationStatus([{ joinedOn: '2026-01-01', leftOn: '2026-05-01' }], '2026-06-01')).toBe('left');
    // She is still a member on the day she leaves? No: left on 1 June means not a member on 1 June.
    expect(mobilisationStatus([{ joinedOn: '2026-01-01', leftOn: '2026-06-01' }], '2026-06-01')).toBe('left');
    // One woman left, another (a daughter-in-law) joined: the household is in an SHG.
    expect(mobilisationStatus([{ joinedOn: '2025-01-01', leftOn: '2026-02-01' }, { joinedOn: '2026-03-01', leftOn: null }], '2026-06-01')).toBe('in-shg');
  });
});

describe('coverage', () => {
  it('counts the poor and the poorest of the poor, by category, against the default goals', () => {
    const c = computeCoverage([
      h('poorest', 'in-shg', 'sc', 'landless'),
      h('poorest', 'not-yet', 'st'),
      h('poor', 'in-shg', 'minority'),
      h('poor', 'left', 'sc'),
      h('poor', 'in-shg'),
      h('non-poor', 'in-shg', 'sc'),
      h('non-poor', 'not-yet'),
    ]);
    expect(c.households).toBe(7);
    expect(c.poor).toEqual({ total: 5, mobilised: 3, left: 1, notYet: 1, sharePercent: 60 });
    expect(c.poorest).toEqual({ total: 2, mobilised: 1, left: 0, notYet: 1, sharePercent: 50 });
    expect(c.byCategory.map((b) => [b.category, b.total, b.mobilised])).toEqual([
      ['sc', 2, 1],
      ['st', 1, 0],
      ['minority', 1, 1],
      ['landless', 1, 1],
    ]);
    // Goals: of the 4 mobilised households (any status), 2 are SC/ST (50%: met), 1 minority (25%: met), none with a disability.
    expect(c.goals).toEqual([
      { key: 'sc-st', categories: ['sc', 'st'], goalPercent: 50, mobilised: 2, mobilisedTotal: 4, sharePercent: 50, met: true },
      { key: 'minority', categories: ['minority'], goalPercent: 15, mobilised: 1, mobilisedTotal: 4, sharePercent: 25, met: true },
      { key: 'person-with-disability', categories: ['person-with-disability'], goalPercent: 3, mobilised: 0, mobilisedTotal: 4, sharePercent: 0, met: false },
    ]);
  });

  it('compares with a goal exactly: 1 in 3 is below 34% and meets 33%', () => {
    const rows = [h('poor', 'in-shg', 'minority'), h('poor', 'in-shg'), h('poor', 'in-shg')];
    const goals = (minPercent: number) => inclusionRulesSchema.parse({ goals: [{ key: 'm', categories: ['minority'], minPercent }] });
    expect(computeCoverage(rows, goals(33)).goals[0]!.met).toBe(true);
    expect(computeCoverage(rows, goals(34)).goals[0]!.met).toBe(false);
    expect(computeCoverage(rows, goals(34)).goals[0]!.sharePercent).toBe(33.3);
  });

  it('says nothing about a goal while nobody is mobilised', () => {
    const c = computeCoverage([h('poor', 'not-yet', 'sc')]);
    expect(c.goals.every((g) => g.met === null && g.sharePercent === null)).toBe(true);
    expect(computeCoverage([]).poor.sharePercent).toBeNull();
  });

  it('keeps the goals in the dated rule sets, with the national defaults', () => {
    expect(DEFAULT_RULES.inclusion).toEqual(DEFAULT_INCLUSION_RULES);
    expect(DEFAULT_RULES.inclusion.goals.map((g) => [g.key, g.minPercent])).toEqual([['sc-st', 50], ['minority', 15], ['person-with-disability', 3]]);
    const bad = parseRuleSetBody({ inclusion: { goals: [{ key: 'a', categories: ['sc'], minPercent: 120 }, { key: 'a', categories: ['nobody'], minPercent: 5 }] } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.map((p) => p.field).sort()).toEqual(['body.inclusion.goals.0.minPercent', 'body.inclusion.goals.1.categories.0']);
    const dup = parseRuleSetBody({ inclusion: { goals: [{ key: 'a', categories: ['sc'], minPercent: 1 }, { key: 'a', categories: ['st'], minPercent: 5 }] } });
    expect(dup.ok ? [] : dup.problems.map((p) => p.field)).toEqual(['body.inclusion.goals.1.key']);
  });

  it('property: every figure adds up, and shares stay within 0–100', () => {
    const household = fc.record({
      povertyStatus: fc.constantFrom(...POVERTY_STATUSES),
      status: fc.constantFrom(...MOBILISATION_STATUSES),
      categories: fc.uniqueArray(fc.constantFrom(...INCLUSION_CATEGORIES), { maxLength: 4 }),
    });
    fc.assert(
      fc.property(fc.array(household, { maxLength: 60 }), (rows) => {
        const c = computeCoverage(rows);
        const poor = rows.filter((r) => r.povertyStatus !== 'non-poor');
        expect(c.poor.total).toBe(poor.length);
        expect(c.poor.mobilised + c.poor.left + c.poor.notYet).toBe(c.poor.total);
        expect(c.poorest.total).toBeLessThanOrEqual(c.poor.total);
        for (const b of c.byCategory) {
          expect(b.total).toBe(poor.filter((r) => r.categories.includes(b.category)).length);
          expect(b.mobilised).toBeLessThanOrEqual(c.poor.mobilised);
        }
        for (const g of c.goals) {
          expect(g.mobilisedTotal).toBe(rows.filter((r) => r.status === 'in-shg').length);
          if (g.sharePercent !== null) expect(g.sharePercent).toBeGreaterThanOrEqual(0);
          if (g.sharePercent !== null) expect(g.sharePercent).toBeLessThanOrEqual(100);
          if (g.met !== null) expect(g.met).toBe(g.mobilised * 100 >= g.goalPercent * g.mobilisedTotal);
        }
      }),
    );
  });

  it('rounds a display share to one decimal', () => {
    expect(percentOneDecimal(2, 3)).toBe(66.7);
    expect(percentOneDecimal(0, 0)).toBeNull();
  });
});

describe('social action', () => {
  it('names the period of a date: month, calendar quarter, financial year', () => {
    expect(periodOf('2026-03-31', 'month')).toBe('2026-03');
    expect(periodOf('2026-08-15', 'quarter')).toBe('2026-Q3');
    expect(periodOf('2026-03-31', 'year')).toBe('2025-26');
    expect(periodOf('2026-04-01', 'year')).toBe('2026-27');
  });

  it('counts each subject once per period, by her latest observation', () => {
    const rows = summariseObservations(
      [
        { indicator: 'immunisation-child', subjectId: 'h1', observedOn: '2026-07-02', met: false, seq: 1 },
        { indicator: 'immunisation-child', subjectId: 'h1', observedOn: '2026-07-20', met: true, seq: 2 },
        { indicator: 'immunisation-child', subjectId: 'h2', observedOn: '2026-07-20', met: false, seq: 3 },
        { indicator: 'sanitation', subjectId: 'h1', observedOn: '2026-08-01', met: true, seq: 4 },
        { indicator: 'immunisation-child', subjectId: 'h2', observedOn: '2026-08-03', met: true, seq: 5 },
      ],
      'month',
    );
    expect(rows.map((r) => [r.period, r.indicator, r.set, r.observed, r.met, r.sharePercent])).toEqual([
      ['2026-07', 'immunisation-child', 'immunisation', 2, 1, 50],
      ['2026-08', 'immunisation-child', 'immunisation', 1, 1, 100],
      ['2026-08', 'sanitation', 'sanitation', 1, 1, 100],
    ]);
  });
});
