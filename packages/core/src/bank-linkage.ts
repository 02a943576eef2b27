import { SHG_ACCOUNTS as A } from './chart.ts';
import { addDays, addMonths, compareDates, daysBetween, type IsoDate } from './dates.ts';
import { add, max, min, mul, parseDecimal, rational, RATIONAL_ZERO, sub, toScaledInteger, type Rational } from './decimal.ts';
import { ErrorCode, problem, type Problem } from './errors.ts';
import { formatMoney } from './money.ts';
import { parseRuleSetBody, ruleSetInForce, ruleSetLabel, type Grade, type RuleSet, type RuleSetBody } from './rules.ts';

/*
 * Bank linkage of SHGs (DOMAIN.md; DAY-NRLM): who may apply (eligibility from the records), which dose a loan is
 * and its ceiling as a multiple of the group's corpus, and the interest subvention on a bank loan with its
 * prompt-payee test. Pure: the server gathers the records, these functions decide, under the rule set in force.
 *
 * Interest and subvention are computed on daily products: every day from the day of disbursal, the principal
 * outstanding at the end of the day accrues (rate / 100 / 365) — 365 days in every year, as Indian banks count for
 * rupee loans. Exact rational arithmetic over the period, rounded half-even to the paisa once per loan and period.
 */

export const APPLICATION_PRODUCTS = ['term-loan', 'cash-credit'] as const;
export type ApplicationProduct = (typeof APPLICATION_PRODUCTS)[number];
export const APPLICATION_STATUSES = ['submitted', 'sanctioned', 'rejected', 'disbursed'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
/** Ages of pending applications, in days since submission. */
export const PENDENCY_BUCKETS = ['0-15', '16-30', '31-60', 'over-60'] as const;
export type PendencyBucket = (typeof PENDENCY_BUCKETS)[number];

const money = (paise: number) => formatMoney(paise, { symbol: 'Rs ' });
const ordinal = (n: number) => `${n}${n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The rules of a version as this release reads them: a body stored before a rule existed is completed with that
 * rule's default (a stored body is complete for its own release, not for later ones).
 */
export function rulesOf(ruleSet: Pick<RuleSet, 'body'>): RuleSetBody {
  const parsed = parseRuleSetBody(ruleSet.body);
  return parsed.ok ? parsed.value : ruleSet.body;
}

// ---------------------------------------------------------------------------------------------------------------
// Age, corpus, dose
// ---------------------------------------------------------------------------------------------------------------

/** Whole calendar months from `from` to `to` (0 when `to` is before a month has passed). */
export function completedMonths(from: IsoDate, to: IsoDate): number {
  if (compareDates(to, from) < 0) return 0;
  let n = Math.max(0, Math.floor(daysBetween(from, to) / 31) - 1);
  while (compareDates(addMonths(from, n + 1), to) <= 0) n++;
  return n;
}

/** The accounts whose credit balances make the corpus: members' savings, interest earned, Revolving Fund. */
export const CORPUS_ACCOUNTS = {
  savings: [A.savingsCompulsory, A.savingsVoluntary],
  interest: [A.interestMemberLoans, A.interestBank],
  revolvingFund: [A.revolvingFund],
} as const;

export interface Corpus {
  savingsPaise: number;
  interestPaise: number;
  revolvingFundPaise: number;
  corpusPaise: number;
}

/**
 * The group's corpus from its balances (signed, debit positive, as the ledger keeps them): savings of members
 * (compulsory and voluntary) + interest earned (on loans to members and on its bank account) + Revolving Fund.
 */
export function corpusOf(balances: ReadonlyMap<string, number>): Corpus {
  const credit = (paths: readonly string[]) => paths.reduce((t, p) => t - (balances.get(p) ?? 0), 0);
  const savingsPaise = credit(CORPUS_ACCOUNTS.savings);
  const interestPaise = credit(CORPUS_ACCOUNTS.interest);
  const revolvingFundPaise = credit(CORPUS_ACCOUNTS.revolvingFund);
  return { savingsPaise, interestPaise, revolvingFundPaise, corpusPaise: Math.max(0, savingsPaise + interestPaise + revolvingFundPaise) };
}

export interface DoseLimit {
  /** 1 for the first linkage, 2 for the second, … */
  dose: number;
  /** The rule that sets the ceiling (dotted path in the rule set). */
  rule: string;
  limitPaise: number;
  basis: 'corpus-multiple' | 'dose-minimum' | 'collateral-free-limit';
  corpusMultiple: number | null;
  explanation: string;
}

/**
 * The dose of a new linkage (one more than the bank loans the group already had) and its ceiling: the dose's
 * multiple of the corpus, but not less than the dose's minimum; a dose set by the Micro Credit Plan alone (no
 * multiple) goes up to the collateral-free limit; never above the collateral-free limit. Beyond the last dose
 * defined, the last one applies.
 */
export function doseLimit(previousBankLoans: number, corpusPaise: number, rules: RuleSetBody): DoseLimit {
  const b = rules.bankLinkage;
  const dose = Math.max(0, previousBankLoans) + 1;
  const index = Math.min(dose, b.doses.length) - 1;
  const d = b.doses[index]!;
  const name = `${ordinal(dose)} dose`;
  const cap = b.collateralFreeLimitPaise;
  if (d.corpusMultiple === null) {
    return {
      dose,
      rule: 'bankLinkage.collateralFreeLimitPaise',
      limitPaise: cap,
      basis: 'collateral-free-limit',
      corpusMultiple: null,
      explanation: `${name}: set by the Micro Credit Plan, up to the collateral-free limit of ${money(cap)}`,
    };
  }
  const multiple = corpusPaise * d.corpusMultiple;
  const raw = Math.max(multiple, d.minPaise);
  if (raw > cap) {
    return {
      dose,
      rule: 'bankLinkage.collateralFreeLimitPaise',
      limitPaise: cap,
      basis: 'collateral-free-limit',
      corpusMultiple: d.corpusMultiple,
      explanation: `${name}: ${d.corpusMultiple} x corpus ${money(corpusPaise)} = ${money(multiple)}, capped at the collateral-free limit of ${money(cap)}`,
    };
  }
  if (multiple >= d.minPaise) {
    return {
      dose,
      rule: `bankLinkage.doses.${index}.corpusMultiple`,
      limitPaise: multiple,
      basis: 'corpus-multiple',
      corpusMultiple: d.corpusMultiple,
      explanation: `${name}: ${d.corpusMultiple} x corpus ${money(corpusPaise)} = ${money(multiple)}`,
    };
  }
  return {
    dose,
    rule: `bankLinkage.doses.${index}.minPaise`,
    limitPaise: d.minPaise,
    basis: 'dose-minimum',
    corpusMultiple: d.corpusMultiple,
    explanation: `${name}: ${d.corpusMultiple} x corpus ${money(corpusPaise)} = ${money(multiple)}, raised to the dose's minimum of ${money(d.minPaise)}`,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// A bank loan as the records show it
// ---------------------------------------------------------------------------------------------------------------

export interface ScheduledInstalment {
  n: number;
  dueOn: IsoDate;
  principalPaise: number;
  interestPaise: number;
  totalPaise: number;
}

/**
 * One day's movement on a loan, from the books: principal drawn (disbursal, cash-credit drawal, opening balance)
 * and principal and interest repaid. A reversal is the same movement with the opposite sign.
 */
export interface LoanMovement {
  date: IsoDate;
  drawnPaise: number;
  principalRepaidPaise: number;
  interestPaidPaise: number;
}

export interface BankLoanRecord {
  id: string;
  kind: ApplicationProduct;
  disbursedOn: IsoDate;
  /** Yearly percentage the bank charges, as written in the loan's terms ("11.5"). */
  annualRatePercent: string;
  /** Term loan: its instalments. */
  schedule: readonly ScheduledInstalment[] | null;
  /** Cash credit: what may be drawn (the limit when the bank set no lower drawing power). */
  drawingPowerPaise: number | null;
  movements: readonly LoanMovement[];
}

const byDate = (a: { date: IsoDate }, b: { date: IsoDate }) => compareDates(a.date, b.date);

/** Principal outstanding at the end of `date`. */
export function outstandingOn(loan: Pick<BankLoanRecord, 'movements'>, date: IsoDate): number {
  let o = 0;
  for (const m of loan.movements) if (compareDates(m.date, date) <= 0) o += m.drawnPaise - m.principalRepaidPaise;
  return o;
}

/** When each instalment was covered: the day the payments (principal + interest) first reached the dues through it. */
function coverage(loan: BankLoanRecord): Array<{ instalment: ScheduledInstalment; coveredOn: IsoDate | null }> {
  const payments = [...loan.movements].sort(byDate);
  const out: Array<{ instalment: ScheduledInstalment; coveredOn: IsoDate | null }> = [];
  let due = 0;
  for (const inst of loan.schedule ?? []) {
    due += inst.totalPaise;
    let paid = 0;
    let coveredOn: IsoDate | null = null;
    for (const p of payments) {
      paid += p.principalRepaidPaise + p.interestPaidPaise;
      if (paid >= due) {
        coveredOn = p.date;
        break;
      }
    }
    // A later reversal can uncover an instalment again: covered means covered at the end of the records.
    if (coveredOn !== null && payments.reduce((t, p) => t + p.principalRepaidPaise + p.interestPaidPaise, 0) < due) coveredOn = null;
    out.push({ instalment: inst, coveredOn });
  }
  return out;
}

export interface Overdue {
  overduePaise: number;
  /** Due date of the oldest instalment not paid in full. */
  since: IsoDate | null;
}

/**
 * What is overdue on a bank loan on `asOf`: for a term loan, the instalments (principal + interest) due before the
 * date less everything paid up to it; for a cash credit, what is drawn beyond the drawing power.
 */
export function overdueOn(loan: BankLoanRecord, asOf: IsoDate): Overdue {
  const upTo = loan.movements.filter((m) => compareDates(m.date, asOf) <= 0);
  if (loan.kind === 'cash-credit') {
    const excess = outstandingOn({ movements: upTo }, asOf) - (loan.drawingPowerPaise ?? Number.MAX_SAFE_INTEGER);
    return { overduePaise: Math.max(0, excess), since: excess > 0 ? asOf : null };
  }
  const paid = upTo.reduce((t, m) => t + m.principalRepaidPaise + m.interestPaidPaise, 0);
  let due = 0;
  let since: IsoDate | null = null;
  for (const i of loan.schedule ?? []) {
    if (compareDates(i.dueOn, asOf) >= 0) break;
    due += i.totalPaise;
    if (since === null && paid < due) since = i.dueOn;
  }
  return { overduePaise: Math.max(0, due - paid), since };
}

// ---------------------------------------------------------------------------------------------------------------
// Eligibility
// ---------------------------------------------------------------------------------------------------------------

export interface EligibilityInput {
  date: IsoDate;
  formedOn: IsoDate;
  product: ApplicationProduct;
  amountRequestedPaise: number;
  /** Panchasutra from the records on the date (core/grading). */
  panchasutra: { score: number; norms: ReadonlyArray<{ norm: string; met: boolean }> };
  /** The latest signed-off grading on or before the date, if any. */
  latestGrading: { id: string; asOf: IsoDate; score: string; grade: Grade } | null;
  corpus: Corpus;
  /** Bank loans the group had before this one (each one a dose). */
  previousBankLoans: number;
  /** Overdue on each of the group's open bank loans on the date (only those with something overdue). */
  bankOverdues: ReadonlyArray<{ loanId: string; overduePaise: number; since: IsoDate | null }>;
}

export interface EligibilityCheck {
  /** The rule, as its dotted path in the rule set (`bankLinkage.eligibility.minAgeMonths`). */
  rule: string;
  met: boolean;
  message: string;
  params: Record<string, string | number>;
}

export interface Eligibility {
  eligible: boolean;
  date: IsoDate;
  ruleSet: { id: string | null; version: number; effectiveFrom: IsoDate; label: string };
  ageMonths: number;
  corpus: Corpus;
  dose: DoseLimit;
  /** Every rule checked, met or not, in a fixed order. */
  checks: EligibilityCheck[];
  /** The checks not met: why the group is not eligible. */
  reasons: EligibilityCheck[];
}

const hundredthsOf = (score: string) => {
  const r = parseDecimal(score);
  return r ? Number(toScaledInteger(r, 2)) : 0;
};

/** Eligibility of an application from the records on its date, under the rule set in force on that date. */
export function assessEligibility(input: EligibilityInput, ruleSet: RuleSet): Eligibility {
  const rules = rulesOf(ruleSet);
  const e = rules.bankLinkage.eligibility;
  const checks: EligibilityCheck[] = [];
  const check = (rule: string, met: boolean, message: string, params: EligibilityCheck['params'] = {}) => checks.push({ rule, met, message, params });

  const ageMonths = completedMonths(input.formedOn, input.date);
  check(
    'bankLinkage.eligibility.minAgeMonths',
    ageMonths >= e.minAgeMonths,
    `the group is ${plural(ageMonths, 'month')} old (formed on ${input.formedOn}); at least ${plural(e.minAgeMonths, 'month')} needed`,
    { ageMonths, minAgeMonths: e.minAgeMonths, formedOn: input.formedOn },
  );

  const unmet = input.panchasutra.norms.filter((n) => !n.met).map((n) => n.norm);
  check(
    'bankLinkage.eligibility.minPanchasutraScore',
    input.panchasutra.score >= e.minPanchasutraScore,
    `Panchasutra: ${input.panchasutra.score} of 5 norms met${unmet.length ? ` (not met: ${unmet.join(', ')})` : ''}; at least ${e.minPanchasutraScore} needed`,
    { score: input.panchasutra.score, minScore: e.minPanchasutraScore, notMet: unmet.join(',') },
  );

  const g = input.latestGrading;
  const validFrom = addMonths(input.date, -e.gradingValidMonths);
  if (!g || compareDates(g.asOf, validFrom) < 0) {
    check(
      'bankLinkage.eligibility.gradingValidMonths',
      false,
      g
        ? `the latest signed-off grading (${g.asOf}) is older than ${plural(e.gradingValidMonths, 'month')}`
        : `no signed-off grading in the last ${plural(e.gradingValidMonths, 'month')}`,
      { gradingValidMonths: e.gradingValidMonths, ...(g ? { gradedOn: g.asOf } : {}) },
    );
  } else {
    const minScore = rules.grading.bankCreditMinScore;
    check(
      'grading.bankCreditMinScore',
      hundredthsOf(g.score) >= minScore * 100,
      `latest signed-off grading (${g.asOf}): ${g.score} points, grade ${g.grade}; at least ${minScore} needed for bank credit`,
      { score: g.score, grade: g.grade, gradedOn: g.asOf, minScore },
    );
  }

  const overdue = input.bankOverdues.filter((o) => o.overduePaise > 0);
  const totalOverdue = overdue.reduce((t, o) => t + o.overduePaise, 0);
  check(
    'bankLinkage.eligibility.noOverdueToBank',
    !e.noOverdueToBank || overdue.length === 0,
    overdue.length === 0
      ? 'nothing overdue to any bank'
      : `${money(totalOverdue)} overdue to the bank on ${plural(overdue.length, 'loan')}${overdue[0]?.since ? ` since ${overdue[0].since}` : ''}${e.noOverdueToBank ? '' : ' (allowed by the rules)'}`,
    { overduePaise: totalOverdue, loans: overdue.length },
  );

  const dose = doseLimit(input.previousBankLoans, input.corpus.corpusPaise, rules);
  check(
    dose.rule,
    input.amountRequestedPaise <= dose.limitPaise,
    input.amountRequestedPaise <= dose.limitPaise
      ? `${money(input.amountRequestedPaise)} requested is within the limit of ${money(dose.limitPaise)} (${dose.explanation})`
      : `${money(input.amountRequestedPaise)} requested is more than the limit of ${money(dose.limitPaise)} (${dose.explanation})`,
    { requestedPaise: input.amountRequestedPaise, limitPaise: dose.limitPaise, dose: dose.dose, corpusPaise: input.corpus.corpusPaise },
  );

  const reasons = checks.filter((c) => !c.met);
  return {
    eligible: reasons.length === 0,
    date: input.date,
    ruleSet: { id: ruleSet.id, version: ruleSet.version, effectiveFrom: ruleSet.effectiveFrom, label: ruleSetLabel(ruleSet) },
    ageMonths,
    corpus: input.corpus,
    dose,
    checks,
    reasons,
  };
}

/**
 * A bank's sanction against the application's dose limit: above it, refused (CREDIT_LIMIT_EXCEEDED naming
 * `sanctionedPaise`) unless the staff recording it give the reason they accept it (`overrideReason`).
 */
export function sanctionProblems(doseLimitPaise: number, sanctionedPaise: number, overrideReason: string | undefined): Problem[] {
  if (sanctionedPaise <= doseLimitPaise || (overrideReason ?? '').trim() !== '') return [];
  return [
    problem(
      ErrorCode.CreditLimitExceeded,
      'sanctionedPaise',
      `is more than the dose limit of ${money(doseLimitPaise)}; give overrideReason to record it anyway`,
      { doseLimitPaise, sanctionedPaise },
    ),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Pendency
// ---------------------------------------------------------------------------------------------------------------

/** Pending: still undecided, or sanctioned and not yet disbursed. */
export const isPending = (status: ApplicationStatus) => status === 'submitted' || status === 'sanctioned';

export function pendencyBucket(ageDays: number): PendencyBucket {
  if (ageDays <= 15) return '0-15';
  if (ageDays <= 30) return '16-30';
  if (ageDays <= 60) return '31-60';
  return 'over-60';
}

/** Age in days since submission and its bucket, for a pending application; null otherwise. */
export function pendencyOf(app: { status: ApplicationStatus; submittedOn: IsoDate }, asOf: IsoDate): { ageDays: number; bucket: PendencyBucket } | null {
  if (!isPending(app.status) || compareDates(app.submittedOn, asOf) > 0) return null;
  const ageDays = daysBetween(app.submittedOn, asOf);
  return { ageDays, bucket: pendencyBucket(ageDays) };
}

// ---------------------------------------------------------------------------------------------------------------
// Prompt payee and interest subvention
// ---------------------------------------------------------------------------------------------------------------

export interface LateInstalment {
  n: number;
  dueOn: IsoDate;
  /** Due date + grace days: paid after this, the instalment was late. */
  deadline: IsoDate;
  coveredOn: IsoDate | null;
  daysLate: number;
}

export interface PromptVerdict {
  prompt: boolean;
  graceDays: number;
  /** Term loan: instalments late in a way that touches the period; cash credit: none. */
  late: LateInstalment[];
  /** Cash credit: the longest run of days in the period with more drawn than the drawing power. */
  daysOverDrawingPower: number;
  explanation: string;
}

/**
 * The prompt-payee test for a period [from, to], looked at on `asOf`:
 * - term loan: an instalment is late when the payments (principal + interest, all counted together and in order)
 *   did not reach the dues through it by its due date + `bankLinkage.promptPayee.graceDays`; the group is a prompt
 *   payee for the period when no instalment was late on any day of the period (from the day after its deadline to
 *   the day it was covered, or to `asOf` while unpaid);
 * - cash credit: the outstanding never stayed above the drawing power for more than the grace days in a row
 *   within the period.
 */
export function promptPayee(loan: BankLoanRecord, from: IsoDate, to: IsoDate, asOf: IsoDate, graceDays: number): PromptVerdict {
  const end = compareDates(asOf, to) < 0 ? asOf : to;
  if (loan.kind === 'cash-credit') {
    let run = 0;
    let longest = 0;
    const dp = loan.drawingPowerPaise ?? Number.MAX_SAFE_INTEGER;
    for (let d = from; compareDates(d, end) <= 0; d = addDays(d, 1)) {
      run = outstandingOn(loan, d) > dp ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    const prompt = longest <= graceDays;
    return {
      prompt,
      graceDays,
      late: [],
      daysOverDrawingPower: longest,
      explanation: prompt
        ? `never above the drawing power for more than ${plural(graceDays, 'day')} in a row`
        : `above the drawing power for ${plural(longest, 'day')} in a row (allowed ${graceDays})`,
    };
  }
  const late: LateInstalment[] = [];
  for (const { instalment: i, coveredOn } of coverage(loan)) {
    const deadline = addDays(i.dueOn, graceDays);
    if (compareDates(deadline, end) >= 0) continue; // its grace has not run out within the period
    if (coveredOn !== null && compareDates(coveredOn, deadline) <= 0) continue; // paid in time
    const lateFrom = addDays(deadline, 1);
    const lateTo = coveredOn ?? asOf;
    if (compareDates(lateTo, from) < 0 || compareDates(lateFrom, end) > 0) continue; // late, but not in this period
    late.push({ n: i.n, dueOn: i.dueOn, deadline, coveredOn, daysLate: daysBetween(i.dueOn, coveredOn ?? asOf) });
  }
  const prompt = late.length === 0;
  const first = late[0];
  return {
    prompt,
    graceDays,
    late,
    daysOverDrawingPower: 0,
    explanation: prompt
      ? `every instalment paid by its due date or within ${plural(graceDays, 'day')} of it`
      : `instalment ${first!.n} due on ${first!.dueOn} ${first!.coveredOn ? `was paid on ${first!.coveredOn}` : 'is unpaid'}, ${plural(first!.daysLate, 'day')} after its due date (allowed ${graceDays})${late.length > 1 ? `; ${plural(late.length - 1, 'more instalment')} late` : ''}`,
  };
}

export interface SubventionFigures {
  loanId: string;
  from: IsoDate;
  to: IsoDate;
  /** Days of the period the loan was out (from the day of disbursal). */
  days: number;
  outstandingAtEndPaise: number;
  /** Interest the bank charges for the period, on daily products at the loan's rate. */
  interestChargedPaise: number;
  /** What the group bears: interest charged less the subvention (interest at 7% for a loan within the ceiling). */
  interestAtSubventedRatePaise: number;
  /** Interest above 7% on outstanding up to the ceiling (Rs 3 lakh by default). */
  subventionPaise: number;
  prompt: PromptVerdict;
  /** The further subvention of a prompt payee (3% by default), 0 otherwise. */
  promptExtraPaise: number;
  /** subvention + prompt extra: what may be claimed. */
  claimablePaise: number;
  /** Versions of the rules used (the rule set in force on each day). */
  ruleSets: Array<{ version: number; label: string }>;
}

const PER_DAY = rational(36_500n); // percent per year -> fraction per day: / 100 / 365

function percent(text: string): Rational {
  return parseDecimal(text.trim()) ?? RATIONAL_ZERO;
}

/**
 * Interest subvention on one bank loan for [from, to] (inclusive), from the loan's movements and schedule, with the
 * rule set in force on each day (`bankLinkage.subvention`), the prompt-payee test judged on `asOf`:
 * - interest charged = Σ days outstanding × rate;
 * - subvention = Σ days min(outstanding, ceiling) × max(0, rate − 7%);
 * - prompt extra = Σ days min(outstanding, ceiling) × min(3%, rate − subvention rate) for a prompt payee, so that
 *   the group never receives more than it was charged.
 * Rounding: charged, subvention and subvention + extra are each rounded half-even to the paisa; the group's part is
 * charged − subvention and the extra is (subvention + extra) − subvention, so the figures add up exactly.
 */
export function subventionForPeriod(loan: BankLoanRecord, ruleSets: readonly RuleSet[], from: IsoDate, to: IsoDate, asOf: IsoDate): SubventionFigures {
  const endRules = rulesOf(ruleSetInForce(ruleSets, to));
  const prompt = promptPayee(loan, from, to, asOf, endRules.bankLinkage.promptPayee.graceDays);
  const rate = percent(loan.annualRatePercent);
  const start = compareDates(loan.disbursedOn, from) > 0 ? loan.disbursedOn : from;
  const movements = [...loan.movements].sort(byDate);
  let outstanding = 0;
  let k = 0;
  const advance = (day: IsoDate) => {
    while (k < movements.length && compareDates(movements[k]!.date, day) <= 0) {
      outstanding += movements[k]!.drawnPaise - movements[k]!.principalRepaidPaise;
      k++;
    }
  };
  let charged: Rational = RATIONAL_ZERO;
  let subvention: Rational = RATIONAL_ZERO;
  let total: Rational = RATIONAL_ZERO;
  let days = 0;
  const used = new Map<number, string>();
  const cache = new Map<RuleSet, { ceiling: number; subRate: Rational; extraRate: Rational }>();
  for (let d = start; compareDates(d, to) <= 0; d = addDays(d, 1)) {
    advance(d);
    days++;
    if (outstanding <= 0) continue;
    const rs = ruleSetInForce(ruleSets, d);
    let r = cache.get(rs);
    if (!r) {
      const s = rulesOf(rs).bankLinkage.subvention;
      const subRate = max(RATIONAL_ZERO, sub(rate, percent(s.interestRatePercent)));
      r = { ceiling: s.upToPaise, subRate, extraRate: max(RATIONAL_ZERO, min(percent(s.promptRepaymentPercent), sub(rate, subRate))) };
      cache.set(rs, r);
      used.set(rs.version, ruleSetLabel(rs));
    }
    const o = rational(outstanding);
    const eligible = rational(Math.min(outstanding, r.ceiling));
    charged = add(charged, mul(o, rate));
    subvention = add(subvention, mul(eligible, r.subRate));
    total = add(total, mul(eligible, prompt.prompt ? add(r.subRate, r.extraRate) : r.subRate));
  }
  advance(to);
  const paise = (x: Rational) => Number(toScaledInteger({ num: x.num, den: x.den * PER_DAY.num }, 0));
  const chargedPaise = paise(charged);
  const subventionPaise = paise(subvention);
  const claimablePaise = paise(total);
  return {
    loanId: loan.id,
    from,
    to,
    days: Math.max(0, days),
    outstandingAtEndPaise: outstanding,
    interestChargedPaise: chargedPaise,
    interestAtSubventedRatePaise: chargedPaise - subventionPaise,
    subventionPaise,
    prompt,
    promptExtraPaise: claimablePaise - subventionPaise,
    claimablePaise,
    ruleSets: [...used].sort((a, b) => a[0] - b[0]).map(([version, label]) => ({ version, label })),
  };
}
