import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  add,
  cmp,
  dec,
  decimalPlacesOf,
  div,
  eq,
  formatDecimal,
  fromScaledInteger,
  isDecimalString,
  isMultipleOf,
  mul,
  RATIONAL_ONE,
  parseDecimal,
  pow,
  rational,
  reduce,
  roundHalfEven,
  roundToMultiple,
  sub,
  sum,
  toScaledInteger,
  type Rational,
} from './decimal.ts';

const f2 = (r: Rational) => formatDecimal(r, 2);

describe('decimal: parsing and formatting', () => {
  it('parses plain decimal strings exactly', () => {
    expect(f2(dec('12000.00'))).toBe('12000.00');
    expect(formatDecimal(dec('24'), 0)).toBe('24');
    expect(formatDecimal(dec('0.5'), 3)).toBe('0.500');
    expect(formatDecimal(dec('-0.05'), 2)).toBe('-0.05');
    expect(formatDecimal(dec('+7.1'), 1)).toBe('7.1');
    expect(decimalPlacesOf('12.50')).toBe(2);
    expect(decimalPlacesOf('12')).toBe(0);
  });
  it('rejects what is not a plain decimal', () => {
    for (const bad of ['', '.5', '5.', '1e3', '1,000', ' 1', '1 ', 'abc', '--1', '0x10', 'NaN', 'Infinity']) {
      expect(parseDecimal(bad), bad).toBeUndefined();
      expect(isDecimalString(bad)).toBe(false);
    }
    expect(() => dec('x')).toThrow(RangeError);
  });
  it('never prints a negative zero', () => {
    expect(f2(dec('-0.001'))).toBe('0.00');
    expect(formatDecimal(dec('-0.4'), 0)).toBe('0');
  });
});

describe('decimal: arithmetic is exact', () => {
  it('adds, subtracts, multiplies, divides as rationals', () => {
    // 0.1 + 0.2 is exactly 0.3 (a float would not be)
    expect(eq(add(dec('0.1'), dec('0.2')), dec('0.3'))).toBe(true);
    // 1/3 * 3 = 1 exactly
    expect(eq(mul(div(rational(1), rational(3)), rational(3)), rational(1))).toBe(true);
    expect(f2(sub(dec('10'), dec('0.01')))).toBe('9.99');
    expect(f2(sum([dec('1.10'), dec('2.20'), dec('3.30')]))).toBe('6.60');
    // 1.02^4 = 1.08243216
    expect(formatDecimal(pow(dec('1.02'), 4), 8)).toBe('1.08243216');
    expect(formatDecimal(pow(dec('2'), -2), 2)).toBe('0.25');
    expect(reduce(rational(6, -4))).toEqual({ num: -3n, den: 2n });
    expect(cmp(dec('0.333'), div(rational(1), rational(3)))).toBe(-1);
  });
  it('refuses division by zero', () => {
    expect(() => div(RATIONAL_ONE, rational(0))).toThrow(RangeError);
    expect(() => rational(1, 0)).toThrow(RangeError);
  });
});

describe('decimal: rounding half-even', () => {
  it('rounds ties to even at N decimals', () => {
    expect(f2(roundHalfEven(dec('2.345'), 2))).toBe('2.34');
    expect(f2(roundHalfEven(dec('2.355'), 2))).toBe('2.36');
    expect(f2(roundHalfEven(dec('2.3451'), 2))).toBe('2.35');
    expect(f2(roundHalfEven(dec('-2.345'), 2))).toBe('-2.34');
    expect(f2(roundHalfEven(dec('-2.355'), 2))).toBe('-2.36');
    expect(formatDecimal(roundHalfEven(dec('0.5'), 0), 0)).toBe('0');
    expect(formatDecimal(roundHalfEven(dec('1.5'), 0), 0)).toBe('2');
    expect(formatDecimal(roundHalfEven(dec('2.5'), 0), 0)).toBe('2');
    // 3151.4850... (Fineract FIN-01 installment) rounds up: not a tie
    expect(f2(roundHalfEven(div(rational(315148504), rational(100000)), 2))).toBe('3151.49');
  });
  it('rounds to a multiple of a step, ties to the even multiple', () => {
    expect(f2(roundToMultiple(dec('429.1667'), dec('1')))).toBe('429.00');
    expect(f2(roundToMultiple(dec('12.5'), dec('1')))).toBe('12.00');
    expect(f2(roundToMultiple(dec('13.5'), dec('1')))).toBe('14.00');
    expect(f2(roundToMultiple(dec('0.125'), dec('0.05')))).toBe('0.10'); // 2.5 steps → 2
    expect(f2(roundToMultiple(dec('0.175'), dec('0.05')))).toBe('0.20'); // 3.5 steps → 4
    expect(f2(roundToMultiple(dec('12.5'), dec('5')))).toBe('10.00'); // 2.5 steps → 2
    expect(f2(roundToMultiple(dec('17.5'), dec('5')))).toBe('20.00'); // 3.5 steps → 4
    expect(f2(roundToMultiple(dec('149.99'), dec('100')))).toBe('100.00');
    expect(isMultipleOf(dec('0.15'), dec('0.05'))).toBe(true);
    expect(isMultipleOf(dec('0.16'), dec('0.05'))).toBe(false);
  });
  it('scales to and from integer minor units', () => {
    expect(toScaledInteger(dec('123.455'), 2)).toBe(12346n);
    expect(toScaledInteger(dec('123.445'), 2)).toBe(12344n);
    expect(f2(fromScaledInteger(12345, 2))).toBe('123.45');
  });
});

