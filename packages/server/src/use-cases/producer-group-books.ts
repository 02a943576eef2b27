import { sql } from 'kysely';
import { z } from 'zod';
import { ErrorCode, KhataError, problem, type Problem } from '@khata/core';
import { PRODUCER_GROUP_ACCOUNTS as A } from '@khata/core/chart';
import type { JournalLine } from '@khata/core/ledger';
import type { MemberDues } from '@khata/core/producer-group';
import { EMPTY_POSITION, MAX_QUANTITY, type StockPosition, type StockUnit } from '@khata/core/stock';
import type { CommandContext } from '../commands/apply-command.ts';
import type { Database } from '../db/pool.ts';
import { postEntry, type Tx } from '../ledger/post-entry.ts';
import { balanceOfAccount } from './federation-books.ts';

/**
 * What the producer-group use cases share: the group opened for writing (its row locked, so that its stock and
 * money checks see each other), its dates, its stock positions (sums of its register, equal to the replay), its
 * members' dues, and posting one balanced entry in its books.
 */

/** An input's or a commodity's name: lower-case letters, digits and dashes ("urea", "incense-sticks"). */
export const itemNameSchema = z.string().trim().regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be a short name of lower-case letters, digits and dashes');

/** A quantity in the item's smallest measure (grams, millilitres or pieces). */
export const quantitySchema = z.number({ message: 'must be a quantity' }).int('must be a whole number of grams, millilitres or pieces').positive('must be more than zero').max(MAX_QUANTITY, 'is too large');

export interface OpenProducerGroup {
  nodeId: string;
  organisationId: number;
  name: string;
  path: string;
  parentPath: string;
  commodity: string;
  unit: StockUnit;
  formedOn: string;
  entityId: number;
  lockedThrough: string | null;
}

/** The group (row-locked for the command) with its books; NotFound naming `field` when the node is not one. */
export async function openProducerGroup(tx: Tx, ctx: CommandContext, groupId: string, field = 'groupId'): Promise<OpenProducerGroup> {
  const row = await tx
    .selectFrom('producer_group as g')
    .innerJoin('node as n', 'n.id', 'g.node_id')
    .innerJoin('node as parent', 'parent.id', 'n.parent_id')
    .innerJoin('entity as e', 'e.node_id', 'n.id')
    .leftJoin('period_lock as l', 'l.entity_id', 'e.id')
    .select(['n.id', 'n.organisation_id', 'n.name', 'n.path', 'parent.path as parent_path', 'g.commodity', 'g.unit', 'g.formed_on', 'e.id as entity_id', 'l.locked_through'])
    .where('g.node_id', '=', groupId)
    .where('n.organisation_id', '=', ctx.actor.organisationId)
    .forUpdate('g')
    .executeTakeFirst();
  if (!row) throw new KhataError(problem(ErrorCode.NotFound, field, 'no such producer group'));
  return {
    nodeId: row.id,
    organisationId: row.organisation_id,
    name: row.name,
    path: row.path,
    parentPath: row.parent_path,
    commodity: row.commodity,
    unit: row.unit,
    formedOn: row.formed_on,
    entityId: row.entity_id,
    lockedThrough: row.locked_through ?? null,
  };
}

/** Not before the group was formed, not in a closed period of its books. */
export function pgDateProblems(group: OpenProducerGroup, date: string, field = 'date'): Problem[] {
  if (date < group.formedOn) return [problem(ErrorCode.DateBeforeFormation, field, `is before ${group.name} was formed`, { formedOn: group.formedOn })];
  if (group.lockedThrough && date <= group.lockedThrough) return [problem(ErrorCode.PeriodLocked, field, `falls in a closed period of ${group.name}’s books`, { lockedThrough: group.lockedThrough })];
  return [];
}

/** The group must hold the money it pays out, in the account it pays from. */
export async function pgMoneyProblems(tx: Tx, group: OpenProducerGroup, via: 'cash' | 'bank', amountPaise: number, field: string): Promise<Problem[]> {
  if (amountPaise <= 0) return [];
  const available = await balanceOfAccount(tx, group.entityId, via === 'bank' ? A.bank : A.cash);
  if (available >= amountPaise) return [];
  return [problem(via === 'bank' ? ErrorCode.InsufficientBank : ErrorCode.InsufficientCash, field, via === 'bank' ? 'the group has too little in the bank for this' : 'the group has too little cash for this', { availablePaise: available })];
}

export interface PgStockRow {
  itemKind: 'produce' | 'input';
  item: string;
  unit: StockUnit;
  position: StockPosition;
}

/** Stock positions per item (produce and inputs), as of a date (inclusive) or everything written. */
export async function pgPositions(db: Tx | Database, groupId: string, asOf?: string | null): Promise<PgStockRow[]> {
  let q = db
    .selectFrom('produce_movement')
    .select([
      'item_kind',
      'item',
      sql<string>`min(unit)`.as('unit'),
      sql<string>`sum(case when direction = 'in' then quantity else -quantity end)`.as('quantity'),
      sql<string>`sum(case when direction = 'in' then value_paise else -value_paise end)`.as('value'),
    ])
    .where('group_id', '=', groupId)
    .groupBy(['item_kind', 'item'])
    .orderBy('item_kind', 'desc')
    .orderBy('item');
  if (asOf) q = q.where('date', '<=', asOf);
  const rows = await q.execute();
  return rows.map((r) => ({ itemKind: r.item_kind, item: r.item, unit: r.unit as StockUnit, position: { quantity: Number(r.quantity), valuePaise: Number(r.value) } }));
}

