import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartTemplate, parseRupees } from '@khata/core';
import { testApp, type TestApp } from '../testing/app.ts';
import { postEntry } from '../ledger/post-entry.ts';
import { buildBooks, type Books } from '../reports/test-books.ts';
import { hledgerBalances, trialBalanceAll } from '../reports/trial-balance.ts';
import { hledgerDescription, hledgerJournalChunks, writeHledgerJournal } from './hledger-journal.ts';
import { entityNames, sanitiseEntityCode } from './hledger-names.ts';

const HLEDGER = process.env.HLEDGER ?? 'hledger';
const hasHledger = spawnSync(HLEDGER, ['--version'], { encoding: 'utf8' }).status === 0;
if (!hasHledger) console.warn(`hledger is not installed (tried "${HLEDGER}"): the test that reads the export with hledger is skipped. CI installs it.`);

let h: TestApp;
let one: Books;
let two: Books;
let dir: string;

beforeAll(async () => {
  h = await testApp();
  // Two groups whose codes sanitise to the same name: the second is told apart by its entity id.
  one = await buildBooks(h, { code: 'Kamala SHG/1' });
  two = await buildBooks(h, { code: 'Kamala SHG 1' });
  // Posted last but dated early: the export of one entity pages in date order.
  const e = await h.t.db.selectFrom('entity').select(['organisation_id']).where('id', '=', two.entityId).executeTakeFirstOrThrow();
  await h.t.db.transaction().execute((tx) =>
    postEntry(tx, {
      organisationId: e.organisation_id,
      entityId: two.entityId,
      businessDate: '2025-01-02',
      narration: 'Grant received;\nfrom the block',
      sourceType: 'record-receipt',
      lines: [
        { accountPath: 'assets:cash', amountPaise: 123456789 },
        { accountPath: 'equity:grants', amountPaise: -123456789 },
      ],
    }),
  );
  dir = mkdtempSync(path.join(tmpdir(), 'khata-hledger-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await h.close();
});

async function exportTo(file: string, entityIds: number[] | null, pageSize?: number) {
  const out = createWriteStream(file);
  const counts = await writeHledgerJournal(h.t.db, out, { entityIds, ...(pageSize ? { pageSize } : {}) });
  out.end();
  await finished(out);
  return counts;
}

/** `hledger bal` as a map account → signed paise. */
function hledgerBal(file: string, ...args: string[]): Map<string, number> {
  const csv = execFileSync(HLEDGER, ['-f', file, '--strict', 'bal', '--flat', '--no-total', '-O', 'csv', ...args], { encoding: 'utf8' });
  const out = new Map<string, number>();
  for (const line of csv.trim().split('\n').slice(1)) {
    const m = /^"(.*)","(.*)"$/.exec(line);
    if (!m) throw new Error(`unexpected hledger output: ${line}`);
    const amount = m[2]!.replace(/^INR\s*/, '');
    const parsed = parseRupees(amount);
    if (!parsed.ok) throw new Error(`unexpected amount ${m[2]}`);
    out.set(m[1]!, parsed.value);
  }
  return out;
}

describe('entity names', () => {
  it('are hledger-safe and unique', () => {
    expect(sanitiseEntityCode('Kamala SHG/1')).toBe('Kamala-SHG-1');
    expect(sanitiseEntityCode('  जय माँ  ')).toBe('');
    const names = entityNames([{ id: 7, code: 'A B' }, { id: 3, code: 'A-B' }, { id: 9, code: '::' }]);
    expect(names.get(3)).toBe('A-B');
    expect(names.get(7)).toBe('A-B-e7');
    expect(names.get(9)).toBe('entity-9');
  });

  it('descriptions stay on one line and out of comments', () => {
    expect(hledgerDescription('Grant received;\nfrom the block')).toBe('Grant received, from the block');
    expect(hledgerDescription('')).toBe('-');
  });
});

describe('hledger journal export', () => {
  it('writes accounts, commodities and one transaction per entry', async () => {
    const file = path.join(dir, 'one.journal');
    const counts = await exportTo(file, [one.entityId]);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('commodity INR 1000.00\n');
    expect(text).toContain('account Kamala-SHG-1:assets:cash  ; type: A\n');
    expect(text).toContain('account Kamala-SHG-1:liabilities:savings:compulsory  ; type: L\n');
    expect(text).toMatch(/\n2025-01-06 \(\d+\) Meeting 2025-01-06  ; source:record-meeting\n {4}Kamala-SHG-1:assets:cash  INR 150\.00  ; member:[0-9a-f-]{36}\n/);
    expect(text).toMatch(/ {4}Kamala-SHG-1:liabilities:savings:compulsory  INR -100\.00  ; member:/);
    expect(text).toMatch(/ \(\d+\) Reversal: Meeting 2025-02-20  ; source:reverse-entry, reverses:\d+\n/);
    const entries = await h.t.db.selectFrom('journal_entry').select((eb) => eb.fn.countAll<string>().as('n')).where('entity_id', '=', one.entityId).executeTakeFirstOrThrow();
    expect(counts).toMatchObject({ entities: 1, accounts: chartTemplate('shg').length, entries: Number(entries.n) });
  });

  it('pages through the books whatever the page size, one entity (date order) or all (id order)', async () => {
    const render = async (entityIds: number[] | null, pageSize: number) => {
      let text = '';
      for await (const chunk of hledgerJournalChunks(h.t.db, { entityIds, pageSize })) text += chunk;
      return text;
    };
    const transactions = (text: string) => text.split('\n\n').filter((t) => /^\d{4}-\d{2}-\d{2} /.test(t)).sort();
    for (const ids of [[two.entityId], null]) {
      const big = await render(ids, 10_000);
      const small = await render(ids, 2);
      expect(transactions(small)).toEqual(transactions(big));
      expect(transactions(big).length).toBeGreaterThan(10);
    }
    const dated = transactions(await render([two.entityId], 2)).map((t) => t.slice(0, 10));
    expect(dated).toContain('2025-01-02');
  });

  it.skipIf(!hasHledger)('hledger reads it and its balances equal Khata’s trial balance, account by account; every entity sums to zero', async () => {
    const file = path.join(dir, 'all.journal');
    await exportTo(file, null, 3);
    const theirs = hledgerBal(file);
    const ours = await hledgerBalances(h.t.db);
    expect(ours.size).toBeGreaterThan(20);
    expect(Object.fromEntries(theirs)).toEqual(Object.fromEntries(ours));
    // The trial balance report (--entity all) names accounts the same way.
    const tb = await trialBalanceAll(h.t.db, { asOf: '2099-12-31' });
    expect(Object.fromEntries(tb.rows.map((r) => [r.account, ((r.debit as number | null) ?? 0) - ((r.credit as number | null) ?? 0)]))).toEqual(Object.fromEntries(ours));
    expect(tb.totals!.debit).toBe(tb.totals!.credit);
    expect([...ours.keys()].some((a) => a.startsWith(`Kamala-SHG-1-e${two.entityId}:`))).toBe(true);
    expect(ours.get(`Kamala-SHG-1-e${two.entityId}:equity:grants`)).toBe(-123456789);
    // Each entity's accounts sum to zero: hledger shows nothing at depth 1.
    expect(hledgerBal(file, '--depth', '1').size).toBe(0);
    // As of a date, too.
    const march = hledgerBal(file, '-e', '2025-03-01');
    expect(Object.fromEntries(march)).toEqual(Object.fromEntries(await hledgerBalances(h.t.db, { asOf: '2025-02-28' })));
  });

  it.skipIf(!hasHledger)('one entity’s export agrees with its own trial balance', async () => {
    const file = path.join(dir, 'two.journal');
    await exportTo(file, [two.entityId]);
    const theirs = hledgerBal(file);
    expect(Object.fromEntries(theirs)).toEqual(Object.fromEntries(await hledgerBalances(h.t.db, { entityIds: [two.entityId] })));
    expect(theirs.get('Kamala-SHG-1:assets:cash')).toBe(81300 + 123456789);
  });
});
