import { z } from 'zod';

/*
 * Social inclusion (DOMAIN.md "Social inclusion"): the household register of a village and the coverage of the
 * poor by SHGs. Target households are those with at least one SECC-2011 deprivation plus those listed in the
 * Participatory Identification of the Poor (PIP), vetted by the Gram Sabha; the register keeps the outcome as the
 * household's poverty status (poorest of the poor = `poorest`, `poor`, `non-poor`) with the SECC and PIP evidence
 * beside it. A household is mobilised when one of its women is an active SHG member: that is read from the
 * membership, never typed twice.
 *
 * Pure: counts and shares from rows the caller loaded. Shares are compared with goals exactly (integers); the
 * percentage shown is rounded to one decimal for display only.
 */

/** Priority groups from DOMAIN.md, as codes (labelled in the user's language by the app). */
export const INCLUSION_CATEGORIES = [
  'sc', 'st', 'pvtg', 'minority', 'single-woman', 'woman-headed-household', 'person-with-disability', 'landless',
  'migrant-labour', 'isolated-community', 'flood-prone', 'drought-prone', 'conflict-affected', 'elderly',
] as const;
export type InclusionCategory = (typeof INCLUSION_CATEGORIES)[number];

/**
 * SECC-2011 deprivation indicators and automatic inclusion, as codes: d1 one room with kucha walls and roof;
 * d2 no adult member aged 16–59; d3 female-headed with no adult male aged 16–59; d4 a disabled member and no
 * able-bodied adult; d5 SC/ST household; d6 no literate adult above 25; d7 landless, income mostly from manual
 * casual labour; `auto-included` (shelterless, destitute, manual scavenger, PVTG, legally released bonded labourer).
 */
export const SECC_DEPRIVATIONS = ['d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'auto-included'] as const;
export type SeccDeprivation = (typeof SECC_DEPRIVATIONS)[number];

export const POVERTY_STATUSES = ['poorest', 'poor', 'non-poor'] as const;
export type PovertyStatus = (typeof POVERTY_STATUSES)[number];

/** Where a household stands with the SHGs: none of its women ever joined, one is an active member, all have left. */
export const MOBILISATION_STATUSES = ['not-yet', 'in-shg', 'left'] as const;
export type MobilisationStatus = (typeof MOBILISATION_STATUSES)[number];

export const isPoor = (s: PovertyStatus | string): boolean => s === 'poor' || s === 'poorest';

/** A woman's membership as far as mobilisation is concerned. */
export interface MembershipSpan {
  joinedOn: string;
  leftOn: string | null;
}

/** Active on `asOf`: joined on or before it and not yet left (she leaves at the end of her last day). */
export const activeOn = (m: MembershipSpan, asOf: string): boolean => m.joinedOn <= asOf && (m.leftOn === null || m.leftOn > asOf);

/** The household's status on `asOf`, from its women's memberships. */
export function mobilisationStatus(memberships: readonly MembershipSpan[], asOf: string): MobilisationStatus {
  if (memberships.some((m) => activeOn(m, asOf))) return 'in-shg';
  return memberships.some((m) => m.joinedOn <= asOf) ? 'left' : 'not-yet';
}

// ---------------------------------------------------------------------------------------------------------------
// Goals (part of the dated rule sets in rules.ts)
// ---------------------------------------------------------------------------------------------------------------

const goalSchema = z.strictObject({
  /** A stable name for the goal (`sc-st`), cited by the coverage report. */
  key: z.string().trim().regex(/^[a-z0-9-]{1,40}$/, 'must be a short code such as "sc-st"'),
  /** A household counts towards the goal when it carries any of these categories. */
  categories: z.array(z.enum(INCLUSION_CATEGORIES)).min(1, 'name at least one category'),
  /** The smallest share of the mobilised households that should carry one of the categories. */
  minPercent: z.number().int('must be a whole percentage').min(0, 'must be 0 to 100').max(100, 'must be 0 to 100'),
});
export type InclusionGoal = z.output<typeof goalSchema>;

/** National coverage goals (DAY-NRLM): 50% SC/ST, 15% minorities, 3% persons with disabilities. */
export const DEFAULT_INCLUSION_GOALS: InclusionGoal[] = [
  { key: 'sc-st', categories: ['sc', 'st'], minPercent: 50 },
  { key: 'minority', categories: ['minority'], minPercent: 15 },
  { key: 'person-with-disability', categories: ['person-with-disability'], minPercent: 3 },
];

/** `inclusion` in a rule set body. */
export const inclusionRulesSchema = z.strictObject({
  goals: z
    .array(goalSchema)
    .max(30)
    .default(DEFAULT_INCLUSION_GOALS)
    .superRefine((goals, ctx) => {
      goals.forEach((g, i) => {
        if (goals.findIndex((o) => o.key === g.key) !== i) ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `"${g.key}" is used by another goal` });
      });
    }),
});
export type InclusionRules = z.output<typeof inclusionRulesSchema>;
export const DEFAULT_INCLUSION_RULES: InclusionRules = inclusionRulesSchema.parse({});

