import { describe, expect, it } from 'vitest';
import * as core from '@khata/core/bank-linkage';
import { APPLICATION_PRODUCTS, APPLICATION_STATUSES, PENDENCY_BUCKETS } from '../../api/bank-linkage.ts';
import { makeFormatter } from '../../format.ts';
import bn from '../../i18n/bn.json';
import en from '../../i18n/en.json';
import hi from '../../i18n/hi.json';
import or from '../../i18n/or.json';
import { checkKey, checkText } from './checks.ts';
import { rupeesToPaise } from './form.ts';

const catalogs = { en, hi, bn, or } as Record<string, Record<string, string>>;
const tFor = (lang: string) => ((key: string, o: Record<string, string> = {}) => {
  const text = catalogs[lang]![key] ?? o.defaultValue ?? key;
  return text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => o[k] ?? '');
}) as never;

describe('bank linkage screens', () => {
  it('know every value the server sends, with words in all four languages', () => {
    expect([...APPLICATION_STATUSES]).toEqual([...core.APPLICATION_STATUSES]);
    expect([...APPLICATION_PRODUCTS]).toEqual([...core.APPLICATION_PRODUCTS]);
    expect([...PENDENCY_BUCKETS]).toEqual([...core.PENDENCY_BUCKETS]);
    const keys = [
      ...APPLICATION_STATUSES.map((s) => `bankLinkage.status.${s}`),
      ...APPLICATION_PRODUCTS.map((p) => `bankLinkage.product.${p}`),
      ...PENDENCY_BUCKETS.map((b) => `bankLinkage.bucket.${b}`),
      ...['applications', 'pendency', 'claims', 'new'].map((v) => `bankLinkage.view.${v}`),
      ...['outstandingPaise', 'interestChargedPaise', 'interestAtSubventedRatePaise', 'subventionPaise', 'promptExtraPaise', 'claimablePaise', 'creditedPaise'].map((k) => `bankLinkage.col.${k}`),
    ];
    for (const lang of Object.keys(catalogs)) for (const k of keys) expect(catalogs[lang]![k], `${lang} ${k}`).toBeTruthy();
  });

  it('words every rule core can cite, in the user’s language', () => {
    const rules = [
      'bankLinkage.eligibility.minAgeMonths',
      'bankLinkage.eligibility.minPanchasutraScore',
      'bankLinkage.eligibility.gradingValidMonths',
      'grading.bankCreditMinScore',
      'bankLinkage.eligibility.noOverdueToBank',
      'bankLinkage.doses.0.corpusMultiple',
      'bankLinkage.doses.3.minPaise',
      'bankLinkage.collateralFreeLimitPaise',
    ];
    for (const rule of rules) expect(checkKey({ rule, met: false }), rule).not.toBeNull();
    expect(checkKey({ rule: 'bankLinkage.somethingNew', met: false })).toBeNull();
    const fmt = makeFormatter('hi', false);
    const age = { rule: 'bankLinkage.eligibility.minAgeMonths', met: false, message: 'english', params: { ageMonths: 3, minAgeMonths: 6, formedOn: '2026-01-05' } };
    expect(checkText(tFor('hi'), fmt, age)).toContain('3 महीने');
    const panch = { rule: 'bankLinkage.eligibility.minPanchasutraScore', met: false, message: 'english', params: { score: 3, minScore: 5, notMet: 'lending,books' } };
    expect(checkText(tFor('en'), makeFormatter('en', false), panch)).toBe('Panchasutra: 3 of 5 rules kept. At least 5 needed. Not kept: Lending to members, Up-to-date books.');
    expect(checkText(tFor('en'), makeFormatter('en', false), { ...age, rule: 'bankLinkage.unknown' })).toBe('english');
  });

  it('reads rupees as paise, or leaves the amount for the server to refuse', () => {
    expect(rupeesToPaise('1,50,000')).toBe(15_000_000);
    expect(rupeesToPaise('12.5')).toBe(1250);
    expect(rupeesToPaise('abc')).toBeNull();
  });
});
