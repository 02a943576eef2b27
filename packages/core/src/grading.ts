import { addDays, addMonths, compareDates, daysBetween, type IsoDate } from './dates.ts';
import { formatMoney } from './money.ts';
import { demandCollection, percentOf } from './portfolio.ts';
import { activeMembersOn, meetingPeriods, type ShgRecords } from './readiness.ts';
import { INDICATOR_KEYS, NORMS, type Grade, type IndicatorKey, type Norm, type RuleSet, type RuleSetBody } from './rules.ts';

/*
 * Grading from the records: the Panchasutra (five norms of a healthy SHG) and a 100-point score over six
 * indicators, each explained with its figures. Points grow linearly with an indicator's share up to the share that
 * earns full marks, and are cut (floored) to the hundredth of a point, so the score is exactly the sum of the
 * points shown and never rises above what the records support. Exact integer arithmetic throughout.
 */

export const GRADING_STAGES = ['before-rf', 'before-cif', 'other'] as const;
export type GradingStage = (typeof GRADING_STAGES)[number];

const NORM_OF: Record<IndicatorKey, Norm> = {
  meetings: 'meetings',
  attendance: 'meetings',
  savings: 'savings',
  lending: 'lending',
  repayment: 'repayment',
  books: 'books',
};

/** An indicator's raw share: numerator of denominator, and what an empty denominator earns. */
export interface Measure {
  numerator: number;
  denominator: number;
  unit: 'periods' | 'attendances' | 'paise' | 'meetings';
  /** With nothing to measure (denominator 0): no points, or full marks (nothing fell due: nothing was missed). */
  whenEmpty: 'zero' | 'full';
  /** What was counted, in words: "11 of 12 weekly meetings held". */
  text: string;
}

export interface Indicator {
  key: IndicatorKey;
  norm: Norm;
  weight: number;
  numerator: number;
  denominator: number;
  unit: Measure['unit'];
  /** numerator / denominator, two decimals; null when there was nothing to measure. */
  percent: string | null;
  fullMarksAtPercent: number;
  /** Points earned, two decimals ("18.33"). */
  points: string;
  pointsHundredths: number;
  explanation: string;
}

export interface NormResult {
  norm: Norm;
  met: boolean;
  percent: string | null;
  thresholdPercent: number;
  explanation: string;
}

export interface GradeResult {
  indicators: Indicator[];
  /** Sum of the indicators' points, two decimals. */
  score: string;
  scoreHundredths: number;
  grade: Grade;
  gradeExplanation: string;
  bankCreditEligible: boolean;
  panchasutra: { score: number; norms: NormResult[] };
}

const hundredths = (h: number) => `${Math.trunc(h / 100)}.${String(h % 100).padStart(2, '0')}`;

function pointsOf(weight: number, fullMarksAtPercent: number, m: Measure): number {
  const full = weight * 100;
  if (m.denominator === 0) return m.whenEmpty === 'full' ? full : 0;
  if (fullMarksAtPercent === 0) return full;
  // weight x min(1, share / fullMarksAt), in hundredths of a point, floored.
  const earned = (BigInt(full) * BigInt(m.numerator) * 100n) / (BigInt(m.denominator) * BigInt(fullMarksAtPercent));
  return Number(earned > BigInt(full) ? BigInt(full) : earned);
}

/** The grade band of a score (in hundredths) under the rule set's cut-offs: A above aAbove, B from bFrom, else C. */
export function gradeOf(scoreHundredths: number, rules: RuleSetBody): Grade {
  const { aAbove, bFrom } = rules.grading.cutoffs;
  if (scoreHundredths > aAbove * 100) return 'A';
  if (scoreHundredths >= bFrom * 100) return 'B';
  return 'C';
}

