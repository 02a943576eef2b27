import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../testing/database.ts';
import { setServerContext } from '../server-context.ts';
import { registerAllHandlers } from '../commands/registry.ts';
import { federationReconciliation } from '../reports/reconciliation.ts';
import { DEMO_END_DATE, generateDemo } from './generate-demo.ts';

let t: TestDatabase;
beforeAll(async () => {
  setServerContext({ secretKey: randomBytes(32), dataDir: '.tmp' });
  registerAllHandlers();
  t = await freshDatabase();
  await generateDemo(t.db, { seed: 3, shgs: 4, months: 6 });
}, 120_000);
afterAll(async () => t.drop());

describe('demo federations', () => {
  it('has two VOs over the first branch’s SHGs and a CLF over them, CIF down and repayments up, in both books', async () => {
    const feds = await sql<{ kind: string; n: number }>`select n.kind, count(*)::int as n from federation f join node n on n.id = f.node_id group by n.kind order by n.kind`.execute(t.db);
    expect(feds.rows).toEqual([{ kind: 'clf', n: 1 }, { kind: 'vo', n: 2 }]);
    const transfers = await sql<{ kind: string; n: number }>`select kind, count(*)::int as n from fund_transfer group by kind order by kind`.execute(t.db);
    const byKind = Object.fromEntries(transfers.rows.map((r) => [r.kind, r.n]));
    const cifPlaced = await sql<{ n: number }>`select count(*)::int as n from fund_transfer where kind = 'grant' and fund = 'cif'`.execute(t.db);
    expect(cifPlaced.rows[0]!.n).toBe(1); // CIF placed with the CLF (the other grants: the Revolving Fund, demo-federation-stages.ts)
    expect(byKind.loan).toBeGreaterThanOrEqual(4); // CLF → 2 VOs, VOs → their SHGs
    expect(byKind.repayment).toBe(byKind.loan); // each SHG's first instalment, each VO's pass-up
    const oneSided = await sql<{ id: string }>`
      select t.id from fund_transfer t join journal_entry e on e.transfer_id = t.id group by t.id having count(distinct e.entity_id) <> 2`.execute(t.db);
    expect(oneSided.rows).toEqual([]);
    const payable = await sql<{ n: string }>`
      select coalesce(sum(l.amount_paise), 0) as n from journal_line l join account a on a.id = l.account_id where a.path = 'liabilities:interest-payable:cif'`.execute(t.db);
    expect(Number(payable.rows[0]!.n)).toBe(0); // what the VOs held for the CLF went up
  });

  it('every federation reconciles with every counterpart to the paisa', async () => {
    const ids = await t.db.selectFrom('federation' as any).select('node_id').execute();
    for (const { node_id } of ids as Array<{ node_id: string }>) {
      const r = await federationReconciliation(t.db, node_id, DEMO_END_DATE);
      expect(r.matched, JSON.stringify(r.pairs.filter((p) => !p.matched))).toBe(true);
      expect(r.pairs.length).toBeGreaterThan(0);
      expect(r.levelBelow.find((c) => c.category === 'cif-principal')?.federationPaise ?? 0).toBeGreaterThan(0);
    }
  });
});
