/**
 * The micro-business programme's planning tools (Sanjog's Kaarya): a survivor's business plan as figures —
 * investment, how it is funded, fixed costs per month, running costs per unit sold, the price and the units she
 * expects to sell in each of the first twelve months — and what follows from them: the break-even point, the
 * 12-month cash flow, when the investment is paid back, and, month by month, how the real results compare.
 *
 * Pure and exact: every amount is an integer in minor units (paise, poisha, paisa: 1/100 of the rupee or taka),
 * sums and products are taken in bigint and must come back as safe integers. One plan has one currency
 * (INR, BDT or NPR); amounts of different currencies are never added together here or anywhere.
 *
 * Also here: the small-cell rule of the programme's reports (fewer than 11 people is shown as "<11"), with the
 * complementary suppression that keeps a hidden cell from being worked out by subtraction from a total.
 */
import { z } from 'zod';
import { ErrorCode, fail, ok, problem, type Problem, type Result } from './errors.ts';

export const PROGRAMME_CURRENCIES = ['INR', 'BDT', 'NPR'] as const;
export type ProgrammeCurrency = (typeof PROGRAMME_CURRENCIES)[number];
/** The symbol shown before an amount: rupee (India), taka (Bangladesh), Nepali rupee. */
export const CURRENCY_SYMBOL: Record<ProgrammeCurrency, string> = { INR: '₹', BDT: '৳', NPR: 'रु' };

export const FUNDING_SOURCES = ['own-savings', 'grant', 'loan', 'family', 'other'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];

/** Months of a plan's cash flow. */
export const PLAN_MONTHS = 12;
/** Bounds that keep every product and 12-month sum a safe integer (and catch typing slips). */
export const MAX_AMOUNT_MINOR = 10_000_000_000; // 10 crore rupees in paise
export const MAX_UNITS_PER_MONTH = 1_000_000;

const minor = z.number({ message: 'must be an amount in minor units (paise)' }).int('must be a whole number of paise').min(0, 'cannot be negative').max(MAX_AMOUNT_MINOR, 'is too large');
const label = z.string().trim().min(1, 'is required').max(120, 'must be at most 120 characters');

/** The figures of one version of a business plan (the planning tools' worksheet). */
export const planFiguresSchema = z.strictObject({
  /** What she buys to start: a sewing machine, a cart, first stock… */
  investment: z.array(z.strictObject({ item: label, amountMinor: minor })).max(50),
  /** Where the money for the investment comes from. */
  funding: z.array(z.strictObject({ source: z.enum(FUNDING_SOURCES), amountMinor: minor })).max(20),
  /** Costs paid every month whatever she sells: rent, electricity, phone, transport. */
  fixedCosts: z.array(z.strictObject({ item: label, monthlyMinor: minor })).max(50),
  /** Costs for each unit sold: cloth and thread for a blouse, flour and oil for a plate. */
  runningCosts: z.array(z.strictObject({ item: label, perUnitMinor: minor })).max(50),
  /** What one unit is called ("blouse", "plate of momo"). */
  unitName: label,
  priceMinor: minor.refine((n) => n > 0, { message: 'must be more than zero' }),
  /** Units she expects to sell in months 1..12 of the plan. */
  expectedUnits: z
    .array(z.number({ message: 'must be a number of units' }).int('must be whole units').min(0, 'cannot be negative').max(MAX_UNITS_PER_MONTH, 'is too large'))
    .length(PLAN_MONTHS, `give the units for each of the ${PLAN_MONTHS} months`),
  /** A loan's monthly instalment, paid from the business's cash (0 when none). */
  loanRepaymentMonthlyMinor: minor.default(0),
});
export type PlanFigures = z.output<typeof planFiguresSchema>;
export type PlanFiguresInput = z.input<typeof planFiguresSchema>;

