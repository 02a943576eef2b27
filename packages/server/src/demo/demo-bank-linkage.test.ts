import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../testing/database.ts';
import { setServerContext } from '../server-context.ts';
import { registerAllHandlers } from '../commands/registry.ts';
import { claimsReport } from '../reports/bank-linkage-claims.ts';
import { pendencyReport } from '../reports/bank-linkage-applications.ts';
import { DEMO_END_DATE, generateDemo } from './generate-demo.ts';

let t: TestDatabase;
let organisationId: number;
let rootPath: string;
beforeAll(async () => {
  setServerContext({ secretKey: randomBytes(32), dataDir: '.tmp' });
  registerAllHandlers();
  t = await freshDatabase();
  organisationId = (await generateDemo(t.db, { seed: 3, shgs: 4, months: 6 })).organisationId;
  rootPath = (await t.db.selectFrom('node').select('path').where('organisation_id', '=', organisationId).where('parent_id', 'is', null).executeTakeFirstOrThrow()).path;
}, 180_000);
afterAll(async () => t.drop());

describe('demo bank linkage', () => {
  it('one application went the whole way: sanctioned, disbursed, every instalment on time, subvention credited', async () => {
    const apps = await t.db.selectFrom('bank_loan_application').select(['status', 'loan_id', 'submitted_on', 'rule_set_version']).orderBy('submitted_on').execute();
    expect(apps.map((a) => a.status).sort()).toEqual(['disbursed', 'rejected', 'sanctioned', 'submitted']);
    const main = apps.find((a) => a.status === 'disbursed')!;
    const claims = await claimsReport(t.db, organisationId, rootPath, { from: main.submitted_on, to: DEMO_END_DATE, asOf: DEMO_END_DATE });
    const row = claims.rows.find((r) => r.loanId === main.loan_id)!;
    expect(row).toMatchObject({ promptPayee: true, annualRatePercent: '10.5' });
    expect(row.subventionPaise).toBeGreaterThan(0);
    expect(row.creditedPaise).toBeGreaterThan(0);
    expect(row.creditedPaise).toBeLessThanOrEqual(row.claimablePaise);
    const credits = await t.db.selectFrom('subvention_credit').select(['amount_paise', 'computed_paise', 'prompt_payee']).execute();
    expect(credits.length).toBeGreaterThanOrEqual(1);
    for (const c of credits) expect([c.amount_paise, c.prompt_payee]).toEqual([c.computed_paise, true]);
  });

  it('the pendency report has content in more than one bucket', async () => {
    const p = await pendencyReport(t.db, organisationId, rootPath, DEMO_END_DATE);
    expect(p.total.count).toBe(2);
    expect(p.buckets.filter((b) => b.count > 0).map((b) => b.bucket)).toEqual(['16-30', '31-60']);
  });

  it('every entity’s books still balance, the subvention income included', async () => {
    const unbalanced = await sql<{ entity_id: number }>`select a.entity_id from journal_line l join account a on a.id = l.account_id group by a.entity_id having sum(l.amount_paise) <> 0`.execute(t.db);
    expect(unbalanced.rows).toEqual([]);
    const income = await sql<{ n: string }>`select coalesce(-sum(l.amount_paise), 0) as n from journal_line l join account a on a.id = l.account_id where a.path = 'income:interest-subvention'`.execute(t.db);
    const credited = await sql<{ n: string }>`select coalesce(sum(amount_paise), 0) as n from subvention_credit`.execute(t.db);
    expect(Number(income.rows[0]!.n)).toBe(Number(credited.rows[0]!.n));
  });
});
