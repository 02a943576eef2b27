import { ErrorCode, fail, ok, problem, type Result } from './errors.ts';

/**
 * Money is integer paise (minor units) everywhere. A float never holds money: rupees exist only in parsing
 * and formatting, both done on strings.
 */
export type Paise = number & { readonly __brand: 'Paise' };

export function paise(n: number): Paise {
  if (!Number.isSafeInteger(n)) throw new RangeError('paise must be a safe integer');
  return n as Paise;
}

export const ZERO = 0 as Paise;

export function addPaise(...amounts: number[]): Paise {
  let total = 0;
  for (const a of amounts) total += a;
  return paise(total);
}

/** Parses "1234", "1234.5", "1,23,456.78", "-12.00" (rupees) exactly into paise. */
export function parseRupees(text: string, field = 'amount'): Result<Paise> {
  const cleaned = text.trim().replace(/[₹,\s]/g, '');
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!m) return fail(problem(ErrorCode.ValidationFailed, field, 'must be an amount in rupees with at most two decimals'));
  const whole = BigInt(m[2]!);
  const fraction = BigInt((m[3] ?? '').padEnd(2, '0'));
  const value = (whole * 100n + fraction) * (m[1] ? -1n : 1n);
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    return fail(problem(ErrorCode.ValidationFailed, field, 'amount is too large'));
  }
  return ok(paise(Number(value)));
}

/** "1234.50" — plain decimal string, the form the API and CLI exchange. */
export function toDecimalString(amount: number): string {
  const negative = amount < 0;
  const abs = BigInt(Math.abs(amount));
  const s = `${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
  return negative ? `-${s}` : s;
}

const NATIVE_DIGITS: Record<string, string> = {
  deva: '०१२३४५६७८९',
  beng: '০১২৩৪৫৬৭৮৯',
  orya: '୦୧୨୩୪୫୬୭୮୯',
};

/** Groups an integer string the Indian way: 12,34,567. */
function groupIndian(digits: string): string {
  if (digits.length <= 3) return digits;
  const last3 = digits.slice(-3);
  const rest = digits.slice(0, -3).replace(/\B(?=(\d{2})+(?!\d))/g, ',');
  return `${rest},${last3}`;
}

export interface FormatMoneyOptions {
  /** Currency symbol; ₹ by default. */
  symbol?: string;
  /** Native digits: deva (Hindi), beng (Bengali), orya (Odia); Latin when absent. */
  numberingSystem?: 'latn' | 'deva' | 'beng' | 'orya';
  /** Drop ".00" for whole rupees (for large headline figures). */
  trimZeroPaise?: boolean;
}

/** ₹1,23,456.78 with lakh grouping; exact, from integer paise. */
export function formatMoney(amount: number, options: FormatMoneyOptions = {}): string {
  const negative = amount < 0;
  const abs = BigInt(Math.abs(amount));
  const rupees = groupIndian((abs / 100n).toString());
  const fraction = (abs % 100n).toString().padStart(2, '0');
  let text = `${options.symbol ?? '₹'}${rupees}${options.trimZeroPaise && fraction === '00' ? '' : `.${fraction}`}`;
  const digits = options.numberingSystem && NATIVE_DIGITS[options.numberingSystem];
  if (digits) text = text.replace(/[0-9]/g, (d) => digits[Number(d)]!);
  return negative ? `-${text}` : text;
}