/** Scores measured indicators under the rule set: points, grade, Panchasutra, each explained. */
export function gradeFromMeasures(measures: Record<IndicatorKey, Measure>, rules: RuleSetBody): GradeResult {
  const g = rules.grading;
  const indicators: Indicator[] = INDICATOR_KEYS.map((key) => {
    const m = measures[key];
    const { weight, fullMarksAtPercent } = g.indicators[key];
    const pointsHundredths = pointsOf(weight, fullMarksAtPercent, m);
    const percent = m.denominator === 0 ? null : percentOf(m.numerator, m.denominator);
    const share =
      percent === null
        ? m.whenEmpty === 'full'
          ? 'nothing to measure: full marks'
          : 'nothing to measure: no points'
        : `${percent}%${fullMarksAtPercent < 100 ? `, full marks at ${fullMarksAtPercent}%` : ''}`;
    return {
      key,
      norm: NORM_OF[key],
      weight,
      numerator: m.numerator,
      denominator: m.denominator,
      unit: m.unit,
      percent,
      fullMarksAtPercent,
      points: hundredths(pointsHundredths),
      pointsHundredths,
      explanation: `${m.text} (${share}): ${hundredths(pointsHundredths)} of ${weight} points`,
    };
  });
  const scoreHundredths = indicators.reduce((t, i) => t + i.pointsHundredths, 0);
  const grade = gradeOf(scoreHundredths, rules);
  const { aAbove, bFrom } = g.cutoffs;
  const band = grade === 'A' ? `above ${aAbove}` : grade === 'B' ? `${bFrom} to ${aAbove}` : `below ${bFrom}`;
  const norms: NormResult[] = NORMS.map((norm) => {
    const m = measures[norm];
    const thresholdPercent = g.panchasutra[norm];
    const met = m.denominator === 0 ? m.whenEmpty === 'full' : m.numerator * 100 >= thresholdPercent * m.denominator;
    const percent = m.denominator === 0 ? null : percentOf(m.numerator, m.denominator);
    return {
      norm,
      met,
      percent,
      thresholdPercent,
      explanation: `${m.text}${percent === null ? '' : ` (${percent}%)`}: ${met ? 'met' : 'not met'}, the norm is ${thresholdPercent}%`,
    };
  });
  return {
    indicators,
    score: hundredths(scoreHundredths),
    scoreHundredths,
    grade,
    gradeExplanation: `${hundredths(scoreHundredths)} of 100 points: grade ${grade} (${band})`,
    bankCreditEligible: scoreHundredths >= g.bankCreditMinScore * 100,
    panchasutra: { score: norms.filter((n) => n.met).length, norms },
  };
}

const money = (paise: number) => formatMoney(paise, { symbol: 'Rs ' });

