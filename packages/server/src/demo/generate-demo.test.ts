import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { freshDatabase, type TestDatabase } from '../testing/database.ts';
import { setServerContext } from '../server-context.ts';
import { registerAllHandlers } from '../commands/registry.ts';
import type { Database } from '../db/pool.ts';
import { DEMO_LOGINS, generateDemo, planDemo, Rng, type DemoResult } from './generate-demo.ts';
import { FEDERATION_STAGE_MEETINGS, FEDERATION_STAGE_SHGS } from './demo-federation-stages.ts';

const SMALL = { shgs: 3, months: 6 } as const;

let a: TestDatabase;
let b: TestDatabase;
let c: TestDatabase;
let first: DemoResult;
const progress: Array<[number, number]> = [];

/** The books as plain text, one line per journal line, independent of database ids and of insertion order. */
async function canonicalBooks(db: Database): Promise<string[]> {
  const rows = await db
    .selectFrom('journal_line as l')
    .innerJoin('account as a', 'a.id', 'l.account_id')
    .innerJoin('entity as e', 'e.id', 'a.entity_id')
    .leftJoin('member as m', 'm.id', 'l.member_id')
    .select(['e.code', 'l.business_date', 'a.path', 'l.amount_paise', 'm.membership_number'])
    .execute();
  return rows.map((r) => `${r.code} ${r.business_date} ${r.path} ${r.amount_paise} ${r.membership_number ?? '-'}`).sort();
}

beforeAll(async () => {
  setServerContext({ secretKey: randomBytes(32), dataDir: '.tmp' });
  registerAllHandlers();
  [a, b, c] = await Promise.all([freshDatabase(), freshDatabase(), freshDatabase()]);
  first = await generateDemo(a.db, { seed: 7, ...SMALL, onProgress: (done, total) => progress.push([done, total]) });
}, 60_000);
afterAll(async () => Promise.all([a?.drop(), b?.drop(), c?.drop()]));

