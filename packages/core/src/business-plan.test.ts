import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addMonthsTo,
  cellsToSuppress,
  compareWithPlan,
  computePlan,
  monthsBetween,
  planFiguresSchema,
  suppressCount,
  suppressTable,
  SMALL_CELL_THRESHOLD,
  type AdditiveGroup,
  type PlanFigures,
} from './business-plan.ts';

/** A tailoring business in Nepal: a machine and first cloth, rent and phone, cloth and thread per blouse. */
const tailoring: PlanFigures = planFiguresSchema.parse({
  investment: [
    { item: 'Sewing machine', amountMinor: 1_800_000 },
    { item: 'First cloth', amountMinor: 700_000 },
  ],
  funding: [
    { source: 'grant', amountMinor: 2_000_000 },
    { source: 'own-savings', amountMinor: 300_000 },
  ],
  fixedCosts: [
    { item: 'Rent', monthlyMinor: 150_000 },
    { item: 'Phone', monthlyMinor: 30_001 },
  ],
  runningCosts: [
    { item: 'Cloth', perUnitMinor: 22_000 },
    { item: 'Thread and buttons', perUnitMinor: 3_000 },
  ],
  unitName: 'blouse',
  priceMinor: 45_000,
  expectedUnits: [5, 8, 10, 12, 12, 12, 15, 15, 15, 15, 20, 20],
  loanRepaymentMonthlyMinor: 0,
});

describe('computePlan', () => {
  it('finds the break-even point exactly, rounding units up', () => {
    const c = computePlan(tailoring);
    if (!c.ok) throw new Error('plan refused');
    const p = c.value;
    expect(p.totalInvestmentMinor).toBe(2_500_000);
    expect(p.totalFundingMinor).toBe(2_300_000);
    expect(p.fundingGapMinor).toBe(200_000);
    expect(p.fixedCostsMonthlyMinor).toBe(180_001);
    expect(p.runningCostPerUnitMinor).toBe(25_000);
    expect(p.marginPerUnitMinor).toBe(20_000);
    // 180,001 / 20,000 = 9.00005 → 10 blouses; 10 × 450.00 = 4,500.00
    expect(p.breakEven).toEqual({ unitsPerMonth: 10, salesMinor: 450_000 });
  });

  it('lays out the 12-month cash flow exactly', () => {
    const c = computePlan(tailoring);
    if (!c.ok) throw new Error('plan refused');
    const [m1, m2, m3] = c.value.months;
    // Month 1: 5 × 450 = 2,250 sales; 5 × 250 = 1,250 running; 1,800.01 fixed → profit -800.01
    expect(m1).toEqual({
      month: 1,
      units: 5,
      salesMinor: 225_000,
      runningCostsMinor: 125_000,
      fixedCostsMinor: 180_001,
      profitMinor: -80_001,
      loanRepaymentMinor: 0,
      openingCashMinor: -200_000,
      netCashMinor: -80_001,
      closingCashMinor: -280_001,
      cumulativeProfitMinor: -80_001,
    });
    expect(m2!.profitMinor).toBe(8 * 20_000 - 180_001);
    expect(m2!.openingCashMinor).toBe(m1!.closingCashMinor);
    expect(m3!.profitMinor).toBe(19_999);
    const units = tailoring.expectedUnits.reduce((a, b) => a + b, 0);
    expect(c.value.totals).toEqual({ units, salesMinor: units * 45_000, costsMinor: units * 25_000 + 12 * 180_001, profitMinor: units * 20_000 - 12 * 180_001 });
    expect(c.value.months[11]!.closingCashMinor).toBe(-200_000 + c.value.totals.profitMinor);
    expect(c.value.firstCashShortMonth).toBe(1);
    // Cumulative profit never reaches the 25,000.00 invested within the year
    expect(c.value.paybackMonth).toBeNull();
  });

  it('finds the payback month and the loan instalment in the cash', () => {
    const c = computePlan({ ...tailoring, expectedUnits: Array(12).fill(60), loanRepaymentMonthlyMinor: 100_000 });
    if (!c.ok) throw new Error('plan refused');
    // profit per month = 60 × 200 − 1,800.01 = 10,199.99; cumulative ≥ 25,000 in month 3
    expect(c.value.months[0]!.profitMinor).toBe(1_019_999);
    expect(c.value.paybackMonth).toBe(3);
    expect(c.value.months[0]!.netCashMinor).toBe(919_999);
    expect(c.value.months[0]!.closingCashMinor).toBe(-200_000 + 919_999);
    expect(c.value.firstCashShortMonth).toBeNull();
  });

  it('has no break-even when a unit costs more to make than it sells for', () => {
    const c = computePlan({ ...tailoring, priceMinor: 25_000 });
    expect(c.ok && c.value.breakEven).toBeNull();
    const free = computePlan({ ...tailoring, fixedCosts: [] });
    expect(free.ok && free.value.breakEven).toEqual({ unitsPerMonth: 0, salesMinor: 0 });
  });

  it('refuses figures that are not whole minor units or not twelve months, naming the field', () => {
    const r = planFiguresSchema.safeParse({ ...tailoring, priceMinor: 10.5, expectedUnits: [1, 2] });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toContain('priceMinor');
    expect(paths).toContain('expectedUnits');
  });

  it('keeps cash flow identities for any plan (property)', () => {
    const money = fc.integer({ min: 0, max: 5_000_000 });
    fc.assert(
      fc.property(
        fc.array(money, { maxLength: 4 }),
        fc.array(money, { maxLength: 3 }),
        fc.array(money, { maxLength: 4 }),
        fc.array(fc.integer({ min: 0, max: 100_000 }), { maxLength: 3 }),
        fc.integer({ min: 1, max: 500_000 }),
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 12, maxLength: 12 }),
        money,
        (inv, fund, fixed, running, price, units, loan) => {
          const figures = planFiguresSchema.parse({
            investment: inv.map((amountMinor) => ({ item: 'x', amountMinor })),
            funding: fund.map((amountMinor) => ({ source: 'grant', amountMinor })),
            fixedCosts: fixed.map((monthlyMinor) => ({ item: 'f', monthlyMinor })),
            runningCosts: running.map((perUnitMinor) => ({ item: 'r', perUnitMinor })),
            unitName: 'unit',
            priceMinor: price,
            expectedUnits: units,
            loanRepaymentMonthlyMinor: loan,
          });
          const c = computePlan(figures);
          if (!c.ok) return false;
          const p = c.value;
          let cash = p.totalFundingMinor - p.totalInvestmentMinor;
          for (const m of p.months) {
            if (m.openingCashMinor !== cash) return false;
            if (m.profitMinor !== m.salesMinor - m.runningCostsMinor - m.fixedCostsMinor) return false;
            cash += m.profitMinor - m.loanRepaymentMinor;
            if (m.closingCashMinor !== cash) return false;
          }
          if (p.breakEven) {
            // break-even units cover the fixed costs, one unit fewer does not
            const covers = (u: number) => u * p.marginPerUnitMinor >= p.fixedCostsMonthlyMinor;
            if (!covers(p.breakEven.unitsPerMonth)) return false;
            if (p.breakEven.unitsPerMonth > 0 && covers(p.breakEven.unitsPerMonth - 1)) return false;
          }
          return p.totals.profitMinor === p.months.reduce((s, m) => s + m.profitMinor, 0);
        },
      ),
    );
  });
});

