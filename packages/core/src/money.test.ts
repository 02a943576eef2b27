import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatMoney, parseRupees, toDecimalString } from './money.ts';

describe('money', () => {
  it('formats with lakh grouping', () => {
    expect(formatMoney(12345678)).toBe('₹1,23,456.78');
    expect(formatMoney(100)).toBe('₹1.00');
    expect(formatMoney(-5)).toBe('-₹0.05');
    expect(formatMoney(1000000000)).toBe('₹1,00,00,000.00');
    expect(formatMoney(12345678, { numberingSystem: 'beng' })).toBe('₹১,২৩,৪৫৬.৭৮');
  });
  it('parses rupees exactly', () => {
    expect(parseRupees('1,23,456.78')).toEqual({ ok: true, value: 12345678 });
    expect(parseRupees('0.1')).toEqual({ ok: true, value: 10 });
    expect(parseRupees('12.345').ok).toBe(false);
    expect(parseRupees('abc').ok).toBe(false);
  });
  it('round-trips any amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), (n) => {
        const r = parseRupees(toDecimalString(n));
        return r.ok && r.value === n;
      }),
    );
  });
});