export interface CashFlowMonth {
  /** 1..12 */
  month: number;
  units: number;
  salesMinor: number;
  runningCostsMinor: number;
  fixedCostsMinor: number;
  /** Sales less running and fixed costs: the business's own profit (before the loan instalment). */
  profitMinor: number;
  loanRepaymentMinor: number;
  openingCashMinor: number;
  /** Profit less the loan instalment. */
  netCashMinor: number;
  closingCashMinor: number;
  cumulativeProfitMinor: number;
}

export interface PlanComputation {
  totalInvestmentMinor: number;
  totalFundingMinor: number;
  /** Investment not covered by the funding (0 when covered). */
  fundingGapMinor: number;
  fixedCostsMonthlyMinor: number;
  runningCostPerUnitMinor: number;
  /** Price less the running cost of one unit: what each sale leaves to pay the fixed costs. */
  marginPerUnitMinor: number;
  /**
   * Units to sell in a month to cover that month's fixed costs (rounded up to a whole unit) and the sales they
   * bring; null when a unit's margin is zero or less: no amount of sales breaks even.
   */
  breakEven: { unitsPerMonth: number; salesMinor: number } | null;
  months: CashFlowMonth[];
  totals: { units: number; salesMinor: number; costsMinor: number; profitMinor: number };
  /** The first month by the end of which the profits add up to the investment; null if not within the plan. */
  paybackMonth: number | null;
  /** The first month that ends with less than no cash (she would need more money then); null if never. */
  firstCashShortMonth: number | null;
}

const big = (n: number) => BigInt(n);
function safe(n: bigint, field: string): Result<number> {
  const v = Number(n);
  return Number.isSafeInteger(v) ? ok(v) : fail(problem(ErrorCode.ValidationFailed, field, 'the plan’s amounts are too large to add up exactly'));
}
const sum = (xs: readonly bigint[]) => xs.reduce((a, b) => a + b, 0n);
/** Ceiling of a / b for a >= 0, b > 0. */
const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;

/** Break-even, the 12-month cash flow and the payback month of a plan (exact). */
export function computePlan(figures: PlanFigures): Result<PlanComputation> {
  const investment = sum(figures.investment.map((i) => big(i.amountMinor)));
  const funding = sum(figures.funding.map((f) => big(f.amountMinor)));
  const fixed = sum(figures.fixedCosts.map((c) => big(c.monthlyMinor)));
  const perUnit = sum(figures.runningCosts.map((c) => big(c.perUnitMinor)));
  const price = big(figures.priceMinor);
  const margin = price - perUnit;
  const loan = big(figures.loanRepaymentMonthlyMinor ?? 0);
  const breakEven = margin > 0n ? (() => {
    const units = fixed === 0n ? 0n : ceilDiv(fixed, margin);
    return { units, sales: units * price };
  })() : null;

  const months: Array<Record<keyof CashFlowMonth, bigint>> = [];
  let cash = funding - investment;
  let cumulative = 0n;
  let payback: number | null = null;
  let short: number | null = null;
  for (let m = 0; m < PLAN_MONTHS; m++) {
    const units = big(figures.expectedUnits[m] ?? 0);
    const sales = units * price;
    const running = units * perUnit;
    const profit = sales - running - fixed;
    const net = profit - loan;
    const opening = cash;
    cash = opening + net;
    cumulative += profit;
    if (payback === null && cumulative >= investment) payback = m + 1;
    if (short === null && cash < 0n) short = m + 1;
    months.push({
      month: big(m + 1),
      units,
      salesMinor: sales,
      runningCostsMinor: running,
      fixedCostsMinor: fixed,
      profitMinor: profit,
      loanRepaymentMinor: loan,
      openingCashMinor: opening,
      netCashMinor: net,
      closingCashMinor: cash,
      cumulativeProfitMinor: cumulative,
    });
  }
  const problems: Problem[] = [];
  const toNumber = (n: bigint, field: string): number => {
    const r = safe(n, field);
    if (r.ok) return r.value;
    if (problems.length === 0) problems.push(...r.problems);
    return 0;
  };
  const outMonths: CashFlowMonth[] = months.map((m, i) => {
    const row = {} as CashFlowMonth;
    for (const [k, v] of Object.entries(m)) (row as unknown as Record<string, number>)[k] = toNumber(v, `expectedUnits.${i}`);
    return row;
  });
  const totalSales = sum(months.map((m) => m.salesMinor));
  const totalCosts = sum(months.map((m) => m.runningCostsMinor + m.fixedCostsMinor));
  const result: PlanComputation = {
    totalInvestmentMinor: toNumber(investment, 'investment'),
    totalFundingMinor: toNumber(funding, 'funding'),
    fundingGapMinor: toNumber(investment > funding ? investment - funding : 0n, 'funding'),
    fixedCostsMonthlyMinor: toNumber(fixed, 'fixedCosts'),
    runningCostPerUnitMinor: toNumber(perUnit, 'runningCosts'),
    marginPerUnitMinor: toNumber(margin, 'priceMinor'),
    breakEven: breakEven ? { unitsPerMonth: toNumber(breakEven.units, 'fixedCosts'), salesMinor: toNumber(breakEven.sales, 'fixedCosts') } : null,
    months: outMonths,
    totals: {
      units: toNumber(sum(months.map((m) => m.units)), 'expectedUnits'),
      salesMinor: toNumber(totalSales, 'expectedUnits'),
      costsMinor: toNumber(totalCosts, 'expectedUnits'),
      profitMinor: toNumber(totalSales - totalCosts, 'expectedUnits'),
    },
    paybackMonth: payback,
    firstCashShortMonth: short,
  };
  return problems.length ? fail(...problems) : ok(result);
}

