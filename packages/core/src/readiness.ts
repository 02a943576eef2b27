import { addDays, addMonths, compareDates, type IsoDate } from './dates.ts';
import type { GroupLoan } from './meeting.ts';
import { percentOf } from './portfolio.ts';
import type { MeetingFrequency, RuleSet, RuleSetBody } from './rules.ts';

/*
 * Readiness computed from the records: is an SHG functional, does a village meet the VO formation trigger, a
 * cluster the CLF trigger, may a pre-existing SHG join. Every shortfall is a reason that names the group and the
 * rule (its dotted path in the rule set), with the figures behind it; nothing here reads a clock or a database.
 */

// ---------------------------------------------------------------------------------------------------------------
// Records: plain data the server prepares from the books
// ---------------------------------------------------------------------------------------------------------------

export type PovertyStatus = 'poorest' | 'poor' | 'non-poor';

export interface MemberRecord {
  id: string;
  joinedOn: IsoDate;
  leftOn: IsoDate | null;
  /** Her household's status when it is registered, else her own. */
  povertyStatus: PovertyStatus;
}

export interface MeetingRecord {
  date: IsoDate;
  /** Members present (late and represented count as present). */
  present: number;
  /** Active members on the meeting date. */
  members: number;
  /** Compulsory savings due at this meeting: the group's amount for every active member. */
  savingsDuePaise: number;
  /** Compulsory savings collected, each member counted up to her due (one member's extra covers nobody else). */
  savingsCollectedPaise: number;
  voluntarySavingsPaise: number;
  /** The day the meeting first reached the books. */
  recordedOn: IsoDate;
}

export interface TrainingRecord {
  module: string;
  completedOn: IsoDate;
  /** null: the group as a whole. */
  memberId: string | null;
}

export interface ShgRecords {
  id: string;
  name: string;
  formedOn: IsoDate;
  meetingFrequency: MeetingFrequency;
  /** Compulsory savings per member per meeting. */
  compulsorySavingsPaise: number;
  groupType: 'regular' | 'special';
  /** Promoted earlier by a line department or another NGO: screened before it joins. */
  preExisting: boolean;
  members: MemberRecord[];
  meetings: MeetingRecord[];
  /** Internal loans (definition and events) for grading; readiness does not need them. */
  loans: GroupLoan[];
  trainings: TrainingRecord[];
}

export interface VoRecords {
  id: string;
  name: string;
  formedOn: IsoDate;
  /** Member SHGs. */
  shgCount: number;
  /** Executive committee meetings held. */
  ecMeetingDates: IsoDate[];
  trainings: TrainingRecord[];
}

// ---------------------------------------------------------------------------------------------------------------
// Reasons
// ---------------------------------------------------------------------------------------------------------------

/** One shortfall: the rule (dotted path in the rule set), the group it is about, the message and its figures. */
export interface Reason {
  rule: string;
  subjectId?: string;
  subjectName?: string;
  message: string;
  params: Record<string, string | number>;
}

const reason = (rule: string, subject: { id: string; name: string } | null, message: string, params: Reason['params'] = {}): Reason => ({
  rule,
  ...(subject ? { subjectId: subject.id, subjectName: subject.name } : {}),
  message: subject ? `${subject.name} ${message}` : message,
  params,
});

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

// ---------------------------------------------------------------------------------------------------------------
// Meeting periods
// ---------------------------------------------------------------------------------------------------------------

/** A meeting period (start, end]: a group meeting at its frequency meets once in each. */
export interface Period {
  /** Exclusive. */
  after: IsoDate;
  through: IsoDate;
}

const STEP_DAYS: Record<Exclude<MeetingFrequency, 'monthly'>, number> = { weekly: 7, fortnightly: 14 };

function periodEnd(asOf: IsoDate, frequency: MeetingFrequency, k: number): IsoDate {
  return frequency === 'monthly' ? addMonths(asOf, -k) : addDays(asOf, -k * STEP_DAYS[frequency]);
}

/**
 * The whole meeting periods of `windowMonths` ending on `asOf`, counted back from it, newest first; periods that
 * end before `notBefore` (the group's formation) are left out.
 */
export function meetingPeriods(asOf: IsoDate, frequency: MeetingFrequency, windowMonths: number, notBefore?: IsoDate): Period[] {
  const windowStart = addMonths(asOf, -windowMonths);
  const periods: Period[] = [];
  for (let k = 0; ; k++) {
    const after = periodEnd(asOf, frequency, k + 1);
    if (compareDates(after, windowStart) < 0) break;
    const through = periodEnd(asOf, frequency, k);
    if (notBefore && compareDates(through, notBefore) < 0) break;
    periods.push({ after, through });
  }
  return periods;
}

