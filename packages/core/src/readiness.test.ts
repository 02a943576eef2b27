import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths } from './dates.ts';
import { clfTrigger, functionalShg, meetingPeriods, screenPreExistingShg, shgReadinessForVo, voTrigger, type MeetingRecord, type ShgRecords, type VoRecords } from './readiness.ts';
import { DEFAULT_RULES, parseRuleSetBody, ruleSetInForce, type RuleSet, type RuleSetBodyInput } from './rules.ts';

const FORMED = '2026-01-05'; // a Monday
const AS_OF = '2026-04-27'; // a Monday: the 3-month window holds the 12 Mondays 9 Feb .. 27 Apr

function mondays(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 7)) out.push(d);
  return out;
}

function meeting(date: string, members: number, overrides: Partial<MeetingRecord> = {}): MeetingRecord {
  return { date, present: members, members, savingsDuePaise: members * 1000, savingsCollectedPaise: members * 1000, voluntarySavingsPaise: 0, recordedOn: date, ...overrides };
}

function shg(name: string, options: { members?: number; formedOn?: string; meetings?: MeetingRecord[]; trained?: boolean; frequency?: ShgRecords['meetingFrequency']; special?: boolean; preExisting?: boolean; poor?: number } = {}): ShgRecords {
  const n = options.members ?? 12;
  const formedOn = options.formedOn ?? FORMED;
  return {
    id: `id-${name}`,
    name,
    formedOn,
    meetingFrequency: options.frequency ?? 'weekly',
    compulsorySavingsPaise: 1000,
    groupType: options.special ? 'special' : 'regular',
    preExisting: options.preExisting ?? false,
    members: Array.from({ length: n }, (_, i) => ({ id: `${name}-m${i}`, joinedOn: formedOn, leftOn: null, povertyStatus: i < (options.poor ?? n) ? 'poor' : 'non-poor' })),
    meetings: options.meetings ?? mondays(formedOn, AS_OF).map((d) => meeting(d, n)),
    loans: [],
    trainings: options.trained === false ? [] : [{ module: 'vo-concepts', completedOn: '2026-03-01', memberId: null }],
  };
}

const rules = (body: RuleSetBodyInput = {}) => {
  const r = parseRuleSetBody(body);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
};
const ruleSet = (version: number, effectiveFrom: string, body: RuleSetBodyInput = {}): RuleSet => ({ id: `rs${version}`, version, effectiveFrom, body: rules(body) });

describe('meeting periods', () => {
  it('counts whole periods back from the date inside the window', () => {
    const weekly = meetingPeriods(AS_OF, 'weekly', 3);
    expect(weekly).toHaveLength(12);
    expect(weekly[0]).toEqual({ after: '2026-04-20', through: '2026-04-27' });
    expect(weekly[11]).toEqual({ after: '2026-02-02', through: '2026-02-09' });
    expect(meetingPeriods(AS_OF, 'fortnightly', 3)).toHaveLength(6);
    expect(meetingPeriods(AS_OF, 'monthly', 3)).toEqual([
      { after: '2026-03-27', through: '2026-04-27' },
      { after: '2026-02-27', through: '2026-03-27' },
      { after: '2026-01-27', through: '2026-02-27' },
    ]);
    expect(meetingPeriods(AS_OF, 'weekly', 3, '2026-04-10')).toHaveLength(3);
  });
});

