import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ruleSetInForce } from '@khata/core/rules';
import { voTrigger } from '@khata/core/readiness';
import { freshDatabase, type TestDatabase } from '../testing/database.ts';
import { setServerContext } from '../server-context.ts';
import { registerAllHandlers } from '../commands/registry.ts';
import { loadRuleSets, loadShgRecords, shgIdsUnder } from '../queries/shg-records.ts';
import { federationReconciliation } from '../reports/reconciliation.ts';
import { DEMO_END_DATE, generateDemo } from './generate-demo.ts';

/** The demo's groups at different stages of readiness (demo-federation-stages.ts), after its year. */
let t: TestDatabase;
let organisationId: number;
beforeAll(async () => {
  setServerContext({ secretKey: randomBytes(32), dataDir: '.tmp' });
  registerAllHandlers();
  t = await freshDatabase();
  organisationId = (await generateDemo(t.db, { seed: 3, shgs: 4, months: 6 })).organisationId;
}, 180_000);
afterAll(async () => t.drop());

async function villageTrigger(name: string) {
  const village = await t.db.selectFrom('node').select(['id', 'path']).where('kind', '=', 'village').where('name', '=', name).executeTakeFirstOrThrow();
  const shgs = await loadShgRecords(t.db, await shgIdsUnder(t.db, village.path), DEMO_END_DATE);
  return voTrigger(shgs, DEMO_END_DATE, ruleSetInForce(await loadRuleSets(t.db, organisationId), DEMO_END_DATE));
}

describe('demo: groups at different stages of readiness', () => {
  it('one village meets the VO trigger; another falls short by exactly one named rule', async () => {
    const met = await villageTrigger('Kalikapur');
    expect(met.met, met.summary).toBe(true);
    expect(met.qualifying).toBeGreaterThanOrEqual(met.required);
    const short = await villageTrigger('Dakshin Gobindapur');
    expect(short.met).toBe(false);
    expect(short.reasons.map((r) => r.rule)).toEqual(['voFormation.minShgs']);
    expect(short.summary).toBe('2 of 3 functional SHGs');
  });

  it('SHGs are graded before the Revolving Fund and signed off by a second person; the grades differ', async () => {
    const gradings = await sql<{ grade: string; signed: boolean; other: boolean }>`
      select g.grade, g.signed_off_by is not null as signed, g.signed_off_by <> g.graded_by as other
        from grading g join node n on n.id = g.shg_id join node v on v.id = n.parent_id
       where v.name = 'Kalikapur' and g.stage = 'before-rf'`.execute(t.db);
    expect(gradings.rows.length).toBe(4);
    expect(gradings.rows.every((g) => g.signed && g.other)).toBe(true);
    expect(new Set(gradings.rows.map((g) => g.grade))).toEqual(new Set(['B', 'C']));
  });

  it('the Revolving Fund went to the eligible SHGs through maker–checker, with the rule set version that allowed it', async () => {
    const rf = await sql<{ approval_id: string | null; rule_set_version: number | null; requested_by: string; decided_by: string; status: string }>`
      select t.approval_id, t.rule_set_version, a.requested_by, a.decided_by, a.status
        from fund_transfer t left join approval_request a on a.id = t.approval_id where t.kind = 'grant' and t.fund = 'rf'`.execute(t.db);
    expect(rf.rows.length).toBe(3);
    for (const r of rf.rows) {
      expect(r.approval_id).not.toBeNull();
      expect(r.status).toBe('approved');
      expect(r.decided_by).not.toBe(r.requested_by);
      expect(r.rule_set_version).toBeGreaterThan(0);
    }
  });

  it('one SHG left its VO: share capital paid back in both books, membership ended, the VO still reconciles', async () => {
    const left = await sql<{ federation_id: string; until: string; left_transfer_id: string }>`
      select federation_id, until::text, left_transfer_id from federation_membership where left_transfer_id is not null`.execute(t.db);
    expect(left.rows).toHaveLength(1);
    expect(left.rows[0]!.until).toBe(DEMO_END_DATE);
    const sides = await sql<{ n: number }>`select count(distinct entity_id)::int as n from journal_entry where transfer_id = ${left.rows[0]!.left_transfer_id}`.execute(t.db);
    expect(sides.rows[0]!.n).toBe(2);
    const r = await federationReconciliation(t.db, left.rows[0]!.federation_id, DEMO_END_DATE);
    expect(r.matched, JSON.stringify(r.pairs.filter((p) => !p.matched))).toBe(true);
  });
});
