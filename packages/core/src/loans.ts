import { z } from 'zod';
import { addDays, addMonths, compareDates, daysBetween } from './dates.ts';
import { mul, parseDecimal, rational, roundToMultiple, type Rational } from './decimal.ts';
import { ErrorCode, fail, ok, problem, type Problem, type Result } from './errors.ts';
import { scheduleInputSchema, scheduleInPaise, type LoanScheduleTerms, type PaiseInstallment } from './loan-schedule.ts';

/*
 * Internal loans: the group's pooled money lent to a member (the group's receivable).
 * Interest is recognised in the books when it is collected (cash basis, as SHG books are kept); interest due but
 * unpaid lives only in the loan's state below, a memo sub-ledger rebuilt by replaying the loan's events.
 */

// ---------------------------------------------------------------------------------------------------------------
// Terms
// ---------------------------------------------------------------------------------------------------------------

export const FLEXIBLE_PERIODS = ['weekly', 'fortnightly', 'monthly'] as const;
export type FlexiblePeriod = (typeof FLEXIBLE_PERIODS)[number];

/** How a period's interest lands in paise: to the paisa or to whole rupees, half-even, up or down. */
export interface InterestRounding {
  unit: 'paise' | 'rupee';
  mode: 'half-even' | 'up' | 'down';
}
export const DEFAULT_INTEREST_ROUNDING: InterestRounding = { unit: 'paise', mode: 'half-even' };

/**
 * The common SHG loan: no fixed schedule. At the end of each period (counted from the disbursement date) interest
 * is charged on the principal outstanding at the start of that period; the member repays principal as she can, or
 * `agreedPrincipalPaise` a period when the group agreed an amount. Unpaid interest stays due and is collected first.
 * Weekly and fortnightly periods charge the monthly rate scaled to the year (x12/52, x12/26): 2% a month is 24% a
 * year, so 24/52 % a week. Only completed periods are charged: a loan paid off inside a period owes nothing for it.
 */
export interface FlexibleLoanTerms {
  kind: 'flexible';
  ratePercentPerMonth: string;
  period: FlexiblePeriod;
  interestRounding?: InterestRounding;
  agreedPrincipalPaise?: number | null;
}

/** A loan with a fixed schedule: the schedule engine's terms; principal and date come from the loan itself. */
export type ScheduledLoanTerms = { kind: 'scheduled' } & Omit<LoanScheduleTerms, 'principalPaise' | 'disbursedOn'>;

export type LoanTerms = FlexibleLoanTerms | ScheduledLoanTerms;

export type DueComponent = 'penalty' | 'interest' | 'principal';
export type AllocationOrder = readonly DueComponent[];
/** What a repayment pays first: penalty, then interest, then principal (a product may choose another order). */
export const DEFAULT_ALLOCATION_ORDER: AllocationOrder = ['penalty', 'interest', 'principal'];

export interface LoanDefinition {
  id: string;
  memberId: string;
  principalPaise: number;
  disbursedOn: string;
  terms: LoanTerms;
  purpose?: string;
  allocationOrder?: AllocationOrder;
}

const rateText = z
  .string({ message: 'must be a percentage written as a string, such as "2"' })
  .refine((t) => {
    const r = parseDecimal(t.trim());
    return r !== undefined && r.num >= 0n && r.num <= 100n * r.den;
  }, 'must be a monthly percentage from 0 to 100, such as "2" or "1.5"');

export const interestRoundingSchema = z.strictObject({
  unit: z.enum(['paise', 'rupee']),
  mode: z.enum(['half-even', 'up', 'down']),
});

export const flexibleTermsSchema = z.strictObject({
  kind: z.literal('flexible'),
  ratePercentPerMonth: rateText,
  period: z.enum(FLEXIBLE_PERIODS),
  interestRounding: interestRoundingSchema.default(DEFAULT_INTEREST_ROUNDING),
  agreedPrincipalPaise: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).nullable().default(null),
});

// The schedule engine's own field rules; its cross-field rules run in `scheduleFor`.
const { principal: _p, disbursedOn: _d, decimals: _dec, ...scheduleFields } = scheduleInputSchema.shape;
export const scheduledTermsSchema = z.strictObject({
  kind: z.literal('scheduled'),
  ...scheduleFields,
  decimals: z.union([z.literal(0), z.literal(1), z.literal(2)]).default(2),
});