describe('functional SHG', () => {
  it('met every week and collected every saving: functional', () => {
    const v = functionalShg(shg('SHG Lakshmi'), AS_OF, DEFAULT_RULES);
    expect(v).toMatchObject({ functional: true, expectedMeetings: 12, meetingsHeld: 12, missedMeetings: [], missedSavings: [], reasons: [] });
    expect(v.window).toEqual({ from: '2026-02-03', through: AS_OF, months: 3 });
  });

  it('names the group and the rule when savings were missed, with the figures', () => {
    const meetings = mondays(FORMED, AS_OF).map((d) => (['2026-03-02', '2026-03-09', '2026-04-13'].includes(d) ? meeting(d, 12, { savingsCollectedPaise: 11000 }) : meeting(d, 12)));
    const v = functionalShg(shg('SHG Durga', { meetings }), AS_OF, DEFAULT_RULES);
    expect(v.functional).toBe(false);
    expect(v.missedSavings).toEqual(['2026-04-13', '2026-03-09', '2026-03-02']);
    expect(v.reasons).toEqual([
      {
        rule: 'functional.maxMissedSavings',
        subjectId: 'id-SHG Durga',
        subjectName: 'SHG Durga',
        message: 'SHG Durga missed 3 weekly savings in the last 3 months (allowed 0)',
        params: { missed: 3, expected: 12, allowed: 0, windowMonths: 3 },
      },
    ]);
    // A tolerance of 3 makes it functional.
    expect(functionalShg(shg('SHG Durga', { meetings }), AS_OF, rules({ functional: { maxMissedSavings: 3 } })).functional).toBe(true);
  });

  it('a week without a meeting is a missed meeting and a missed saving', () => {
    const meetings = mondays(FORMED, AS_OF).filter((d) => d !== '2026-03-16').map((d) => meeting(d, 12));
    const v = functionalShg(shg('SHG Kali', { meetings }), AS_OF, DEFAULT_RULES);
    expect(v.reasons.map((r) => r.rule)).toEqual(['functional.maxMissedMeetings', 'functional.maxMissedSavings']);
    expect(v.reasons[0]!.message).toBe('SHG Kali missed 1 weekly meeting in the last 3 months (held 11 of 12; allowed to miss 0)');
    expect(v.missedMeetings).toEqual(['2026-03-16']);
  });

  it('a group younger than the window is not functional yet', () => {
    const v = functionalShg(shg('SHG Nava', { formedOn: '2026-03-02' }), AS_OF, DEFAULT_RULES);
    expect(v.reasons.map((r) => r.rule)).toEqual(['functional.windowMonths']);
    expect(v.reasons[0]!.message).toBe('SHG Nava was formed on 2026-03-02: less than 3 months of records');
    expect(v.expectedMeetings).toBe(9);
  });

  it('looks only at the records up to the date', () => {
    const meetings = mondays(FORMED, AS_OF).map((d) => (d === '2026-04-13' ? meeting(d, 12, { savingsCollectedPaise: 0 }) : meeting(d, 12)));
    const v = functionalShg(shg('SHG Durga', { meetings }), '2026-04-06', DEFAULT_RULES);
    expect(v).toMatchObject({ functional: true, expectedMeetings: 12, window: { from: '2026-01-13', through: '2026-04-06', months: 3 } });
    expect(functionalShg(shg('SHG Durga', { meetings }), '2026-04-13', DEFAULT_RULES).functional).toBe(false);
  });

  it('property: adding a meeting with full savings never turns a functional verdict into a failing one', () => {
    const all = mondays(FORMED, AS_OF);
    fc.assert(
      fc.property(fc.subarray(all), fc.constantFrom(...all), fc.integer({ min: 0, max: 3 }), (held, extra, tolerance) => {
        const body = rules({ functional: { maxMissedMeetings: tolerance, maxMissedSavings: tolerance } });
        const before = functionalShg(shg('S', { meetings: held.map((d) => meeting(d, 12)) }), AS_OF, body);
        const after = functionalShg(shg('S', { meetings: [...held, extra].map((d) => meeting(d, 12)) }), AS_OF, body);
        return after.missedMeetings.length <= before.missedMeetings.length && (!before.functional || after.functional);
      }),
      { seed: 42 },
    );
  });
});

describe('pre-existing SHG screening', () => {
  it('admits a group with at least 80% poor members, and says why not otherwise', () => {
    expect(screenPreExistingShg(shg('SHG Old', { members: 10, poor: 8, preExisting: true }), AS_OF, DEFAULT_RULES)).toMatchObject({ eligible: true, members: 10, poorMembers: 8, percent: '80.00', reasons: [] });
    const no = screenPreExistingShg(shg('SHG Old', { members: 10, poor: 7, preExisting: true }), AS_OF, DEFAULT_RULES);
    expect(no.eligible).toBe(false);
    expect(no.reasons).toEqual([
      {
        rule: 'preExistingShg.minPoorMemberPercent',
        subjectId: 'id-SHG Old',
        subjectName: 'SHG Old',
        message: 'SHG Old has 7 of 10 members from poor households (70.00%); at least 80% are needed',
        params: { poorMembers: 7, members: 10, requiredPercent: 80 },
      },
    ]);
    // Assam: 70%.
    expect(screenPreExistingShg(shg('SHG Old', { members: 10, poor: 7 }), AS_OF, rules({ preExistingShg: { minPoorMemberPercent: 70 } })).eligible).toBe(true);
  });

  it('counts only members active on the date', () => {
    const g = shg('SHG Old', { members: 5, poor: 4 });
    g.members[0]!.leftOn = '2026-02-01'; // a poor member left
    expect(screenPreExistingShg(g, AS_OF, DEFAULT_RULES)).toMatchObject({ members: 4, poorMembers: 3, percent: '75.00', eligible: false });
  });
});