describe('generateDemo', () => {
  it('makes the demo organisation with its groups, members, meetings and logins', async () => {
    expect(first.logins.map((l) => l.username)).toEqual(DEMO_LOGINS.map((l) => l.username));
    expect(first.summary.shgs).toBe(3 + FEDERATION_STAGE_SHGS); // the planned groups and the readiness chapter's
    expect(first.summary.members).toBeGreaterThanOrEqual(30);
    expect(first.summary.meetings).toBeGreaterThan(10);
    expect(first.summary.loans).toBeGreaterThan(0);
    const org = await a.db.selectFrom('organisation').selectAll().executeTakeFirstOrThrow();
    expect(org).toMatchObject({ code: 'DEMO', name: 'Demo NGO' });
    const [, total] = progress.at(-1)!;
    expect(progress.at(-1)).toEqual([total, total]);
    expect(first.summary.meetings).toBeGreaterThanOrEqual(total + FEDERATION_STAGE_MEETINGS); // the demo's later chapters hold meetings too
  });

  it('keeps every entry balanced and every SHG’s trial balance at zero', async () => {
    const unbalanced = await sql<{ entry_id: number }>`
      select entry_id from journal_line group by entry_id having sum(amount_paise) <> 0`.execute(a.db);
    expect(unbalanced.rows).toEqual([]);
    const entities = await sql<{ code: string; total: string; lines: string }>`
      select e.code, sum(l.amount_paise) as total, count(*) as lines
      from journal_line l join account a on a.id = l.account_id join entity e on e.id = a.entity_id
      where e.kind = 'shg' group by e.code`.execute(a.db);
    expect(entities.rows).toHaveLength(3 + FEDERATION_STAGE_SHGS);
    for (const e of entities.rows) {
      expect(Number(e.total)).toBe(0);
      expect(Number(e.lines)).toBeGreaterThan(0);
    }
  });

  it('never lets cash go below zero', async () => {
    const meetings = await a.db.selectFrom('meeting').select(['closing_cash_paise']).execute();
    expect(meetings.every((m) => m.closing_cash_paise >= 0)).toBe(true);
    const running = await sql<{ code: string; business_date: string; cash: string }>`
      select e.code, l.business_date, sum(sum(l.amount_paise)) over (partition by e.code, a.path order by l.business_date) as cash
      from journal_line l join account a on a.id = l.account_id join entity e on e.id = a.entity_id
      where a.path in ('assets:cash', 'assets:bank') and e.kind = 'shg'
      group by e.code, a.path, l.business_date`.execute(a.db);
    expect(running.rows.length).toBeGreaterThan(0);
    expect(running.rows.filter((r) => Number(r.cash) < 0)).toEqual([]);
  });

  it('records life: absences, late fines, loans and repayments, a corrected meeting and a closed period', async () => {
    const attendance = await sql<{ status: string; n: string }>`
      select a->>'status' as status, count(*) as n from meeting, jsonb_array_elements(payload->'attendance') a group by 1`.execute(a.db);
    const statuses = Object.fromEntries(attendance.rows.map((r) => [r.status, Number(r.n)]));
    expect(statuses.present).toBeGreaterThan(statuses.absent ?? 0);
    expect(statuses.absent).toBeGreaterThan(0);
    const lines = await sql<{ path: string; n: string }>`
      select a.path, count(*) as n from journal_line l join account a on a.id = l.account_id group by a.path`.execute(a.db);
    const paths = new Set(lines.rows.map((r) => r.path));
    for (const p of ['liabilities:savings:compulsory', 'assets:loans-to-members', 'income:fines', 'assets:bank', 'expenses:stationery']) expect(paths).toContain(p);
    const reversed = await a.db.selectFrom('meeting').select(['correction_reason']).where('status', '=', 'reversed').execute();
    expect(reversed).toHaveLength(1);
    expect(reversed[0]!.correction_reason).toMatch(/instead of/);
    const locks = await a.db.selectFrom('period_lock').select('locked_through').execute();
    expect(locks.map((l) => l.locked_through)).toEqual(['2026-09-30']);
  });

  it('opens one group from a cut-off sheet, links one to a bank term loan repaid at meetings, lets members leave and writes a bad loan off', async () => {
    const sources = await sql<{ source_type: string; n: string }>`select source_type, count(*) as n from journal_entry group by 1`.execute(a.db);
    const bySource = Object.fromEntries(sources.rows.map((r) => [r.source_type, Number(r.n)]));
    // One term loan repaid at meetings during the year, one from the bank-linkage chapter (applied, sanctioned, disbursed).
    expect(bySource['receive-external-loan']).toBe(2);
    expect(bySource['import-cutoff']).toBe(1);
    const cutoff = await a.db.selectFrom('shg').select('started_with_cutoff_on').where('started_with_cutoff_on', 'is not', null).execute();
    expect(cutoff).toHaveLength(1);
    const cifRepaid = await sql<{ n: string }>`
      select count(*) as n from journal_line l join account a on a.id = l.account_id where a.path = 'liabilities:loans:vo-cif' and l.amount_paise > 0`.execute(a.db);
    expect(Number(cifRepaid.rows[0]!.n)).toBeGreaterThan(0);
    const bankRepaid = await sql<{ n: string }>`
      select count(*) as n from journal_line l join account a on a.id = l.account_id where a.path = 'liabilities:loans:bank' and l.amount_paise > 0`.execute(a.db);
    expect(Number(bankRepaid.rows[0]!.n)).toBeGreaterThan(0);
    expect(bySource['exit-member']).toBeGreaterThanOrEqual(1);
    const left = await a.db.selectFrom('member').select('left_on').where('status', '=', 'left').execute();
    expect(left.length).toBe(bySource['exit-member']);
    const approvals = await a.db.selectFrom('approval_request').select(['kind', 'status', 'requested_by', 'decided_by']).execute();
    expect(approvals.map((r) => r.kind)).toContain('loan-write-off');
    for (const r of approvals) {
      expect(r.status).toBe('approved');
      expect(r.decided_by).not.toBe(r.requested_by);
    }
  });

  it('gives the same books for the same seed (however many groups run side by side) and other books for another seed', async () => {
    const [again, other] = await Promise.all([generateDemo(b.db, { seed: 7, ...SMALL, concurrency: 1 }), generateDemo(c.db, { seed: 8, ...SMALL })]);
    expect(again.summary).toEqual(first.summary);
    const [booksA, booksB, booksC] = await Promise.all([canonicalBooks(a.db), canonicalBooks(b.db), canonicalBooks(c.db)]);
    expect(booksA.length).toBeGreaterThan(100);
    expect(booksB).toEqual(booksA);
    expect(booksC).not.toEqual(booksA);
    expect(other.summary.shgs).toBe(3 + FEDERATION_STAGE_SHGS);
  });
});

describe('planDemo', () => {
  it('plans the default demo: 20 SHGs, about 250 members, about a thousand meetings, from a fixed calendar', () => {
    const plan = planDemo({ seed: 1, shgs: 20, months: 12, endDate: '2026-10-31' });
    const members = plan.groups.reduce((s, g) => s + g.members.length, 0);
    const meetings = plan.groups.reduce((s, g) => s + g.calendar.length, 0);
    expect(plan.start).toBe('2025-11-01');
    expect(members).toBeGreaterThanOrEqual(220);
    expect(members).toBeLessThanOrEqual(300);
    expect(meetings).toBeGreaterThan(800);
    expect(meetings).toBeLessThan(1100);
    expect(new Set(plan.groups.map((g) => g.frequency))).toEqual(new Set(['weekly', 'fortnightly', 'monthly']));
    expect(plan.groups.filter((g) => g.closeThrough === '2026-03-31').length).toBeGreaterThanOrEqual(2);
    expect(plan.groups.every((g) => g.calendar.every((d) => d >= g.formedOn && d <= '2026-10-31'))).toBe(true);
  });

  it('draws the same numbers from the same seed', () => {
    const x = Rng.of('7');
    const y = Rng.of('7');
    const xs = Array.from({ length: 5 }, () => x.next());
    expect(Array.from({ length: 5 }, () => y.next())).toEqual(xs);
    expect(xs.every((v) => v >= 0 && v < 1)).toBe(true);
  });
});
