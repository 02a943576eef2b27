import { z } from 'zod';
import { compareDates, daysBetween, daysInMonth, type IsoDate } from './dates.ts';
import { formatMoney } from './money.ts';
import { percentOf } from './portfolio.ts';

/*
 * Community professionals (cadres): bookkeepers, community resource persons, Bank Mitras, village resource persons,
 * community mobilisers, and any other type an organisation adds. The institutions they serve pay them an
 * honorarium by dated rules (a fixed amount a month, an amount per group kept, an amount per meeting written) and
 * review their work from the records. Pure: the server loads assignments, meetings and attendance; this computes.
 */

/** Cadre types every organisation has; others are configured per organisation. */
export const BUILT_IN_CADRE_TYPES = ['bookkeeper', 'crp', 'bank-mitra', 'vrp', 'community-mobiliser'] as const;
export type BuiltInCadreType = (typeof BUILT_IN_CADRE_TYPES)[number];

export const cadreTypeCodeSchema = z.string().trim().regex(/^[a-z0-9-]{2,40}$/, 'must be a type code such as "bookkeeper" (small letters, digits, dashes)');

export const CADRE_STATUSES = ['active', 'inactive', 'left'] as const;
export type CadreStatus = (typeof CADRE_STATUSES)[number];

/** How a payer may pay honorarium. One rule may combine them: fixed + per group + per meeting. */
export const HONORARIUM_BASES = ['fixed-monthly', 'per-group', 'per-meeting'] as const;
export type HonorariumBasis = (typeof HONORARIUM_BASES)[number];

/** A review's overall rating, 1 (poor) to 5 (excellent). */
export const REVIEW_RATINGS = [1, 2, 3, 4, 5] as const;

/** A month as YYYY-MM. */
export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM');

export function monthBounds(month: string): { first: IsoDate; last: IsoDate } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const mm = String(m).padStart(2, '0');
  return { first: `${y}-${mm}-01`, last: `${y}-${mm}-${String(daysInMonth(y, m)).padStart(2, '0')}` };
}

export const monthOf = (date: IsoDate): string => date.slice(0, 7);

export interface HonorariumRule {
  id: string;
  payerId: string;
  cadreType: string;
  effectiveFrom: IsoDate;
  fixedMonthlyPaise: number;
  perGroupPaise: number;
  perMeetingPaise: number;
}

/**
 * The rule a payer applies to a cadre type for a month: the latest version effective on or before the month's
 * last day (a rate agreed in the middle of a month applies to that whole month). Null when there is none.
 */
export function honorariumRuleFor(rules: readonly HonorariumRule[], payerId: string, cadreType: string, month: string): HonorariumRule | null {
  const { last } = monthBounds(month);
  let best: HonorariumRule | null = null;
  for (const r of rules) {
    if (r.payerId !== payerId || r.cadreType !== cadreType || compareDates(r.effectiveFrom, last) > 0) continue;
    if (!best || compareDates(r.effectiveFrom, best.effectiveFrom) >= 0) best = r;
  }
  return best;
}

/** One institution a cadre serves, for a span of days (to: null while it lasts). */
export interface AssignmentSpan {
  institutionId: string;
  institutionKind: string;
  institutionName: string;
  from: IsoDate;
  to: IsoDate | null;
}

const overlaps = (a: AssignmentSpan, first: IsoDate, last: IsoDate) => compareDates(a.from, last) <= 0 && (a.to === null || compareDates(a.to, first) >= 0);
const covers = (a: AssignmentSpan, date: IsoDate) => compareDates(a.from, date) <= 0 && (a.to === null || compareDates(a.to, date) >= 0);

export interface HonorariumLine {
  basis: HonorariumBasis;
  count: number;
  ratePaise: number;
  amountPaise: number;
  text: string;
}

export interface HonorariumComputation {
  month: string;
  amountPaise: number;
  lines: HonorariumLine[];
  /** SHGs she kept in the month (assigned on at least one day of it). */
  groupsKept: string[];
  /** Meetings of those groups in the month, on days she was assigned to them. */
  meetingsWritten: number;
  explanation: string;
}

const rs = (paise: number) => formatMoney(paise, { symbol: 'Rs ', trimZeroPaise: true });

/**
 * A month's honorarium from the payer's rule and the cadre's assignments paid by that payer: the fixed amount when
 * she served at least one day of the month, the per-group amount for each SHG she kept, the per-meeting amount for
 * each meeting those SHGs recorded in the month while she kept them.
 */