describe('compareWithPlan', () => {
  it('compares each month with the plan version in force, exactly', () => {
    const v1 = { version: 1, startsIn: '2026-07', figures: tailoring };
    const v2 = { version: 2, startsIn: '2026-09', figures: { ...tailoring, priceMinor: 50_000 } };
    const rows = compareWithPlan([v2, v1], [
      { month: '2026-09', salesMinor: 500_000, costsMinor: 400_000 },
      { month: '2026-08', salesMinor: 300_000, costsMinor: 390_000 },
      { month: '2026-06', salesMinor: 100, costsMinor: 0 },
    ]);
    expect(rows.map((r) => r.month)).toEqual(['2026-06', '2026-08', '2026-09']);
    expect(rows[0]!.plan).toBeNull();
    expect(rows[0]!.variance).toBeNull();
    // August is month 2 of version 1: 8 blouses → 3,600 sales, 2,000 + 1,800.01 costs
    expect(rows[1]!.plan).toEqual({ version: 1, planMonth: 2 });
    expect(rows[1]!.planned).toEqual({ salesMinor: 360_000, costsMinor: 380_001, profitMinor: -20_001 });
    expect(rows[1]!.variance).toEqual({ salesMinor: -60_000, costsMinor: 9_999, profitMinor: -69_999 });
    // September is month 1 of version 2 (price 500): 5 × 500 = 2,500
    expect(rows[2]!.plan).toEqual({ version: 2, planMonth: 1 });
    expect(rows[2]!.planned!.salesMinor).toBe(250_000);
    expect(rows[2]!.actual.profitMinor).toBe(100_000);
  });

  it('has no planned figures past the twelfth month', () => {
    const rows = compareWithPlan([{ version: 1, startsIn: '2025-01', figures: tailoring }], [{ month: '2026-01', salesMinor: 1, costsMinor: 1 }]);
    expect(rows[0]!.planned).toBeNull();
    expect(monthsBetween('2025-01', '2026-01')).toBe(12);
    expect(addMonthsTo('2025-11', 3)).toBe('2026-02');
  });
});