describe('VO formation trigger', () => {
  const names = ['SHG Durga', 'SHG Ganga', 'SHG Jamuna', 'SHG Kaveri', 'SHG Lakshmi', 'SHG Meera', 'SHG Narmada', 'SHG Saraswati'];
  const v1 = ruleSet(1, '2026-01-01');

  it('eight functional, trained SHGs of 12 weekly savers: met', () => {
    const r = voTrigger(names.map((n) => shg(n)), AS_OF, v1);
    expect(r).toMatchObject({ level: 'vo', met: true, required: 8, qualifying: 8, reasons: [], summary: '8 of 8 functional SHGs: the trigger is met', ruleSet: { id: 'rs1', version: 1, effectiveFrom: '2026-01-01' } });
  });

  it('names exactly the group and the rule that fall short', () => {
    const durga = mondays(FORMED, AS_OF).map((d) => (['2026-03-02', '2026-03-09', '2026-04-13'].includes(d) ? meeting(d, 12, { savingsCollectedPaise: 11000 }) : meeting(d, 12)));
    const r = voTrigger(names.map((n) => (n === 'SHG Durga' ? shg(n, { meetings: durga }) : shg(n))), AS_OF, v1);
    expect(r.met).toBe(false);
    expect(r.qualifying).toBe(7);
    expect(r.summary).toBe('7 of 8 functional SHGs; SHG Durga missed 3 weekly savings in the last 3 months (allowed 0)');
    expect(r.reasons.map((x) => [x.rule, x.subjectName])).toEqual([
      ['voFormation.minShgs', undefined],
      ['functional.maxMissedSavings', 'SHG Durga'],
    ]);
    expect(r.groups.filter((g) => !g.qualifies).map((g) => g.name)).toEqual(['SHG Durga']);
  });

  it('a later version that relaxes the rule changes the verdict only from its date', () => {
    const durga = mondays(FORMED, '2026-06-01').map((d) => (d === '2026-04-13' ? meeting(d, 12, { savingsCollectedPaise: 0 }) : meeting(d, 12)));
    const shgs = names.map((n) => (n === 'SHG Durga' ? shg(n, { meetings: durga }) : shg(n, { meetings: mondays(FORMED, '2026-06-01').map((d) => meeting(d, 12)) })));
    const v2 = ruleSet(2, '2026-05-01', { functional: { maxMissedSavings: 1 } });
    const before = voTrigger(shgs, '2026-04-27', ruleSetInForce([v1, v2], '2026-04-27'));
    const after = voTrigger(shgs, '2026-05-04', ruleSetInForce([v1, v2], '2026-05-04'));
    expect([before.met, before.ruleSet.version]).toEqual([false, 1]);
    expect([after.met, after.ruleSet.version]).toEqual([true, 2]);
  });

  it('each other rule: members, savings frequency, training, a special group, screening of a pre-existing group', () => {
    const monthly = shg('SHG Chandni', { frequency: 'monthly', meetings: [] });
    monthly.meetings = ['2026-01-05', '2026-02-05', '2026-03-05', '2026-04-05'].map((d) => meeting(d, 12));
    const groups = [
      shg('SHG Asha', { members: 9 }),
      shg('SHG Bela', { trained: false }),
      monthly,
      shg('SHG Disha', { members: 6, special: true }),
      shg('SHG Ekta', { members: 4, special: true }),
      shg('SHG Fulmoni', { preExisting: true, poor: 9 }),
    ];
    const r = voTrigger(groups, AS_OF, v1);
    expect(Object.fromEntries(r.groups.map((g) => [g.name, g.reasons.map((x) => x.rule)]))).toEqual({
      'SHG Asha': ['voFormation.minMembersPerShg'],
      'SHG Bela': ['voFormation.trainingModule'],
      'SHG Chandni': ['voFormation.savingsFrequency'],
      'SHG Disha': [],
      'SHG Ekta': ['voFormation.minMembersPerSpecialShg'],
      'SHG Fulmoni': ['preExistingShg.minPoorMemberPercent'],
    });
    expect(r.groups.find((g) => g.name === 'SHG Bela')!.reasons[0]!.message).toBe('SHG Bela has not completed the training vo-concepts');
    expect(r.groups.find((g) => g.name === 'SHG Chandni')!.reasons[0]!.message).toBe('SHG Chandni saves monthly; the VO trigger needs weekly savings');
    expect(r.summary.startsWith('1 of 8 functional SHGs; SHG Asha has 9 members; at least 10 are needed; ')).toBe(true);
  });

  it('training counts only when completed by the date, by the group or one of its members', () => {
    const g = shg('SHG Bela', { trained: false });
    g.trainings = [{ module: 'vo-concepts', completedOn: '2026-05-01', memberId: 'SHG Bela-m0' }];
    expect(shgReadinessForVo(g, AS_OF, DEFAULT_RULES).trained).toBe(false);
    expect(shgReadinessForVo(g, '2026-05-04', DEFAULT_RULES).trained).toBe(true);
  });
});

