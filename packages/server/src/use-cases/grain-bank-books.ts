import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { ErrorCode, KhataError, problem, type Problem } from '@khata/core';
import { grainBankAccounts } from '@khata/core/chart';
import { GRAIN_DIRECTION, type GrainMovementKind } from '@khata/core/grain-bank';
import type { JournalLine } from '@khata/core/ledger';
import { EMPTY_POSITION, type StockPosition } from '@khata/core/stock';
import type { CommandContext } from '../commands/apply-command.ts';
import type { Database } from '../db/pool.ts';
import type { DB } from '../db/schema.ts';
import { postEntry, type Tx } from '../ledger/post-entry.ts';
import { dateProblems, loadFederation, loadInstitution, lockBooks, memberInstitutionOf, type Institution } from './federation-books.ts';

/**
 * What the grain-bank use cases share: the bank opened for writing (its row locked, its institution's books
 * locked in the same order as meetings and fund movements), the stock positions per kind (sums of the register,
 * equal to its replay), the register's date rule, who may borrow, and writing one movement (its row and, in a
 * valued bank, its entry in the institution's books).
 */

export type GrainBankRow = DB['grain_bank'] & { interest_percent: string };

export interface OpenGrainBank {
  bank: GrainBankRow;
  institution: Institution;
}

/** The kinds of institution that keep a grain bank. */
export const GRAIN_BANK_HOLDERS = new Set(['shg', 'vo']);

/** The bank (row-locked) and its institution; NotFound naming `field` when there is no such bank. */
export async function openGrainBank(tx: Tx, ctx: CommandContext, grainBankId: string, field = 'grainBankId'): Promise<OpenGrainBank> {
  const bank = await tx.selectFrom('grain_bank').selectAll().where('id', '=', grainBankId).where('organisation_id', '=', ctx.actor.organisationId).forUpdate().executeTakeFirst();
  if (!bank) throw new KhataError(problem(ErrorCode.NotFound, field, 'no such grain bank'));
  const institution = await loadInstitution(tx, ctx.actor.organisationId, bank.node_id, field);
  if (bank.valued) await lockBooks(tx, institution);
  return { bank: bank as GrainBankRow, institution };
}

/** The institution a command's grain bank belongs to (for access), or a node nobody reaches when there is none. */
export async function nodeOfGrainBank(tx: Tx, grainBankId: string): Promise<string> {
  const row = await tx.selectFrom('grain_bank').select('node_id').where('id', '=', grainBankId).executeTakeFirst();
  if (!row) throw new KhataError(problem(ErrorCode.NotFound, 'grainBankId', 'no such grain bank'));
  return row.node_id;
}

/** Stock positions per kind (quantity and value), as of a date (inclusive) or everything written. */
export async function grainPositions(db: Tx | Database, grainBankId: string, asOf?: string): Promise<Map<string, StockPosition>> {
  let q = db
    .selectFrom('grain_movement')
    .select([
      'grain',
      sql<string>`sum(case when direction = 'in' then quantity_grams else -quantity_grams end)`.as('quantity'),
      sql<string>`sum(case when direction = 'in' then value_paise else -value_paise end)`.as('value'),
    ])
    .where('grain_bank_id', '=', grainBankId)
    .groupBy('grain');
  if (asOf) q = q.where('date', '<=', asOf);
  const rows = await q.execute();
  return new Map(rows.map((r) => [r.grain, { quantity: Number(r.quantity), valuePaise: Number(r.value) }]));
}

export const positionOf = (positions: Map<string, StockPosition>, grain: string): StockPosition => positions.get(grain) ?? EMPTY_POSITION;

/**
 * The register is written in date order: a movement may not be dated before the bank was opened, before the last
 * movement already written (so no earlier balance can turn negative), before its institution was formed, or in a
 * closed period of its books (a valued bank).
 */
export async function grainDateProblems(tx: Tx, open: OpenGrainBank, date: string, field = 'date'): Promise<Problem[]> {
  const problems: Problem[] = [];
  if (date < open.bank.opened_on) {
    problems.push(problem(ErrorCode.ValidationFailed, field, 'is before the grain bank was opened', { openedOn: open.bank.opened_on }));
    return problems;
  }
  const last = await tx.selectFrom('grain_movement').select(sql<string>`max(date)::text`.as('last')).where('grain_bank_id', '=', open.bank.id).executeTakeFirst();
  if (last?.last && date < last.last) {
    problems.push(problem(ErrorCode.ValidationFailed, field, 'is before the last entry of the grain register: entries are written in date order', { lastDate: last.last }));
  }
  const forBooks = dateProblems(open.institution, date, field);
  problems.push(...(open.bank.valued ? forBooks : forBooks.filter((p) => p.code === ErrorCode.DateBeforeFormation)));
  return problems;
}

/** The kind must be one the bank keeps. */
export function kindProblems(bank: GrainBankRow, grain: string, field = 'grain'): Problem[] {
  return bank.kinds.includes(grain) ? [] : [problem(ErrorCode.ValidationFailed, field, 'is not a kind of grain this bank keeps', { kinds: bank.kinds.join(', ') })];
}

