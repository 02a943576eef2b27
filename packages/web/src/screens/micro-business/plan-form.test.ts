import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { createInstance } from 'i18next';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { computePlan, planFiguresSchema } from '@khata/core/business-plan';
import en from '../../i18n/en.json';
import { LiveFigures } from './PlanForm.tsx';
import { emptyPlanForm, figuresOf, livePlan, planFormFrom, planPayload, type PlanFormState } from './plan-form.ts';

/** What a case worker types for a tailoring business (rupees as she writes them). */
const typed: PlanFormState = {
  ...emptyPlanForm('2026-06-10'),
  business: 'Blouses for the haat',
  unitName: 'blouse',
  price: '450',
  investment: [
    { item: 'Sewing machine', amount: '22,000' },
    { item: 'First cloth', amount: '3000.50' },
  ],
  funding: [
    { source: 'grant', amount: '20000' },
    { source: 'own-savings', amount: '' },
  ],
  fixedCosts: [
    { item: 'Rent', amount: '1500' },
    { item: '', amount: '' },
  ],
  runningCosts: [
    { item: 'Cloth', amount: '200' },
    { item: 'Thread', amount: '50' },
  ],
  expectedUnits: ['5', '8', '10', '12', '12', '12', '15', '15', '15', '15', '20', ''],
  loanRepayment: '',
};

const expectedFigures = planFiguresSchema.parse({
  investment: [
    { item: 'Sewing machine', amountMinor: 2_200_000 },
    { item: 'First cloth', amountMinor: 300_050 },
  ],
  funding: [{ source: 'grant', amountMinor: 2_000_000 }],
  fixedCosts: [{ item: 'Rent', monthlyMinor: 150_000 }],
  runningCosts: [
    { item: 'Cloth', perUnitMinor: 20_000 },
    { item: 'Thread', perUnitMinor: 5_000 },
  ],
  unitName: 'blouse',
  priceMinor: 45_000,
  expectedUnits: [5, 8, 10, 12, 12, 12, 15, 15, 15, 15, 20, 0],
  loanRepaymentMonthlyMinor: 0,
});

let i18n: ReturnType<typeof createInstance>;
beforeAll(async () => {
  i18n = createInstance();
  await i18n.use(initReactI18next).init({ resources: { en: { translation: en } }, lng: 'en', keySeparator: false, nsSeparator: false, interpolation: { escapeValue: false } });
});

describe('the business plan form', () => {
  it('turns what she types into exact minor units and shows core’s own break-even and cash flow', () => {
    const live = livePlan(typed);
    expect(live.problems).toEqual([]);
    expect(live.figures).toEqual(expectedFigures);
    const core = computePlan(expectedFigures);
    expect(core.ok).toBe(true);
    expect(live.computation).toEqual(core.ok ? core.value : null);
    // 1,500 rent over a 200 margin: 7.5 → 8 blouses a month
    expect(live.computation!.breakEven).toEqual({ unitsPerMonth: 8, salesMinor: 360_000 });
    expect(live.computation!.fundingGapMinor).toBe(500_050);
  });

  it('renders the live figures as the case worker types: the break-even changes with the price', () => {
    const render = (form: PlanFormState) => renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(LiveFigures, { form, currency: 'NPR' })));
    const html = render(typed);
    expect(html).toContain('8 blouse a month = रु3,600.00');
    expect(html).toContain('Cash flow for 12 months');
    expect(html).toContain('रु5,000.50 still missing');
    // She raises the price to 500: margin 250 → 6 a month.
    const dearer = render({ ...typed, price: '500' });
    expect(dearer).toContain('6 blouse a month = रु3,000.00');
    // No price yet: no figures, a plain hint.
    expect(render({ ...typed, price: '' })).toContain('Write the price of one piece');
    // An amount that cannot be read is named, and nothing is worked out from half a plan.
    const bad = livePlan({ ...typed, fixedCosts: [{ item: 'Rent', amount: '15o0' }] });
    expect(bad.computation).toBeNull();
    expect(bad.problems.map((p) => p.field)).toEqual(['figures.fixedCosts.0.monthlyMinor']);
    expect(render({ ...typed, fixedCosts: [{ item: 'Rent', amount: '15o0' }] })).toContain('Costs every month, whatever she sells (rent, electricity…) 1: write a number');
  });

  it('builds the draw-up-business-plan payload the command’s schema accepts, and a revision starts from the plan in force', () => {
    const payload = planPayload({ ...typed, startsIn: '2026-07', reason: '  more orders  ' }, { caseId: 'c', planId: 'p' }, true);
    expect(payload).toMatchObject({ caseId: 'c', planId: 'p', drawnUpOn: '2026-06-10', startsIn: '2026-07', business: 'Blouses for the haat', reason: 'more orders' });
    expect(planFiguresSchema.parse(payload.figures)).toEqual(expectedFigures);
    expect(planPayload(typed, { caseId: 'c', planId: 'p' }, false).reason).toBeNull();
    const revised = planFormFrom({ business: 'Blouses', figures: expectedFigures }, '2026-09-14');
    expect(revised.startsIn).toBe('2026-10');
    expect(figuresOf(revised).figures).toEqual(expectedFigures);
  });

  it('gives the same computation as core for any figures typed (property)', () => {
    const rupees = fc.integer({ min: 0, max: 5_000_000 }).map((minor) => ({ minor, text: `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}` }));
    fc.assert(
      fc.property(
        fc.array(rupees, { minLength: 0, maxLength: 4 }),
        fc.array(rupees, { minLength: 0, maxLength: 3 }),
        fc.array(rupees, { minLength: 0, maxLength: 3 }),
        fc.integer({ min: 1, max: 5_000_000 }),
        fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 12, maxLength: 12 }),
        (investment, fixed, running, price, units) => {
          const form: PlanFormState = {
            ...typed,
            investment: investment.map((a, i) => ({ item: `I${i}`, amount: a.text })),
            fixedCosts: fixed.map((a, i) => ({ item: `F${i}`, amount: a.text })),
            runningCosts: running.map((a, i) => ({ item: `R${i}`, amount: a.text })),
            price: `${Math.floor(price / 100)}.${String(price % 100).padStart(2, '0')}`,
            expectedUnits: units.map(String),
          };
          const figures = planFiguresSchema.parse({
            ...expectedFigures,
            investment: investment.map((a, i) => ({ item: `I${i}`, amountMinor: a.minor })),
            fixedCosts: fixed.map((a, i) => ({ item: `F${i}`, monthlyMinor: a.minor })),
            runningCosts: running.map((a, i) => ({ item: `R${i}`, perUnitMinor: a.minor })),
            priceMinor: price,
            expectedUnits: units,
          });
          const core = computePlan(figures);
          expect(livePlan(form).computation).toEqual(core.ok ? core.value : null);
        },
      ),
      { numRuns: 150 },
    );
  });
});
