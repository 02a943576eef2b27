import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { createInstance } from 'i18next';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareWithPlan, computePlan, planFiguresSchema } from '@khata/core/business-plan';
import type { CaseRecord } from '../../api/micro-business.ts';
import en from '../../i18n/en.json';
import { CaseView } from './CasePage.tsx';
import { count, money, monthLabel } from './money.ts';
import { makeFormatter } from '../../format.ts';

const figures = planFiguresSchema.parse({
  investment: [{ item: 'Sewing machine', amountMinor: 2_500_000 }],
  funding: [{ source: 'grant', amountMinor: 2_500_000 }],
  fixedCosts: [{ item: 'Rent', monthlyMinor: 150_000 }],
  runningCosts: [{ item: 'Cloth', perUnitMinor: 25_000 }],
  unitName: 'blouse',
  priceMinor: 45_000,
  expectedUnits: [5, 8, 10, 12, 12, 12, 15, 15, 15, 15, 20, 20],
});
const plan = computePlan(figures);

const record: CaseRecord = {
  case: { id: 'c1', code: 'SSN-0001', status: 'running', openedOn: '2026-05-04', closedOn: null, closingReason: null, businessKind: 'tailoring', partner: { id: 'p', name: 'Saathi', code: 'SSN', currency: 'NPR' } },
  participant: { name: 'Fictional Name', phone: null, address: null, identityNumbers: [], story: null },
  assignments: [{ id: 'a', userId: 'u', userName: 'Sarita', from: '2026-05-04', to: null }],
  plans: [{ id: 'v1', version: 1, drawnUpOn: '2026-06-10', startsIn: '2026-07', business: 'Blouses for the haat', reason: null, figures, computed: plan.ok ? plan.value : null }],
  risks: [{ id: 'r', risk: 'Rain', likelihood: 'high', mitigation: 'Uniform orders', status: 'open', recordedOn: '2026-06-10' }],
  support: [],
  workshops: [{ id: 'w', title: 'Workshop 1', startsOn: '2026-05-11', days: 6, daysAttended: 5 }],
  visits: [{ id: 'v', visitedOn: '2026-09-30', visitedBy: 'Sarita', notes: 'Good month', nextSteps: 'Price uniforms', nextVisitOn: null }],
  results: compareWithPlan([{ version: 1, startsIn: '2026-07', figures }], [{ month: '2026-08', salesMinor: 300_000, costsMinor: 390_000 }]).map((r) => ({ ...r, unitsSold: 6 })),
};

let i18n: ReturnType<typeof createInstance>;
beforeAll(async () => {
  i18n = createInstance();
  await i18n.use(initReactI18next).init({ resources: { en: { translation: en } }, lng: 'en', keySeparator: false, nsSeparator: false, interpolation: { escapeValue: false } });
});

describe('the case page', () => {
  it('shows the plan’s break-even, the 12-month cash flow and the results against the plan, in the partner’s currency', () => {
    const html = renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(CaseView, { record, onChange: () => {} })));
    expect(html).toContain('Case SSN-0001');
    // 1,500 rent over a 200 margin: 7.5 → 8 blouses a month, रु3,600.00 of sales
    expect(html).toContain('8 blouse a month = रु3,600.00');
    expect(html.match(/<tr>/g)!.length).toBeGreaterThanOrEqual(12);
    expect(html).toContain('Cash flow for 12 months');
    // August: profit -900 against a planned 100 → -1,000.00 against plan
    expect(html).toContain('-रु1,000.00');
    expect(html).toContain('5 of 6 days');
    // Her details are folded away until asked for
    expect(html).toMatch(/<details class="participant"><summary>Show her details<\/summary>/);
  });

  it('formats money per currency and keeps "<11" as it is', () => {
    const fmt = makeFormatter('en', false);
    expect(money(fmt, 'BDT', 123_456)).toBe('৳1,234.56');
    expect(money(fmt, 'INR', 10_000_000)).toBe('₹1,00,000.00');
    expect(money(fmt, 'NPR', '<11')).toBe('<11');
    expect(money(fmt, null, 5)).toBe('—');
    expect(count(fmt, '<11')).toBe('<11');
    expect(monthLabel(fmt, '2026-09')).toBe('September 2026');
  });
});
