import { todayIn } from '../business-date.ts';
import { z } from 'zod';
import { addDays, div, ErrorCode, formatDecimal, isoDate, KhataError, mul, problem, rational, uuid } from '@khata/core';
import type { Database } from '../db/pool.ts';

/**
 * The one shape every report has, so that the web, the CLI and the PDF printer render any of them without knowing
 * which it is. Money is integer paise, dates 'YYYY-MM-DD', percentages exact decimal strings ("97.50").
 * Column keys are stable identifiers: the web translates `column.<key>`.
 */
export type ColumnKind = 'text' | 'money' | 'date' | 'number' | 'percent';
export interface Column {
  key: string;
  kind: ColumnKind;
}
export type Cell = string | number | null;
export type Row = Record<string, Cell>;

export interface Section {
  titleKey: string;
  columns: Column[];
  rows: Row[];
  totals?: Row;
}

export interface Report {
  name: string;
  entityCode: string;
  /** The parameters the report was run with, defaults filled in (the web shows them in its period picker). */
  params: Record<string, Cell>;
  columns: Column[];
  rows: Row[];
  totals?: Row;
  sections?: Section[];
}

/**
 * Rows that are not postings carry `rowType` ('opening' | 'closing'), so that a screen can label them in the
 * user's language; their `narration` holds the English fallback.
 */
export const OPENING = { rowType: 'opening', narration: 'Opening balance' } as const;
export const CLOSING = { rowType: 'closing', narration: 'Closing balance' } as const;

export const col = (key: string, kind: ColumnKind): Column => ({ key, kind });

/**
 * The entry that brings a group's books in from paper (the cut-off sheet): its figures are opening balances, not
 * money that moved on that day, so flow reports count them in the opening column.
 */
export const CUTOFF_SOURCE = 'import-cutoff';

// ---------------------------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------------------------

/** First day of the Indian financial year (1 April) that contains `date`. */
export function financialYearStart(date: string): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return `${month >= 4 ? year : year - 1}-04-01`;
}

export const dayBefore = (date: string): string => addDays(date, -1);

/** Query parameters reports understand; each report's schema picks the ones it takes. */
export const periodFields = { from: isoDate.optional(), to: isoDate.optional() };
export const asOfFields = { asOf: isoDate.optional() };
export const memberField = { memberId: uuid };
export const optionalMemberField = { memberId: uuid.optional() };

/** A report's parameters with a period (from/to, optional) and any others: `from` must not be after `to`. */
export function periodParams<T extends z.ZodRawShape>(others: T = {} as T) {
  return z
    .object({ ...periodFields, ...others })
    .refine(
      (p) => {
        const { from, to } = p as { from?: string; to?: string };
        return !from || !to || from <= to;
      },
      { message: 'from must not be after to', path: ['from'] },
    );
}

export const periodSchema = periodParams();
export const asOfSchema = z.object(asOfFields);

export interface Period {
  from: string;
  to: string;
}

/** A period with defaults: up to today, from the start of that financial year. */
export function resolvePeriod(p: { from?: string | undefined; to?: string | undefined; asOf?: string | undefined }, today = todayIn()): Period {
  const to = p.to ?? p.asOf ?? today;
  const from = p.from ?? financialYearStart(to);
  if (from > to) throw new KhataError(problem(ErrorCode.ValidationFailed, 'from', 'must not be after to'));
  return { from, to };
}

export function resolveAsOf(p: { asOf?: string | undefined; to?: string | undefined }, today = todayIn()): string {
  return p.asOf ?? p.to ?? today;
}

// ---------------------------------------------------------------------------------------------------------------
// Figures
// ---------------------------------------------------------------------------------------------------------------

/** part / whole as a percentage with two decimals, exact and rounded half-even ("97.50"); null when whole is 0. */
export function percent(part: number, whole: number): string | null {
  if (whole === 0) return null;
  return formatDecimal(mul(div(rational(part), rational(whole)), rational(100)), 2);
}

/** A SQL sum (numeric, as text) as a safe integer of paise. */
export function paiseOf(value: string | number | bigint | null | undefined): number {
  if (value === null || value === undefined) return 0;
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError('sum outside the safe integer range');
  return n;
}

/**
 * Debit and credit of a line as a report shows them. A reversing entry is shown as the negation of what it
 * cancels (a reversed deposit is a negative deposit, not a withdrawal), so figures of a period net out.
 */
export function sides(amountPaise: number, reversal: boolean): { debit: number; credit: number } {
  const original = reversal ? -amountPaise : amountPaise;
  const sign = reversal ? -1 : 1;
  return original > 0 ? { debit: sign * original, credit: 0 } : { debit: 0, credit: sign * -original };
}

/** Sums the given keys over rows (money and number columns). */
export function totalsOf(rows: readonly Row[], keys: readonly string[]): Row {
  const out: Row = {};
  for (const k of keys) out[k] = rows.reduce((s, r) => s + (typeof r[k] === 'number' ? (r[k] as number) : 0), 0);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Entity
// ---------------------------------------------------------------------------------------------------------------

export interface EntityInfo {
  id: number;
  organisationId: number;
  nodeId: string;
  code: string;
  kind: string;
  currency: string;
}

export async function entityInfo(db: Database, entityId: number): Promise<EntityInfo> {
  const e = await db.selectFrom('entity').selectAll().where('id', '=', entityId).executeTakeFirst();
  if (!e) throw new KhataError(problem(ErrorCode.NotFound, undefined, 'no such books'));
  return { id: e.id, organisationId: e.organisation_id, nodeId: e.node_id, code: e.code, kind: e.kind, currency: e.currency };
}

export async function entityOfNodeId(db: Database, nodeId: string): Promise<number> {
  const e = await db.selectFrom('entity').select('id').where('node_id', '=', nodeId).executeTakeFirst();
  if (!e) throw new KhataError(problem(ErrorCode.NotFound, undefined, 'this node keeps no books'));
  return e.id;
}
