import { z } from 'zod';
import { addDays, addMonths, addWeeks, compareDates, daysBetween, isIsoDate, type IsoDate } from './dates.ts';
import { zodProblems } from './schema-parts.ts';
import {
  add,
  cmp,
  dec,
  div,
  formatDecimal,
  isMultipleOf,
  max,
  min,
  mul,
  RATIONAL_ONE,
  parseDecimal,
  pow,
  rational,
  roundHalfEven,
  roundToMultiple,
  sub,
  sum,
  toScaledInteger,
  RATIONAL_ZERO,
  type Rational,
} from './decimal.ts';
import { ErrorCode, fail, ok, problem, type Problem, type Result } from './errors.ts';
import { toDecimalString } from './money.ts';

/**
 * The loan schedule engine: the repayment schedule a lender running Apache Fineract would print for the same
 * terms (see the conventions in the `khata loan schedule` contract, repeated at `computeSchedule`).
 * Everything is exact rational arithmetic; amounts are rounded half-even at the points the contract names.
 */

// ---------------------------------------------------------------------------------------------------------------
// Input schema
// ---------------------------------------------------------------------------------------------------------------

/** A zod `error` option that says "is required" for a missing field and `message` otherwise. */
const says = (message: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : message),
});

const MAX_PRINCIPAL = dec('1000000000000'); // one lakh crore: keeps every paise figure a safe integer
const HUNDRED = rational(100);

/**
 * A decimal written as a string ("12000.00", "24", "0.5"); a JSON number is also accepted and read through its
 * shortest decimal form (24 → "24", 0.05 → "0.05"). The parsed value is checked by `check`, which returns a
 * message when the value is out of range. The output is the decimal string.
 */
function decimalText(check: (value: Rational) => string | undefined) {
  return z
    .union([z.string(), z.number()], says('must be a decimal number written as a string, such as "12000.00"'))
    .transform((raw, ctx) => {
      const text = typeof raw === 'number' ? String(raw) : raw.trim();
      const value = parseDecimal(text);
      if (!value) {
        ctx.addIssue({ code: 'custom', message: 'must be a plain decimal number such as "12000.00"', input: raw });
        return z.NEVER;
      }
      const wrong = check(value);
      if (wrong) {
        ctx.addIssue({ code: 'custom', message: wrong, input: raw });
        return z.NEVER;
      }
      return text;
    });
}

const FIRST_DATE = '1900-01-01';
const LAST_DATE = '2999-12-31';
const isoDate = z.string(says('must be a date written YYYY-MM-DD')).superRefine((d, ctx) => {
  if (!isIsoDate(d)) ctx.addIssue({ code: 'custom', message: 'must be a real calendar date written YYYY-MM-DD', input: d });
  else if (compareDates(d, FIRST_DATE) < 0 || compareDates(d, LAST_DATE) > 0) {
    ctx.addIssue({ code: 'custom', message: `must be between ${FIRST_DATE} and ${LAST_DATE}`, input: d });
  }
});

const positiveStep = decimalText((v) => (cmp(v, RATIONAL_ZERO) > 0 ? undefined : 'must be greater than 0'));
const grace = z
  .number(says('must be a whole number of installments (0 for none)'))
  .int({ error: 'must be a whole number of installments (0 for none)' })
  .min(0, { error: 'must not be negative' })
  .default(0);