// ---------------------------------------------------------------------------------------------------------------
// Results against the plan
// ---------------------------------------------------------------------------------------------------------------

/** 'YYYY-MM' */
export type YearMonth = string;
export const yearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM');

/** Months from `from` to `to` ('2026-01' to '2026-03' is 2). */
export function monthsBetween(from: YearMonth, to: YearMonth): number {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm);
}

export function addMonthsTo(month: YearMonth, n: number): YearMonth {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export interface PlanVersionFigures {
  version: number;
  /** The plan's month 1. */
  startsIn: YearMonth;
  figures: PlanFigures;
}

export interface MonthlyResult {
  month: YearMonth;
  salesMinor: number;
  costsMinor: number;
}

export interface Figures3 {
  salesMinor: number;
  costsMinor: number;
  profitMinor: number;
}

export interface ResultAgainstPlan {
  month: YearMonth;
  actual: Figures3;
  /** The plan version in force that month and the month of that plan (1..12); null when no plan covers it. */
  plan: { version: number; planMonth: number } | null;
  planned: Figures3 | null;
  /** Actual less planned (a negative sales or profit variance is below plan). */
  variance: Figures3 | null;
}

/**
 * The plan version in force in a month: the latest version whose month 1 is on or before it. A month past that
 * version's 12 months has no planned figures (the plan does not say).
 */
export function versionInForce(versions: readonly PlanVersionFigures[], month: YearMonth): PlanVersionFigures | null {
  let best: PlanVersionFigures | null = null;
  for (const v of versions) {
    if (monthsBetween(v.startsIn, month) < 0) continue;
    if (!best || v.startsIn > best.startsIn || (v.startsIn === best.startsIn && v.version > best.version)) best = v;
  }
  return best;
}

/** Each month's results beside the plan in force then, with the variance (exact). */
export function compareWithPlan(versions: readonly PlanVersionFigures[], results: readonly MonthlyResult[]): ResultAgainstPlan[] {
  const computed = new Map<number, PlanComputation | null>();
  const computationOf = (v: PlanVersionFigures) => {
    if (!computed.has(v.version)) {
      const c = computePlan(v.figures);
      computed.set(v.version, c.ok ? c.value : null);
    }
    return computed.get(v.version) ?? null;
  };
  return [...results]
    .sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0))
    .map((r) => {
      const actual = { salesMinor: r.salesMinor, costsMinor: r.costsMinor, profitMinor: r.salesMinor - r.costsMinor };
      const v = versionInForce(versions, r.month);
      const index = v ? monthsBetween(v.startsIn, r.month) : -1;
      const c = v && index < PLAN_MONTHS ? computationOf(v) : null;
      const m = c?.months[index];
      if (!v || !m) return { month: r.month, actual, plan: null, planned: null, variance: null };
      const planned = { salesMinor: m.salesMinor, costsMinor: m.runningCostsMinor + m.fixedCostsMinor, profitMinor: m.profitMinor };
      return {
        month: r.month,
        actual,
        plan: { version: v.version, planMonth: index + 1 },
        planned,
        variance: { salesMinor: actual.salesMinor - planned.salesMinor, costsMinor: actual.costsMinor - planned.costsMinor, profitMinor: actual.profitMinor - planned.profitMinor },
      };
    });
}