export function computeHonorarium(input: {
  month: string;
  rule: Pick<HonorariumRule, 'fixedMonthlyPaise' | 'perGroupPaise' | 'perMeetingPaise'>;
  assignments: readonly AssignmentSpan[];
  meetings: ReadonlyArray<{ shgId: string; date: IsoDate }>;
}): HonorariumComputation {
  const { first, last } = monthBounds(input.month);
  const serving = input.assignments.filter((a) => overlaps(a, first, last));
  const shgSpans = serving.filter((a) => a.institutionKind === 'shg');
  const groupsKept = [...new Set(shgSpans.map((a) => a.institutionId))].sort();
  const meetingsWritten = input.meetings.filter(
    (m) => compareDates(m.date, first) >= 0 && compareDates(m.date, last) <= 0 && shgSpans.some((a) => a.institutionId === m.shgId && covers(a, m.date)),
  ).length;
  const lines: HonorariumLine[] = [];
  const { fixedMonthlyPaise, perGroupPaise, perMeetingPaise } = input.rule;
  if (fixedMonthlyPaise > 0 && serving.length > 0) {
    lines.push({ basis: 'fixed-monthly', count: 1, ratePaise: fixedMonthlyPaise, amountPaise: fixedMonthlyPaise, text: `fixed ${rs(fixedMonthlyPaise)} a month` });
  }
  if (perGroupPaise > 0 && groupsKept.length > 0) {
    const amount = perGroupPaise * groupsKept.length;
    lines.push({ basis: 'per-group', count: groupsKept.length, ratePaise: perGroupPaise, amountPaise: amount, text: `${groupsKept.length} groups kept x ${rs(perGroupPaise)}` });
  }
  if (perMeetingPaise > 0 && meetingsWritten > 0) {
    const amount = perMeetingPaise * meetingsWritten;
    lines.push({ basis: 'per-meeting', count: meetingsWritten, ratePaise: perMeetingPaise, amountPaise: amount, text: `${meetingsWritten} meetings written x ${rs(perMeetingPaise)}` });
  }
  const amountPaise = lines.reduce((t, l) => t + l.amountPaise, 0);
  if (!Number.isSafeInteger(amountPaise)) throw new RangeError('honorarium out of range');
  return {
    month: input.month,
    amountPaise,
    lines,
    groupsKept,
    meetingsWritten,
    explanation: lines.length ? `${lines.map((l) => l.text).join(' + ')} = ${rs(amountPaise)}` : 'nothing due: no assignment paid by this institution in the month',
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Performance review
// ---------------------------------------------------------------------------------------------------------------

export const REVIEW_INDICATORS = ['books-on-time', 'meetings-recorded', 'training-attendance'] as const;
export type ReviewIndicatorKey = (typeof REVIEW_INDICATORS)[number];

export interface ReviewIndicator {
  key: ReviewIndicatorKey;
  numerator: number;
  denominator: number;
  /** Two decimals ("87.50"); null when there was nothing to measure. */
  percent: string | null;
  text: string;
}

export interface KeptGroupRecords {
  id: string;
  name: string;
  /** Days she kept it within the review period. */
  spans: ReadonlyArray<{ from: IsoDate; to: IsoDate | null }>;
  /** The group's recorded meetings, with the day each first reached the books. */
  meetings: ReadonlyArray<{ date: IsoDate; recordedOn: IsoDate }>;
}

export interface ReviewFigures {
  from: IsoDate;
  to: IsoDate;
  maxDelayDays: number;
  indicators: ReviewIndicator[];
  groups: Array<{ id: string; name: string; meetings: number; onTime: number; late: Array<{ date: IsoDate; delayDays: number }> }>;
}

/**
 * What a review reads from the records for a period: of the meetings the groups she keeps held while she kept
 * them, how many reached the books within the grading rule's days (the same measure as grading's "books up to
 * date"); how many of the meetings the groups held are in the books at all by the end of the period; and her
 * attendance at the training days she was enrolled for.
 */
export function reviewFigures(input: {
  from: IsoDate;
  to: IsoDate;
  maxDelayDays: number;
  groups: readonly KeptGroupRecords[];
  training: { enrolledDays: number; attendedDays: number };
}): ReviewFigures {
  const { from, to, maxDelayDays } = input;
  const inPeriod = (d: IsoDate) => compareDates(d, from) >= 0 && compareDates(d, to) <= 0;
  const groups = input.groups.map((g) => {
    const kept = g.meetings.filter((m) => inPeriod(m.date) && g.spans.some((s) => compareDates(s.from, m.date) <= 0 && (s.to === null || compareDates(s.to, m.date) >= 0)));
    const late = kept.map((m) => ({ date: m.date, delayDays: daysBetween(m.date, m.recordedOn) })).filter((m) => m.delayDays > maxDelayDays);
    const recordedByEnd = kept.filter((m) => compareDates(m.recordedOn, to) <= 0).length;
    return { id: g.id, name: g.name, meetings: kept.length, onTime: kept.length - late.length, late, recordedByEnd };
  });
  const meetings = groups.reduce((t, g) => t + g.meetings, 0);
  const onTime = groups.reduce((t, g) => t + g.onTime, 0);
  const recorded = groups.reduce((t, g) => t + g.recordedByEnd, 0);
  const pct = (n: number, d: number) => (d === 0 ? null : percentOf(n, d));
  const { enrolledDays, attendedDays } = input.training;
  const indicators: ReviewIndicator[] = [
    {
      key: 'books-on-time',
      numerator: onTime,
      denominator: meetings,
      percent: pct(onTime, meetings),
      text: `${onTime} of ${meetings} meetings of the ${groups.length} groups she keeps reached the books within ${maxDelayDays} days`,
    },
    {
      key: 'meetings-recorded',
      numerator: recorded,
      denominator: meetings,
      percent: pct(recorded, meetings),
      text: `${recorded} of ${meetings} meetings in the books by ${to}`,
    },
    {
      key: 'training-attendance',
      numerator: attendedDays,
      denominator: enrolledDays,
      percent: pct(attendedDays, enrolledDays),
      text: enrolledDays === 0 ? 'no training days in the period' : `attended ${attendedDays} of ${enrolledDays} training days`,
    },
  ];
  return { from, to, maxDelayDays, indicators, groups: groups.map(({ recordedByEnd: _r, ...g }) => g) };
}
