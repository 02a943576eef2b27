import { describe, expect, it } from 'vitest';
import { accountKey, isAccountPath, makeFormatter, parseIsoDate, toDigits, todayIso } from './format.ts';

describe('formatter', () => {
  it('formats money with lakh grouping, in native digits when asked', () => {
    expect(makeFormatter('en', false).money(12345678)).toBe('₹1,23,456.78');
    expect(makeFormatter('hi', false).money(12345678)).toBe('₹1,23,456.78');
    expect(makeFormatter('hi', true).money(12345678)).toBe('₹१,२३,४५६.७८');
    expect(makeFormatter('bn', true).money(-500)).toBe('-₹৫.০০');
    expect(makeFormatter('or', true).money(100000)).toBe('₹୧,୦୦୦.୦୦');
    expect(makeFormatter('en', true).money(100)).toBe('₹1.00'); // English has no native digits to switch to
    expect(makeFormatter('en', false).money(null)).toBe('—');
  });

  it('formats business dates without time-zone shift, Latin digits unless asked', () => {
    expect(makeFormatter('en', false).date('2024-03-05')).toBe('5 Mar 2024');
    // bn-IN defaults to Bengali digits; the formatter must keep Latin ones when the user did not ask
    expect(makeFormatter('bn', false).date('2024-03-05')).toMatch(/^5 .*2024$/);
    expect(makeFormatter('bn', true).date('2024-03-05')).toMatch(/^৫ .*২০২৪$/);
    expect(makeFormatter('hi', true).date('2024-03-05')).toBe('५ मार्च २०२४');
    // Odia: browsers have no Odia month names; en-IN's order, Odia digits, Odia month names from the formatter
    expect(makeFormatter('or', true).date('2024-03-05')).toBe('୫ ମାର୍ଚ୍ଚ ୨୦୨୪');
    expect(makeFormatter('or', false).dateLong('2024-12-25')).toBe('25 ଡିସେମ୍ବର 2024');
    expect(makeFormatter('en', false).dateLong('2024-03-05')).toBe('5 March 2024');
    expect(makeFormatter('en', false).date(null)).toBe('—');
    expect(makeFormatter('en', false).date('not a date')).toBe('not a date');
  });

  it('formats numbers and percents', () => {
    expect(makeFormatter('en', false).number(1234567)).toBe('12,34,567');
    expect(makeFormatter('hi', true).number(15)).toBe('१५');
    expect(makeFormatter('en', false).percent('97.50')).toBe('97.50%');
    expect(makeFormatter('or', true).percent('97.50')).toBe('୯୭.୫୦%');
    expect(makeFormatter('bn', true).digits('M-012')).toBe('M-০১২');
  });

  it('parses ISO dates strictly', () => {
    expect(parseIsoDate('2024-02-30')).toBeUndefined();
    expect(parseIsoDate('2024-02-29')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
  });

  it('maps account paths to catalog keys', () => {
    expect(accountKey('liabilities:savings:compulsory')).toBe('account.liabilities.savings.compulsory');
    expect(isAccountPath('assets:cash')).toBe(true);
    expect(isAccountPath('Sunita Devi')).toBe(false);
  });

  it('converts digits and gives today as ISO', () => {
    expect(toDigits('2024', 'deva')).toBe('२०२४');
    expect(todayIso(new Date(2024, 0, 9))).toBe('2024-01-09');
  });
});