// ---------------------------------------------------------------------------------------------------------------
// Coverage
// ---------------------------------------------------------------------------------------------------------------

export interface CoverageHousehold {
  povertyStatus: PovertyStatus | string;
  categories: readonly string[];
  status: MobilisationStatus;
}

export interface CoverageFigure {
  /** Households in the group. */
  total: number;
  /** Of them, in an SHG. */
  mobilised: number;
  /** Of them, whose women have all left. */
  left: number;
  /** Of them, never mobilised. */
  notYet: number;
  /** mobilised / total, one decimal (null when there are none). */
  sharePercent: number | null;
}

export interface CategoryCoverage extends CoverageFigure {
  category: InclusionCategory;
}

export interface GoalOutcome {
  key: string;
  categories: readonly InclusionCategory[];
  goalPercent: number;
  /** Mobilised households (any poverty status) carrying one of the goal's categories. */
  mobilised: number;
  /** All mobilised households: the goal's denominator. */
  mobilisedTotal: number;
  /** mobilised / mobilisedTotal, one decimal (null when nobody is mobilised yet). */
  sharePercent: number | null;
  /** Exact: mobilised × 100 ≥ goal × mobilisedTotal. Null when nobody is mobilised yet. */
  met: boolean | null;
}

export interface Coverage {
  households: number;
  /** Poor households (poor and poorest of the poor): the target. */
  poor: CoverageFigure;
  /** Poorest of the poor. */
  poorest: CoverageFigure;
  /** Poor households by priority category (a household in several categories counts in each). */
  byCategory: CategoryCoverage[];
  goals: GoalOutcome[];
}

/** A share as a percentage with one decimal, half away from zero, for display (comparisons use integers). */
export function percentOneDecimal(part: number, whole: number): number | null {
  if (whole === 0) return null;
  return Math.round((part * 1000) / whole) / 10;
}

function figure(rows: readonly CoverageHousehold[]): CoverageFigure {
  let mobilised = 0;
  let left = 0;
  for (const h of rows) {
    if (h.status === 'in-shg') mobilised++;
    else if (h.status === 'left') left++;
  }
  return { total: rows.length, mobilised, left, notYet: rows.length - mobilised - left, sharePercent: percentOneDecimal(mobilised, rows.length) };
}

/**
 * Coverage of a set of households (a village, a block, a district…): the poor and the poorest of the poor, total
 * against mobilised; the same by priority category; and each goal (a minimum share of the mobilised households
 * from the goal's categories) met or not.
 */
export function computeCoverage(households: readonly CoverageHousehold[], rules: InclusionRules = DEFAULT_INCLUSION_RULES): Coverage {
  const poor = households.filter((h) => isPoor(h.povertyStatus));
  const byCategory = INCLUSION_CATEGORIES.map((category) => ({ category, ...figure(poor.filter((h) => h.categories.includes(category))) })).filter((c) => c.total > 0);
  const mobilised = households.filter((h) => h.status === 'in-shg');
  const goals = rules.goals.map((g): GoalOutcome => {
    const inGoal = mobilised.filter((h) => g.categories.some((c) => h.categories.includes(c))).length;
    return {
      key: g.key,
      categories: g.categories,
      goalPercent: g.minPercent,
      mobilised: inGoal,
      mobilisedTotal: mobilised.length,
      sharePercent: percentOneDecimal(inGoal, mobilised.length),
      met: mobilised.length === 0 ? null : inGoal * 100 >= g.minPercent * mobilised.length,
    };
  });
  return {
    households: households.length,
    poor: figure(poor),
    poorest: figure(poor.filter((h) => h.povertyStatus === 'poorest')),
    byCategory,
    goals,
  };
}