const inPeriod = (date: IsoDate, p: Period) => compareDates(date, p.after) > 0 && compareDates(date, p.through) <= 0;

export function activeMembersOn(members: readonly MemberRecord[], date: IsoDate): MemberRecord[] {
  return members.filter((m) => compareDates(m.joinedOn, date) <= 0 && (m.leftOn === null || compareDates(m.leftOn, date) > 0));
}

const FREQUENCY_ORDER: Record<MeetingFrequency, number> = { weekly: 0, fortnightly: 1, monthly: 2 };
const PERIOD_WORD: Record<MeetingFrequency, string> = { weekly: 'weekly', fortnightly: 'fortnightly', monthly: 'monthly' };

// ---------------------------------------------------------------------------------------------------------------
// Functional SHG
// ---------------------------------------------------------------------------------------------------------------

export interface FunctionalVerdict {
  shgId: string;
  name: string;
  functional: boolean;
  /** The window looked at: the periods' span. */
  window: { from: IsoDate; through: IsoDate; months: number };
  expectedMeetings: number;
  meetingsHeld: number;
  missedMeetings: IsoDate[];
  /** Periods without a meeting that collected every member's compulsory savings (period end dates). */
  missedSavings: IsoDate[];
  reasons: Reason[];
}

/**
 * Functional: over the last `functional.windowMonths` the group met in every period of its frequency and collected
 * every member's compulsory savings, within the tolerances; and it is old enough to have such a window.
 */
