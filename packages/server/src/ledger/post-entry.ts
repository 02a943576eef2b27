import { sql, type Transaction } from 'kysely';
import { ErrorCode, KhataError, problem } from '@khata/core';
import type { DB } from '../db/schema.ts';

export type Tx = Transaction<DB>;

export interface EntryLine {
  accountPath: string;
  amountPaise: number;
  memberId?: string | null;
  loanId?: string | null;
}
export interface EntryToPost {
  organisationId: number;
  entityId: number;
  businessDate: string;
  narration: string;
  sourceType: string;
  lines: EntryLine[];
  commandId?: string | null;
  meetingId?: string | null;
  transferId?: string | null;
  reversesEntryId?: number | null;
  reason?: string | null;
}

// Charts only grow (accounts are never deleted), so account ids can be cached per entity; a miss reloads.
const chartCache = new Map<number, Map<string, number>>();

async function accountIds(tx: Tx, entityId: number, paths: string[]): Promise<Map<string, number>> {
  let byPath = chartCache.get(entityId);
  if (!byPath || paths.some((p) => !byPath!.has(p))) {
    const accounts = await tx.selectFrom('account').select(['id', 'path']).where('entity_id', '=', entityId).execute();
    byPath = new Map(accounts.map((a) => [a.path, a.id]));
    chartCache.set(entityId, byPath);
  }
  return byPath;
}

/**
 * Posts one journal entry: the entry row and all its lines in ONE statement (the database checks balance and
 * line count per statement). Account paths are resolved within the entity's own chart.
 */
export async function postEntry(tx: Tx, entry: EntryToPost): Promise<number> {
  const lines = entry.lines.filter((l) => l.amountPaise !== 0);
  const byPath = await accountIds(tx, entry.entityId, lines.map((l) => l.accountPath));
  for (const line of lines) {
    if (!byPath.has(line.accountPath)) {
      throw new KhataError(problem(ErrorCode.ValidationFailed, 'accountPath', `no account ${line.accountPath} in this entity's chart`));
    }
  }
  const result = await sql<{ entry_id: number }>`
    with e as (
      insert into journal_entry (organisation_id, entity_id, business_date, narration, source_type, command_id, meeting_id,
                                 transfer_id, reverses_entry_id, reason, line_count)
      values (${entry.organisationId}, ${entry.entityId}, ${entry.businessDate}, ${entry.narration}, ${entry.sourceType},
              ${entry.commandId ?? null}, ${entry.meetingId ?? null}, ${entry.transferId ?? null}, ${entry.reversesEntryId ?? null},
              ${entry.reason ?? null}, ${lines.length})
      returning id)
    insert into journal_line (entry_id, line_no, organisation_id, account_id, business_date, amount_paise, member_id, loan_id)
    select e.id, v.line_no, ${entry.organisationId}, v.account_id, ${entry.businessDate}::date, v.amount, v.member_id, v.loan_id
      from e, unnest(${lines.map((_, i) => i + 1)}::smallint[], ${lines.map((l) => byPath.get(l.accountPath)!)}::int[],
                     ${lines.map((l) => String(l.amountPaise))}::bigint[], ${lines.map((l) => l.memberId ?? null)}::uuid[],
                     ${lines.map((l) => l.loanId ?? null)}::uuid[]) as v(line_no, account_id, amount, member_id, loan_id)
    returning entry_id`.execute(tx);
  return result.rows[0]!.entry_id;
}

/** Posts the exact negation of an entry, dated as given, linked to it; an entry is reversed at most once. */
export async function reverseEntry(tx: Tx, entryId: number, reason: string, businessDate: string, commandId: string | null): Promise<number> {
  const original = await tx.selectFrom('journal_entry').selectAll().where('id', '=', entryId).executeTakeFirst();
  if (!original) throw new KhataError(problem(ErrorCode.NotFound, 'entryId', 'no such entry'));
  const already = await tx.selectFrom('journal_entry').select('id').where('reverses_entry_id', '=', entryId).executeTakeFirst();
  if (already) throw new KhataError(problem(ErrorCode.AlreadyReversed, 'entryId', 'this entry has already been reversed'));
  const lines = await tx
    .selectFrom('journal_line as l')
    .innerJoin('account as a', 'a.id', 'l.account_id')
    .select(['a.path', 'l.amount_paise', 'l.member_id', 'l.loan_id'])
    .where('l.entry_id', '=', entryId)
    .orderBy('l.line_no')
    .execute();
  return postEntry(tx, {
    organisationId: original.organisation_id,
    entityId: original.entity_id,
    businessDate,
    narration: `Reversal: ${original.narration}`,
    sourceType: 'reverse-entry',
    lines: lines.map((l) => ({ accountPath: l.path, amountPaise: -l.amount_paise, memberId: l.member_id, loanId: l.loan_id })),
    commandId,
    meetingId: original.meeting_id,
    transferId: original.transfer_id,
    reversesEntryId: entryId,
    reason,
  });
}

/** Balances per account path for an entity, as of a date (inclusive), from the lines themselves. */
export async function accountBalances(tx: Tx | import('../db/pool.ts').Database, entityId: number, asOf?: string): Promise<Map<string, number>> {
  let q = tx
    .selectFrom('journal_line as l')
    .innerJoin('account as a', 'a.id', 'l.account_id')
    .select(['a.path', sql<string>`sum(l.amount_paise)`.as('balance')])
    .where('a.entity_id', '=', entityId)
    .groupBy('a.path');
  if (asOf) q = q.where('l.business_date', '<=', asOf);
  const rows = await q.execute();
  return new Map(rows.map((r) => [r.path, Number(r.balance)]));
}
