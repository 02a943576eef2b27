/**
 * Consolidated MIS benchmark against DESIGN.md's budget "district monthly MIS (30,000 SHGs) < 1 s", on a real
 * embedded PostgreSQL:
 *  - the read path: a district of 30,000 SHGs (node, shg and mis_shg_fact rows inserted directly with
 *    generate_series, 12 month ends each), its monthly MIS timed warm (median and p95 of several runs);
 *  - the refresh cost: facts computed from real books (the demo generator's SHGs, built through commands), per SHG
 *    alone and in a batch, and what refreshing a whole district would take at that rate.
 * Run: npx tsx bench/mis.bench.ts [--shgs 30000] [--runs 11] [--demo-shgs 20]
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../packages/server/src/open-database.ts';
import { generateDemo, DEMO_END_DATE } from '../packages/server/src/demo/generate-demo.ts';
import { consolidatedMis, seriesDates, type MisNode } from '../packages/server/src/queries/mis.ts';
import { refreshShgFacts, ruleSetKey } from '../packages/server/src/queries/mis-facts.ts';
import { loadRuleSets } from '../packages/server/src/queries/shg-records.ts';
import { ruleSetInForce } from '../packages/core/src/rules.ts';
import { parseArgs, intFlag } from '../packages/cli/src/args.ts';

const args = parseArgs(process.argv.slice(2));
const SHGS = intFlag(args, 'shgs', 30_000, 1, 200_000);
const RUNS = intFlag(args, 'runs', 11, 3, 101);
const DEMO_SHGS = intFlag(args, 'demo-shgs', 20, 1, 200);
const BLOCKS = 30;
const VILLAGES = Math.max(1, Math.round(SHGS / 30));
const AS_OF = DEMO_END_DATE; // 2026-10-31, a month end
const BUDGET_MS = 1000;

const dir = path.resolve('.tmp/bench-mis');
rmSync(dir, { recursive: true, force: true });
const database = await openDatabase({ dataDir: dir });
const { db } = database;
const ms = (t0: number) => performance.now() - t0;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;

// 1. Real books: the demo on a small seed, through commands.
let t0 = performance.now();
const demo = await generateDemo(db, { seed: 7, shgs: DEMO_SHGS });
console.log(`demo generated: ${demo.summary.shgs} SHGs, ${demo.summary.loans} loans, ${demo.summary.meetings} meetings in ${(ms(t0) / 1000).toFixed(1)} s`);
const root = await db.selectFrom('node').select(['id', 'organisation_id', 'kind', 'name', 'code', 'path', 'nrlm_code', 'lgd_code']).where('organisation_id', '=', demo.organisationId).where('parent_id', 'is', null).executeTakeFirstOrThrow();
const rootNode: MisNode = root;
const ruleSets = await loadRuleSets(db, root.organisation_id);
const demoShgs = (await sql<{ id: string }>`select n.id from node n join shg s on s.node_id = n.id where n.organisation_id = ${root.organisation_id} order by n.code`.execute(db)).rows.map((r) => r.id);

// 2. The refresh cost: one SHG at a time, then all together (one batch), for one month end.
const ruleSet = ruleSetInForce(ruleSets, AS_OF);
const single: number[] = [];
for (const id of demoShgs) {
  t0 = performance.now();
  await refreshShgFacts(db, [id], AS_OF, ruleSet, '2026-11-30');
  single.push(ms(t0));
}
await sql`delete from mis_shg_fact`.execute(db);
t0 = performance.now();
await refreshShgFacts(db, demoShgs, AS_OF, ruleSet, '2026-11-30');
const batchPerShg = ms(t0) / demoShgs.length;
await sql`delete from mis_shg_fact`.execute(db);
t0 = performance.now();
const coldRoot = await consolidatedMis(db, rootNode, AS_OF);
const coldMs = ms(t0);
const warmRoot: number[] = [];
for (let i = 0; i < 5; i++) {
  t0 = performance.now();
  await consolidatedMis(db, rootNode, AS_OF);
  warmRoot.push(ms(t0));
}

// 3. A synthetic district of SHGS SHGs (node, shg and fact rows only: this measures the read path).
t0 = performance.now();
const districtId = '00000000-0000-4000-8000-00000000d157';
const dates = seriesDates(AS_OF);
const keys = dates.map((d) => ruleSetKey(ruleSetInForce(ruleSets, d)));
await db.transaction().execute(async (tx) => {
  const org = root.organisation_id;
  const dpath = `${root.path}${districtId}/`;
  await sql`insert into node (id, organisation_id, parent_id, kind, name, code, path) values (${districtId}, ${org}, ${root.id}, 'district', 'Bench district', 'BENCH-D', ${dpath})`.execute(tx);
  await sql`
    insert into node (id, organisation_id, parent_id, kind, name, code, path)
    select md5('blk' || i)::uuid, ${org}, ${districtId}::uuid, 'block', 'Bench block ' || i, 'BENCH-B' || i, ${dpath} || md5('blk' || i)::uuid || '/'
      from generate_series(1, ${BLOCKS}) i`.execute(tx);
  await sql`
    insert into node (id, organisation_id, parent_id, kind, name, code, path)
    select md5('vil' || v)::uuid, ${org}, md5('blk' || (1 + (v - 1) % ${BLOCKS}))::uuid, 'village', 'Bench village ' || v, 'BENCH-V' || v,
           ${dpath} || md5('blk' || (1 + (v - 1) % ${BLOCKS}))::uuid || '/' || md5('vil' || v)::uuid || '/'
      from generate_series(1, ${VILLAGES}) v`.execute(tx);
  await sql`
    insert into node (id, organisation_id, parent_id, kind, name, code, path)
    select md5('shg' || s)::uuid, ${org}, md5('vil' || v)::uuid, 'shg', 'Bench SHG ' || s, 'BENCH-S' || s,
           ${dpath} || md5('blk' || (1 + (v - 1) % ${BLOCKS}))::uuid || '/' || md5('vil' || v)::uuid || '/' || md5('shg' || s)::uuid || '/'
      from generate_series(1, ${SHGS}) s, lateral (select 1 + (s - 1) % ${VILLAGES} as v) x`.execute(tx);
  await sql`
    insert into shg (node_id, organisation_id, formed_on, meeting_frequency, compulsory_savings_paise, status, promoted_by)
    select md5('shg' || s)::uuid, ${org}, date '2023-04-01' + (s % 900), 'weekly', 1000,
           case when s % 50 = 0 then 'dormant' when s % 97 = 0 then 'closed' else 'active' end,
           case when s % 9 = 0 then 'Earlier programme' end
      from generate_series(1, ${SHGS}) s`.execute(tx);
  await sql`
    insert into mis_shg_fact
    select md5('shg' || s)::uuid, d.as_of, date '2026-11-30', now(), d.rule_set,
           10 + s % 6, s % 3, 6 + s % 2, 4,
           case when s % 4 = 0 then '{"sc": 3, "st": 1}'::jsonb when s % 7 = 0 then '{"minority": 5}'::jsonb else '{}'::jsonb end,
           s % 5 <> 0, s % 3 <> 0, case s % 4 when 0 then 'A' when 1 then 'B' when 2 then null else 'C' end, s % 6 <> 0,
           s % 2 = 0, s % 3 = 0, s % 4 = 0,
           500000 + s % 1000 * 100, 600000 + s % 1000 * 150,
           300000 + s % 777 * 100, case when s % 4 = 0 then 1000000 else 0 end, case when s % 3 = 0 then 400000 else 0 end, 0,
           1000, 50000, 51000, 47000, 2000, 4000,
           4 + s % 5, 300000 + s % 777 * 100, 3, 200000, 1, 40000, 1, 30000, 0, 0, s % 2, 30000 + s % 777 * 100 - 30000, 2 + s % 2, 100000 + s % 777 * 100,
           case when s % 2 = 0 then '[{"fund": "rf", "level": "shg", "institutions": 1, "receivedPaise": 1500000, "repaidPaise": 0}]'::jsonb else '[]'::jsonb end
      from generate_series(1, ${SHGS}) s
     cross join unnest(${dates}::date[], ${keys}::text[]) as d(as_of, rule_set)`.execute(tx);
});
await sql`analyze node; analyze shg; analyze mis_shg_fact`.execute(db);
const factRows = Number((await sql<{ n: string }>`select count(*)::text as n from mis_shg_fact`.execute(db)).rows[0]!.n);
console.log(`synthetic district built: ${SHGS} SHGs, ${factRows} fact rows in ${(ms(t0) / 1000).toFixed(1)} s`);

const district = await db.selectFrom('node').select(['id', 'organisation_id', 'kind', 'name', 'code', 'path', 'nrlm_code', 'lgd_code']).where('id', '=', districtId).executeTakeFirstOrThrow();
const first = await consolidatedMis(db, district, AS_OF); // warm-up (and a check that nothing needed computing)
const times: number[] = [];
for (let i = 0; i < RUNS; i++) {
  t0 = performance.now();
  await consolidatedMis(db, district, AS_OF);
  times.push(ms(t0));
}
const median = pct(times, 50);
const p95 = pct(times, 95);

console.log(`\nMIS benchmark (as of ${AS_OF}, 12-month series, breakdown by ${first.breakdown.length} blocks)`);
console.log(`  read path: SHG node and fact rows inserted directly (generate_series); the facts are what the per-SHG code path would store`);
console.log(`  district of ${first.shgs.total} SHGs, ${first.members.active} members: warm MIS over ${RUNS} runs`);
console.log(`    median : ${median.toFixed(0)} ms  (budget < ${BUDGET_MS} ms) ${median < BUDGET_MS ? 'OK' : 'OVER BUDGET'}`);
console.log(`    p95    : ${p95.toFixed(0)} ms  (budget < ${BUDGET_MS} ms) ${p95 < BUDGET_MS ? 'OK' : 'OVER BUDGET'}`);
console.log(`  refresh from real books (demo, seed 7: ${demoShgs.length} SHGs, ${demo.summary.loans} loans), one month end:`);
console.log(`    one SHG alone   : median ${pct(single, 50).toFixed(1)} ms, max ${Math.max(...single).toFixed(1)} ms`);
console.log(`    batched (${demoShgs.length} at once): ${batchPerShg.toFixed(1)} ms per SHG`);
console.log(`    refresh of ${SHGS.toLocaleString('en-IN')} stale SHGs for one month end ≈ ${((SHGS * batchPerShg) / 60_000).toFixed(1)} min at ${batchPerShg.toFixed(1)} ms each (batched)`);
console.log(`    the first MIS after a month end refreshes each SHG's new month-end fact once; a first-ever MIS computes 12 (the series)`);
console.log(`  demo root (${coldRoot.shgs.total} SHGs): first MIS, computing all facts ${coldMs.toFixed(0)} ms; warm median ${pct(warmRoot, 50).toFixed(0)} ms`);
await database.close();
