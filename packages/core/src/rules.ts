import { z } from 'zod';
import { compareDates, type IsoDate } from './dates.ts';
import { fail, ok, type Result } from './errors.ts';
import { parseDecimal } from './decimal.ts';
import { zodProblems } from './schema-parts.ts';
import { inclusionRulesSchema } from './inclusion.ts';
import { socialActionRulesSchema } from './social-action.ts';

/*
 * Programme rules as dated, versioned configuration (DOMAIN.md): formation triggers, inclusion of pre-existing
 * SHGs, fund amounts, bank-linkage doses and subvention, grading. Each organisation keeps versions of its rule set,
 * each effective from a date; a decision uses the version in force on its date and records which one it used.
 * Every field has the default DOMAIN.md gives, so a partial body is completed with the defaults.
 *
 * Percentages and cut-offs are whole numbers (exact comparisons); money is integer paise; interest rates are
 * decimal strings, as in loan terms. A rule is named by its dotted path in the body (`functional.maxMissedSavings`):
 * readiness and grading reasons cite rules by that name.
 */

const RS = 100;
const LAKH = 100_000 * RS;

const wholePercent = z.number().int('must be a whole percentage').min(0, 'must be 0 to 100').max(100, 'must be 0 to 100');
const months = z.number().int('must be whole months').min(1, 'must be at least 1 month').max(240, 'must be at most 240 months');
const count = z.number().int('must be a whole number').min(0, 'cannot be negative').max(10_000);
const paise = z.number().int('must be whole paise').min(0, 'cannot be negative').max(Number.MAX_SAFE_INTEGER);
const rate = z.string().refine((t) => {
  const r = parseDecimal(t.trim());
  return r !== undefined && r.num >= 0n && r.num <= 100n * r.den;
}, 'must be a percentage from 0 to 100 written as a string, such as "7"');
const moduleCode = z.string().trim().regex(/^[a-z0-9-]{1,60}$/, 'must be a module code such as "vo-concepts"');
export const MEETING_FREQUENCIES = ['weekly', 'fortnightly', 'monthly'] as const;
export type MeetingFrequency = (typeof MEETING_FREQUENCIES)[number];
export const GRADES = ['A', 'B', 'C'] as const;
export type Grade = (typeof GRADES)[number];

/** "Functional" SHG: meetings held and savings made on schedule in the recent window. */
const functionalSchema = z.strictObject({
  /** The recent window, in months back from the date. The VO trigger's "regular savings for the last 3 months". */
  windowMonths: months.default(3),
  /** Meeting periods (per the group's own frequency) in the window without a meeting that may be tolerated. */
  maxMissedMeetings: count.default(0),
  /** Periods in the window without the full compulsory savings of every member that may be tolerated. */
  maxMissedSavings: count.default(0),
});

/** VO formation trigger (JEEViKA): at least 8 functional SHGs of about 12 members, weekly savers, trained. */
const voFormationSchema = z.strictObject({
  minShgs: count.min(1, 'must be at least 1').default(8),
  /** "About 12 members": 10 by default, the smallest regular SHG. */
  minMembersPerShg: count.default(10),
  /** Special groups (remote tribal areas, persons with disabilities) may be as small as 5. */
  minMembersPerSpecialShg: count.default(5),
  /** The savings must be at least this frequent: "regular weekly savings". */
  savingsFrequency: z.enum(MEETING_FREQUENCIES).default('weekly'),
  /** Training the SHG (or one of its members) must have completed: "trained on VO concepts". */
  trainingModule: moduleCode.default('vo-concepts'),
});

/** CLF formation trigger: 15-20 functional VOs of 12-15 SHGs, ECs meeting monthly for 2 years, trained. */
const clfFormationSchema = z.strictObject({
  minVos: count.min(1, 'must be at least 1').default(15),
  /** Advisory: a cluster with more VOs is noted (it may be split), not refused. */
  maxVos: count.default(20),
  minShgsPerVo: count.default(12),
  /** Advisory, like maxVos. */
  maxShgsPerVo: count.default(15),
  ecMeetingMonths: months.default(24),
  maxMissedEcMeetings: count.default(0),
  trainingModule: moduleCode.default('clf-concepts'),
});

/** A pre-existing SHG (promoted earlier by a line department or NGO) joins only if dominated by the poor. */
const preExistingShgSchema = z.strictObject({
  /** Assam uses 70. */
  minPoorMemberPercent: wholePercent.default(80),
});

