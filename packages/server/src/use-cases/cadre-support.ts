import { sql } from 'kysely';
import { BUILT_IN_CADRE_TYPES } from '@khata/core/cadres';
import { ErrorCode, KhataError, problem } from '@khata/core';
import type { Database } from '../db/pool.ts';
import type { Tx } from '../ledger/post-entry.ts';
import { ensureChart, type Institution } from './federation-books.ts';

/** What the cadre commands share: loading a cadre, cadre types, payers and their honorarium accounts. */

/** Institutions that pay cadres out of their own books. */
export const PAYER_KINDS = new Set(['shg', 'vo', 'clf', 'blf']);
/** Institutions a cadre can serve. */
export const SERVED_KINDS = new Set(['shg', 'vo', 'clf', 'blf', 'producer_group']);

export const HONORARIUM_EXPENSE = 'expenses:honorarium';
export const HONORARIUM_PAYABLE = 'liabilities:honorarium-payable';

export async function loadCadre(tx: Tx | Database, organisationId: number, cadreId: string, field = 'cadreId', lock = false) {
  let q = (tx as Tx).selectFrom('cadre').selectAll().where('id', '=', cadreId).where('organisation_id', '=', organisationId);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw new KhataError(problem(ErrorCode.NotFound, field, 'no such cadre'));
  return row;
}

/** The node a cadre is registered at: access to her record is decided there. */
export async function cadreNode(tx: Tx, cadreId: string, field = 'cadreId'): Promise<string> {
  const row = await tx.selectFrom('cadre').select('node_id').where('id', '=', cadreId).executeTakeFirst();
  if (!row) throw new KhataError(problem(ErrorCode.NotFound, field, 'no such cadre'));
  return row.node_id;
}

/** The organisation's cadre types: the built-in ones, then its own. */
export async function cadreTypes(db: Tx | Database, organisationId: number): Promise<Array<{ code: string; name: string | null; builtIn: boolean }>> {
  const own = await (db as Tx).selectFrom('cadre_type').select(['code', 'name']).where('organisation_id', '=', organisationId).orderBy('code').execute();
  return [...BUILT_IN_CADRE_TYPES.map((code) => ({ code, name: null, builtIn: true })), ...own.map((t) => ({ code: t.code, name: t.name, builtIn: false }))];
}

export async function requireCadreType(tx: Tx, organisationId: number, code: string, field = 'cadreType'): Promise<void> {
  if ((BUILT_IN_CADRE_TYPES as readonly string[]).includes(code)) return;
  const row = await tx.selectFrom('cadre_type').select('code').where('organisation_id', '=', organisationId).where('code', '=', code).executeTakeFirst();
  if (!row) throw new KhataError(problem(ErrorCode.ValidationFailed, field, `"${code}" is not a cadre type of this organisation`));
}

/**
 * The payer's chart holds the honorarium accounts (charts only grow): a federation gets whatever its template
 * gained; an SHG formed before the payable was in its template gets the two honorarium accounts.
 */
export async function ensureHonorariumAccounts(tx: Tx, inst: Institution): Promise<void> {
  await ensureChart(tx, inst);
  await sql`
    insert into account (organisation_id, entity_id, path, kind)
    values (${inst.organisationId}, ${inst.entityId}, ${HONORARIUM_EXPENSE}, 'expense'), (${inst.organisationId}, ${inst.entityId}, ${HONORARIUM_PAYABLE}, 'liability')
    on conflict (entity_id, path) do nothing`.execute(tx);
}

/** Honorarium a payer owes a cadre: accrued less paid (an accrual or payment whose entry was reversed does not count). */
export async function honorariumOwed(db: Tx | Database, cadreId: string, payerId: string): Promise<number> {
  const { rows } = await sql<{ owed: string }>`
    select coalesce((select sum(h.amount_paise) from honorarium_accrual h where h.cadre_id = ${cadreId} and h.payer_id = ${payerId}
                       and not exists (select 1 from journal_entry r where r.reverses_entry_id = h.entry_id)), 0)
         - coalesce((select sum(h.amount_paise) from honorarium_payment h where h.cadre_id = ${cadreId} and h.payer_id = ${payerId}
                       and not exists (select 1 from journal_entry r where r.reverses_entry_id = h.entry_id)), 0) as owed`.execute(db);
  return Number(rows[0]?.owed ?? 0);
}

/** The payer must pay her for at least one assignment (else, to the payer, she reads as not found). */
export async function requirePaidBy(tx: Tx, cadreId: string, payerId: string): Promise<void> {
  const row = await tx.selectFrom('cadre_assignment').select('id').where('cadre_id', '=', cadreId).where('payer_id', '=', payerId).executeTakeFirst();
  if (!row) throw new KhataError(problem(ErrorCode.NotFound, 'cadreId', 'she has no assignment paid by this institution'));
}
