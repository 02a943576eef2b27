/**
 * A stock ledger: movements of goods in and out, kept in whole units of the smallest measure (grams, millilitres or
 * pieces), and their value in whole paise at average cost. The grain bank and the producer groups share it.
 *
 * - Quantities are positive safe integers; a position never goes below zero (taking out more than is there is
 *   refused with INSUFFICIENT_STOCK).
 * - An inward movement brings its own value (what it cost, or what it is stated to be worth; zero when the stock is
 *   kept in quantity only). An outward movement takes value out at the average cost of what is there: the share
 *   `value × quantity ÷ stock`, rounded half-even to the paisa, and the whole value when the last of it goes, so
 *   the value of an empty stock is always exactly zero.
 * - The register per item over a period: opening, in, out, closing, both in quantity and in value, with
 *   closing = opening + in − out by construction, equal to replaying the movements one by one.
 */
import { rational, toScaledInteger } from './decimal.ts';
import { ErrorCode, fail, ok, problem, type Problem, type Result } from './errors.ts';

export const STOCK_UNITS = ['g', 'ml', 'unit'] as const;
export type StockUnit = (typeof STOCK_UNITS)[number];

/** How many of the smallest measure a price is quoted for: a price per kilogram, per litre, per piece. */
export const PRICE_BASIS: Record<StockUnit, number> = { g: 1000, ml: 1000, unit: 1 };

/** The largest quantity one movement may carry (a million tonnes in grams): far beyond any group, safe in sums. */
export const MAX_QUANTITY = 1_000_000_000_000;

export type StockDirection = 'in' | 'out';

export interface StockPosition {
  quantity: number;
  valuePaise: number;
}
export const EMPTY_POSITION: StockPosition = Object.freeze({ quantity: 0, valuePaise: 0 });

export interface StockMovement {
  /** What moved: a grain kind, a commodity, an input. */
  item: string;
  date: string;
  direction: StockDirection;
  /** > 0, in the item's smallest measure. */
  quantity: number;
  /** In: its value; out: the value it took out (its cost at the time, as the ledger computed it). */
  valuePaise: number;
}

/** `quantity × price ÷ basis`, rounded half-even to the paisa: 2,500 g at ₹40.00 a kilogram is ₹100.00. */
export function amountFor(quantity: number, unit: StockUnit, pricePaise: number): number {
  return Number(toScaledInteger(rational(BigInt(quantity) * BigInt(pricePaise), BigInt(PRICE_BASIS[unit])), 0));
}

/** `value × part ÷ whole`, rounded half-even (whole > 0): a share of a value, in paise. */
export function shareOf(valuePaise: number, part: number, whole: number): number {
  if (part === whole) return valuePaise;
  return Number(toScaledInteger(rational(BigInt(valuePaise) * BigInt(part), BigInt(whole)), 0));
}

/** The cost of taking `quantity` out of `position` at average cost (the whole value when everything goes). */
export function costOfIssue(position: StockPosition, quantity: number): number {
  if (quantity <= 0 || position.quantity === 0) return 0;
  return shareOf(position.valuePaise, Math.min(quantity, position.quantity), position.quantity);
}

export function putIn(position: StockPosition, quantity: number, valuePaise: number): StockPosition {
  return { quantity: position.quantity + quantity, valuePaise: position.valuePaise + valuePaise };
}

/**
 * Takes `quantity` out at average cost; refuses (INSUFFICIENT_STOCK naming `field`) when the stock holds less.
 * The problem carries what is there (`availableQuantity`) so the screen can say it.
 */
export function takeOut(position: StockPosition, quantity: number, field = 'quantity'): Result<{ position: StockPosition; costPaise: number }> {
  if (!Number.isSafeInteger(quantity) || quantity <= 0) return fail(problem(ErrorCode.ValidationFailed, field, 'must be a whole number more than zero'));
  if (quantity > position.quantity) {
    return fail(problem(ErrorCode.InsufficientStock, field, 'is more than the stock holds', { availableQuantity: position.quantity }));
  }
  const costPaise = costOfIssue(position, quantity);
  return ok({ position: { quantity: position.quantity - quantity, valuePaise: position.valuePaise - costPaise }, costPaise });
}