const fundsSchema = z.strictObject({
  revolvingFund: z
    .strictObject({
      minPaise: paise.default(10_000 * RS),
      maxPaise: paise.default(15_000 * RS),
      /** Months after formation (and after the first grading). */
      fromMonths: months.default(3),
      toMonths: months.default(6),
      /** The lowest grade that receives it. */
      minGrade: z.enum(GRADES).default('B'),
    })
    .prefault({}),
  /** CIF placed with a federation, in all, per member of the SHGs within it (in perpetuity). */
  cifPerMemberPaise: paise.default(3_000 * RS),
  /** A VO's start-up fund, in all (it may come in parts). */
  voStartUpFundPaise: paise.default(25_000 * RS),
  /**
   * Maker–checker: a release of funds (release-fund) above this amount needs a second person (request-fund-release,
   * decided by someone else); at or below it one person may release directly. 0: every release needs a second person.
   */
  releaseApprovalAbovePaise: paise.default(0),
  /** A member institution leaving its federation (leave-federation): what the federation pays back. */
  leaving: z
    .strictObject({
      /** Of the share capital it holds for the member; the rest the federation keeps (as fee income). */
      shareCapitalRefundPercent: wholePercent.default(100),
      /** Of the membership fee the member paid on joining. */
      membershipFeeRefundPercent: wholePercent.default(0),
    })
    .prefault({}),
}).superRefine((f, ctx) => {
  if (f.revolvingFund.minPaise > f.revolvingFund.maxPaise) ctx.addIssue({ code: 'custom', path: ['revolvingFund', 'maxPaise'], message: 'must not be below minPaise' });
  if (f.revolvingFund.fromMonths > f.revolvingFund.toMonths) ctx.addIssue({ code: 'custom', path: ['revolvingFund', 'toMonths'], message: 'must not be before fromMonths' });
});

const doseSchema = z.strictObject({
  dose: z.number().int().min(1),
  /** Times the group's corpus; null when the dose is set by the Micro Credit Plan alone. */
  corpusMultiple: z.number().int().min(1).nullable(),
  minPaise: paise,
});

/** Bank linkage (DAY-NRLM circulars; changed many times: a default to check against the current one). */
const bankLinkageSchema = z.strictObject({
  doses: z
    .array(doseSchema)
    .min(1)
    .default([
      { dose: 1, corpusMultiple: 6, minPaise: 1.5 * LAKH },
      { dose: 2, corpusMultiple: 8, minPaise: 3 * LAKH },
      { dose: 3, corpusMultiple: null, minPaise: 6 * LAKH },
      { dose: 4, corpusMultiple: null, minPaise: 10 * LAKH },
    ]),
  collateralFreeLimitPaise: paise.default(20 * LAKH),
  subvention: z
    .strictObject({
      /** Interest charged to the SHG after subvention, on loans up to `upToPaise`. */
      interestRatePercent: rate.default('7'),
      upToPaise: paise.default(3 * LAKH),
      /** Further subvention for prompt repayment. */
      promptRepaymentPercent: rate.default('3'),
    })
    .prefault({}),
  /** A prompt payee (the extra subvention): every instalment paid within this many days of its due date. */
  promptPayee: z.strictObject({ graceDays: count.max(366).default(30) }).prefault({}),
  /** Who may apply (RBI/DAY-NRLM master circular): checked from the records when an application is submitted. */
  eligibility: z
    .strictObject({
      /** In active existence for at least this many months, by its books (from formation). */
      minAgeMonths: z.number().int('must be whole months').min(0).max(240).default(6),
      /** Panchasutra: norms (of 5) met over the grading window. */
      minPanchasutraScore: z.number().int().min(0).max(5).default(5),
      /** The latest signed-off grading counts for this many months after its date. */
      gradingValidMonths: months.default(12),
      /** No amount overdue on any bank loan of the group on the date. */
      noOverdueToBank: z.boolean().default(true),
    })
    .prefault({}),
}).superRefine((b, ctx) => {
  b.doses.forEach((d, i) => {
    if (d.dose !== i + 1) ctx.addIssue({ code: 'custom', path: ['doses', i, 'dose'], message: `must be ${i + 1}: doses are numbered in order` });
  });
});

const indicator = (weight: number, fullMarksAtPercent = 100) =>
  z
    .strictObject({
      weight: z.number().int('must be whole points').min(0).max(100).default(weight),
      /** The indicator's share at which it earns full marks (points grow linearly up to it). */
      fullMarksAtPercent: wholePercent.default(fullMarksAtPercent),
    })
    .prefault({});

export const INDICATOR_KEYS = ['meetings', 'attendance', 'savings', 'lending', 'repayment', 'books'] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];
export const NORMS = ['meetings', 'savings', 'lending', 'repayment', 'books'] as const;
export type Norm = (typeof NORMS)[number];

