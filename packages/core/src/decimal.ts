/**
 * Exact decimal arithmetic as rationals on bigint: no float ever holds an amount or a rate.
 *
 * A Rational is num/den with den > 0. Operations do not reduce by the gcd (it is not needed for exactness and
 * costs time on the large numbers a compound-interest formula makes); `reduce` does it on request, and
 * rounding/formatting give canonical results whatever the representation.
 * Misuse (division by zero, a negative number of decimals) throws a RangeError: it is a bug, not an input error.
 */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

function make(num: bigint, den: bigint): Rational {
  if (den === 0n) throw new RangeError('division by zero');
  return den < 0n ? { num: -num, den: -den } : { num, den };
}

function toBigInt(n: bigint | number): bigint {
  if (typeof n === 'bigint') return n;
  if (!Number.isSafeInteger(n)) throw new RangeError('expected a safe integer');
  return BigInt(n);
}

/** num/den from integers (numbers must be safe integers). */
export function rational(num: bigint | number, den: bigint | number = 1n): Rational {
  return make(toBigInt(num), toBigInt(den));
}

export const RATIONAL_ZERO: Rational = { num: 0n, den: 1n };
export const RATIONAL_ONE: Rational = { num: 1n, den: 1n };

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

/** Is `text` a plain decimal: optional sign, digits, optional fraction ("12000.00", "24", "-0.5")? */
export function isDecimalString(text: string): boolean {
  return DECIMAL.test(text);
}

/** Parses a plain decimal string exactly; undefined when it is not one (no exponents, no grouping, no spaces). */
export function parseDecimal(text: string): Rational | undefined {
  const m = DECIMAL.exec(text);
  if (!m) return undefined;
  const fraction = m[3] ?? '';
  const num = BigInt(m[2]! + fraction) * (m[1] === '-' ? -1n : 1n);
  return { num, den: 10n ** BigInt(fraction.length) };
}

/** Parses a decimal string, throwing on a malformed one: for literals in code ("0.05"), never for user input. */
export function dec(text: string): Rational {
  const r = parseDecimal(text);
  if (!r) throw new RangeError(`not a decimal: ${text}`);
  return r;
}

/** Number of digits after the point as written ("12.50" → 2). */
export function decimalPlacesOf(text: string): number {
  const m = DECIMAL.exec(text);
  return m?.[3]?.length ?? 0;
}

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** The same value in lowest terms. */
export function reduce(r: Rational): Rational {
  const g = gcd(r.num, r.den);
  return g <= 1n ? r : { num: r.num / g, den: r.den / g };
}

export function add(a: Rational, b: Rational): Rational {
  // When one denominator divides the other (amounts at 2 and 0 decimals, say), stay on the larger one, so that
  // a running balance does not grow its denominator step after step.
  if (a.den === b.den) return { num: a.num + b.num, den: a.den };
  if (a.den % b.den === 0n) return { num: a.num + b.num * (a.den / b.den), den: a.den };
  if (b.den % a.den === 0n) return { num: a.num * (b.den / a.den) + b.num, den: b.den };
  return { num: a.num * b.den + b.num * a.den, den: a.den * b.den };
}

export function sub(a: Rational, b: Rational): Rational {
  return add(a, neg(b));
}

export function mul(a: Rational, b: Rational): Rational {
  return { num: a.num * b.num, den: a.den * b.den };
}

export function div(a: Rational, b: Rational): Rational {
  return make(a.num * b.den, a.den * b.num);
}

export function neg(a: Rational): Rational {
  return { num: -a.num, den: a.den };
}

export function abs(a: Rational): Rational {
  return a.num < 0n ? neg(a) : a;
}

/** a^n for an integer n (negative n inverts). */
export function pow(a: Rational, n: number): Rational {
  if (!Number.isSafeInteger(n)) throw new RangeError('exponent must be an integer');
  if (n < 0) return pow(div(RATIONAL_ONE, a), -n);
  const e = BigInt(n);
  return { num: a.num ** e, den: a.den ** e };
}

/** Sum of any number of rationals (0 for none). */
export function sum(values: readonly Rational[]): Rational {
  return values.reduce(add, RATIONAL_ZERO);
}

export function cmp(a: Rational, b: Rational): -1 | 0 | 1 {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

export function eq(a: Rational, b: Rational): boolean {
  return cmp(a, b) === 0;
}

export function sign(a: Rational): -1 | 0 | 1 {
  return a.num < 0n ? -1 : a.num > 0n ? 1 : 0;
}

export function isZero(a: Rational): boolean {
  return a.num === 0n;
}

export function min(a: Rational, b: Rational): Rational {
  return cmp(a, b) <= 0 ? a : b;
}

export function max(a: Rational, b: Rational): Rational {
  return cmp(a, b) >= 0 ? a : b;
}

/** Integer nearest to num/den, ties to the even integer. */
function roundIntHalfEven(num: bigint, den: bigint): bigint {
  // den > 0 here. Work on the magnitude, then restore the sign: half-even is symmetric.
  const negative = num < 0n;
  const n = negative ? -num : num;
  let q = n / den;
  const twice = (n % den) * 2n;
  if (twice > den || (twice === den && q % 2n === 1n)) q += 1n;
  return negative ? -q : q;
}

/** Rounds half-even to `decimals` digits after the point. */
export function roundHalfEven(a: Rational, decimals: number): Rational {
  const scale = scaleOf(decimals);
  return { num: roundIntHalfEven(a.num * scale, a.den), den: scale };
}

/** Rounds half-even to the nearest multiple of `step` (> 0): "1" for whole rupees, "0.05", "5", "100". */
export function roundToMultiple(a: Rational, step: Rational): Rational {
  if (step.num <= 0n) throw new RangeError('step must be positive');
  const q = roundIntHalfEven(a.num * step.den, a.den * step.num);
  return { num: q * step.num, den: step.den };
}

/** Is `a` an integer multiple of `step` (> 0)? */
export function isMultipleOf(a: Rational, step: Rational): boolean {
  if (step.num <= 0n) throw new RangeError('step must be positive');
  return (a.num * step.den) % (a.den * step.num) === 0n;
}

function scaleOf(decimals: number): bigint {
  if (!Number.isSafeInteger(decimals) || decimals < 0) throw new RangeError('decimals must be a non-negative integer');
  return 10n ** BigInt(decimals);
}

/** Rounds half-even to `decimals` and returns the value in units of 10^-decimals (e.g. paise for 2). */
export function toScaledInteger(a: Rational, decimals: number): bigint {
  const scale = scaleOf(decimals);
  return roundIntHalfEven(a.num * scale, a.den);
}

/** n units of 10^-decimals as a rational (12345n, 2 → 123.45). */
export function fromScaledInteger(n: bigint | number, decimals: number): Rational {
  return { num: toBigInt(n), den: scaleOf(decimals) };
}

/** Formats with exactly `decimals` digits after the point, rounding half-even: "12000.00", "-0.50", "24". */
export function formatDecimal(a: Rational, decimals: number): string {
  const units = toScaledInteger(a, decimals);
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const text = decimals === 0 ? whole : `${whole}.${digits.slice(digits.length - decimals)}`;
  return negative ? `-${text}` : text;
}
