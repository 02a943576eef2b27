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

/**
 * Posts one journal entry: the entry row, then all its lines in ONE statement (the database checks balance and
 * line count per statement). Account paths are resolved within the entity's own chart.
 */
export async function postEntry(tx: Tx, entry: EntryToPost): Promise<number> {
  const accounts = await tx.selectFrom('account').select(['id', 'path']).where('entity_id', '=', entry.entityId).execute();
  const byPath = new Map(accounts.map((a) => [a.path, a.id]));
  const lines = entry.lines.filter((l) => l.amountPaise !== 0);
  for (const line of lines) {
    if (!byPath.has(line.accountPath)) {
      throw new KhataError(problem(ErrorCode.ValidationFailed, 'accountPath', `no account ${line.accountPath} in this entity's chart`));
    }
  }
  const { id } = await tx
    .insertInto('journal_entry')
    .values({
      organisation_id: entry.organisationId,
      entity_id: entry.entityId,
      business_date: entry.businessDate,
      narration: entry.narration,
      source_type: entry.sourceType,
      command_id: entry.commandId ?? null,
      meeting_id: entry.meetingId ?? null,
      transfer_id: entry.transferId ?? null,
      reverses_entry_id: entry.reversesEntryId ?? null,
      reason: entry.reason ?? null,
      line_count: lines.length,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('journal_line')
    .values(
      lines.map((l, i) => ({
        entry_id: id,
        line_no: i + 1,
        organisation_id: entry.organisationId,
        account_id: byPath.get(l.accountPath)!,
        business_date: entry.businessDate,
        amount_paise: l.amountPaise,
        member_id: l.memberId ?? null,
        loan_id: l.loanId ?? null,
      })),
    )
    .execute();
  return id;
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
