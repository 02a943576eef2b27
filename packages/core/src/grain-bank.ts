/**
 * Grain banks: an institution (an SHG or a VO) keeps grain of several kinds in store, in grams, and lends it to its
 * members in kind, to be returned with interest in kind (e.g. 1.25 kg back for every kg: 25%). Grain comes in as
 * members' contributions, purchases, donations or returned loans; it goes out as loans, sales and losses (spoilage,
 * rats…); a physical count records the difference from the register.
 *
 * The stock itself is core/stock.ts's ledger. Whether it is also kept in money is the group's choice, fixed when
 * the grain bank is set up: a valued bank posts every movement to the institution's books at cost (purchases and
 * contributions at the price stated, loans, losses and sales at average cost, returned grain at the cost of the loan
 * it repays); a bank kept in quantity only posts nothing and every value is zero.
 */
import { z } from 'zod';
import { GRAIN_BANK_ACCOUNTS as A } from './chart.ts';
import { cmp, parseDecimal, rational, RATIONAL_ZERO, mul, toScaledInteger } from './decimal.ts';
import { ErrorCode, fail, ok, problem, type Result } from './errors.ts';
import { credit, debit, type JournalLine } from './ledger.ts';
import { amountFor, MAX_QUANTITY, shareOf, type StockPosition } from './stock.ts';

/** Kinds a new grain bank offers unless the group lists its own. */
export const DEFAULT_GRAIN_KINDS = ['rice', 'wheat', 'paddy', 'millet', 'maize', 'pulses'] as const;

export const GRAIN_RECEIPT_SOURCES = ['contribution', 'purchase', 'donation', 'other'] as const;
export type GrainReceiptSource = (typeof GRAIN_RECEIPT_SOURCES)[number];

export const GRAIN_LOSS_REASONS = ['spoilage', 'rats', 'pests', 'moisture', 'theft', 'other'] as const;
export type GrainLossReason = (typeof GRAIN_LOSS_REASONS)[number];

/** What a movement of the register is. `count-gain` / `count-loss`: the difference a physical count found. */
export const GRAIN_MOVEMENT_KINDS = ['receipt', 'loan', 'repayment', 'sale', 'loss', 'count-gain', 'count-loss'] as const;
export type GrainMovementKind = (typeof GRAIN_MOVEMENT_KINDS)[number];

export const GRAIN_DIRECTION: Record<GrainMovementKind, 'in' | 'out'> = {
  receipt: 'in',
  loan: 'out',
  repayment: 'in',
  sale: 'out',
  loss: 'out',
  'count-gain': 'in',
  'count-loss': 'out',
};

/** A kind of grain as the group names it: lower-case letters, digits and dashes ("rice", "finger-millet"). */
export const grainKindSchema = z.string().trim().regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be a short name of lower-case letters, digits and dashes');

/** A quantity of grain in whole grams. */
export const gramsSchema = z
  .number({ message: 'must be a quantity in grams' })
  .int('must be whole grams')
  .positive('must be more than zero')
  .max(MAX_QUANTITY, 'is too large');

/** Is `text` an interest in kind from 0 to 200 percent ("25" for 1.25 kg back per kg)? */
export function isInterestPercent(text: string): boolean {
  const r = parseDecimal(text);
  return r !== undefined && cmp(r, RATIONAL_ZERO) >= 0 && cmp(r, rational(200)) <= 0;
}
export const interestPercentSchema = z.string().trim().refine(isInterestPercent, { message: 'must be a percentage from 0 to 200, e.g. 25' });

/** The interest in kind on a loan of `principalGrams`: `interestPercent` of it, rounded half-even to the gram. */
export function interestInKind(principalGrams: number, interestPercent: string): number {
  const pct = parseDecimal(interestPercent);
  if (pct === undefined || !isInterestPercent(interestPercent)) throw new RangeError('interestPercent must be a percentage from 0 to 200');
  return Number(toScaledInteger(mul(rational(principalGrams), mul(pct, rational(1, 100))), 0));
}

/** A loan in kind as it was made: grams lent, grams of interest agreed, the cost of the grain lent (0 unvalued). */
export interface GrainLoan {
  principalGrams: number;
  interestGrams: number;
  costPaise: number;
}

/** What has come back on a loan so far (sums of its repayments). */
export interface GrainRepaid {
  principalGrams: number;
  interestGrams: number;
}
export const NOTHING_REPAID: GrainRepaid = Object.freeze({ principalGrams: 0, interestGrams: 0 });

export interface GrainLoanPosition {
  principalOutstandingGrams: number;
  interestOutstandingGrams: number;
  outstandingGrams: number;
  /** The cost of the principal still out (the receivable in a valued bank's books). */
  costOutstandingPaise: number;
}

/** Value of the first `grams` of principal (or interest) returned, at the loan's cost per gram, cumulatively. */
const valueUpTo = (loan: GrainLoan, grams: number) => (loan.principalGrams === 0 ? 0 : shareOf(loan.costPaise, grams, loan.principalGrams));