/**
 * Replays movements in order into positions per item. Refuses (naming `movements.N.quantity`) an outward movement
 * beyond the stock at that point, and (naming `movements.N.valuePaise`) one whose value is not the average cost
 * the ledger would have taken out, or an inward one with a negative value.
 */
export function replayStock(movements: readonly StockMovement[]): Result<Map<string, StockPosition>> {
  const positions = new Map<string, StockPosition>();
  const problems: Problem[] = [];
  movements.forEach((m, i) => {
    const at = positions.get(m.item) ?? EMPTY_POSITION;
    if (!Number.isSafeInteger(m.quantity) || m.quantity <= 0) {
      problems.push(problem(ErrorCode.ValidationFailed, `movements.${i}.quantity`, 'must be a whole number more than zero'));
      return;
    }
    if (m.direction === 'in') {
      if (!Number.isSafeInteger(m.valuePaise) || m.valuePaise < 0) {
        problems.push(problem(ErrorCode.ValidationFailed, `movements.${i}.valuePaise`, 'must be whole paise, not negative'));
        return;
      }
      positions.set(m.item, putIn(at, m.quantity, m.valuePaise));
      return;
    }
    const out = takeOut(at, m.quantity, `movements.${i}.quantity`);
    if (!out.ok) {
      problems.push(...out.problems);
      return;
    }
    if (out.value.costPaise !== m.valuePaise) {
      problems.push(problem(ErrorCode.ValidationFailed, `movements.${i}.valuePaise`, 'is not the average cost of the stock at that point', { expectedPaise: out.value.costPaise }));
      return;
    }
    positions.set(m.item, out.value.position);
  });
  return problems.length ? fail(...problems) : ok(positions);
}

export interface StockRegisterRow {
  item: string;
  openingQuantity: number;
  inQuantity: number;
  outQuantity: number;
  closingQuantity: number;
  openingValuePaise: number;
  inValuePaise: number;
  outValuePaise: number;
  closingValuePaise: number;
}

/**
 * The stock register per item for a period (both dates included; either may be left open): what was there before
 * `from`, what came in and went out within it, what was there at the end of `to`. Movements are taken in the
 * order given (the order they were written); items appear in the order of `items` first, then as they first occur.
 */
export function stockRegister(movements: readonly StockMovement[], period: { from?: string | null; to?: string | null } = {}, items: readonly string[] = []): StockRegisterRow[] {
  const rows = new Map<string, StockRegisterRow>();
  const rowOf = (item: string) => {
    let row = rows.get(item);
    if (!row) {
      row = { item, openingQuantity: 0, inQuantity: 0, outQuantity: 0, closingQuantity: 0, openingValuePaise: 0, inValuePaise: 0, outValuePaise: 0, closingValuePaise: 0 };
      rows.set(item, row);
    }
    return row;
  };
  for (const item of items) rowOf(item);
  for (const m of movements) {
    if (period.to && m.date > period.to) continue;
    const row = rowOf(m.item);
    const sign = m.direction === 'in' ? 1 : -1;
    if (period.from && m.date < period.from) {
      row.openingQuantity += sign * m.quantity;
      row.openingValuePaise += sign * m.valuePaise;
    } else if (m.direction === 'in') {
      row.inQuantity += m.quantity;
      row.inValuePaise += m.valuePaise;
    } else {
      row.outQuantity += m.quantity;
      row.outValuePaise += m.valuePaise;
    }
  }
  for (const row of rows.values()) {
    row.closingQuantity = row.openingQuantity + row.inQuantity - row.outQuantity;
    row.closingValuePaise = row.openingValuePaise + row.inValuePaise - row.outValuePaise;
  }
  return [...rows.values()];
}

/** A quantity for people: 12,500 g → "12.5 kg", 1,500 ml → "1.5 l", 12 unit → "12". Plain ASCII digits. */
export function formatQuantity(quantity: number, unit: StockUnit): string {
  if (unit === 'unit') return String(quantity);
  const whole = Math.trunc(quantity / 1000);
  const part = Math.abs(quantity % 1000);
  const text = part === 0 ? String(whole) : `${quantity < 0 && whole === 0 ? '-' : ''}${whole}.${String(part).padStart(3, '0').replace(/0+$/, '')}`;
  return `${text} ${unit === 'g' ? 'kg' : 'l'}`;
}