const decimalText = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 18n }), fc.integer({ min: 0, max: 8 }))
  .map(([negative, units, places]) => {
    const digits = units.toString().padStart(places + 1, '0');
    const text = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
    return { text: negative && units !== 0n ? `-${text}` : text, places };
  });

const anyRational = fc
  .tuple(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.bigInt({ min: 1n, max: 10n ** 9n }))
  .map(([n, d]) => rational(n, d));

describe('decimal: properties', () => {
  it('format(parse(s)) round-trips at the written number of places', () => {
    fc.assert(fc.property(decimalText, ({ text, places }) => formatDecimal(dec(text), places) === text));
  });
  it('rounding lands within half a unit and is idempotent', () => {
    fc.assert(
      fc.property(anyRational, fc.integer({ min: 0, max: 6 }), (r, n) => {
        const rounded = roundHalfEven(r, n);
        const half = rational(1n, 2n * 10n ** BigInt(n));
        const diff = sub(rounded, r);
        return cmp(diff, half) <= 0 && cmp(diff, { num: -half.num, den: half.den }) >= 0 && eq(roundHalfEven(rounded, n), rounded);
      }),
    );
  });
  it('exact ties go to the even neighbour', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.integer({ min: 0, max: 4 }), (k, n) => {
        // k + 1/2 units of 10^-n is a tie between k and k+1 units; half-even picks whichever is even
        const unit = 10n ** BigInt(n);
        const tie = rational(2n * k + 1n, 2n * unit);
        const expected = k % 2n === 0n ? k : k + 1n;
        return toScaledInteger(tie, n) === expected;
      }),
    );
  });
  it('rounding to a step gives a multiple of the step, nearest, ties to even', () => {
    const steps = ['0.01', '0.05', '0.5', '1', '5', '10', '100'].map(dec);
    fc.assert(
      fc.property(anyRational, fc.constantFrom(...steps), (r, step) => {
        const rounded = roundToMultiple(r, step);
        const diff = sub(rounded, r);
        const half = div(step, rational(2));
        if (!isMultipleOf(rounded, step)) return false;
        if (cmp(diff, half) > 0 || cmp(diff, { num: -half.num, den: half.den }) < 0) return false;
        if (cmp(diff, half) === 0 || eq(diff, { num: -half.num, den: half.den })) {
          const q = reduce(div(rounded, step));
          return q.den === 1n && q.num % 2n === 0n;
        }
        return true;
      }),
    );
  });
  it('addition agrees with the textbook formula whatever the denominators', () => {
    const den = fc.oneof(fc.bigInt({ min: 1n, max: 10n ** 6n }), fc.integer({ min: 0, max: 8 }).map((k) => 10n ** BigInt(k)));
    const r = fc.tuple(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), den).map(([n, d]) => rational(n, d));
    fc.assert(
      fc.property(r, r, (a, b) => {
        const textbook = rational(a.num * b.den + b.num * a.den, a.den * b.den);
        return eq(add(a, b), textbook) && eq(sub(add(a, b), b), a);
      }),
    );
  });
  it('addition and multiplication agree with integer arithmetic on scaled units', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), (a, b) => {
        const ra = fromScaledInteger(a, 2);
        const rb = fromScaledInteger(b, 2);
        const divisor = b === 0n ? RATIONAL_ONE : rb;
        return (
          toScaledInteger(add(ra, rb), 2) === a + b &&
          toScaledInteger(sub(ra, rb), 2) === a - b &&
          toScaledInteger(mul(ra, rb), 4) === a * b &&
          eq(mul(div(ra, divisor), divisor), ra)
        );
      }),
    );
  });
});