/** The six indicators measured from an SHG's records over the grading window ending on `asOf`. */
export function measureShg(shg: ShgRecords, asOf: IsoDate, rules: RuleSetBody): { window: { from: IsoDate; through: IsoDate }; measures: Record<IndicatorKey, Measure> } {
  const g = rules.grading;
  const periods = meetingPeriods(asOf, shg.meetingFrequency, g.windowMonths, shg.formedOn);
  const oldest = periods[periods.length - 1];
  let from = oldest ? addDays(oldest.after, 1) : asOf;
  if (compareDates(from, shg.formedOn) < 0) from = shg.formedOn;
  const inWindow = (d: IsoDate) => compareDates(d, from) >= 0 && compareDates(d, asOf) <= 0;
  const meetings = shg.meetings.filter((m) => inWindow(m.date));
  const word = shg.meetingFrequency;

  let held = 0;
  let savingsDue = 0;
  let savingsCollected = 0;
  for (const p of periods) {
    const inP = meetings.filter((m) => compareDates(m.date, p.after) > 0 && compareDates(m.date, p.through) <= 0);
    if (inP.length === 0) {
      savingsDue += shg.compulsorySavingsPaise * activeMembersOn(shg.members, p.through).length;
      continue;
    }
    held += 1;
    const best = inP.reduce((a, b) => (b.savingsCollectedPaise > a.savingsCollectedPaise ? b : a));
    savingsDue += best.savingsDuePaise;
    savingsCollected += Math.min(best.savingsCollectedPaise, best.savingsDuePaise);
  }
  const present = meetings.reduce((t, m) => t + m.present, 0);
  const expectedAttendance = meetings.reduce((t, m) => t + m.members, 0);
  const saved = meetings.reduce((t, m) => t + m.savingsCollectedPaise + m.voluntarySavingsPaise, 0);
  const lent = shg.loans.filter((l) => inWindow(l.definition.disbursedOn)).reduce((t, l) => t + l.definition.principalPaise, 0);
  let demand = 0;
  let collected = 0;
  for (const loan of shg.loans) {
    if (compareDates(loan.definition.disbursedOn, asOf) > 0) continue;
    const row = demandCollection(loan, from, asOf);
    demand += row.demandPaise;
    collected += row.collectedPaise;
  }
  const onTime = meetings.filter((m) => daysBetween(m.date, m.recordedOn) <= g.booksMaxDelayDays).length;

  return {
    window: { from, through: asOf },
    measures: {
      meetings: { numerator: held, denominator: periods.length, unit: 'periods', whenEmpty: 'zero', text: `${held} of ${periods.length} ${word} meetings held` },
      attendance: { numerator: present, denominator: expectedAttendance, unit: 'attendances', whenEmpty: 'zero', text: `${present} of ${expectedAttendance} member attendances at ${meetings.length} meetings` },
      savings: {
        numerator: savingsCollected,
        denominator: savingsDue,
        unit: 'paise',
        whenEmpty: 'zero',
        text: `${money(savingsCollected)} of ${money(savingsDue)} compulsory savings due in ${periods.length} ${word} periods collected`,
      },
      lending: { numerator: lent, denominator: saved, unit: 'paise', whenEmpty: 'zero', text: `${money(lent)} lent to members against ${money(saved)} saved` },
      repayment: {
        numerator: collected,
        denominator: demand,
        unit: 'paise',
        whenEmpty: 'full',
        text: demand === 0 ? 'nothing fell due on internal loans' : `${money(collected)} of ${money(demand)} due on internal loans repaid`,
      },
      books: {
        numerator: onTime,
        denominator: meetings.length,
        unit: 'meetings',
        whenEmpty: 'zero',
        text: `${onTime} of ${meetings.length} meetings in the books within ${g.booksMaxDelayDays} days`,
      },
    },
  };
}

export interface StageTiming {
  stage: Exclude<GradingStage, 'other'>;
  from: IsoDate;
  to: IsoDate;
  timing: 'early' | 'on-time' | 'late';
}

/** Whether a grading round falls when DOMAIN.md puts it (before RF: 3-4 months after formation; before CIF: 6-9). */
export function stageTiming(formedOn: IsoDate, asOf: IsoDate, stage: GradingStage, rules: RuleSetBody): StageTiming | null {
  if (stage === 'other') return null;
  const s = rules.grading.stages[stage === 'before-rf' ? 'beforeRf' : 'beforeCif'];
  const from = addMonths(formedOn, s.fromMonths);
  const to = addMonths(formedOn, s.toMonths);
  const timing = compareDates(asOf, from) < 0 ? 'early' : compareDates(asOf, to) > 0 ? 'late' : 'on-time';
  return { stage, from, to, timing };
}

export interface ShgGrading extends GradeResult {
  shgId: string;
  name: string;
  asOf: IsoDate;
  window: { from: IsoDate; through: IsoDate };
  ruleSet: { id: string | null; version: number; effectiveFrom: IsoDate };
  stage: StageTiming | null;
}

/** Grades an SHG from its records as of a date, under the rule set in force on that date (passed in). */
export function gradeShg(shg: ShgRecords, asOf: IsoDate, ruleSet: RuleSet, stage: GradingStage = 'other'): ShgGrading {
  const { window, measures } = measureShg(shg, asOf, ruleSet.body);
  return {
    shgId: shg.id,
    name: shg.name,
    asOf,
    window,
    ruleSet: { id: ruleSet.id, version: ruleSet.version, effectiveFrom: ruleSet.effectiveFrom },
    stage: stageTiming(shg.formedOn, asOf, stage, ruleSet.body),
    ...gradeFromMeasures(measures, ruleSet.body),
  };
}
