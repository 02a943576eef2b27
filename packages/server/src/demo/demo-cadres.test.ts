import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useSmallDemo } from './demo-test-kit.ts';
import { demoId, generateDemo } from './generate-demo.ts';

/*
 * The demo's cadres and training: a bookkeeper and a CRP paid by the VOs, honorarium accrued in the VOs' books and
 * paid for all but the last month, a review, a completed 3-day workshop and an exposure visit. Generated small.
 */

const SEED = 3;
const demo = useSmallDemo({ seed: SEED, shgs: 4, months: 6 });
const get = (url: string) => demo.get(url);

describe('demo: cadres and training', () => {
  it('a bookkeeper and a CRP, three months accrued in their VOs’ books, two paid, a review', async () => {
    const list = (await get('/api/cadres')).body.cadres as Array<{ id: string; name: string; cadreType: string; owedPaise: number }>;
    expect(list.map((c) => c.cadreType).sort()).toEqual(['bookkeeper', 'crp']);
    const bookkeeper = list.find((c) => c.cadreType === 'bookkeeper')!;
    expect(bookkeeper.name).toBe('Mitali Naskar');
    const page = (await get(`/api/cadres/${bookkeeper.id}`)).body;
    expect(page.accruals.map((a: { month: string }) => a.month)).toEqual(['2026-08', '2026-09', '2026-10']);
    expect(page.payments).toHaveLength(2);
    expect(page.honorarium[0].owedPaise).toBe(page.accruals[2].amountPaise);
    expect(page.reviews).toHaveLength(1);
    expect(page.certifications).toHaveLength(1);
    // In the VO's own statement: the honorarium is its expense for the quarter; its books balance.
    const vo = demoId(SEED, 'federation:vo:0');
    const ie = (await get(`/api/shgs/${vo}/reports/income-expenditure?from=2026-08-01&to=2026-10-31`)).body.report;
    const honorarium = ie.sections.find((s: { titleKey: string }) => s.titleKey === 'expenditure').rows.find((r: { account: string }) => r.account === 'expenses:honorarium');
    expect(honorarium.amount).toBe(page.accruals.reduce((t: number, a: { amountPaise: number }) => t + a.amountPaise, 0));
    const unbalanced = await sql<{ n: number }>`select count(*)::int as n from (select a.entity_id from journal_line l join account a on a.id = l.account_id group by a.entity_id having sum(l.amount_paise) <> 0) x`.execute(demo.t.db);
    expect(unbalanced.rows[0]!.n).toBe(0);
  });

  it('a completed 3-day workshop on VO concepts with attendance per day, and an exposure visit', async () => {
    const events = (await get('/api/training/events')).body.events as Array<{ id: string; kind: string; status: string; participants: number; completed: number }>;
    expect(events.map((e) => e.kind).sort()).toEqual(['exposure-visit', 'workshop']);
    const workshop = events.find((e) => e.kind === 'workshop')!;
    expect(workshop.status).toBe('completed');
    expect(workshop.completed).toBe(workshop.participants - 1);
    const detail = (await get(`/api/training/events/${workshop.id}`)).body;
    expect(detail.days).toHaveLength(3);
    expect(detail.byDay[1].present).toBe(detail.byDay[0].present - 1);
    const trained = (await get('/api/training/trained')).body.trained as Array<{ module: string; eventTitle: string | null }>;
    expect(trained.filter((x) => x.eventTitle === 'VO concepts: three-day workshop').length).toBeGreaterThan(0);
  });
});