const gradingSchema = z
  .strictObject({
    /** Records looked at, in months back from the grading date (never before formation). */
    windowMonths: months.default(6),
    /** A grade of A above this score; B from `bFrom` up to it; C below `bFrom`. */
    cutoffs: z.strictObject({ aAbove: wholePercent.default(85), bFrom: wholePercent.default(75) }).prefault({}),
    /** Only this score or more qualifies for bank cash credit. */
    bankCreditMinScore: wholePercent.default(75),
    /** A meeting is in the books on time when recorded within this many days. */
    booksMaxDelayDays: count.default(7),
    /** The 100-point scheme: weights must add up to 100. */
    indicators: z
      .strictObject({
        meetings: indicator(20),
        attendance: indicator(10),
        savings: indicator(20),
        lending: indicator(15, 80),
        repayment: indicator(20),
        books: indicator(15),
      })
      .prefault({}),
    /** Panchasutra: each norm is met at or above this percentage of its indicator. */
    panchasutra: z
      .strictObject({
        meetings: wholePercent.default(90),
        savings: wholePercent.default(90),
        lending: wholePercent.default(50),
        repayment: wholePercent.default(90),
        books: wholePercent.default(90),
      })
      .prefault({}),
    /** When grading rounds happen, in months after formation. */
    stages: z
      .strictObject({
        beforeRf: z.strictObject({ fromMonths: months.default(3), toMonths: months.default(4) }).prefault({}),
        beforeCif: z.strictObject({ fromMonths: months.default(6), toMonths: months.default(9) }).prefault({}),
      })
      .prefault({}),
  })
  .superRefine((g, ctx) => {
    const total = INDICATOR_KEYS.reduce((t, k) => t + g.indicators[k].weight, 0);
    if (total !== 100) ctx.addIssue({ code: 'custom', path: ['indicators'], message: `weights must add up to 100 (they add up to ${total})` });
    if (g.cutoffs.bFrom > g.cutoffs.aAbove) ctx.addIssue({ code: 'custom', path: ['cutoffs', 'bFrom'], message: 'must not be above aAbove' });
    for (const stage of ['beforeRf', 'beforeCif'] as const) {
      if (g.stages[stage].fromMonths > g.stages[stage].toMonths) {
        ctx.addIssue({ code: 'custom', path: ['stages', stage, 'toMonths'], message: 'must not be before fromMonths' });
      }
    }
  });

/** The body of one rule set version. Unknown keys are refused: a misspelt rule must not fall back silently. */
export const ruleSetBodySchema = z
  .strictObject({
    functional: functionalSchema.prefault({}),
    voFormation: voFormationSchema.prefault({}),
    clfFormation: clfFormationSchema.prefault({}),
    preExistingShg: preExistingShgSchema.prefault({}),
    funds: fundsSchema.prefault({}),
    bankLinkage: bankLinkageSchema.prefault({}),
    grading: gradingSchema.prefault({}),
    /** Coverage goals of the inclusion report (inclusion.ts). */
    inclusion: inclusionRulesSchema.prefault({}),
    /** Social action indicator sets (social-action.ts). */
    socialAction: socialActionRulesSchema.prefault({}),
  });
export type RuleSetBody = z.output<typeof ruleSetBodySchema>;
/** A body as an administrator writes it: anything left out takes the DOMAIN.md default. */
export type RuleSetBodyInput = z.input<typeof ruleSetBodySchema>;

/** The defaults from DOMAIN.md, complete. */
export const DEFAULT_RULES: RuleSetBody = ruleSetBodySchema.parse({});

/** One version of an organisation's rules. Version 0 (id null) is the built-in defaults. */
export interface RuleSet {
  id: string | null;
  version: number;
  effectiveFrom: IsoDate;
  body: RuleSetBody;
}

export const BUILT_IN_RULE_SET: RuleSet = { id: null, version: 0, effectiveFrom: '0001-01-01', body: DEFAULT_RULES };

/** Validates a body (defaults filled in); problems name fields under `field` (`body.grading.cutoffs.bFrom`). */
export function parseRuleSetBody(raw: unknown, field = 'body'): Result<RuleSetBody> {
  const parsed = ruleSetBodySchema.safeParse(raw ?? {});
  if (parsed.success) return ok(parsed.data);
  return fail(...zodProblems(parsed.error).map((p) => ({ ...p, field: p.field ? `${field}.${p.field}` : field })));
}

/**
 * The version in force on `date`: the latest effective date on or before it; of two versions effective the same
 * day, the higher version (a later definition replaces an earlier one from that day on). Before any version, or
 * with none, the built-in defaults.
 */
export function ruleSetInForce(ruleSets: readonly RuleSet[], date: IsoDate): RuleSet {
  let best: RuleSet | undefined;
  for (const r of ruleSets) {
    if (compareDates(r.effectiveFrom, date) > 0) continue;
    if (!best || compareDates(r.effectiveFrom, best.effectiveFrom) > 0 || (r.effectiveFrom === best.effectiveFrom && r.version > best.version)) best = r;
  }
  return best ?? BUILT_IN_RULE_SET;
}

/** How a decision names the rules it used: `v3 (from 2026-04-01)`, or `v0 (built-in defaults)`. */
export function ruleSetLabel(r: Pick<RuleSet, 'version' | 'effectiveFrom'>): string {
  return r.version === 0 ? 'v0 (built-in defaults)' : `v${r.version} (from ${r.effectiveFrom})`;
}