export function functionalShg(shg: ShgRecords, asOf: IsoDate, rules: RuleSetBody): FunctionalVerdict {
  const r = rules.functional;
  const subject = { id: shg.id, name: shg.name };
  const periods = meetingPeriods(asOf, shg.meetingFrequency, r.windowMonths, shg.formedOn);
  const windowStart = addMonths(asOf, -r.windowMonths);
  const word = PERIOD_WORD[shg.meetingFrequency];
  const months = plural(r.windowMonths, 'month');
  const reasons: Reason[] = [];
  if (compareDates(shg.formedOn, windowStart) > 0) {
    reasons.push(reason('functional.windowMonths', subject, `was formed on ${shg.formedOn}: less than ${months} of records`, { formedOn: shg.formedOn, windowMonths: r.windowMonths }));
  }
  const meetings = shg.meetings.filter((m) => compareDates(m.date, asOf) <= 0);
  const missedMeetings: IsoDate[] = [];
  const missedSavings: IsoDate[] = [];
  for (const p of periods) {
    const held = meetings.filter((m) => inPeriod(m.date, p));
    if (held.length === 0) missedMeetings.push(p.through);
    if (!held.some((m) => m.savingsCollectedPaise >= m.savingsDuePaise)) missedSavings.push(p.through);
  }
  if (missedMeetings.length > r.maxMissedMeetings) {
    reasons.push(
      reason(
        'functional.maxMissedMeetings',
        subject,
        `missed ${plural(missedMeetings.length, `${word} meeting`)} in the last ${months} (held ${periods.length - missedMeetings.length} of ${periods.length}; allowed to miss ${r.maxMissedMeetings})`,
        { missed: missedMeetings.length, expected: periods.length, allowed: r.maxMissedMeetings, windowMonths: r.windowMonths },
      ),
    );
  }
  if (missedSavings.length > r.maxMissedSavings) {
    reasons.push(
      reason(
        'functional.maxMissedSavings',
        subject,
        `missed ${plural(missedSavings.length, `${word} saving`)} in the last ${months} (allowed ${r.maxMissedSavings})`,
        { missed: missedSavings.length, expected: periods.length, allowed: r.maxMissedSavings, windowMonths: r.windowMonths },
      ),
    );
  }
  const last = periods[periods.length - 1];
  return {
    shgId: shg.id,
    name: shg.name,
    functional: reasons.length === 0,
    window: { from: last ? addDays(last.after, 1) : asOf, through: asOf, months: r.windowMonths },
    expectedMeetings: periods.length,
    meetingsHeld: periods.length - missedMeetings.length,
    missedMeetings,
    missedSavings,
    reasons,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Pre-existing SHG screening
// ---------------------------------------------------------------------------------------------------------------

export interface ScreeningVerdict {
  shgId: string;
  eligible: boolean;
  members: number;
  poorMembers: number;
  /** Share of active members from poor (or poorest) households, two decimals. */
  percent: string;
  requiredPercent: number;
  reasons: Reason[];
}

/** A pre-existing SHG joins only if at least `preExistingShg.minPoorMemberPercent` of its members are poor. */
export function screenPreExistingShg(shg: ShgRecords, asOf: IsoDate, rules: RuleSetBody): ScreeningVerdict {
  const min = rules.preExistingShg.minPoorMemberPercent;
  const active = activeMembersOn(shg.members, asOf);
  const poor = active.filter((m) => m.povertyStatus !== 'non-poor').length;
  const percent = percentOf(poor, active.length);
  const eligible = active.length > 0 && poor * 100 >= min * active.length;
  const reasons = eligible
    ? []
    : [
        reason('preExistingShg.minPoorMemberPercent', { id: shg.id, name: shg.name }, `has ${poor} of ${active.length} members from poor households (${percent}%); at least ${min}% are needed`, {
          poorMembers: poor,
          members: active.length,
          requiredPercent: min,
        }),
      ];
  return { shgId: shg.id, eligible, members: active.length, poorMembers: poor, percent, requiredPercent: min, reasons };
}

// ---------------------------------------------------------------------------------------------------------------
// Formation triggers
// ---------------------------------------------------------------------------------------------------------------

export interface GroupReadiness {
  id: string;
  name: string;
  qualifies: boolean;
  reasons: Reason[];
}

export interface ShgReadiness extends GroupReadiness {
  functional: FunctionalVerdict;
  activeMembers: number;
  trained: boolean;
  /** Only for a pre-existing SHG. */
  screening: ScreeningVerdict | null;
}

export interface TriggerReport<G extends GroupReadiness = GroupReadiness> {
  level: 'vo' | 'clf';
  asOf: IsoDate;
  ruleSet: { id: string | null; version: number; effectiveFrom: IsoDate };
  met: boolean;
  required: number;
  qualifying: number;
  /** One line: "7 of 8 functional SHGs; SHG Durga missed 3 weekly savings in the last 3 months". */
  summary: string;
  /** When not met: the count rule first, then every group's shortfalls. Empty when met. */
  reasons: Reason[];
  /** Advisory notes (a cluster larger than the guideline): never block. */
  notes: Reason[];
  groups: G[];
}

function trainedOn(trainings: readonly TrainingRecord[], module: string, asOf: IsoDate): boolean {
  return trainings.some((t) => t.module === module && compareDates(t.completedOn, asOf) <= 0);
}

/** One SHG against the VO trigger: functional, enough members, saving often enough, trained on VO concepts. */
export function shgReadinessForVo(shg: ShgRecords, asOf: IsoDate, rules: RuleSetBody): ShgReadiness {
  const v = rules.voFormation;
  const subject = { id: shg.id, name: shg.name };
  const functional = functionalShg(shg, asOf, rules);
  const reasons: Reason[] = [...functional.reasons];
  const active = activeMembersOn(shg.members, asOf).length;
  const special = shg.groupType === 'special';
  const minMembers = special ? v.minMembersPerSpecialShg : v.minMembersPerShg;
  if (active < minMembers) {
    reasons.push(
      reason(special ? 'voFormation.minMembersPerSpecialShg' : 'voFormation.minMembersPerShg', subject, `has ${plural(active, 'member')}; at least ${minMembers} are needed`, {
        members: active,
        required: minMembers,
      }),
    );
  }
  if (FREQUENCY_ORDER[shg.meetingFrequency] > FREQUENCY_ORDER[v.savingsFrequency]) {
    reasons.push(
      reason('voFormation.savingsFrequency', subject, `saves ${shg.meetingFrequency}; the VO trigger needs ${v.savingsFrequency} savings`, {
        frequency: shg.meetingFrequency,
        required: v.savingsFrequency,
      }),
    );
  }
  const trained = trainedOn(shg.trainings, v.trainingModule, asOf);
  if (!trained) {
    reasons.push(reason('voFormation.trainingModule', subject, `has not completed the training ${v.trainingModule}`, { module: v.trainingModule }));
  }
  const screening = shg.preExisting ? screenPreExistingShg(shg, asOf, rules) : null;
  if (screening) reasons.push(...screening.reasons);
  return { id: shg.id, name: shg.name, qualifies: reasons.length === 0, reasons, functional, activeMembers: active, trained, screening };
}

const ruleSetRef = (rs: RuleSet) => ({ id: rs.id, version: rs.version, effectiveFrom: rs.effectiveFrom });

function report<G extends GroupReadiness>(level: 'vo' | 'clf', asOf: IsoDate, ruleSet: RuleSet, groups: G[], required: number, countRule: string, what: string, notes: Reason[]): TriggerReport<G> {
  const qualifying = groups.filter((g) => g.qualifies).length;
  const met = qualifying >= required;
  const shortfalls = groups.flatMap((g) => g.reasons);
  const head = `${qualifying} of ${required} ${what}`;
  const reasons = met ? [] : [reason(countRule, null, head, { qualifying, required, groups: groups.length }), ...shortfalls];
  const summary = met ? `${head}: the trigger is met` : [head, ...shortfalls.map((r) => r.message)].join('; ');
  return { level, asOf, ruleSet: ruleSetRef(ruleSet), met, required, qualifying, summary, reasons, notes, groups };
}

/** VO formation trigger over a village's SHGs, under the rule set in force (passed in, with its version). */
export function voTrigger(shgs: readonly ShgRecords[], asOf: IsoDate, ruleSet: RuleSet): TriggerReport<ShgReadiness> {
  const groups = [...shgs].sort((a, b) => a.name.localeCompare(b.name)).map((s) => shgReadinessForVo(s, asOf, ruleSet.body));
  return report('vo', asOf, ruleSet, groups, ruleSet.body.voFormation.minShgs, 'voFormation.minShgs', 'functional SHGs', []);
}

export interface VoReadiness extends GroupReadiness {
  shgCount: number;
  ecMeetingsExpected: number;
  ecMeetingsHeld: number;
  trained: boolean;
}

/** One VO against the CLF trigger: enough SHGs, an EC that met every month for the window, trained on CLF concepts. */
export function voReadinessForClf(vo: VoRecords, asOf: IsoDate, rules: RuleSetBody): { readiness: VoReadiness; notes: Reason[] } {
  const c = rules.clfFormation;
  const subject = { id: vo.id, name: vo.name };
  const reasons: Reason[] = [];
  const notes: Reason[] = [];
  if (vo.shgCount < c.minShgsPerVo) {
    reasons.push(reason('clfFormation.minShgsPerVo', subject, `has ${plural(vo.shgCount, 'SHG')}; at least ${c.minShgsPerVo} are needed`, { shgs: vo.shgCount, required: c.minShgsPerVo }));
  }
  if (vo.shgCount > c.maxShgsPerVo) {
    notes.push(reason('clfFormation.maxShgsPerVo', subject, `has ${vo.shgCount} SHGs, more than the ${c.maxShgsPerVo} of the guideline`, { shgs: vo.shgCount, guideline: c.maxShgsPerVo }));
  }
  const windowStart = addMonths(asOf, -c.ecMeetingMonths);
  const months = plural(c.ecMeetingMonths, 'month');
  if (compareDates(vo.formedOn, windowStart) > 0) {
    reasons.push(reason('clfFormation.ecMeetingMonths', subject, `was formed on ${vo.formedOn}: less than ${months} of EC meetings`, { formedOn: vo.formedOn, months: c.ecMeetingMonths }));
  }
  const periods = meetingPeriods(asOf, 'monthly', c.ecMeetingMonths, vo.formedOn);
  const held = periods.filter((p) => vo.ecMeetingDates.some((d) => inPeriod(d, p))).length;
  const missed = periods.length - held;
  if (missed > c.maxMissedEcMeetings) {
    reasons.push(
      reason('clfFormation.maxMissedEcMeetings', subject, `EC missed ${plural(missed, 'monthly meeting')} in the last ${months} (held ${held} of ${periods.length}; allowed to miss ${c.maxMissedEcMeetings})`, {
        missed,
        expected: periods.length,
        allowed: c.maxMissedEcMeetings,
      }),
    );
  }
  const trained = trainedOn(vo.trainings, c.trainingModule, asOf);
  if (!trained) reasons.push(reason('clfFormation.trainingModule', subject, `has not completed the training ${c.trainingModule}`, { module: c.trainingModule }));
  return {
    readiness: { id: vo.id, name: vo.name, qualifies: reasons.length === 0, reasons, shgCount: vo.shgCount, ecMeetingsExpected: periods.length, ecMeetingsHeld: held, trained },
    notes,
  };
}

/** CLF formation trigger over a cluster's VOs. */
export function clfTrigger(vos: readonly VoRecords[], asOf: IsoDate, ruleSet: RuleSet): TriggerReport<VoReadiness> {
  const c = ruleSet.body.clfFormation;
  const evaluated = [...vos].sort((a, b) => a.name.localeCompare(b.name)).map((v) => voReadinessForClf(v, asOf, ruleSet.body));
  const groups = evaluated.map((e) => e.readiness);
  const notes = evaluated.flatMap((e) => e.notes);
  const qualifying = groups.filter((g) => g.qualifies).length;
  if (qualifying > c.maxVos) {
    notes.push(reason('clfFormation.maxVos', null, `${qualifying} functional VOs, more than the ${c.maxVos} of the guideline`, { vos: qualifying, guideline: c.maxVos }));
  }
  return report('clf', asOf, ruleSet, groups, c.minVos, 'clfFormation.minVos', 'functional VOs', notes);
}