export function grainLoanPosition(loan: GrainLoan, repaid: GrainRepaid): GrainLoanPosition {
  const principal = loan.principalGrams - repaid.principalGrams;
  const interest = loan.interestGrams - repaid.interestGrams;
  return {
    principalOutstandingGrams: principal,
    interestOutstandingGrams: interest,
    outstandingGrams: principal + interest,
    costOutstandingPaise: loan.costPaise - valueUpTo(loan, repaid.principalGrams),
  };
}

export interface GrainRepaymentSplit {
  principalGrams: number;
  interestGrams: number;
  /** Cost of the principal returned: what leaves the loans receivable. */
  principalValuePaise: number;
  /** The interest grain at the loan's cost per gram: income in a valued bank. */
  interestValuePaise: number;
}

/**
 * Splits grain returned on a loan: interest first, then principal (as money loans are repaid). Each part is valued
 * cumulatively at the loan's cost per gram, so the receivable reaches exactly zero when the last gram of principal
 * comes back. Refuses more than is owed (REPAYMENT_EXCEEDS_OUTSTANDING, with what is owed).
 */
export function allocateGrainRepayment(loan: GrainLoan, repaid: GrainRepaid, grams: number, field = 'quantityGrams'): Result<GrainRepaymentSplit> {
  const position = grainLoanPosition(loan, repaid);
  if (!Number.isSafeInteger(grams) || grams <= 0) return fail(problem(ErrorCode.ValidationFailed, field, 'must be whole grams, more than zero'));
  if (grams > position.outstandingGrams) {
    return fail(problem(ErrorCode.RepaymentExceedsDue, field, 'is more than the grain still owed on this loan', { outstandingGrams: position.outstandingGrams }));
  }
  const interestGrams = Math.min(grams, position.interestOutstandingGrams);
  const principalGrams = grams - interestGrams;
  return ok({
    principalGrams,
    interestGrams,
    principalValuePaise: valueUpTo(loan, repaid.principalGrams + principalGrams) - valueUpTo(loan, repaid.principalGrams),
    interestValuePaise: valueUpTo(loan, repaid.interestGrams + interestGrams) - valueUpTo(loan, repaid.interestGrams),
  });
}

/** Value of grain found by a count beyond the register: at the average cost of what is there (zero if nothing is). */
export function countGainValue(position: StockPosition, grams: number): number {
  return position.quantity === 0 ? 0 : shareOf(position.valuePaise, grams, position.quantity);
}

/** Money for grain at a price per kilogram, rounded half-even to the paisa. */
export const grainAmount = (grams: number, pricePerKgPaise: number) => amountFor(grams, 'g', pricePerKgPaise);

export type MoneyVia = 'cash' | 'bank';

/** One movement as the books of a valued grain bank see it. */
export type GrainPosting =
  | { kind: 'receipt'; source: GrainReceiptSource; valuePaise: number; paidFrom?: MoneyVia | null; memberId?: string | null }
  | { kind: 'loan'; costPaise: number; memberId: string }
  | { kind: 'repayment'; split: GrainRepaymentSplit; memberId: string }
  | { kind: 'sale'; amountPaise: number; costPaise: number; receivedInto: MoneyVia }
  | { kind: 'loss' | 'count-loss'; costPaise: number }
  | { kind: 'count-gain'; valuePaise: number };

const money = (via: MoneyVia | null | undefined) => (via === 'bank' ? A.bank : A.cash);

/**
 * The journal lines of one movement in a valued grain bank's institution (a balanced set; zero lines dropped by the
 * caller). A purchase is paid from cash or bank; a contribution adds to the group's own funds (tagged with the
 * member who gave it); a donation is a grant; anything else other income.
 */
export function planGrainPosting(p: GrainPosting): JournalLine[] {
  const tag = (memberId: string | null | undefined) => (memberId ? { memberId } : {});
  switch (p.kind) {
    case 'receipt': {
      const from =
        p.source === 'purchase' ? money(p.paidFrom) : p.source === 'contribution' ? A.contributions : p.source === 'donation' ? 'equity:grants' : 'income:other';
      return [debit(A.stock, p.valuePaise), credit(from, p.valuePaise, p.source === 'contribution' ? tag(p.memberId) : {})];
    }
    case 'loan':
      return [debit(A.loans, p.costPaise, tag(p.memberId)), credit(A.stock, p.costPaise)];
    case 'repayment':
      return [
        debit(A.stock, p.split.principalValuePaise + p.split.interestValuePaise),
        credit(A.loans, p.split.principalValuePaise, tag(p.memberId)),
        credit(A.interest, p.split.interestValuePaise, tag(p.memberId)),
      ];
    case 'sale':
      return [debit(money(p.receivedInto), p.amountPaise), credit(A.sales, p.amountPaise), debit(A.costOfSales, p.costPaise), credit(A.stock, p.costPaise)];
    case 'loss':
    case 'count-loss':
      return [debit(A.losses, p.costPaise), credit(A.stock, p.costPaise)];
    case 'count-gain':
      return [debit(A.stock, p.valuePaise), credit(A.countGain, p.valuePaise)];
  }
}