// ---------------------------------------------------------------------------------------------------------------
// Small cells
// ---------------------------------------------------------------------------------------------------------------

/** Counts of people below this are never shown. */
export const SMALL_CELL_THRESHOLD = 11;
export const SUPPRESSED = '<11' as const;
export type ShownCount = number | typeof SUPPRESSED;

/** A count as a report may show it: 0..10 people (zero included) is "<11". */
export function suppressCount(n: number): ShownCount {
  return n < SMALL_CELL_THRESHOLD ? SUPPRESSED : n;
}

/** A total and the cells that add up to it (a row of statuses and its total, a column and its grand total). */
export interface AdditiveGroup {
  total: string;
  parts: readonly string[];
}

/**
 * Which cells of a table must be hidden. The rule:
 * 1. every count below 11 is hidden (primary suppression; zero too);
 * 2. wherever cells add up to a total that is shown, the hidden cells among them must be at least two and must
 *    together hold at least 11 people; otherwise the smallest shown cell of the group is hidden as well, and so
 *    on (complementary suppression), so that no hidden count can be worked out by subtracting the shown cells
 *    from the total, nor a small sum of hidden cells; a hidden total (hidden in another group) whose parts are
 *    all shown gets its smallest part hidden, since it would be their sum;
 * 3. repeated over every group (rows and columns) until nothing changes.
 * Anything derived from a hidden count (an average, a money sum over those people) must be hidden by the caller.
 * Deterministic: ties are broken by the order of `parts`.
 */
export function cellsToSuppress(counts: Readonly<Record<string, number>>, groups: readonly AdditiveGroup[]): Set<string> {
  const hidden = new Set<string>();
  for (const [id, n] of Object.entries(counts)) if (n < SMALL_CELL_THRESHOLD) hidden.add(id);
  let changed = true;
  while (changed) {
    changed = false;
    for (const g of groups) {
      const hiddenParts = g.parts.filter((p) => hidden.has(p));
      const smallestShown = () => {
        const candidates = g.parts.filter((p) => !hidden.has(p));
        let smallest = candidates[0];
        for (const c of candidates) if ((counts[c] ?? 0) < (counts[smallest!] ?? 0)) smallest = c;
        return smallest;
      };
      if (hidden.has(g.total)) {
        // A hidden total whose parts are all shown is their sum: hide one of them too.
        const part = hiddenParts.length === 0 ? smallestShown() : undefined;
        if (part !== undefined) {
          hidden.add(part);
          changed = true;
        }
        continue;
      }
      if (hiddenParts.length === 0) continue;
      const hiddenSum = hiddenParts.reduce((s, p) => s + (counts[p] ?? 0), 0);
      if (hiddenParts.length >= 2 && hiddenSum >= SMALL_CELL_THRESHOLD) continue;
      hidden.add(smallestShown() ?? g.total);
      changed = true;
    }
  }
  return hidden;
}

/** The counts with the hidden ones replaced by "<11". */
export function suppressTable(counts: Readonly<Record<string, number>>, groups: readonly AdditiveGroup[]): Record<string, ShownCount> {
  const hidden = cellsToSuppress(counts, groups);
  return Object.fromEntries(Object.entries(counts).map(([id, n]) => [id, hidden.has(id) ? SUPPRESSED : n]));
}
