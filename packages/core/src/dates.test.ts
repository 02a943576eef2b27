import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  addMonths,
  addWeeks,
  compareDates,
  dayOfWeek,
  daysBetween,
  daysInMonth,
  fromDayNumber,
  isIsoDate,
  isLeapYear,
  parseIsoDate,
  toDayNumber,
} from './dates.ts';

describe('dates: validation', () => {
  it('accepts real calendar dates only', () => {
    for (const good of ['2011-09-20', '2024-02-29', '2000-02-29', '0001-01-01', '9999-12-31']) expect(isIsoDate(good), good).toBe(true);
    for (const bad of ['2023-02-29', '1900-02-29', '2011-13-01', '2011-00-10', '2011-04-31', '2011-9-20', '20110920', '2011-09-20T00:00', '', '0000-01-01', 20110920, null]) {
      expect(isIsoDate(bad), String(bad)).toBe(false);
    }
  });
  it('names the field in the problem', () => {
    expect(parseIsoDate('2011-02-30', 'disbursedOn')).toMatchObject({ ok: false, problems: [{ field: 'disbursedOn', code: 'VALIDATION_FAILED' }] });
    expect(parseIsoDate('2011-02-28')).toEqual({ ok: true, value: '2011-02-28' });
  });
  it('knows leap years and month lengths', () => {
    expect([1900, 2000, 2023, 2024].map(isLeapYear)).toEqual([false, true, false, true]);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2024, 4)).toBe(30);
    expect(daysInMonth(2024, 12)).toBe(31);
  });
});

describe('dates: arithmetic', () => {
  it('day numbers match the Unix epoch', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(toDayNumber('2000-03-01')).toBe(11017);
    expect(fromDayNumber(-1)).toBe('1969-12-31');
    expect(toDayNumber('0001-01-01')).toBe(-719162);
    expect(toDayNumber('9999-12-31')).toBe(2932896);
  });
  it('adds days and weeks across months, years and leap days', () => {
    expect(addDays('2011-09-20', 30)).toBe('2011-10-20');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2023-12-31', 1)).toBe('2024-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addWeeks('2024-12-25', 2)).toBe('2025-01-08');
  });
  it('adds months Fineract style, clamping to month end', () => {
    expect(addMonths('2011-01-31', 1)).toBe('2011-02-28');
    expect(addMonths('2012-01-31', 1)).toBe('2012-02-29');
    expect(addMonths('2011-01-31', 2)).toBe('2011-03-31'); // from the anchor, not from 28 Feb
    expect(addMonths('2011-03-31', 1)).toBe('2011-04-30');
    expect(addMonths('2011-09-20', 4)).toBe('2012-01-20');
    expect(addMonths('2011-09-20', -9)).toBe('2010-12-20');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
  });
  it('counts days between dates and compares them', () => {
    expect(daysBetween('2011-09-20', '2011-10-20')).toBe(30);
    expect(daysBetween('2024-02-01', '2024-03-01')).toBe(29);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2011-10-20', '2011-09-20')).toBe(-30);
    expect(compareDates('2011-09-20', '2011-10-20')).toBe(-1);
    expect(compareDates('2011-09-20', '2011-09-20')).toBe(0);
    expect(compareDates('2012-01-01', '2011-12-31')).toBe(1);
  });
  it('gives the ISO day of week (Monday = 1)', () => {
    expect(dayOfWeek('1970-01-01')).toBe(4); // Thursday
    expect(dayOfWeek('2024-01-01')).toBe(1); // Monday
    expect(dayOfWeek('2023-12-31')).toBe(7); // Sunday
    expect(dayOfWeek('1969-12-29')).toBe(1); // Monday, before the epoch
  });
  it('throws on invalid dates and out-of-range results (bugs, not input errors)', () => {
    expect(() => addDays('2011-02-30', 1)).toThrow(RangeError);
    expect(() => addDays('9999-12-31', 1)).toThrow(RangeError);
    expect(() => addMonths('0001-01-15', -1)).toThrow(RangeError);
    expect(() => addDays('2011-01-01', 0.5)).toThrow(RangeError);
  });
});

const dayNumber = fc.integer({ min: -719162, max: 2932896 });

describe('dates: properties', () => {
  it('day number round-trips and agrees with UTC Date arithmetic', () => {
    fc.assert(
      fc.property(dayNumber, (n) => {
        const date = fromDayNumber(n);
        // Date is used only here, in the test, as an independent oracle (UTC, no local zone).
        const oracle = new Date(0);
        oracle.setUTCDate(oracle.getUTCDate() + n);
        return toDayNumber(date) === n && isIsoDate(date) && oracle.toISOString().slice(0, 10) === date.padStart(10, '0');
      }),
    );
  });
  it('addDays is consistent with daysBetween and dayOfWeek cycles every 7 days', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000_000 }), fc.integer({ min: -100_000, max: 100_000 }), (n, k) => {
        const a = fromDayNumber(n);
        const b = addDays(a, k);
        return daysBetween(a, b) === k && (dayOfWeek(a) - dayOfWeek(b) + 7 * 100_000) % 7 === ((-k % 7) + 7) % 7;
      }),
    );
  });
  it('addMonths keeps the day when it exists, else the last day of the month', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9000 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), fc.integer({ min: -600, max: 600 }), (y, m, d, k) => {
        const day = Math.min(d, daysInMonth(y, m));
        const start = `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        const out = addMonths(start, k);
        const [oy, om, od] = out.split('-').map(Number) as [number, number, number];
        return (oy * 12 + om) - (y * 12 + m) === k && od === Math.min(day, daysInMonth(oy, om));
      }),
    );
  });
});