export function positionOfItem(rows: PgStockRow[], itemKind: 'produce' | 'input', item: string): StockPosition {
  return rows.find((r) => r.itemKind === itemKind && r.item === item)?.position ?? EMPTY_POSITION;
}

/** The register is written in date order (so no earlier balance can turn negative). */
export async function pgOrderProblems(tx: Tx, groupId: string, date: string, field = 'date'): Promise<Problem[]> {
  const last = await tx.selectFrom('produce_movement').select(sql<string>`max(date)::text`.as('last')).where('group_id', '=', groupId).executeTakeFirst();
  if (last?.last && date < last.last) return [problem(ErrorCode.ValidationFailed, field, 'is before the last entry of the stock register: entries are written in date order', { lastDate: last.last })];
  return [];
}

/** A live member of the group on a date (UNKNOWN_MEMBER naming `field` otherwise). */
export async function pgMemberProblems(tx: Tx, groupId: string, memberId: string, date: string, field = 'memberId'): Promise<Problem[]> {
  const row = await tx
    .selectFrom('producer_group_member as pm')
    .innerJoin('member as m', 'm.id', 'pm.member_id')
    .select(['pm.id', 'm.status'])
    .where('pm.group_id', '=', groupId)
    .where('pm.member_id', '=', memberId)
    .where('pm.since', '<=', date)
    .where((eb) => eb.or([eb('pm.until', 'is', null), eb('pm.until', '>=', date)]))
    .executeTakeFirst();
  if (!row) return [problem(ErrorCode.UnknownMember, field, 'is not a member of this producer group on this date')];
  return [];
}

/** What the group owes a member for her produce and what she owes it for inputs on credit (both ≥ 0 normally). */
export async function pgMemberDues(db: Tx | Database, entityId: number, memberId: string): Promise<MemberDues> {
  const rows = await db
    .selectFrom('member_balance as b')
    .innerJoin('account as a', 'a.id', 'b.account_id')
    .select(['a.path', 'b.balance_paise'])
    .where('a.entity_id', '=', entityId)
    .where('a.path', 'in', [A.payablesMembers, A.advancesToMembers])
    .where('b.member_id', '=', memberId)
    .execute();
  const of = (path: string) => Number(rows.find((r) => r.path === path)?.balance_paise ?? 0);
  return { payablePaise: -of(A.payablesMembers), advancePaise: of(A.advancesToMembers) };
}

/** One balanced entry in the group's books (zero lines dropped); null when it moves nothing. */
export async function postPg(tx: Tx, ctx: CommandContext, group: OpenProducerGroup, date: string, lines: JournalLine[], narration: string, sourceType: string): Promise<number | null> {
  if (!lines.some((l) => l.amountPaise !== 0)) return null;
  return postEntry(tx, {
    organisationId: group.organisationId,
    entityId: group.entityId,
    businessDate: date,
    narration,
    sourceType,
    lines: lines.map((l) => ({ accountPath: l.accountPath, amountPaise: l.amountPaise, memberId: l.memberId ?? null, loanId: l.loanId ?? null })),
    commandId: ctx.commandId,
  });
}

/** The group a command acts on must exist (access is then checked at its node). */
export async function nodeOfProducerGroup(tx: Tx, groupId: string): Promise<string> {
  const row = await tx.selectFrom('producer_group').select('node_id').where('node_id', '=', groupId).executeTakeFirst();
  if (!row) throw new KhataError(problem(ErrorCode.NotFound, 'groupId', 'no such producer group'));
  return row.node_id;
}

/** Refuses an id already used by a row of `table` (a new command reusing an old id). */
export async function idFree(tx: Tx, table: 'produce_movement' | 'producer_payment' | 'producer_expense' | 'producer_group_member' | 'producer_company_membership', id: string, field: string): Promise<void> {
  const exists = await tx.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst();
  if (exists) throw new KhataError(problem(ErrorCode.Conflict, field, 'this id is already used'));
}

export interface ProduceMovementToWrite {
  id: string;
  date: string;
  item: string;
  itemKind: 'produce' | 'input';
  unit: StockUnit;
  kind: 'procurement' | 'issue' | 'aggregation' | 'sale';
  quantity: number;
  valuePaise: number;
  amountPaise: number;
  pricePaise?: number | null;
  grade?: string | null;
  terms?: 'cash' | 'bank' | 'credit' | null;
  counterparty?: string | null;
  memberId?: string | null;
  collectionId?: string | null;
  entryId: number | null;
}

/** Writes movements of the group's stock register (in the order given). */
export async function writeProduceMovements(tx: Tx, ctx: CommandContext, group: OpenProducerGroup, movements: ProduceMovementToWrite[]): Promise<void> {
  if (movements.length === 0) return;
  await tx
    .insertInto('produce_movement')
    .values(
      movements.map((m) => ({
        id: m.id,
        organisation_id: group.organisationId,
        group_id: group.nodeId,
        date: m.date,
        item: m.item,
        item_kind: m.itemKind,
        unit: m.unit,
        kind: m.kind,
        direction: m.kind === 'procurement' || m.kind === 'aggregation' ? ('in' as const) : ('out' as const),
        quantity: m.quantity,
        value_paise: m.valuePaise,
        amount_paise: m.amountPaise,
        price_paise: m.pricePaise ?? null,
        grade: m.grade ?? null,
        terms: m.terms ?? null,
        counterparty: m.counterparty ?? null,
        member_id: m.memberId ?? null,
        collection_id: m.collectionId ?? null,
        entry_id: m.entryId,
        command_id: ctx.commandId,
      })),
    )
    .execute();
}