describe('CLF formation trigger', () => {
  const monthlyEc = (formedOn: string, to: string) => {
    const out: string[] = [];
    for (let k = 0; addMonths(formedOn, k) <= to; k++) out.push(addMonths(formedOn, k));
    return out;
  };
  const vo = (name: string, shgCount = 13, options: { formedOn?: string; ec?: string[]; trained?: boolean } = {}): VoRecords => ({
    id: `vo-${name}`,
    name,
    formedOn: options.formedOn ?? '2024-01-10',
    shgCount,
    ecMeetingDates: options.ec ?? monthlyEc(options.formedOn ?? '2024-01-10', AS_OF),
    trainings: options.trained === false ? [] : [{ module: 'clf-concepts', completedOn: '2026-01-15', memberId: null }],
  });
  const v1 = ruleSet(1, '2020-01-01');

  it('fifteen functional VOs of 12-15 SHGs, monthly EC for two years, trained: met', () => {
    const r = clfTrigger(Array.from({ length: 15 }, (_, i) => vo(`VO ${String(i + 1).padStart(2, '0')}`)), AS_OF, v1);
    expect(r).toMatchObject({ level: 'clf', met: true, qualifying: 15, required: 15, reasons: [], notes: [] });
    expect(r.groups[0]).toMatchObject({ ecMeetingsExpected: 24, ecMeetingsHeld: 24, trained: true });
  });

  it('names each VO and rule that falls short; a guideline exceeded is only a note', () => {
    const ec = monthlyEc('2024-01-10', AS_OF).filter((d) => d !== '2025-07-10' && d !== '2025-08-10');
    const vos = [
      ...Array.from({ length: 12 }, (_, i) => vo(`VO ${String(i + 1).padStart(2, '0')}`)),
      vo('VO Bhairav', 11),
      vo('VO Chandan', 13, { ec }),
      vo('VO Dhruv', 13, { trained: false }),
      vo('VO Ekam', 13, { formedOn: '2025-01-10' }),
      vo('VO Gagan', 17),
    ];
    const r = clfTrigger(vos, AS_OF, v1);
    expect(r.met).toBe(false);
    expect(r.qualifying).toBe(13);
    expect(r.reasons.map((x) => [x.rule, x.subjectName ?? null])).toEqual([
      ['clfFormation.minVos', null],
      ['clfFormation.minShgsPerVo', 'VO Bhairav'],
      ['clfFormation.maxMissedEcMeetings', 'VO Chandan'],
      ['clfFormation.trainingModule', 'VO Dhruv'],
      ['clfFormation.ecMeetingMonths', 'VO Ekam'],
    ]);
    expect(r.reasons[2]!.message).toBe('VO Chandan EC missed 2 monthly meetings in the last 24 months (held 22 of 24; allowed to miss 0)');
    expect(r.notes.map((n) => n.rule)).toEqual(['clfFormation.maxShgsPerVo']);
    expect(r.summary.startsWith('13 of 15 functional VOs; VO Bhairav has 11 SHGs; at least 12 are needed')).toBe(true);
  });
});
