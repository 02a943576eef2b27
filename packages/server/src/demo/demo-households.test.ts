import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useSmallDemo } from './demo-test-kit.ts';
import { DEMO_END_DATE } from './generate-demo.ts';

/*
 * The issue's "done when": the coverage report's counts equal a direct count of the demo households. The demo is
 * generated once here, small (4 SHGs, 6 months), as demo-federations.test.ts does.
 */

const demo = useSmallDemo({ seed: 5, shgs: 4, months: 6 });
const get = (url: string) => demo.get(url);
const asOf = DEMO_END_DATE;

/** Counted straight from the tables, without the report's code. */
async function directCounts(path: string) {
  const { rows } = await sql<Record<'households' | 'poor' | 'poorMobilised' | 'poorest' | 'poorestMobilised' | 'scPoor' | 'scPoorMobilised' | 'mobilised' | 'scStMobilised' | 'minorityMobilised', number>>`
    with h as (
      select h.poverty_status, h.categories,
             exists (select 1 from member m where m.household_id = h.id and m.joined_on <= ${asOf} and (m.left_on is null or m.left_on > ${asOf})) as mobilised
        from household h join node v on v.id = h.village_node_id
       where v.path like ${`${path}%`})
    select count(*)::int as households,
           count(*) filter (where poverty_status in ('poor','poorest'))::int as poor,
           count(*) filter (where poverty_status in ('poor','poorest') and mobilised)::int as "poorMobilised",
           count(*) filter (where poverty_status = 'poorest')::int as poorest,
           count(*) filter (where poverty_status = 'poorest' and mobilised)::int as "poorestMobilised",
           count(*) filter (where poverty_status in ('poor','poorest') and 'sc' = any(categories))::int as "scPoor",
           count(*) filter (where poverty_status in ('poor','poorest') and 'sc' = any(categories) and mobilised)::int as "scPoorMobilised",
           count(*) filter (where mobilised)::int as mobilised,
           count(*) filter (where mobilised and categories && array['sc','st'])::int as "scStMobilised",
           count(*) filter (where mobilised and 'minority' = any(categories))::int as "minorityMobilised"
      from h`.execute(demo.t.db);
  return rows[0]!;
}

describe('demo households and coverage', () => {
  it('registers every member’s household, and poor households not yet in an SHG (some poorest of the poor)', async () => {
    const { rows } = await sql<{ members: number; linked: number; outside: number; poorest: number }>`
      select (select count(*) from member)::int as members,
             (select count(*) from member where household_id is not null)::int as linked,
             (select count(*) from household h where not exists (select 1 from member m where m.household_id = h.id))::int as outside,
             (select count(*) from household h where poverty_status = 'poorest' and not exists (select 1 from member m where m.household_id = h.id))::int as poorest`.execute(demo.t.db);
    expect(rows[0]!.linked).toBe(rows[0]!.members);
    expect(rows[0]!.outside).toBeGreaterThanOrEqual(4 * 6);
    expect(rows[0]!.poorest).toBeGreaterThan(0);
  });

  it('the coverage report’s counts equal a direct count, for the organisation and for every village', async () => {
    const places = await sql<{ id: string; path: string }>`select id, path from node where kind in ('organisation', 'state', 'village') order by path`.execute(demo.t.db);
    expect(places.rows.length).toBeGreaterThanOrEqual(1 + 2 + 6);
    for (const place of places.rows) {
      const { status, body } = await get(`/api/nodes/${place.id}/coverage?asOf=${asOf}`);
      expect(status).toBe(200);
      const c = body.coverage;
      const d = await directCounts(place.path);
      expect(c.households).toBe(d.households);
      expect([c.poor.total, c.poor.mobilised, c.poorest.total, c.poorest.mobilised]).toEqual([d.poor, d.poorMobilised, d.poorest, d.poorestMobilised]);
      const sc = c.byCategory.find((b: any) => b.category === 'sc') ?? { total: 0, mobilised: 0 };
      expect([sc.total, sc.mobilised]).toEqual([d.scPoor, d.scPoorMobilised]);
      const goal = (key: string) => c.goals.find((g: any) => g.key === key);
      expect(goal('sc-st')).toMatchObject({ mobilised: d.scStMobilised, mobilisedTotal: d.mobilised, goalPercent: 50 });
      expect(goal('minority')).toMatchObject({ mobilised: d.minorityMobilised, mobilisedTotal: d.mobilised, goalPercent: 15 });
      // The field team's list: exactly the poor households outside any SHG.
      const outside = await get(`/api/nodes/${place.id}/coverage/outside?asOf=${asOf}`);
      expect(outside.body.households).toHaveLength(d.poor - d.poorMobilised);
    }
    const root = await directCounts('/');
    expect(root.poor - root.poorMobilised).toBeGreaterThan(0);
  });

  it('has a drive with observations, social action at a meeting, and Panchayat demands with outcomes', async () => {
    const root = (await sql<{ id: string }>`select id from node where kind = 'organisation'`.execute(demo.t.db)).rows[0]!.id;
    const drives = await get(`/api/nodes/${root}/drives`);
    expect(drives.body.drives).toHaveLength(1);
    expect(drives.body.drives[0].observations).toBeGreaterThan(2);
    const report = await get(`/api/nodes/${root}/social-action?from=2026-01-01&to=${asOf}&period=year`);
    const indicators = report.body.report.rows.map((r: any) => r.indicator);
    expect(indicators).toEqual(expect.arrayContaining(['immunisation-child', 'immunisation-mother', 'health-seeking', 'sanitation']));
    const demands = await get(`/api/nodes/${root}/panchayat-demands`);
    expect(demands.body.demands.map((d: any) => d.status).sort()).toEqual(['accepted', 'accepted', 'pending', 'rejected']);
  });
});