export const scheduleInputSchema = z
  .object(
    {
      principal: decimalText((v) =>
        cmp(v, RATIONAL_ZERO) <= 0 ? 'must be greater than 0' : cmp(v, MAX_PRINCIPAL) > 0 ? 'must be at most 1000000000000' : undefined,
      ),
      annualRatePercent: decimalText((v) =>
        cmp(v, RATIONAL_ZERO) < 0 || cmp(v, HUNDRED) > 0 ? 'must be a yearly percentage from 0 to 100' : undefined,
      ),
      interestMethod: z.enum(['declining', 'flat'], says('must be "declining" or "flat"')),
      amortization: z.enum(['equal-installments', 'equal-principal'], says('must be "equal-installments" or "equal-principal"')),
      repayments: z
        .number(says('must be a whole number from 1 to 600'))
        .int({ error: 'must be a whole number from 1 to 600' })
        .min(1, { error: 'must be a whole number from 1 to 600' })
        .max(600, { error: 'must be a whole number from 1 to 600' }),
      every: z
        .number(says('must be a whole number from 1 to 365'))
        .int({ error: 'must be a whole number from 1 to 365' })
        .min(1, { error: 'must be a whole number from 1 to 365' })
        .max(365, { error: 'must be a whole number from 1 to 365' })
        .default(1),
      unit: z.enum(['days', 'weeks', 'months'], says('must be "days", "weeks" or "months"')),
      interestPeriod: z.enum(['same-as-repayment', 'daily'], says('must be "same-as-repayment" or "daily"')).default('same-as-repayment'),
      daysInYear: z
        .union([z.literal('actual'), z.literal(360), z.literal(364), z.literal(365)], says('must be "actual", 360, 364 or 365'))
        .default('actual'),
      disbursedOn: isoDate,
      firstRepaymentOn: isoDate.nullable().default(null),
      graceOnPrincipal: grace,
      graceOnInterest: grace,
      decimals: z
        .number(says('must be a whole number from 0 to 6'))
        .int({ error: 'must be a whole number from 0 to 6' })
        .min(0, { error: 'must be a whole number from 0 to 6' })
        .max(6, { error: 'must be a whole number from 0 to 6' })
        .default(2),
      currencyMultipleOf: positiveStep.nullable().default(null),
      installmentMultipleOf: positiveStep.nullable().default(null),
    },
    { error: 'loan terms must be a JSON object' },
  )
  .superRefine((t, ctx) => {
    // zod runs this even when a field failed a range check (only type errors stop it), so every cross-field
    // rule first makes sure the fields it reads are themselves valid, and says nothing otherwise.
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message, input: t });
    const wholeIn = (v: unknown, lo: number, hi: number): v is number => Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi;
    if (wholeIn(t.repayments, 1, 600) && wholeIn(t.every, 1, 365)) {
      const term = t.repayments * t.every;
      if (term > (t.unit === 'months' ? 1200 : t.unit === 'weeks' ? 5200 : 36500)) {
        issue('repayments', 'the loan term (repayments x every) must not exceed 100 years');
      }
    }
    if (wholeIn(t.repayments, 1, 600)) {
      if (wholeIn(t.graceOnPrincipal, 0, Infinity) && t.graceOnPrincipal >= t.repayments) issue('graceOnPrincipal', 'must be less than repayments');
      if (wholeIn(t.graceOnInterest, 0, Infinity) && t.graceOnInterest >= t.repayments) issue('graceOnInterest', 'must be less than repayments');
    }
    if (t.firstRepaymentOn !== null && isIsoDate(t.firstRepaymentOn) && isIsoDate(t.disbursedOn)) {
      if (compareDates(t.firstRepaymentOn, t.disbursedOn) <= 0) issue('firstRepaymentOn', 'must be after disbursedOn');
    }
    if (!wholeIn(t.decimals, 0, 6)) return;
    const unit = rational(1n, 10n ** BigInt(t.decimals));
    const places = `must be a multiple of ${formatDecimal(unit, t.decimals)} (decimals = ${t.decimals})`;
    const notMultiple = (text: string | null) => {
      const value = text === null ? undefined : parseDecimal(text);
      return value !== undefined && !isMultipleOf(value, unit);
    };
    if (notMultiple(t.principal)) issue('principal', `has more decimal places than decimals = ${t.decimals}`);
    if (notMultiple(t.currencyMultipleOf)) issue('currencyMultipleOf', places);
    if (notMultiple(t.installmentMultipleOf)) issue('installmentMultipleOf', places);
  });

export type ScheduleInput = z.infer<typeof scheduleInputSchema>;

export interface ScheduleInstallment {
  n: number;
  dueOn: string;
  principal: string;
  interest: string;
  total: string;
  balance: string;
}

export interface ScheduleOutput {
  installments: ScheduleInstallment[];
  totals: { principal: string; interest: string; total: string };
}

// ---------------------------------------------------------------------------------------------------------------
// Engine
// ---------------------------------------------------------------------------------------------------------------

interface Row {
  n: number;
  dueOn: IsoDate;
  principal: Rational;
  interest: Rational;
  total: Rational;
  balance: Rational;
}

function dueDates(t: ScheduleInput): IsoDate[] {
  // Every date is computed from one anchor (never chained), so a 31st stays the 31st where the month has one.
  const anchor = t.firstRepaymentOn ?? t.disbursedOn;
  const offset = t.firstRepaymentOn === null ? 1 : 0;
  const step = t.unit === 'days' ? addDays : t.unit === 'weeks' ? addWeeks : addMonths;
  return Array.from({ length: t.repayments }, (_, i) => step(anchor, (i + offset) * t.every));
}

