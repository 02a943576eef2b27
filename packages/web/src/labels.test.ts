import { createInstance, type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from './api.ts';
import { cellText, paramsOf, totalsLabelNeeded } from './components/reportCells.ts';
import { makeFormatter } from './format.ts';
import hi from './i18n/hi.json';
import en from './i18n/en.json';
import { accountLabel, columnLabel, errorLines, fieldKey, humanize, valueLabel } from './labels.ts';

let t: TFunction;
let tHi: TFunction;
beforeAll(async () => {
  const make = async (lng: string) => {
    const i = createInstance();
    await i.init({ resources: { en: { translation: en }, hi: { translation: hi } }, lng, fallbackLng: 'en', keySeparator: false, nsSeparator: false, interpolation: { escapeValue: false } });
    return i.t;
  };
  t = await make('en');
  tHi = await make('hi');
});

describe('labels', () => {
  it('humanizes keys', () => {
    expect(humanize('savingsBalance')).toBe('Savings balance');
    expect(humanize('vo-cif')).toBe('Vo cif');
    expect(humanize('par_31_60')).toBe('Par 31 60');
  });

  it('finds the field key and row of a dotted path', () => {
    expect(fieldKey('password')).toEqual({ key: 'field.password' });
    expect(fieldKey('repayments.2.amountPaise')).toEqual({ key: 'field.amountPaise', row: 3 });
  });

  it('translates errors, naming the field', () => {
    const e = new ApiError(400, { code: 'VALIDATION_FAILED', message: 'x', field: 'password' });
    expect(errorLines(t, e)).toEqual(['Password: Please check what you entered.']);
    expect(errorLines(tHi, e)).toEqual(['पासवर्ड: कृपया जो भरा है उसे जाँचें।']);
  });

  it('lists several problems under a heading, with row numbers', () => {
    const e = new ApiError(400, {
      code: 'VALIDATION_FAILED',
      message: 'x',
      problems: [
        { code: 'REQUIRED', field: 'username', message: '' },
        { code: 'REPAYMENT_EXCEEDS_OUTSTANDING', field: 'repayments.0.amountPaise', message: '' },
      ],
    });
    expect(errorLines(t, e)).toEqual([
      'Please correct the following:',
      'Username: This is required.',
      'Amount (row 1): The repayment is more than the loan still owed.',
    ]);
  });

  it('falls back for unknown codes and non-API errors', () => {
    expect(errorLines(t, new ApiError(500, { code: 'SOMETHING_NEW', message: 'x' }))).toEqual(['Something went wrong. Please try again.']);
    expect(errorLines(t, new TypeError('boom'))).toEqual(['Something went wrong. Please try again.']);
  });

  it('labels columns, accounts and values with fallbacks', () => {
    expect(columnLabel(t, 'principal')).toBe('Loan amount');
    expect(columnLabel(t, 'somethingNew')).toBe('Something new');
    expect(accountLabel(tHi, 'liabilities:savings:compulsory')).toBe('अनिवार्य बचत');
    expect(accountLabel(t, 'assets:unheard-of')).toBe('assets:unheard-of');
    expect(valueLabel(tHi, 'status', 'active')).toBe('सक्रिय');
    expect(valueLabel(t, 'status', 'brand-new')).toBe('Brand new');
    expect(valueLabel(t, 'status', null)).toBe('—');
  });
});

describe('report cells', () => {
  const fmt = makeFormatter('hi', true);
  it('formats each kind', () => {
    expect(cellText(12345678, { key: 'balance', kind: 'money' }, fmt, tHi)).toBe('₹१,२३,४५६.७८');
    expect(cellText('2024-03-05', { key: 'date', kind: 'date' }, fmt, tHi)).toBe('५ मार्च २०२४');
    expect(cellText(12, { key: 'count', kind: 'number' }, fmt, tHi)).toBe('१२');
    expect(cellText('97.50', { key: 'repaymentRate', kind: 'percent' }, fmt, tHi)).toBe('९७.५०%');
    expect(cellText('assets:cash', { key: 'account', kind: 'text' }, fmt, tHi)).toBe('हाथ में नकद');
    expect(cellText('Sunita Devi', { key: 'memberName', kind: 'text' }, fmt, tHi)).toBe('Sunita Devi');
    expect(cellText(null, { key: 'x', kind: 'money' }, fmt, tHi)).toBe('—');
  });

  it('labels the totals row only when the server left its first cell empty', () => {
    const cols = [{ key: 'account', kind: 'text' as const }, { key: 'debit', kind: 'money' as const }];
    expect(totalsLabelNeeded(cols, { debit: 5 })).toBe(true);
    expect(totalsLabelNeeded(cols, { account: 'Total', debit: 5 })).toBe(false);
  });

  it('reads the dates a report used', () => {
    const report = { name: 'x', entityCode: 'E', params: { from: '2024-04-01', to: 'bad', asOf: null }, columns: [], rows: [] };
    expect(paramsOf(report)).toEqual({ from: '2024-04-01' });
  });
});
