import { z } from 'zod';
import { percentOneDecimal } from './inclusion.ts';

/*
 * Social action (DOMAIN.md "Beyond money"): indicators observed for a member or a household at an SHG meeting or
 * at a drive (a dated event at a place, such as an immunisation drive), and Panchayat collaboration (demands an
 * SHG or VO submits to the annual Panchayat plan, and their outcome). The indicator sets are configuration, in the
 * dated rule sets (rules.ts: `socialAction`); an observation is checked against the set in force on its date.
 *
 * Pure: the indicator configuration, the period an observation falls in, and the report's counts.
 */

export const INDICATOR_SUBJECTS = ['member', 'household', 'either'] as const;
export type IndicatorSubject = (typeof INDICATOR_SUBJECTS)[number];

const code = z.string().trim().regex(/^[a-z0-9-]{1,60}$/, 'must be a short code such as "nutrition-garden"');

const indicatorSchema = z.strictObject({
  code,
  /** The set it belongs to (`immunisation`, `fourteen-point`…): reports group by it. */
  set: code,
  /** Whom it is observed for: a member (a woman), her household, or either. */
  subject: z.enum(INDICATOR_SUBJECTS).default('either'),
  /** A name for an indicator the app has no translation for (an organisation's own). */
  label: z.string().trim().max(120).optional(),
});
export type SocialIndicator = z.output<typeof indicatorSchema>;

/** Defaults from DOMAIN.md and IMSE's 14-point programme (the points the seeds name; add the rest as needed). */
export const DEFAULT_SOCIAL_INDICATORS: SocialIndicator[] = [
  { code: 'immunisation-mother', set: 'immunisation', subject: 'member' },
  { code: 'immunisation-child', set: 'immunisation', subject: 'household' },
  { code: 'birth-registration', set: 'registration', subject: 'household' },
  { code: 'death-registration', set: 'registration', subject: 'household' },
  { code: 'sanitation', set: 'sanitation', subject: 'household' },
  { code: 'nutrition-garden', set: 'nutrition-garden', subject: 'household' },
  { code: 'medicinal-plants', set: 'medicinal-plants', subject: 'household' },
  { code: 'child-protection', set: 'child-protection', subject: 'household' },
  { code: 'health-seeking', set: 'fourteen-point', subject: 'member' },
  { code: 'literacy', set: 'fourteen-point', subject: 'member' },
  { code: 'against-dowry', set: 'fourteen-point', subject: 'either' },
  { code: 'against-early-marriage', set: 'fourteen-point', subject: 'either' },
  { code: 'against-alcoholism', set: 'fourteen-point', subject: 'either' },
];

/** `socialAction` in a rule set body. */
export const socialActionRulesSchema = z.strictObject({
  indicators: z
    .array(indicatorSchema)
    .min(1, 'keep at least one indicator')
    .max(200)
    .default(DEFAULT_SOCIAL_INDICATORS)
    .superRefine((list, ctx) => {
      list.forEach((ind, i) => {
        if (list.findIndex((o) => o.code === ind.code) !== i) ctx.addIssue({ code: 'custom', path: [i, 'code'], message: `"${ind.code}" is used by another indicator` });
      });
    }),
});
export type SocialActionRules = z.output<typeof socialActionRulesSchema>;
export const DEFAULT_SOCIAL_ACTION_RULES: SocialActionRules = socialActionRulesSchema.parse({});

/** Whether an indicator may be observed for this subject. */
export const subjectFits = (indicator: Pick<SocialIndicator, 'subject'>, subject: 'member' | 'household'): boolean =>
  indicator.subject === 'either' || indicator.subject === subject;

// ---------------------------------------------------------------------------------------------------------------
// Periods and the report
// ---------------------------------------------------------------------------------------------------------------

export const REPORT_PERIODS = ['month', 'quarter', 'year'] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

/**
 * The period a date falls in: `2026-07` (month), `2026-Q3` (calendar quarter), `2026-27` (the financial year,
 * April to March, as Indian programmes report).
 */
export function periodOf(date: string, period: ReportPeriod): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  if (period === 'month') return date.slice(0, 7);
  if (period === 'quarter') return `${year}-Q${Math.ceil(month / 3)}`;
  const start = month >= 4 ? year : year - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

export interface Observation {
  indicator: string;
  /** The member or household observed. */
  subjectId: string;
  observedOn: string;
  met: boolean;
  /** Order among observations of the same day (a later record wins). */
  seq: number;
}

export interface IndicatorPeriodRow {
  period: string;
  indicator: string;
  set: string | null;
  /** Members or households observed in the period. */
  observed: number;
  /** Of them, those whose latest observation in the period met the indicator. */
  met: number;
  sharePercent: number | null;
}

/**
 * Counts per indicator and period: each member or household counts once per period, by her latest observation in
 * it (an immunisation noted as missing at a meeting and done at the drive a week later counts as done).
 */
export function summariseObservations(observations: readonly Observation[], period: ReportPeriod, indicators: readonly SocialIndicator[] = DEFAULT_SOCIAL_INDICATORS): IndicatorPeriodRow[] {
  const latest = new Map<string, Observation & { period: string }>();
  for (const o of observations) {
    const p = periodOf(o.observedOn, period);
    const key = `${p}\u0000${o.indicator}\u0000${o.subjectId}`;
    const seen = latest.get(key);
    if (!seen || seen.observedOn < o.observedOn || (seen.observedOn === o.observedOn && seen.seq < o.seq)) latest.set(key, { ...o, period: p });
  }
  const rows = new Map<string, IndicatorPeriodRow>();
  const setOf = new Map(indicators.map((i) => [i.code, i.set]));
  const order = new Map(indicators.map((i, n) => [i.code, n]));
  for (const o of latest.values()) {
    const key = `${o.period}\u0000${o.indicator}`;
    const row = rows.get(key) ?? { period: o.period, indicator: o.indicator, set: setOf.get(o.indicator) ?? null, observed: 0, met: 0, sharePercent: null };
    row.observed++;
    if (o.met) row.met++;
    rows.set(key, row);
  }
  return [...rows.values()]
    .map((r) => ({ ...r, sharePercent: percentOneDecimal(r.met, r.observed) }))
    .sort((a, b) => a.period.localeCompare(b.period) || (order.get(a.indicator) ?? 1e9) - (order.get(b.indicator) ?? 1e9) || a.indicator.localeCompare(b.indicator));
}

// ---------------------------------------------------------------------------------------------------------------
// Panchayat collaboration
// ---------------------------------------------------------------------------------------------------------------

/** What a demand to the Panchayat plan is about (the Gram Panchayat Development Plan's usual heads). */
export const DEMAND_CATEGORIES = [
  'water', 'sanitation', 'road', 'housing', 'health', 'education', 'nutrition', 'livelihood', 'social-security',
  'electricity', 'women-and-children', 'other',
] as const;
export type DemandCategory = (typeof DEMAND_CATEGORIES)[number];
export const DEMAND_STATUSES = ['pending', 'accepted', 'rejected'] as const;
export type DemandStatus = (typeof DEMAND_STATUSES)[number];
/** Who may submit a demand: an SHG or a federation. */
export const DEMAND_SUBMITTER_KINDS = ['shg', 'vo', 'clf', 'blf'] as const;
