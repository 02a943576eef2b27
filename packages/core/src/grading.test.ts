import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from './dates.ts';
import { gradeFromMeasures, gradeOf, gradeShg, stageTiming, type Measure } from './grading.ts';
import type { GroupLoan } from './meeting.ts';
import type { MeetingRecord, ShgRecords } from './readiness.ts';
import { DEFAULT_RULES, INDICATOR_KEYS, parseRuleSetBody, type IndicatorKey, type RuleSet, type RuleSetBodyInput } from './rules.ts';

const rules = (body: RuleSetBodyInput = {}) => {
  const r = parseRuleSetBody(body);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
};

const FORMED = '2026-01-05';
const AS_OF = '2026-04-27';
const flexible = { kind: 'flexible', ratePercentPerMonth: '2', period: 'monthly' } as const;

function loan(id: string, principalPaise: number, disbursedOn: string, repayments: Array<[string, number]> = []): GroupLoan {
  return {
    definition: { id, memberId: 'm0', principalPaise, disbursedOn, terms: { ...flexible } },
    events: [
      { id: `${id}-d`, type: 'disbursement', date: disbursedOn, amountPaise: principalPaise },
      ...repayments.map(([date, amountPaise], i) => ({ id: `${id}-r${i}`, type: 'repayment' as const, date, amountPaise })),
    ],
  };
}

/**
 * Four members, Rs 10 a week, graded over 3 months (12 weekly periods, 9 Feb - 27 Apr):
 * no meeting on 16 Mar; two meetings with one member absent; one meeting a member did not save;
 * two meetings recorded late; Rs 300 lent; Rs 4 of Rs 8 interest due repaid.
 */
function durga(): ShgRecords {
  const meetings: MeetingRecord[] = [];
  for (let d = FORMED; d <= AS_OF; d = addDays(d, 7)) {
    if (d === '2026-03-16') continue;
    meetings.push({
      date: d,
      present: d === '2026-02-23' || d === '2026-04-06' ? 3 : 4,
      members: 4,
      savingsDuePaise: 4000,
      savingsCollectedPaise: d === '2026-03-30' ? 3000 : 4000,
      voluntarySavingsPaise: 0,
      recordedOn: d === '2026-03-02' ? addDays(d, 10) : d === '2026-04-20' ? addDays(d, 8) : addDays(d, 1),
    });
  }
  return {
    id: 'shg-durga',
    name: 'SHG Durga',
    formedOn: FORMED,
    meetingFrequency: 'weekly',
    compulsorySavingsPaise: 1000,
    groupType: 'regular',
    preExisting: false,
    members: [0, 1, 2, 3].map((i) => ({ id: `m${i}`, joinedOn: FORMED, leftOn: null, povertyStatus: 'poor' as const })),
    meetings,
    loans: [
      loan('goat', 20000, '2026-03-02', [['2026-04-06', 400]]), // 2% of Rs 200 = Rs 4 due on 2 Apr, paid
      loan('seed', 10000, '2026-02-09'), // Rs 2 due on 9 Mar and on 9 Apr, unpaid
      loan('old', 5000, '2026-01-12', [['2026-01-26', 5000]]), // lent before the window, repaid before it
    ],
    trainings: [],
  };
}

const v1: RuleSet = { id: 'rs1', version: 1, effectiveFrom: '2026-01-01', body: rules({ grading: { windowMonths: 3 } }) };