/** Terms of a new loan as a command carries them. */
export const loanTermsSchema = z.discriminatedUnion('kind', [flexibleTermsSchema, scheduledTermsSchema]);

/**
 * The schedule of a scheduled loan (null for a flexible one), or the terms' problems with fields under
 * `fieldPrefix` (e.g. `disbursements.0.terms.`). Flexible terms are checked here too.
 */
export function scheduleFor(loan: LoanDefinition, fieldPrefix = 'terms.'): Result<PaiseInstallment[] | null> {
  const { terms } = loan;
  if (terms.kind === 'flexible') {
    const problems: Problem[] = [];
    if (!rateText.safeParse(terms.ratePercentPerMonth).success) {
      problems.push(problem(ErrorCode.InvalidLoanTerms, `${fieldPrefix}ratePercentPerMonth`, 'must be a monthly percentage from 0 to 100'));
    }
    const agreed = terms.agreedPrincipalPaise;
    if (agreed != null && (!Number.isSafeInteger(agreed) || agreed <= 0 || agreed > loan.principalPaise)) {
      problems.push(
        problem(ErrorCode.InvalidLoanTerms, `${fieldPrefix}agreedPrincipalPaise`, 'must be more than zero and at most the principal'),
      );
    }
    return problems.length ? fail(...problems) : ok(null);
  }
  const { kind: _k, ...rest } = terms;
  const result = scheduleInPaise({ ...rest, principalPaise: loan.principalPaise, disbursedOn: loan.disbursedOn });
  if (result.ok) return result;
  return fail(
    ...result.problems.map((p) => ({
      ...p,
      code: p.field === 'principalPaise' ? p.code : ErrorCode.InvalidLoanTerms,
      field: p.field === 'principalPaise' ? p.field : `${fieldPrefix}${p.field ?? ''}`.replace(/\.$/, ''),
    })),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------------------------

export interface Allocation {
  penaltyPaise: number;
  interestPaise: number;
  principalPaise: number;
}

interface EventBase {
  /** Unique within the loan; made deterministically by the command that appends it. */
  id: string;
  date: string;
}

/** The loan paid out. A scheduled loan stores the schedule it was given: replay never recomputes it. */
export interface DisbursementEvent extends EventBase {
  type: 'disbursement';
  amountPaise: number;
  schedule?: PaiseInstallment[] | null;
}

/** A loan brought in by a cut-off (opening balances): what was still owed on that date. */
export interface OpeningEvent extends EventBase {
  type: 'opening';
  principalOutstandingPaise: number;
  interestDuePaise: number;
  penaltyDuePaise?: number;
  /** When the opening interest fell due, for days past due; the cut-off date when unknown. */
  overdueSince?: string | null;
  schedule?: PaiseInstallment[] | null;
}

/** Money received. A prepayment is just a larger repayment; both are allocated the same way. */
export interface RepaymentEvent extends EventBase {
  type: 'repayment' | 'prepayment';
  amountPaise: number;
  /** As booked. Without it, replay allocates by the loan's order. */
  allocation?: Allocation;
}

export interface PenaltyEvent extends EventBase {
  type: 'penalty';
  amountPaise: number;
  reason?: string;
}

export interface WriteOffEvent extends EventBase {
  type: 'write-off';
  reason?: string;
}

/** Cancels an earlier event (never itself reversible: re-record the event instead). */
export interface ReversalEvent extends EventBase {
  type: 'reversal';
  reversesEventId: string;
  reason: string;
}

export type LoanEvent = DisbursementEvent | OpeningEvent | RepaymentEvent | PenaltyEvent | WriteOffEvent | ReversalEvent;

// ---------------------------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------------------------

export const AGEING_BUCKETS = ['current', '1-30', '31-60', '61-90', '>90'] as const;
export type AgeingBucket = (typeof AGEING_BUCKETS)[number];

export function ageingBucket(daysPastDue: number): AgeingBucket {
  if (daysPastDue <= 0) return 'current';
  if (daysPastDue <= 30) return '1-30';
  if (daysPastDue <= 60) return '31-60';
  if (daysPastDue <= 90) return '61-90';
  return '>90';
}

export interface InstallmentDue {
  n: number;
  dueOn: string;
  principalPaise: number;
  interestPaise: number;
}

export interface LoanState {
  loanId: string;
  memberId: string;
  asOf: string;
  status: 'open' | 'closed' | 'written-off';
  disbursedPaise: number;
  principalOutstandingPaise: number;
  /** Principal fallen due by `asOf` and unpaid: scheduled installments, or the agreed amount per period. */
  principalDuePaise: number;
  /** Interest charged by `asOf` and unpaid. */
  interestDuePaise: number;
  penaltyDuePaise: number;
  /** Scheduled loans: the unpaid parts of installments due by `asOf`. */
  installmentsDue: InstallmentDue[];
  /** What was due before `asOf` and is still unpaid; days counted from the oldest such due date. */
  overdue: { principalPaise: number; interestPaise: number; sinceDate: string | null; daysPastDue: number };
  ageing: AgeingBucket;
  nextDueOn: string | null;
  paidPrincipal: number;
  paidInterest: number;
  paidPenalty: number;
  /** Principal written off (the books' loss); interest and penalty forgiven with it are memo only. */
  writtenOffPaise: number;
  lastRepaymentOn: string | null;
}

interface Item {
  n: number;
  dueOn: string;
  amount: number;
  paid: number;
  /** Interest of a scheduled installment whose principal was prepaid in full: no longer owed. */
  cancelled: boolean;
}

const unpaid = (i: Item) => (i.cancelled ? 0 : i.amount - i.paid);
const sumUnpaid = (items: readonly Item[], pred: (i: Item) => boolean) =>
  items.reduce((s, i) => (pred(i) ? s + unpaid(i) : s), 0);

const PERIODS_PER_YEAR: Record<FlexiblePeriod, number> = { weekly: 52, fortnightly: 26, monthly: 12 };

// Replays ask for the same period ends again and again (every demand walks a loan's periods); the answer is a
// pure function of its arguments, so it is remembered. Bounded, so a long-running server does not grow.
const periodEnds = new Map<string, string>();

/** End of the k-th period of a flexible loan, counted from the anchor (never chained: month ends stay put). */
function periodEnd(anchor: string, period: FlexiblePeriod, k: number): string {
  const key = `${anchor}|${period}|${k}`;
  let end = periodEnds.get(key);
  if (end === undefined) {
    end = period === 'monthly' ? addMonths(anchor, k) : addDays(anchor, k * (period === 'weekly' ? 7 : 14));
    if (periodEnds.size >= 100_000) periodEnds.clear();
    periodEnds.set(key, end);
  }
  return end;
}

function roundPaise(value: Rational, rounding: InterestRounding): number {
  const unit = rounding.unit === 'rupee' ? 100n : 1n;
  let units: bigint;
  if (rounding.mode === 'half-even') {
    const r = roundToMultiple(value, rational(unit));
    units = r.num / r.den / unit;
  } else {
    // Interest is never negative, so bigint division truncates towards the floor.
    const den = value.den * unit;
    units = value.num / den + (rounding.mode === 'up' && value.num % den !== 0n ? 1n : 0n);
  }
  return Number(units * unit);
}

/** One period's interest on `principalPaise` under flexible terms, exactly, then rounded as the group chose. */
export function flexiblePeriodInterest(terms: FlexibleLoanTerms, principalPaise: number): number {
  const rate = parseDecimal(terms.ratePercentPerMonth.trim());
  if (!rate) throw new RangeError('flexible loan rate is not a decimal');
  const exact = mul(mul(rational(principalPaise), rate), rational(12, 100 * PERIODS_PER_YEAR[terms.period]));
  return roundPaise(exact, terms.interestRounding ?? DEFAULT_INTEREST_ROUNDING);
}

/** Mutable replay of one loan, driven by `replay` below; nothing outside this file sees it. */
class LoanReplay {
  readonly def: LoanDefinition;
  readonly flexible: FlexibleLoanTerms | null;
  status: 'open' | 'written-off' = 'open';
  disbursed = 0;
  outstanding = 0;
  /** Scheduled loans: each installment's principal and interest (the interest objects are also in `interestItems`). */
  installments: { principal: Item; interest: Item }[] = [];
  interestItems: Item[] = [];
  penaltyItems: Item[] = [];
  interestCredit = 0; // interest paid ahead of being charged (flexible), used by the next charges
  penaltyCredit = 0;
  paid = { principal: 0, interest: 0, penalty: 0 };
  writtenOff = 0;
  lastRepaymentOn: string | null = null;
  repayments: RepaymentRecord[] = [];
  // flexible: periods charged so far, start of the current period, principal at that start
  periodsCharged = 0;
  periodStart: string;
  periodStartPrincipal = 0;

  constructor(def: LoanDefinition) {
    this.def = def;
    this.flexible = def.terms.kind === 'flexible' ? def.terms : null;
    this.periodStart = def.disbursedOn;
  }

  /** Flexible loans: charge interest for every period that ended on or before `date`. */
  chargeTo(date: string): void {
    const f = this.flexible;
    if (!f || this.status !== 'open') return;
    // Repaid in full (or not yet paid out): no more charges. Paid off inside a period, the loan owes nothing for
    // that broken period: interest is charged for completed periods only, so a closed loan stays closed.
    if (this.outstanding === 0) return;
    for (;;) {
      const end = periodEnd(this.def.disbursedOn, f.period, this.periodsCharged + 1);
      if (end > date) return;
      this.periodsCharged += 1;
      const interest = flexiblePeriodInterest(f, this.periodStartPrincipal);
      const fromCredit = Math.min(interest, this.interestCredit);
      this.interestCredit -= fromCredit;
      if (interest > 0) this.interestItems.push({ n: this.periodsCharged, dueOn: end, amount: interest, paid: fromCredit, cancelled: false });
      this.periodStart = end;
      // Events dated on `end` come after this charge and update the principal again (see `apply`).
      this.periodStartPrincipal = this.outstanding;
    }
  }

  private setSchedule(schedule: PaiseInstallment[] | null | undefined): void {
    if (this.flexible) return;
    let rows = schedule;
    if (!rows) {
      const computed = scheduleFor(this.def);
      if (!computed.ok || !computed.value) throw new RangeError(`loan ${this.def.id}: scheduled loan without a valid schedule`);
      rows = computed.value;
    }
    this.installments = rows.map((r) => ({
      principal: { n: r.n, dueOn: r.dueOn, amount: r.principalPaise, paid: 0, cancelled: false },
      interest: { n: r.n, dueOn: r.dueOn, amount: r.interestPaise, paid: 0, cancelled: false },
    }));
    this.interestItems = this.installments.map((i) => i.interest);
  }

  apply(e: LoanEvent): void {
    switch (e.type) {
      case 'disbursement':
        this.disbursed += e.amountPaise;
        this.outstanding += e.amountPaise;
        this.periodStartPrincipal = this.outstanding;
        this.setSchedule(e.schedule);
        break;
      case 'opening':
        this.opening(e);
        break;
      case 'repayment':
      case 'prepayment': {
        const dueBefore = this.demand(e.date);
        const a = e.allocation ?? allocateAmounts(dueBefore, e.amountPaise, this.def.allocationOrder);
        this.repayments.push({ eventId: e.id, date: e.date, amountPaise: e.amountPaise, allocation: a, dueBefore });
        this.payPenalty(a.penaltyPaise);
        this.payInterest(a.interestPaise, e.date);
        this.payPrincipal(a.principalPaise, e.date);
        this.paid.penalty += a.penaltyPaise;
        this.paid.interest += a.interestPaise;
        this.paid.principal += a.principalPaise;
        this.lastRepaymentOn = e.date;
        break;
      }
      case 'penalty': {
        const fromCredit = Math.min(e.amountPaise, this.penaltyCredit);
        this.penaltyCredit -= fromCredit;
        this.penaltyItems.push({ n: this.penaltyItems.length + 1, dueOn: e.date, amount: e.amountPaise, paid: fromCredit, cancelled: false });
        break;
      }
      case 'write-off':
        this.writtenOff += this.outstanding;
        this.outstanding = 0;
        for (const i of [...this.installments.map((x) => x.principal), ...this.interestItems, ...this.penaltyItems]) i.cancelled = true;
        this.status = 'written-off';
        break;
      case 'reversal':
        break; // handled before replay
    }
    if (this.flexible && e.date === this.periodStart) this.periodStartPrincipal = this.outstanding;
  }

  private opening(e: OpeningEvent): void {
    this.disbursed += this.def.principalPaise;
    this.outstanding = e.principalOutstandingPaise;
    if (this.flexible) {
      // Periods ended by the cut-off are settled by the opening figures; the current one runs on the opening principal.
      while (periodEnd(this.def.disbursedOn, this.flexible.period, this.periodsCharged + 1) <= e.date) this.periodsCharged += 1;
      this.periodStart = periodEnd(this.def.disbursedOn, this.flexible.period, this.periodsCharged);
      this.periodStartPrincipal = e.principalOutstandingPaise;
    } else {
      this.setSchedule(e.schedule);
      // Installments due by the cut-off: their interest was settled (or is in the opening interest due);
      // the principal repaid before the cut-off fills installments like any payment.
      for (const i of this.interestItems) if (i.dueOn <= e.date) i.paid = i.amount;
      this.fillPrincipalItems(this.def.principalPaise - e.principalOutstandingPaise, e.date);
    }
    if (e.interestDuePaise > 0) {
      const due = { n: 0, dueOn: e.overdueSince ?? e.date, amount: e.interestDuePaise, paid: 0, cancelled: false };
      this.interestItems.unshift(due);
    }
    if ((e.penaltyDuePaise ?? 0) > 0) {
      this.penaltyItems.push({ n: 0, dueOn: e.date, amount: e.penaltyDuePaise!, paid: 0, cancelled: false });
    }
  }

  private payPenalty(amount: number): void {
    this.penaltyCredit += fill(this.penaltyItems, amount);
  }

  /** Interest due first (oldest first), then, if an allocation says so, installments not yet due. */
  private payInterest(amount: number, date: string): void {
    const rest = fill(this.interestItems.filter((i) => i.dueOn <= date), amount);
    this.interestCredit += fill(this.interestItems.filter((i) => i.dueOn > date), rest);
  }

  private payPrincipal(amount: number, date: string): void {
    this.outstanding -= amount;
    this.fillPrincipalItems(amount, date);
  }

  /**
   * Scheduled loans: principal pays installments already due, oldest first; what is left is a prepayment and
   * shrinks the schedule from its last installment backwards, so the loan ends sooner while the installments
   * before stay as agreed. An installment whose principal is prepaid in full is cancelled with its interest
   * (the loan no longer runs that long); one prepaid in part keeps its interest.
   */
  private fillPrincipalItems(amount: number, date: string): void {
    if (this.flexible) return;
    const principal = this.installments.map((i) => i.principal);
    const rest = fill(principal.filter((i) => i.dueOn <= date), amount);
    fill(principal.filter((i) => i.dueOn > date).reverse(), rest);
    // From the end: once no principal remains from an installment onwards, the loan no longer runs that long.
    let principalFromHere = 0;
    for (const { principal: p, interest } of [...this.installments].reverse()) {
      principalFromHere += unpaid(p);
      if (principalFromHere === 0 && p.dueOn > date && interest.paid === 0) interest.cancelled = true;
    }
  }

  /** Principal due by `date`: installments (scheduled) or the agreed amount per ended period (flexible). */
  principalDue(date: string, strictlyBefore = false): { paise: number; since: string | null } {
    if (this.status !== 'open') return { paise: 0, since: null };
    const due = (i: Item) => (strictlyBefore ? i.dueOn < date : i.dueOn <= date);
    if (!this.flexible) {
      const open = this.installments.map((i) => i.principal).filter((i) => due(i) && unpaid(i) > 0);
      return { paise: open.reduce((s, i) => s + unpaid(i), 0), since: open[0]?.dueOn ?? null };
    }
    const agreed = this.flexible.agreedPrincipalPaise;
    if (!agreed) return { paise: 0, since: null };
    // Cumulative: after k ended periods at most max(0, P - k*agreed) may remain; payments count oldest period first.
    const p0 = this.def.principalPaise;
    let k = 0;
    while (k * agreed < p0) {
      const end = periodEnd(this.def.disbursedOn, this.flexible.period, k + 1);
      if (strictlyBefore ? end >= date : end > date) break;
      k += 1;
    }
    const paise = Math.max(0, this.outstanding - Math.max(0, p0 - k * agreed));
    if (paise === 0) return { paise: 0, since: null };
    const firstUncovered = Math.floor((p0 - this.outstanding) / agreed) + 1;
    return { paise, since: periodEnd(this.def.disbursedOn, this.flexible.period, firstUncovered) };
  }

  demand(date: string): DueAmounts {
    return {
      penaltyPaise: sumUnpaid(this.penaltyItems, (i) => i.dueOn <= date),
      interestPaise: sumUnpaid(this.interestItems, (i) => i.dueOn <= date),
      principalPaise: this.principalDue(date).paise,
      principalOutstandingPaise: this.outstanding,
    };
  }

  state(asOf: string): LoanState {
    const d = this.demand(asOf);
    const overduePrincipal = this.principalDue(asOf, true);
    const overdueInterestItems = this.interestItems.filter((i) => i.dueOn < asOf && unpaid(i) > 0);
    const sinceDates = [overduePrincipal.since, overdueInterestItems[0]?.dueOn ?? null].filter((x): x is string => x !== null);
    const sinceDate = sinceDates.length ? sinceDates.reduce((a, b) => (a < b ? a : b)) : null;
    const daysPastDue = sinceDate ? daysBetween(sinceDate, asOf) : 0;
    const closed = this.status === 'open' && this.disbursed > 0 && this.outstanding === 0 && d.interestPaise === 0 &&
      d.penaltyPaise === 0 && sumUnpaid(this.interestItems, () => true) === 0;
    return {
      loanId: this.def.id,
      memberId: this.def.memberId,
      asOf,
      status: closed ? 'closed' : this.status,
      disbursedPaise: this.disbursed,
      principalOutstandingPaise: this.outstanding,
      principalDuePaise: d.principalPaise,
      interestDuePaise: d.interestPaise,
      penaltyDuePaise: d.penaltyPaise,
      installmentsDue: this.installmentsDue(asOf),
      overdue: {
        principalPaise: overduePrincipal.paise,
        interestPaise: overdueInterestItems.reduce((s, i) => s + unpaid(i), 0),
        sinceDate,
        daysPastDue,
      },
      ageing: ageingBucket(daysPastDue),
      nextDueOn: this.nextDueOn(asOf),
      paidPrincipal: this.paid.principal,
      paidInterest: this.paid.interest,
      paidPenalty: this.paid.penalty,
      writtenOffPaise: this.writtenOff,
      lastRepaymentOn: this.lastRepaymentOn,
    };
  }

  private installmentsDue(asOf: string): InstallmentDue[] {
    return this.installments
      .map(({ principal, interest }) => ({ n: principal.n, dueOn: principal.dueOn, principalPaise: unpaid(principal), interestPaise: unpaid(interest) }))
      .filter((x) => x.dueOn <= asOf && x.principalPaise + x.interestPaise > 0);
  }

  private nextDueOn(asOf: string): string | null {
    if (this.status !== 'open' || this.outstanding === 0) return null;
    if (this.flexible) return periodEnd(this.def.disbursedOn, this.flexible.period, this.periodsCharged + 1);
    return this.installments.find(({ principal: p, interest: i }) => p.dueOn > asOf && unpaid(p) + unpaid(i) > 0)?.principal.dueOn ?? null;
  }
}

/** Pays `amount` into items in the given order; returns what is left over. */
function fill(items: readonly Item[], amount: number): number {
  let left = amount;
  for (const i of items) {
    if (left === 0) break;
    const take = Math.min(unpaid(i), left);
    i.paid += take;
    left -= take;
  }
  return left;
}

/** Events that count: reversed ones and the reversals themselves dropped, in date order (stable). */
export function effectiveEvents(events: readonly LoanEvent[]): LoanEvent[] {
  const reversed = new Set(events.filter((e) => e.type === 'reversal').map((e) => (e as ReversalEvent).reversesEventId));
  return events
    .filter((e) => e.type !== 'reversal' && !reversed.has(e.id))
    .map((e, i) => ({ e, i }))
    .sort((a, b) => compareDates(a.e.date, b.e.date) || a.i - b.i)
    .map(({ e }) => e);
}

function replay(loan: LoanDefinition, events: readonly LoanEvent[], asOf: string): LoanReplay {
  const r = new LoanReplay(loan);
  for (const e of effectiveEvents(events)) {
    if (e.date > asOf) break;
    r.chargeTo(e.date);
    r.apply(e);
  }
  r.chargeTo(asOf);
  return r;
}

/** One repayment as replay applied it: its allocation and what was due just before it. */
export interface RepaymentRecord {
  eventId: string;
  date: string;
  amountPaise: number;
  allocation: Allocation;
  dueBefore: DueAmounts;
}

/** The loan's repayments up to `asOf`, each with what was due just before it (for demand–collection reports). */
export function loanRepayments(loan: LoanDefinition, events: readonly LoanEvent[], asOf: string): RepaymentRecord[] {
  return replay(loan, events, asOf).repayments;
}

/**
 * A loan's state on `asOf`, rebuilt from its events (those dated after `asOf` are ignored). Pure: the same events
 * always give the same state, on the phone and on the server.
 */
export function replayLoan(loan: LoanDefinition, events: readonly LoanEvent[], asOf: string): LoanState {
  return replay(loan, events, asOf).state(asOf);
}

// ---------------------------------------------------------------------------------------------------------------
// Demand and allocation
// ---------------------------------------------------------------------------------------------------------------

export interface DueAmounts {
  penaltyPaise: number;
  interestPaise: number;
  /** Principal fallen due (installments, or agreed amounts); more may be prepaid up to the outstanding. */
  principalPaise: number;
  principalOutstandingPaise: number;
}

export interface LoanDemand extends DueAmounts {
  loanId: string;
  memberId: string;
  date: string;
  status: LoanState['status'];
  /** penalty + interest + principal due: what the meeting asks for. */
  totalPaise: number;
  /** The most the member may pay: everything due plus all principal outstanding. */
  maxPayablePaise: number;
  allocationOrder: AllocationOrder;
}

/** What is due at a meeting on `date`, split penalty / interest / principal. */
export function demandAt(loan: LoanDefinition, events: readonly LoanEvent[], date: string): LoanDemand {
  const r = replay(loan, events, date);
  const s = r.state(date);
  const d = r.demand(date);
  return {
    ...d,
    loanId: loan.id,
    memberId: loan.memberId,
    date,
    status: s.status,
    totalPaise: d.penaltyPaise + d.interestPaise + d.principalPaise,
    maxPayablePaise: d.penaltyPaise + d.interestPaise + d.principalOutstandingPaise,
    allocationOrder: loan.allocationOrder ?? DEFAULT_ALLOCATION_ORDER,
  };
}

const KEY = { penalty: 'penaltyPaise', interest: 'interestPaise', principal: 'principalPaise' } as const;

/** Splits `amount` over the dues in `order`; whatever is left after all dues goes to principal (a prepayment). */
function allocateAmounts(due: DueAmounts, amount: number, order: AllocationOrder = DEFAULT_ALLOCATION_ORDER): Allocation {
  const a: Allocation = { penaltyPaise: 0, interestPaise: 0, principalPaise: 0 };
  let left = amount;
  for (const c of order) {
    const key = KEY[c];
    const take = Math.min(left, due[key]);
    a[key] += take;
    left -= take;
  }
  a.principalPaise += left;
  return a;
}

/**
 * Allocates a repayment: dues in the loan's order (penalty, interest, principal by default), then the rest to
 * principal. Refuses a payment on a closed or written-off loan (LoanClosed) and one larger than everything the
 * member owes (RepaymentExceedsDue), naming `field`.
 */
export function allocateRepayment(
  demand: LoanDemand,
  amountPaise: number,
  order: AllocationOrder = demand.allocationOrder,
  field = 'amountPaise',
): Result<Allocation> {
  if (demand.status !== 'open') {
    return fail(problem(ErrorCode.LoanClosed, field, `the loan is ${demand.status}`, { status: demand.status }));
  }
  if (!Number.isSafeInteger(amountPaise) || amountPaise < 0) {
    return fail(problem(ErrorCode.ValidationFailed, field, 'must be a whole, non-negative number of paise'));
  }
  if (amountPaise > demand.maxPayablePaise) {
    return fail(
      problem(ErrorCode.RepaymentExceedsDue, field, 'is more than the member owes on this loan', {
        maxPaise: demand.maxPayablePaise,
      }),
    );
  }
  return ok(allocateAmounts(demand, amountPaise, order));
}
