import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { sql } from 'kysely';
import { toDecimalString } from '@khata/core';
import type { Database } from '../db/pool.ts';
import { hledgerAccountName, loadEntityNames } from './hledger-names.ts';

/**
 * The books as one plain-text journal that hledger reads (checked against hledger 1.25):
 *
 *   commodity INR 1000.00
 *   account KAMALA:assets:cash  ; type: A
 *   2025-01-06 (812) Meeting 2025-01-06  ; source:record-meeting
 *       KAMALA:assets:cash  INR 350.00  ; member:…
 *       KAMALA:liabilities:savings:compulsory  INR -300.00  ; member:…
 *
 * Account names are `<entity>:<account path>` (hledger-names.ts), amounts the entity's currency code as a
 * commodity with two decimals, negative for credits; one transaction per journal entry, its id as the code.
 * The output is produced page by page (keyset pagination), so a state's millions of lines never sit in memory.
 */
export interface HledgerExportOptions {
  /** The entities to export; every entity of the database when null or absent. */
  entityIds?: readonly number[] | null;
  /** Entries per page (default 2000). */
  pageSize?: number;
}

export interface HledgerExportCounts {
  entities: number;
  accounts: number;
  entries: number;
  lines: number;
}

const TYPE_TAG: Record<string, string> = { asset: 'A', liability: 'L', equity: 'E', income: 'R', expense: 'X' };

/** A narration as one line of an hledger description: no line breaks or control characters, no ';' (a comment). */
export function hledgerDescription(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/;/g, ',').replace(/\s{2,}/g, ' ').trim() || '-';
}

export const hledgerAmount = (currency: string, paise: number): string => `${currency} ${toDecimalString(paise)}`;

/** The journal, as chunks of text (one per page of accounts or entries). */
export async function* hledgerJournalChunks(db: Database, options: HledgerExportOptions = {}, counts?: HledgerExportCounts): AsyncGenerator<string> {
  const entityIds = options.entityIds ?? null;
  const pageSize = options.pageSize ?? 2000;
  const names = await loadEntityNames(db, entityIds);
  const c = counts ?? { entities: 0, accounts: 0, entries: 0, lines: 0 };
  c.entities = names.size;
  if (names.size === 0) return;
  const ids = [...names.keys()];
  const only = entityIds === null ? null : ids;

  let currencyQuery = db.selectFrom('entity').select('currency').distinct().orderBy('currency');
  if (only) currencyQuery = currencyQuery.where('id', 'in', only);
  const currencies = (await currencyQuery.execute()).map((r) => r.currency);
  const currencyOf = new Map<number, string>();
  let entityQuery = db.selectFrom('entity').select(['id', 'currency']);
  if (only) entityQuery = entityQuery.where('id', 'in', only);
  for (const e of await entityQuery.execute()) currencyOf.set(e.id, e.currency);

  yield [
    '; Khata: the books exported as an hledger journal.',
    '; Accounts are <entity>:<account path>; amounts in the entity’s currency, two decimals, credits negative.',
    '; Each transaction is one journal entry; its code (in parentheses) is the entry id.',
    '',
    ...currencies.map((cur) => `commodity ${cur} 1000.00`),
    '',
    '',
  ].join('\n');

  // Account directives, with hledger's account types (the top segment is below the entity name, so hledger
  // could not infer them from the names).
  let lastAccountId = 0;
  for (;;) {
    let q = db.selectFrom('account').select(['id', 'entity_id', 'path', 'kind']).where('id', '>', lastAccountId).orderBy('id').limit(pageSize * 10);
    if (only) q = q.where('entity_id', 'in', only);
    const page = await q.execute();
    if (page.length === 0) break;
    lastAccountId = page.at(-1)!.id;
    c.accounts += page.length;
    yield page.map((a) => `account ${hledgerAccountName(names.get(a.entity_id)!, a.path)}  ; type: ${TYPE_TAG[a.kind]}\n`).join('');
  }
  yield '\n';

  // Entries: keyset pages. One entity: in date order (its index); every entity: in id (posting) order,
  // which hledger sorts by date itself.
  let after: { date: string; id: number } | null = null;
  for (;;) {
    let q = db
      .selectFrom('journal_entry as e')
      .select(['e.id', 'e.entity_id', 'e.business_date', 'e.narration', 'e.source_type', 'e.reverses_entry_id'])
      .limit(pageSize);
    if (only && only.length === 1) {
      q = q.where('e.entity_id', '=', only[0]!).orderBy('e.business_date').orderBy('e.id');
      if (after) q = q.where(sql<boolean>`(e.business_date, e.id) > (${after.date}::date, ${after.id}::bigint)`);
    } else {
      if (only) q = q.where('e.entity_id', 'in', only);
      q = q.orderBy('e.id');
      if (after) q = q.where('e.id', '>', after.id);
    }
    const entries = await q.execute();
    if (entries.length === 0) break;
    const last = entries.at(-1)!;
    after = { date: last.business_date, id: last.id };

    const lines = await db
      .selectFrom('journal_line as l')
      .innerJoin('account as a', 'a.id', 'l.account_id')
      .select(['l.entry_id', 'l.line_no', 'a.path', 'l.amount_paise', 'l.member_id', 'l.loan_id'])
      .where('l.entry_id', 'in', entries.map((e) => e.id))
      .orderBy('l.entry_id')
      .orderBy('l.line_no')
      .execute();
    const byEntry = new Map<number, typeof lines>();
    for (const l of lines) {
      const list = byEntry.get(l.entry_id);
      if (list) list.push(l);
      else byEntry.set(l.entry_id, [l]);
    }
    let text = '';
    for (const e of entries) {
      const name = names.get(e.entity_id)!;
      const currency = currencyOf.get(e.entity_id) ?? 'INR';
      const tags = [`source:${e.source_type}`, ...(e.reverses_entry_id === null ? [] : [`reverses:${e.reverses_entry_id}`])].join(', ');
      text += `${e.business_date} (${e.id}) ${hledgerDescription(e.narration)}  ; ${tags}\n`;
      for (const l of byEntry.get(e.id) ?? []) {
        const lineTags = [...(l.member_id ? [`member:${l.member_id}`] : []), ...(l.loan_id ? [`loan:${l.loan_id}`] : [])];
        text += `    ${hledgerAccountName(name, l.path)}  ${hledgerAmount(currency, l.amount_paise)}${lineTags.length ? `  ; ${lineTags.join(', ')}` : ''}\n`;
        c.lines += 1;
      }
      text += '\n';
      c.entries += 1;
    }
    yield text;
  }
}

/** Writes the journal to a stream, waiting for it to drain between pages. Does not end the stream. */
export async function writeHledgerJournal(db: Database, out: Writable, options: HledgerExportOptions = {}): Promise<HledgerExportCounts> {
  const counts: HledgerExportCounts = { entities: 0, accounts: 0, entries: 0, lines: 0 };
  for await (const chunk of hledgerJournalChunks(db, options, counts)) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
  return counts;
}