/** Equal installment for `principal` repaid over `periods` at `rate` per period: P·r·(1+r)^n / ((1+r)^n − 1). */
function pmt(principal: Rational, rate: Rational, periods: number): Rational {
  if (cmp(rate, RATIONAL_ZERO) === 0) return div(principal, rational(periods));
  const growth = pow(add(RATIONAL_ONE, rate), periods);
  return div(mul(mul(principal, rate), growth), sub(growth, RATIONAL_ONE));
}

const clamp = (x: Rational, lo: Rational, hi: Rational): Rational => max(lo, min(x, hi));

function buildSchedule(t: ScheduleInput): Row[] {
  const n = t.repayments;
  const P = dec(t.principal);
  const annual = div(dec(t.annualRatePercent), HUNDRED);
  const daysInYear = rational(t.daysInYear === 'actual' ? 365 : t.daysInYear);
  const perDay = div(annual, daysInYear);

  const currencyStep = t.currencyMultipleOf === null ? null : dec(t.currencyMultipleOf);
  const installmentStep = t.installmentMultipleOf === null ? null : dec(t.installmentMultipleOf);
  const amount = (x: Rational) => (currencyStep ? roundToMultiple(x, currencyStep) : roundHalfEven(x, t.decimals));
  const installmentAmount = (x: Rational) => (installmentStep ? roundToMultiple(x, installmentStep) : amount(x));

  const dates = dueDates(t);
  const periodDays = dates.map((d, i) => daysBetween(i === 0 ? t.disbursedOn : dates[i - 1]!, d));

  // Rate per repayment period when interest is charged per period: annual/12 per month, /52 per week,
  // x days / days-in-year per day; times `every`.
  const perPeriod =
    t.unit === 'months'
      ? div(mul(annual, rational(t.every)), rational(12))
      : t.unit === 'weeks'
        ? div(mul(annual, rational(t.every)), rational(52))
        : mul(perDay, rational(t.every));
  const daily = t.interestPeriod === 'daily';
  const rateFor = (i: number) => (daily ? mul(perDay, rational(periodDays[i]!)) : perPeriod);
  // The equal installment assumes a 30-day month (7-day week) when interest is daily.
  const pmtRate = daily
    ? mul(perDay, rational(t.every * (t.unit === 'months' ? 30 : t.unit === 'weeks' ? 7 : 1)))
    : perPeriod;

  const principalPeriods = n - t.graceOnPrincipal;
  const rows: Row[] = [];
  let balance = P;
  const push = (i: number, principal: Rational, interest: Rational) => {
    balance = sub(balance, principal);
    rows.push({ n: i + 1, dueOn: dates[i]!, principal, interest, total: add(principal, interest), balance });
  };

  if (t.interestMethod === 'declining') {
    const installment = installmentAmount(pmt(P, pmtRate, principalPeriods));
    const equalPrincipal = amount(div(P, rational(principalPeriods)));
    let deferred = RATIONAL_ZERO;
    for (let i = 0; i < n; i++) {
      const accrued = amount(mul(balance, rateFor(i)));
      let interest: Rational;
      if (i < t.graceOnInterest) {
        deferred = add(deferred, accrued);
        interest = RATIONAL_ZERO;
      } else {
        interest = add(accrued, deferred);
        deferred = RATIONAL_ZERO;
      }
      let principal: Rational;
      if (i === n - 1) principal = balance;
      else if (i < t.graceOnPrincipal) principal = RATIONAL_ZERO;
      else if (t.amortization === 'equal-installments') principal = clamp(sub(installment, interest), RATIONAL_ZERO, balance);
      else principal = min(equalPrincipal, balance);
      push(i, principal, interest);
    }
    return rows;
  }

  // Flat: interest on the original principal for the whole term, spread evenly over the installments.
  const totalInterest = daily
    ? amount(mul(mul(P, perDay), rational(daysBetween(t.disbursedOn, dates[n - 1]!))))
    : amount(mul(mul(P, perPeriod), rational(n)));
  const perInstallment = amount(div(totalInterest, rational(n)));
  const principalShare = div(P, rational(principalPeriods));
  let interestLeft = totalInterest;
  for (let i = 0; i < n; i++) {
    let interest: Rational;
    if (i === n - 1) interest = interestLeft;
    else if (i < t.graceOnInterest) interest = RATIONAL_ZERO;
    else if (i === t.graceOnInterest) interest = min(mul(perInstallment, rational(t.graceOnInterest + 1)), interestLeft);
    else interest = min(perInstallment, interestLeft);
    interestLeft = sub(interestLeft, interest);
    let principal: Rational;
    if (i === n - 1) principal = balance;
    else if (i < t.graceOnPrincipal) principal = RATIONAL_ZERO;
    else if (t.amortization === 'equal-installments') {
      principal = clamp(sub(installmentAmount(add(principalShare, interest)), interest), RATIONAL_ZERO, balance);
    } else principal = min(amount(principalShare), balance);
    push(i, principal, interest);
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------------------------


function validate(input: unknown): Result<ScheduleInput> {
  const parsed = scheduleInputSchema.safeParse(input);
  return parsed.success ? ok(parsed.data) : fail(...zodProblems(parsed.error));
}

/**
 * Validates the terms and computes the schedule. Conventions (so that a group's schedule agrees with Fineract's):
 * - rounding half-even, each amount to `decimals` places or to a multiple of `currencyMultipleOf` when given;
 * - periodic rate "same-as-repayment": annual/12 per month, /52 per week, x days/days-in-year per day, times
 *   `every`; "daily": balance x annual/days-in-year ("actual" = 365) x the period's actual days, while the
 *   equal installment is computed with a 30-day month (7-day week);
 * - equal installment = PMT over the periods carrying principal, rounded to `installmentMultipleOf` when given;
 *   declining: interest = round(balance x rate), principal = installment - interest;
 * - equal principal = round(principal / periods carrying principal);
 * - flat: total interest = round(principal x periodic rate x repayments) (daily: x the term's days); each
 *   installment's interest = round(total / repayments), the last taking the remainder; total = principal share
 *   + interest, rounded like an installment; principal = total - interest;
 * - graceOnPrincipal N: the first N installments pay interest only; graceOnInterest N: the first N installments
 *   collect no interest, and what accrued is collected with installment N+1;
 * - the last installment clears the remaining principal.
 */
export function computeSchedule(input: unknown): Result<ScheduleOutput> {
  const terms = validate(input);
  if (!terms.ok) return terms;
  const d = terms.value.decimals;
  const rows = buildSchedule(terms.value);
  const f = (x: Rational) => formatDecimal(x, d);
  return ok({
    installments: rows.map((r) => ({
      n: r.n,
      dueOn: r.dueOn,
      principal: f(r.principal),
      interest: f(r.interest),
      total: f(r.total),
      balance: f(r.balance),
    })),
    totals: {
      principal: f(sum(rows.map((r) => r.principal))),
      interest: f(sum(rows.map((r) => r.interest))),
      total: f(sum(rows.map((r) => r.total))),
    },
  });
}

/** Khata's own loans: the same terms with the principal in integer paise, amounts rounded to `decimals` (2 by default). */
export interface LoanScheduleTerms extends Omit<ScheduleInput, 'principal' | 'decimals'> {
  principalPaise: number;
  decimals?: 0 | 1 | 2;
}

export interface PaiseInstallment {
  n: number;
  dueOn: string;
  principalPaise: number;
  interestPaise: number;
  totalPaise: number;
  balancePaise: number;
}

/** Runs the schedule engine on paise terms and returns every amount in paise. Problems name `principalPaise`. */
export function scheduleInPaise(terms: LoanScheduleTerms): Result<PaiseInstallment[]> {
  const { principalPaise, ...rest } = terms as LoanScheduleTerms & Record<string, unknown>;
  const decimals = terms.decimals ?? 2;
  if (decimals !== 0 && decimals !== 1 && decimals !== 2) {
    return fail(problem(ErrorCode.ValidationFailed, 'decimals', 'must be 0, 1 or 2 for amounts held in paise'));
  }
  if (typeof principalPaise !== 'number' || !Number.isSafeInteger(principalPaise) || principalPaise <= 0) {
    return fail(problem(ErrorCode.ValidationFailed, 'principalPaise', 'must be a whole number of paise greater than 0'));
  }
  const unitPaise = 10 ** (2 - decimals);
  if (principalPaise % unitPaise !== 0) {
    const what = decimals === 0 ? 'whole rupees' : 'a multiple of 10 paise';
    return fail(problem(ErrorCode.ValidationFailed, 'principalPaise', `must be ${what} when decimals = ${decimals}`));
  }
  const validated = validate({ ...rest, decimals, principal: toDecimalString(principalPaise) });
  if (!validated.ok) {
    return fail(...validated.problems.map((p) => (p.field === 'principal' ? { ...p, field: 'principalPaise' } : p)));
  }
  const toPaise = (x: Rational) => Number(toScaledInteger(x, 2));
  return ok(
    buildSchedule(validated.value).map((r) => ({
      n: r.n,
      dueOn: r.dueOn,
      principalPaise: toPaise(r.principal),
      interestPaise: toPaise(r.interest),
      totalPaise: toPaise(r.total),
      balancePaise: toPaise(r.balance),
    })),
  );
}
