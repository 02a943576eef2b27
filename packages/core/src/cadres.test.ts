import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeHonorarium, honorariumRuleFor, monthBounds, reviewFigures, type AssignmentSpan, type HonorariumRule } from './cadres.ts';

const rule = (over: Partial<HonorariumRule>): HonorariumRule => ({ id: 'r', payerId: 'vo', cadreType: 'bookkeeper', effectiveFrom: '2025-01-01', fixedMonthlyPaise: 0, perGroupPaise: 0, perMeetingPaise: 0, ...over });
const shg = (id: string, from: string, to: string | null = null): AssignmentSpan => ({ institutionId: id, institutionKind: 'shg', institutionName: id, from, to });

describe('honorarium rules', () => {
  it('the version in force for a month is the latest effective on or before its last day', () => {
    const rules = [rule({ id: 'a', effectiveFrom: '2025-01-01' }), rule({ id: 'b', effectiveFrom: '2025-03-15' }), rule({ id: 'c', effectiveFrom: '2025-03-15', cadreType: 'crp' })];
    expect(honorariumRuleFor(rules, 'vo', 'bookkeeper', '2025-02')?.id).toBe('a');
    expect(honorariumRuleFor(rules, 'vo', 'bookkeeper', '2025-03')?.id).toBe('b');
    expect(honorariumRuleFor(rules, 'vo', 'bookkeeper', '2024-12')).toBeNull();
    expect(honorariumRuleFor(rules, 'other', 'bookkeeper', '2025-03')).toBeNull();
    expect(monthBounds('2024-02')).toEqual({ first: '2024-02-01', last: '2024-02-29' });
  });

  it('fixed + per group kept + per meeting written, only while she kept the group', () => {
    const c = computeHonorarium({
      month: '2025-03',
      rule: { fixedMonthlyPaise: 50_000, perGroupPaise: 10_000, perMeetingPaise: 2_000 },
      assignments: [shg('a', '2025-01-01'), shg('b', '2025-03-15'), shg('c', '2024-01-01', '2025-02-28'), { ...shg('vo', '2025-01-01'), institutionKind: 'vo' }],
      meetings: [
        { shgId: 'a', date: '2025-03-03' },
        { shgId: 'a', date: '2025-04-07' },
        { shgId: 'b', date: '2025-03-10' }, // before she kept b
        { shgId: 'b', date: '2025-03-17' },
        { shgId: 'c', date: '2025-03-03' }, // no longer hers
      ],
    });
    expect(c).toMatchObject({ amountPaise: 50_000 + 2 * 10_000 + 2 * 2_000, groupsKept: ['a', 'b'], meetingsWritten: 2 });
    expect(c.explanation).toBe('fixed Rs 500 a month + 2 groups kept x Rs 100 + 2 meetings written x Rs 20 = Rs 740');
    expect(computeHonorarium({ month: '2025-03', rule: { fixedMonthlyPaise: 50_000, perGroupPaise: 0, perMeetingPaise: 0 }, assignments: [shg('a', '2025-04-01')], meetings: [] }).amountPaise).toBe(0);
  });

  it('property: the amount is the sum of its lines, each count times its rate, never negative', () => {
    fc.assert(
      fc.property(
        fc.nat(1_000_000),
        fc.nat(1_000_000),
        fc.nat(1_000_000),
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.integer({ min: 1, max: 28 })), { maxLength: 30 }),
        (fixed, perGroup, perMeeting, days) => {
          const c = computeHonorarium({
            month: '2025-02',
            rule: { fixedMonthlyPaise: fixed, perGroupPaise: perGroup, perMeetingPaise: perMeeting },
            assignments: [shg('a', '2025-01-01'), shg('b', '2025-02-10')],
            meetings: days.map(([id, d]) => ({ shgId: id, date: `2025-02-${String(d).padStart(2, '0')}` })),
          });
          expect(c.amountPaise).toBe(c.lines.reduce((t, l) => t + l.amountPaise, 0));
          for (const l of c.lines) expect(l.amountPaise).toBe(l.count * l.ratePaise);
          expect(c.amountPaise).toBeGreaterThanOrEqual(0);
          expect(c.meetingsWritten).toBe(days.filter(([id, d]) => id === 'a' || (id === 'b' && d >= 10)).length);
        },
      ),
    );
  });
});

describe('review figures', () => {
  it('books on time within the rule’s days, meetings only while she kept the group, training days attended', () => {
    const f = reviewFigures({
      from: '2025-03-01',
      to: '2025-03-31',
      maxDelayDays: 7,
      groups: [
        { id: 'a', name: 'A', spans: [{ from: '2025-01-01', to: null }], meetings: [{ date: '2025-03-03', recordedOn: '2025-03-03' }, { date: '2025-03-10', recordedOn: '2025-03-20' }, { date: '2025-02-24', recordedOn: '2025-02-24' }] },
        { id: 'b', name: 'B', spans: [{ from: '2025-03-15', to: null }], meetings: [{ date: '2025-03-10', recordedOn: '2025-04-30' }, { date: '2025-03-17', recordedOn: '2025-03-24' }] },
      ],
      training: { enrolledDays: 6, attendedDays: 5 },
    });
    const by = Object.fromEntries(f.indicators.map((i) => [i.key, [i.numerator, i.denominator, i.percent]]));
    expect(by).toEqual({ 'books-on-time': [2, 3, '66.67'], 'meetings-recorded': [3, 3, '100.00'], 'training-attendance': [5, 6, '83.33'] });
    expect(f.groups[0]!.late).toEqual([{ date: '2025-03-10', delayDays: 10 }]);
    expect(reviewFigures({ from: '2025-03-01', to: '2025-03-31', maxDelayDays: 7, groups: [], training: { enrolledDays: 0, attendedDays: 0 } }).indicators.every((i) => i.percent === null)).toBe(true);
  });
});