describe('grading an SHG from its records', () => {
  it('explains every indicator with its exact figures, and the score is their sum', () => {
    const g = gradeShg(durga(), AS_OF, v1, 'before-cif');
    expect(g.window).toEqual({ from: '2026-02-03', through: AS_OF });
    expect(g.indicators.map((i) => [i.key, i.norm, i.numerator, i.denominator, i.percent, i.points, i.explanation])).toEqual([
      ['meetings', 'meetings', 11, 12, '91.67', '18.33', '11 of 12 weekly meetings held (91.67%): 18.33 of 20 points'],
      ['attendance', 'meetings', 42, 44, '95.45', '9.54', '42 of 44 member attendances at 11 meetings (95.45%): 9.54 of 10 points'],
      ['savings', 'savings', 43000, 48000, '89.58', '17.91', 'Rs 430.00 of Rs 480.00 compulsory savings due in 12 weekly periods collected (89.58%): 17.91 of 20 points'],
      ['lending', 'lending', 30000, 43000, '69.77', '13.08', 'Rs 300.00 lent to members against Rs 430.00 saved (69.77%, full marks at 80%): 13.08 of 15 points'],
      ['repayment', 'repayment', 400, 800, '50.00', '10.00', 'Rs 4.00 of Rs 8.00 due on internal loans repaid (50.00%): 10.00 of 20 points'],
      ['books', 'books', 9, 11, '81.82', '12.27', '9 of 11 meetings in the books within 7 days (81.82%): 12.27 of 15 points'],
    ]);
    expect(g.score).toBe('81.13');
    expect(g.scoreHundredths).toBe(1833 + 954 + 1791 + 1308 + 1000 + 1227);
    expect(g.grade).toBe('B');
    expect(g.gradeExplanation).toBe('81.13 of 100 points: grade B (75 to 85)');
    expect(g.bankCreditEligible).toBe(true);
    expect(g.panchasutra.score).toBe(2);
    expect(g.panchasutra.norms.map((n) => [n.norm, n.met])).toEqual([
      ['meetings', true],
      ['savings', false],
      ['lending', true],
      ['repayment', false],
      ['books', false],
    ]);
    expect(g.panchasutra.norms[1]!.explanation).toBe('Rs 430.00 of Rs 480.00 compulsory savings due in 12 weekly periods collected (89.58%): not met, the norm is 90%');
    expect(g.ruleSet).toEqual({ id: 'rs1', version: 1, effectiveFrom: '2026-01-01' });
    expect(g.stage).toEqual({ stage: 'before-cif', from: '2026-07-05', to: '2026-10-05', timing: 'early' });
  });

  it('the rule set decides weights and cut-offs: the same records, another grade', () => {
    const strict: RuleSet = { id: 'rs2', version: 2, effectiveFrom: '2026-04-01', body: rules({ grading: { windowMonths: 3, cutoffs: { aAbove: 90, bFrom: 82 } } }) };
    const g = gradeShg(durga(), AS_OF, strict);
    expect([g.score, g.grade, g.bankCreditEligible, g.ruleSet.version]).toEqual(['81.13', 'C', true, 2]);
  });

  it('nothing due on loans earns the repayment marks; no meetings earn nothing', () => {
    const g = gradeShg({ ...durga(), loans: [], meetings: [] }, AS_OF, v1);
    const by = Object.fromEntries(g.indicators.map((i) => [i.key, i]));
    expect(by.repayment!.explanation).toBe('nothing fell due on internal loans (nothing to measure: full marks): 20.00 of 20 points');
    expect(by.books!.points).toBe('0.00');
    expect(g.score).toBe('20.00');
    expect(g.grade).toBe('C');
    expect(g.panchasutra.norms.filter((n) => n.met).map((n) => n.norm)).toEqual(['repayment']);
  });

  it('a young group is graded over its life only', () => {
    const g = gradeShg(durga(), '2026-02-02', { ...v1, body: DEFAULT_RULES });
    expect(g.window).toEqual({ from: FORMED, through: '2026-02-02' });
    expect(g.indicators[0]!.explanation).toBe('5 of 5 weekly meetings held (100.00%): 20.00 of 20 points');
    expect(g.stage).toBeNull();
  });

  it('stage timing: before RF 3-4 months after formation', () => {
    expect(stageTiming(FORMED, '2026-04-20', 'before-rf', DEFAULT_RULES)).toEqual({ stage: 'before-rf', from: '2026-04-05', to: '2026-05-05', timing: 'on-time' });
    expect(stageTiming(FORMED, '2026-06-01', 'before-rf', DEFAULT_RULES)!.timing).toBe('late');
  });
});

describe('grade bands', () => {
  it('A above 85, B from 75 to 85, C below 75 by default', () => {
    expect(gradeOf(8501, DEFAULT_RULES)).toBe('A');
    expect(gradeOf(8500, DEFAULT_RULES)).toBe('B');
    expect(gradeOf(7500, DEFAULT_RULES)).toBe('B');
    expect(gradeOf(7499, DEFAULT_RULES)).toBe('C');
  });
});

describe('properties of the score', () => {
  const measureArb = fc
    .record({ den: fc.integer({ min: 0, max: 1_000_000 }), share: fc.integer({ min: 0, max: 1500 }), empty: fc.constantFrom('zero' as const, 'full' as const) })
    .map(({ den, share, empty }): Measure => ({ numerator: Math.floor((den * share) / 1000), denominator: den, unit: 'paise', whenEmpty: empty, text: 'x' }));
  const measuresArb = fc.record(Object.fromEntries(INDICATOR_KEYS.map((k) => [k, measureArb])) as Record<IndicatorKey, fc.Arbitrary<Measure>>);
  const rank = { A: 3, B: 2, C: 1 } as const;

  it('is the sum of the points, between 0 and 100, and its grade follows the cut-offs', () => {
    fc.assert(
      fc.property(measuresArb, (m) => {
        const g = gradeFromMeasures(m, DEFAULT_RULES);
        const sum = g.indicators.reduce((t, i) => t + i.pointsHundredths, 0);
        return sum === g.scoreHundredths && sum >= 0 && sum <= 10000 && g.indicators.every((i) => i.pointsHundredths <= i.weight * 100) && g.grade === gradeOf(sum, DEFAULT_RULES);
      }),
      { seed: 7 },
    );
  });

  it('is monotone in each indicator: doing better on one never lowers the score, the grade or the Panchasutra', () => {
    fc.assert(
      fc.property(measuresArb, fc.constantFrom(...INDICATOR_KEYS), fc.integer({ min: 1, max: 1_000_000 }), (m, key, more) => {
        const better = { ...m, [key]: { ...m[key], numerator: m[key].numerator + more } };
        const a = gradeFromMeasures(m, DEFAULT_RULES);
        const b = gradeFromMeasures(better, DEFAULT_RULES);
        return b.scoreHundredths >= a.scoreHundredths && rank[b.grade] >= rank[a.grade] && b.panchasutra.score >= a.panchasutra.score;
      }),
      { seed: 11 },
    );
  });

  it('from the records: collecting more savings at a meeting never lowers the savings points', () => {
    const base = durga();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: base.meetings.length - 1 }), fc.integer({ min: 0, max: 4000 }), fc.integer({ min: 1, max: 4000 }), (i, collected, more) => {
        const at = (paid: number) => ({ ...base, meetings: base.meetings.map((m, j) => (j === i ? { ...m, savingsCollectedPaise: paid } : m)) });
        const a = gradeShg(at(collected), AS_OF, v1);
        const b = gradeShg(at(Math.min(4000, collected + more)), AS_OF, v1);
        // (Lending is measured against what was saved, so its share may fall: money saved and not lent is idle.)
        return b.indicators[2]!.pointsHundredths >= a.indicators[2]!.pointsHundredths;
      }),
      { seed: 3, numRuns: 50 },
    );
  });
});
