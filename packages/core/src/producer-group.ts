/**
 * Producer groups: women drawn from SHGs who buy inputs together, bring their produce to the group (weighed, graded,
 * priced), and sell it together. The group keeps its own books (chart: PRODUCER_GROUP_ACCOUNTS) and its own stock
 * (core/stock.ts): produce of its commodity and the inputs it buys for its members, at average cost.
 *
 * Every money movement is one balanced entry of the group's books, planned here:
 *   inputs bought        Dr inputs stock                     Cr cash | bank | suppliers (on credit)
 *   inputs issued        Dr cash | member's advance          Cr input sales;   Dr cost of inputs issued, Cr inputs stock
 *   produce aggregated   Dr produce stock                    Cr payable to each member (quantity × price)
 *   produce sold         Dr cash | bank                      Cr sales;         Dr cost of produce sold, Cr produce stock
 *   member paid          Dr payable to her                   Cr cash | bank, Cr her advance (input credit recovered)
 *   expense              Dr the expense                      Cr cash | bank
 *   share capital        Dr cash | bank                      Cr share capital from members (tagged with her)
 *   producer company     Dr share capital in the company     Cr cash | bank
 * Margin of a period = sales − cost of produce sold − expenses (inputs issued at a mark-up add their own margin).
 */
import { PRODUCER_GROUP_ACCOUNTS as A } from './chart.ts';
import { ErrorCode, fail, ok, problem, type Result } from './errors.ts';
import { credit, debit, type JournalLine } from './ledger.ts';
import type { StockUnit } from './stock.ts';

/** Commodities the product knows, with the measure their stock is kept in; a group may name another. */
export const DEFAULT_COMMODITIES: Readonly<Record<string, StockUnit>> = {
  dairy: 'ml',
  agriculture: 'g',
  'incense-sticks': 'g',
  jute: 'g',
  makhana: 'g',
  fisheries: 'g',
  banana: 'g',
  honey: 'g',
};
export const COMMODITY_NAMES = Object.keys(DEFAULT_COMMODITIES);

/** The measure of a commodity: the one given, else its default, else grams. */
export function unitOfCommodity(commodity: string, given?: StockUnit | null): StockUnit {
  return given ?? DEFAULT_COMMODITIES[commodity] ?? 'g';
}

export const PG_EXPENSE_KINDS = {
  processing: A.processing,
  transport: A.transport,
  storage: A.storage,
  wages: A.wages,
  'bank-charges': A.bankCharges,
  meeting: A.meeting,
  other: A.expensesOther,
} as const;
export type PgExpenseKind = keyof typeof PG_EXPENSE_KINDS;

export type MoneyVia = 'cash' | 'bank';
const money = (via: MoneyVia) => (via === 'bank' ? A.bank : A.cash);
const tag = (memberId: string) => ({ memberId });

export function planInputPurchase(p: { amountPaise: number; paidFrom: MoneyVia | 'credit' }): JournalLine[] {
  return [debit(A.inputsStock, p.amountPaise), credit(p.paidFrom === 'credit' ? A.payablesSuppliers : money(p.paidFrom), p.amountPaise)];
}

export function planInputIssue(p: { amountPaise: number; costPaise: number; terms: 'cash' | 'credit'; memberId: string }): JournalLine[] {
  return [
    p.terms === 'credit' ? debit(A.advancesToMembers, p.amountPaise, tag(p.memberId)) : debit(A.cash, p.amountPaise),
    credit(A.inputSales, p.amountPaise),
    debit(A.costOfInputsIssued, p.costPaise),
    credit(A.inputsStock, p.costPaise),
  ];
}

/** One collection day: the produce stock takes the whole value, each member is owed for her own lines. */
export function planAggregation(lines: ReadonlyArray<{ memberId: string; amountPaise: number }>): JournalLine[] {
  const total = lines.reduce((s, l) => s + l.amountPaise, 0);
  return [debit(A.produceStock, total), ...lines.map((l) => credit(A.payablesMembers, l.amountPaise, tag(l.memberId)))];
}

export function planProduceSale(p: { amountPaise: number; costPaise: number; receivedInto: MoneyVia }): JournalLine[] {
  return [debit(money(p.receivedInto), p.amountPaise), credit(A.sales, p.amountPaise), debit(A.costOfProduceSold, p.costPaise), credit(A.produceStock, p.costPaise)];
}

export function planMemberPayment(p: { amountPaise: number; recoveredPaise: number; paidFrom: MoneyVia; memberId: string }): JournalLine[] {
  return [
    debit(A.payablesMembers, p.amountPaise + p.recoveredPaise, tag(p.memberId)),
    credit(money(p.paidFrom), p.amountPaise),
    credit(A.advancesToMembers, p.recoveredPaise, tag(p.memberId)),
  ];
}

export function planPgExpense(p: { kind: PgExpenseKind; amountPaise: number; paidFrom: MoneyVia }): JournalLine[] {
  return [debit(PG_EXPENSE_KINDS[p.kind], p.amountPaise), credit(money(p.paidFrom), p.amountPaise)];
}

export function planShareCapital(p: { amountPaise: number; receivedInto: MoneyVia; memberId: string }): JournalLine[] {
  return [debit(money(p.receivedInto), p.amountPaise), credit(A.shareCapitalFromMembers, p.amountPaise, tag(p.memberId))];
}

export function planCompanyShare(p: { amountPaise: number; paidFrom: MoneyVia }): JournalLine[] {
  return [debit(A.shareCapitalWithCompany, p.amountPaise), credit(money(p.paidFrom), p.amountPaise)];
}

/** What a member is owed and owes: payable for produce, advance for inputs on credit (both ≥ 0 in natural sign). */
export interface MemberDues {
  payablePaise: number;
  advancePaise: number;
}

/**
 * A payment to a member: refuses paying more than she is owed (PAYMENT_EXCEEDS_DUE, naming `amountPaise`), and
 * recovering more input credit than she owes or than the payment leaves room for (naming `recoverPaise`).
 */
export function checkMemberPayment(dues: MemberDues, amountPaise: number, recoverPaise: number): Result<{ amountPaise: number; recoveredPaise: number }> {
  const problems = [];
  if (recoverPaise > dues.advancePaise) {
    problems.push(problem(ErrorCode.PaymentExceedsDue, 'recoverPaise', 'is more than the member owes for inputs', { duePaise: dues.advancePaise }));
  }
  if (amountPaise + recoverPaise > dues.payablePaise) {
    problems.push(problem(ErrorCode.PaymentExceedsDue, 'amountPaise', 'is more than the group owes the member for her produce', { duePaise: Math.max(0, dues.payablePaise - recoverPaise) }));
  }
  if (amountPaise + recoverPaise <= 0) problems.push(problem(ErrorCode.ValidationFailed, 'amountPaise', 'pay or recover something'));
  return problems.length ? fail(...problems) : ok({ amountPaise, recoveredPaise: recoverPaise });
}

/** Margin of a period: sales less the cost of the produce sold less expenses; inputs' own margin beside it. */
export function marginOf(p: { salesPaise: number; costOfProducePaise: number; expensesPaise: number; inputSalesPaise: number; costOfInputsPaise: number }) {
  const produceMarginPaise = p.salesPaise - p.costOfProducePaise;
  const inputMarginPaise = p.inputSalesPaise - p.costOfInputsPaise;
  return { produceMarginPaise, inputMarginPaise, marginPaise: produceMarginPaise + inputMarginPaise - p.expensesPaise };
}