describe('small cells', () => {
  it('shows fewer than 11 people, zero included, as "<11"', () => {
    expect(suppressCount(0)).toBe('<11');
    expect(suppressCount(10)).toBe('<11');
    expect(suppressCount(11)).toBe(11);
  });

  it('hides a second cell when one hidden cell could be worked out from the total', () => {
    // 30 people: 4 enrolled, 12 planning, 14 running. "4" is hidden; so must be the next smallest (12).
    const shown = suppressTable({ total: 30, enrolled: 4, planning: 12, running: 14 }, [{ total: 'total', parts: ['enrolled', 'planning', 'running'] }]);
    expect(shown).toEqual({ total: 30, enrolled: '<11', planning: '<11', running: 14 });
  });

  it('keeps hiding until the hidden cells hold at least 11 people', () => {
    const shown = suppressTable({ total: 40, a: 2, b: 3, c: 11, d: 24 }, [{ total: 'total', parts: ['a', 'b', 'c', 'd'] }]);
    // a + b = 5 < 11: c is hidden too
    expect(shown).toEqual({ total: 40, a: '<11', b: '<11', c: '<11', d: 24 });
  });

  it('hides a small total and, across rows and columns, whatever would reveal a hidden cell', () => {
    const counts = { r1: 20, r1a: 5, r1b: 15, r2: 25, r2a: 12, r2b: 13, t: 45, ta: 17, tb: 28 };
    const groups: AdditiveGroup[] = [
      { total: 'r1', parts: ['r1a', 'r1b'] },
      { total: 'r2', parts: ['r2a', 'r2b'] },
      { total: 't', parts: ['ta', 'tb'] },
      { total: 'ta', parts: ['r1a', 'r2a'] },
      { total: 'tb', parts: ['r1b', 'r2b'] },
      { total: 't', parts: ['r1', 'r2'] },
    ];
    const hidden = cellsToSuppress(counts, groups);
    expect(hidden.has('r1a')).toBe(true);
    // row 1 needs a second hidden cell, then the columns need one each in row 2: the classic rectangle
    expect(hidden.has('r1b')).toBe(true);
    expect(hidden.has('r2a')).toBe(true);
    expect(hidden.has('r2b')).toBe(true);
  });

  it('never leaves a hidden count recoverable by one subtraction (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 4 }), (rowsRaw) => {
        const width = Math.min(...rowsRaw.map((r) => r.length));
        const rows = rowsRaw.map((r) => r.slice(0, width));
        const counts: Record<string, number> = {};
        const groups: AdditiveGroup[] = [];
        rows.forEach((r, i) => {
          r.forEach((n, j) => (counts[`c${i}.${j}`] = n));
          counts[`row${i}`] = r.reduce((a, b) => a + b, 0);
          groups.push({ total: `row${i}`, parts: r.map((_, j) => `c${i}.${j}`) });
        });
        for (let j = 0; j < width; j++) {
          counts[`col${j}`] = rows.reduce((s, r) => s + r[j]!, 0);
          groups.push({ total: `col${j}`, parts: rows.map((_, i) => `c${i}.${j}`) });
        }
        counts.all = Object.keys(counts).filter((k) => k.startsWith('row')).reduce((s, k) => s + counts[k]!, 0);
        groups.push({ total: 'all', parts: rows.map((_, i) => `row${i}`) });
        const hidden = cellsToSuppress(counts, groups);
        for (const [id, n] of Object.entries(counts)) if (n < SMALL_CELL_THRESHOLD && !hidden.has(id)) return false;
        for (const g of groups) {
          const hiddenCells = [g.total, ...g.parts].filter((p) => hidden.has(p));
          if (hiddenCells.length === 1) return false; // one unknown in a sum is found by subtraction
          if (!hidden.has(g.total)) {
            const hiddenParts = g.parts.filter((p) => hidden.has(p));
            if (hiddenParts.length > 0 && hiddenParts.reduce((s, p) => s + counts[p]!, 0) < SMALL_CELL_THRESHOLD) return false;
          }
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
});