/**
 * A member who may borrow from (or contribute to) the bank on a date: an active member of the SHG that keeps it, or
 * of an SHG that belongs to the VO that keeps it. UNKNOWN_MEMBER / MEMBER_NOT_ACTIVE naming `field` otherwise.
 */
export async function memberProblems(tx: Tx, open: OpenGrainBank, memberId: string, date: string, field = 'memberId'): Promise<Problem[]> {
  const member = await tx.selectFrom('member').select(['id', 'shg_id', 'status', 'joined_on']).where('id', '=', memberId).where('organisation_id', '=', open.bank.organisation_id).executeTakeFirst();
  if (!member) return [problem(ErrorCode.UnknownMember, field, 'is not a member here')];
  if (open.institution.kind === 'shg') {
    if (member.shg_id !== open.institution.nodeId) return [problem(ErrorCode.UnknownMember, field, 'is not a member of this group')];
  } else {
    const federation = await loadFederation(tx, open.institution.nodeId, field);
    if ((await memberInstitutionOf(tx, federation, memberId, date)) === null) return [problem(ErrorCode.UnknownMember, field, 'is not a member of this VO’s SHGs on this date')];
  }
  if (member.status !== 'active' || member.joined_on > date) return [problem(ErrorCode.MemberNotActive, field, 'is not an active member on this date')];
  return [];
}

/** A valued bank's institution gains the grain-bank accounts (charts only grow). */
export async function ensureGrainAccounts(tx: Tx, inst: Institution): Promise<void> {
  const accounts = grainBankAccounts();
  await sql`
    insert into account (organisation_id, entity_id, path, kind)
    select ${inst.organisationId}, ${inst.entityId}, t.path, t.kind
      from unnest(${accounts.map((a) => a.path)}::text[], ${accounts.map((a) => a.kind)}::text[]) as t(path, kind)
    on conflict (entity_id, path) do nothing`.execute(tx);
}

export interface GrainMovementToWrite {
  id: string;
  date: string;
  grain: string;
  kind: GrainMovementKind;
  quantityGrams: number;
  valuePaise: number;
  source?: string | null;
  reason?: string | null;
  note?: string | null;
  pricePerKgPaise?: number | null;
  amountPaise?: number | null;
  memberId?: string | null;
  loanId?: string | null;
  principalGrams?: number | null;
  interestGrams?: number | null;
}

/**
 * Writes one movement of the register, and in a valued bank its entry in the institution's books (when it moves
 * any money or value: a movement worth nothing posts nothing). Returns the entry id, if any.
 */
export async function writeGrainMovement(tx: Tx, ctx: CommandContext, open: OpenGrainBank, m: GrainMovementToWrite, lines: JournalLine[] | null, narration: string): Promise<number | null> {
  let entryId: number | null = null;
  if (open.bank.valued && lines && lines.some((l) => l.amountPaise !== 0)) {
    entryId = await postEntry(tx, {
      organisationId: open.institution.organisationId,
      entityId: open.institution.entityId,
      businessDate: m.date,
      narration,
      sourceType: `grain-${m.kind}`,
      lines: lines.map((l) => ({ accountPath: l.accountPath, amountPaise: l.amountPaise, memberId: l.memberId ?? null, loanId: l.loanId ?? null })),
      commandId: ctx.commandId,
    });
  }
  await tx
    .insertInto('grain_movement')
    .values({
      id: m.id,
      organisation_id: open.bank.organisation_id,
      grain_bank_id: open.bank.id,
      date: m.date,
      grain: m.grain,
      kind: m.kind,
      direction: GRAIN_DIRECTION[m.kind],
      quantity_grams: m.quantityGrams,
      value_paise: m.valuePaise,
      source: m.source ?? null,
      reason: m.reason ?? null,
      note: m.note ?? null,
      price_per_kg_paise: m.pricePerKgPaise ?? null,
      amount_paise: m.amountPaise ?? null,
      member_id: m.memberId ?? null,
      loan_id: m.loanId ?? null,
      principal_grams: m.principalGrams ?? null,
      interest_grams: m.interestGrams ?? null,
      entry_id: entryId,
      command_id: ctx.commandId,
    })
    .execute();
  return entryId;
}

/** Refuses a movement id already used (a new command with an old movement id). */
export async function movementIdFree(tx: Tx, id: string, field: string): Promise<void> {
  const exists = await tx.selectFrom('grain_movement').select('id').where('id', '=', id).executeTakeFirst();
  if (exists) throw new KhataError(problem(ErrorCode.Conflict, field, 'a grain movement with this id already exists'));
}

/** A stable id for a part of a command (a count's line, a collection's line): the same parent and key, the same id. */
export function uuidFrom(parentId: string, key: string): string {
  const h = createHash('sha256').update(`${parentId}:${key}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x40;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}
