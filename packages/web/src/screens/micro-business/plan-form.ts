/**
 * The business plan form's state and what follows from it, pure: the amounts she types (in the partner's currency,
 * "2500" or "2,500.50") become exact minor units, and the break-even and 12-month cash flow are core's own
 * `computePlan` — the same rules the server applies when the plan is saved, so what the case worker sees while she
 * types is what the plan will say.
 */
import { computePlan, FUNDING_SOURCES, PLAN_MONTHS, type FundingSource, type PlanComputation, type PlanFigures } from '@khata/core/business-plan';
import { toDecimalString } from '@khata/core/money';
import { ErrorCode, problem, type Problem } from '@khata/core/errors';

export interface PlanLine {
  item: string;
  amount: string;
}

export interface PlanFormState {
  business: string;
  /** The plan's month 1 (YYYY-MM). */
  startsIn: string;
  drawnUpOn: string;
  /** Why it was changed (a second or later version). */
  reason: string;
  unitName: string;
  price: string;
  investment: PlanLine[];
  funding: Array<{ source: FundingSource; amount: string }>;
  fixedCosts: PlanLine[];
  runningCosts: PlanLine[];
  /** Units she expects to sell in months 1..12. */
  expectedUnits: string[];
  loanRepayment: string;
}

/** The month after a date's month ('2026-09-14' → '2026-10'). */
export function monthAfter(date: string): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

export function emptyPlanForm(today: string): PlanFormState {
  return {
    business: '',
    startsIn: monthAfter(today),
    drawnUpOn: today,
    reason: '',
    unitName: '',
    price: '',
    investment: [{ item: '', amount: '' }],
    funding: [{ source: 'grant', amount: '' }],
    fixedCosts: [{ item: '', amount: '' }],
    runningCosts: [{ item: '', amount: '' }],
    expectedUnits: Array.from({ length: PLAN_MONTHS }, () => ''),
    loanRepayment: '',
  };
}

const text = (minor: number) => toDecimalString(minor);

/** A new version starts from the figures of the one in force (a revision changes what changed). */
export function planFormFrom(plan: { business: string; figures: PlanFigures }, today: string): PlanFormState {
  const f = plan.figures;
  return {
    ...emptyPlanForm(today),
    business: plan.business,
    unitName: f.unitName,
    price: text(f.priceMinor),
    investment: f.investment.map((i) => ({ item: i.item, amount: text(i.amountMinor) })),
    funding: f.funding.map((x) => ({ source: x.source, amount: text(x.amountMinor) })),
    fixedCosts: f.fixedCosts.map((x) => ({ item: x.item, amount: text(x.monthlyMinor) })),
    runningCosts: f.runningCosts.map((x) => ({ item: x.item, amount: text(x.perUnitMinor) })),
    expectedUnits: f.expectedUnits.map(String),
    loanRepayment: f.loanRepaymentMonthlyMinor ? text(f.loanRepaymentMonthlyMinor) : '',
  };
}

/** Typed money → minor units; a problem naming the field (in the command's terms) when it is not an amount. */
function amountOf(value: string, field: string, problems: Problem[]): number | null {
  const cleaned = value.trim().replace(/[₹৳,\s]|रु/g, '');
  if (cleaned === '') return null;
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!m) {
    problems.push(problem(ErrorCode.ValidationFailed, field, 'must be an amount with at most two decimals'));
    return null;
  }
  const minor = BigInt(m[1]!) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) {
    problems.push(problem(ErrorCode.ValidationFailed, field, 'is too large'));
    return null;
  }
  return Number(minor);
}

function unitsOf(value: string, field: string, problems: Problem[]): number {
  const v = value.trim();
  if (v === '') return 0;
  if (!/^\d+$/.test(v)) {
    problems.push(problem(ErrorCode.ValidationFailed, field, 'must be whole units'));
    return 0;
  }
  return Number(v);
}

const blank = (l: { amount: string; item?: string }) => l.amount.trim() === '' && (l.item === undefined || l.item.trim() === '');

/**
 * The figures as the command takes them. Lines left wholly blank are dropped; a line with a name and no amount
 * counts as 0 (the server then asks for what is missing). Amounts that cannot be read are problems with the
 * command's field path (`figures.investment.0.amountMinor`), and are left out of the figures.
 */
export function figuresOf(form: PlanFormState): { figures: PlanFigures; problems: Problem[] } {
  const problems: Problem[] = [];
  const lines = <T extends { amount: string; item?: string }>(list: T[]) => list.map((l, i) => ({ l, i })).filter(({ l }) => !blank(l));
  const figures: PlanFigures = {
    investment: lines(form.investment).map(({ l, i }) => ({ item: l.item.trim(), amountMinor: amountOf(l.amount, `figures.investment.${i}.amountMinor`, problems) ?? 0 })),
    funding: lines(form.funding).map(({ l, i }) => ({ source: l.source, amountMinor: amountOf(l.amount, `figures.funding.${i}.amountMinor`, problems) ?? 0 })),
    fixedCosts: lines(form.fixedCosts).map(({ l, i }) => ({ item: l.item.trim(), monthlyMinor: amountOf(l.amount, `figures.fixedCosts.${i}.monthlyMinor`, problems) ?? 0 })),
    runningCosts: lines(form.runningCosts).map(({ l, i }) => ({ item: l.item.trim(), perUnitMinor: amountOf(l.amount, `figures.runningCosts.${i}.perUnitMinor`, problems) ?? 0 })),
    unitName: form.unitName.trim(),
    priceMinor: amountOf(form.price, 'figures.priceMinor', problems) ?? 0,
    expectedUnits: Array.from({ length: PLAN_MONTHS }, (_, m) => unitsOf(form.expectedUnits[m] ?? '', `figures.expectedUnits.${m}`, problems)),
    loanRepaymentMonthlyMinor: amountOf(form.loanRepayment, 'figures.loanRepaymentMonthlyMinor', problems) ?? 0,
  };
  return { figures, problems };
}

export interface LivePlan {
  figures: PlanFigures;
  /** Break-even and cash flow (core's computePlan); null until a price is given or while an amount cannot be read. */
  computation: PlanComputation | null;
  problems: Problem[];
}

/** What the form shows while she types. */
export function livePlan(form: PlanFormState): LivePlan {
  const { figures, problems } = figuresOf(form);
  if (problems.length > 0 || figures.priceMinor <= 0) return { figures, computation: null, problems };
  const computed = computePlan(figures);
  return computed.ok ? { figures, computation: computed.value, problems } : { figures, computation: null, problems: computed.problems.map((p) => ({ ...p, field: p.field ? `figures.${p.field}` : 'figures' })) };
}

/** The `draw-up-business-plan` payload (a new version of the plan). */
export function planPayload(form: PlanFormState, ids: { caseId: string; planId: string }, revising: boolean) {
  return {
    planId: ids.planId,
    caseId: ids.caseId,
    drawnUpOn: form.drawnUpOn,
    startsIn: form.startsIn,
    business: form.business,
    figures: figuresOf(form).figures,
    reason: revising && form.reason.trim() ? form.reason.trim() : null,
  };
}

export { FUNDING_SOURCES };
