import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { percentOf } from '@khata/core';
import { testApp, type TestApp } from '../testing/app.ts';
import { ok } from '../testing/fixtures.ts';
import { REPORTS } from '../reports/registry.ts';
import type { Report, Row } from '../reports/report.ts';
import { makeMisBlock, type MisBlock } from './mis-test-kit.ts';

let h: TestApp;
let b: MisBlock;

beforeAll(async () => {
  h = await testApp();
  b = await makeMisBlock(h);
}, 240_000);
afterAll(async () => h.close());

async function report(shgId: string, name: string, params: Record<string, unknown>): Promise<Report> {
  const r = await ok(h.admin.get(`/api/shgs/${shgId}/reports/${name}?${new URLSearchParams(params as Record<string, string>)}`));
  return r.report;
}
const num = (v: unknown) => (typeof v === 'number' ? v : 0);
const sum = (rows: readonly Row[], key: string, pick: (r: Row) => boolean = () => true) => rows.filter(pick).reduce((t, r) => t + num(r[key]), 0);

/** What the SHGs' own reports say, summed: balance sheet savings, loan ledgers outstanding, portfolio figures. */
async function ownReports(shgIds: readonly string[], asOf: string) {
  const t = { savings: 0, internal: 0, bank: 0, voCif: 0, other: 0, outstanding: 0, atRisk: 0, totalDue: 0, collected: 0, buckets: {} as Record<string, number>, loans: 0 };
  for (const id of shgIds) {
    const bs = await report(id, 'balance-sheet', { asOf });
    t.savings += sum(bs.sections![1]!.rows, 'amount', (r) => String(r.account).startsWith('liabilities:savings:'));
    const il = await report(id, 'internal-loan-ledger', { asOf });
    t.internal += num(il.totals!.outstanding);
    const el = await report(id, 'external-loan-ledger', { asOf });
    t.bank += sum(el.rows, 'outstanding', (r) => r.lender === 'bank');
    t.voCif += sum(el.rows, 'outstanding', (r) => r.lender === 'vo-cif');
    t.other += sum(el.rows, 'outstanding', (r) => r.lender === 'other');
    const p = await report(id, 'portfolio', { asOf });
    t.outstanding += num(p.totals!.outstanding);
    t.atRisk += num(p.totals!.atRisk);
    t.totalDue += num(p.sections![0]!.rows[0]!.totalDue);
    t.collected += num(p.sections![0]!.rows[0]!.collectionAgainstDue);
    for (const row of p.sections![1]!.rows) t.buckets[String(row.bucket)] = (t.buckets[String(row.bucket)] ?? 0) + num(row.outstanding);
    t.loans += num(p.sections![1]!.totals!.loans);
  }
  return t;
}

function expectMisEqualsReports(mis: any, t: Awaited<ReturnType<typeof ownReports>>) {
  expect(mis.savings.totalPaise).toBe(t.savings);
  expect(mis.loansOutstanding).toMatchObject({ internal: t.internal, bank: t.bank, federation: t.voCif, other: t.other });
  expect(mis.loansOutstanding.totalPaise).toBe(t.internal + t.bank + t.voCif + t.other);
  expect(mis.portfolio.par.outstandingPaise).toBe(t.outstanding);
  expect(mis.portfolio.par.atRiskPaise).toBe(t.atRisk);
  expect(mis.portfolio.par.loans).toBe(t.loans);
  expect(mis.portfolio.par.currentPaise).toBe(t.buckets.current);
  for (const k of ['1-30', '31-60', '61-90', '>90']) expect(mis.portfolio.par.buckets[k].principalPaise).toBe(t.buckets[k]);
  expect(mis.portfolio.totalDuePaise).toBe(t.totalDue);
  expect(mis.portfolio.collectedPaise).toBe(t.collected);
  expect(mis.portfolio.repaymentRate).toBe(percentOf(t.collected, t.totalDue));
  expect(mis.portfolio.par.atRiskPercent).toBe(percentOf(t.atRisk, t.outstanding));
}

describe('consolidated MIS: the sum of the SHGs’ own reports', () => {
  for (const asOf of ['2026-04-30', '2026-04-15', '2026-03-31']) {
    it(`a block equals the sum of its SHGs' reports to the paisa (as of ${asOf})`, async () => {
      const { mis } = await ok(h.admin.get(`/api/nodes/${b.blockId}/mis?asOf=${asOf}`));
      const t = await ownReports(b.shgs.map((s) => s.id), asOf);
      expect(t.savings).toBeGreaterThan(0);
      expect(t.internal).toBeGreaterThan(0);
      expect(t.bank).toBeGreaterThan(0);
      expectMisEqualsReports(mis, t);
    });
  }

  it('each village likewise, and the villages add up to the block', async () => {
    const asOf = '2026-04-30';
    const block = (await ok(h.admin.get(`/api/nodes/${b.blockId}/mis?asOf=${asOf}`))).mis;
    let savings = 0;
    for (const v of b.villages) {
      const { mis } = await ok(h.admin.get(`/api/nodes/${v}/mis?asOf=${asOf}`));
      expectMisEqualsReports(mis, await ownReports(b.shgs.filter((s) => s.villageId === v).map((s) => s.id), asOf));
      savings += mis.savings.totalPaise;
      const row = block.breakdown.find((r: any) => r.id === v);
      expect(row).toMatchObject({ savingsPaise: mis.savings.totalPaise, internalLoansPaise: mis.loansOutstanding.internal, atRiskPercent: mis.portfolio.par.atRiskPercent });
    }
    expect(savings).toBe(block.savings.totalPaise);
  });

  it('counts SHGs, members, grades, the readiness funnel and the funds received', async () => {
    const { mis } = await ok(h.admin.get(`/api/nodes/${b.blockId}/mis?asOf=2026-04-30`));
    expect(mis.shgs).toMatchObject({ total: 3, active: 3, closed: 0 });
    expect(mis.members.active).toBe(13);
    expect(mis.members.categories).toMatchObject({ sc: 3, st: 2, 'person-with-disability': 1 });
    expect(mis.grades.A + mis.grades.B + mis.grades.C).toBe(1);
    expect(mis.grades.notGraded).toBe(2);
    const step = (s: string) => mis.funnel.find((f: any) => f.step === s).shgs;
    expect([step('formed'), step('graded'), step('rf-received'), step('cif-received'), step('bank-linked')]).toEqual([3, 1, 1, 1, 1]);
    expect(step('functional')).toBeLessThanOrEqual(3);
    expect(mis.funds).toEqual([
      { fund: 'rf', level: 'shg', institutions: 1, receivedPaise: 1_500_000, repaidPaise: 0 },
      { fund: 'cif', level: 'shg', institutions: 1, receivedPaise: 2_000_000, repaidPaise: 0 },
    ]);
    // The late repayment shows in PAR: s1a (two instalments paid late, the third 4 days overdue) 1-30 days; s1b
    // (never repaid) and S2's flexible loan (interest unpaid since February) 31-60 days; s3a, repaid, is current.
    expect(mis.portfolio.par.buckets['1-30']).toMatchObject({ loans: 1, principalPaise: 18_000 });
    expect(mis.portfolio.par.buckets['31-60'].loans).toBe(2);
    expect(mis.portfolio.par.loans).toBe(4);
  });

  it('the series: twelve month ends, each equal to the balance sheets of that day, the last one asOf', async () => {
    const { mis } = await ok(h.admin.get(`/api/nodes/${b.blockId}/mis?asOf=2026-04-15`));
    expect(mis.series).toHaveLength(12);
    expect(mis.series.map((p: any) => p.date).slice(-3)).toEqual(['2026-02-28', '2026-03-31', '2026-04-15']);
    const last = mis.series[11];
    expect(last).toMatchObject({ savingsPaise: mis.savings.totalPaise, internalLoansPaise: mis.loansOutstanding.internal, atRiskPaise: mis.portfolio.par.atRiskPaise });
    for (const [i, date] of [[10, '2026-03-31'], [9, '2026-02-28']] as const) {
      const t = await ownReports(b.shgs.map((s) => s.id), date);
      expect(mis.series[i]).toMatchObject({ date, savingsPaise: t.savings, internalLoansPaise: t.internal, externalLoansPaise: t.bank + t.voCif + t.other, atRiskPaise: t.atRisk });
    }
    expect(mis.series[0]).toMatchObject({ date: '2025-05-31', savingsPaise: 0, atRiskPaise: 0 });
  });

  it('is scoped: another branch’s staff get 404, and an SHG is not a place', async () => {
    expect((await b.other.get(`/api/nodes/${b.blockId}/mis`)).status).toBe(404);
    expect((await b.other.get(`/api/nodes/${b.villages[0]}/mpr?month=2026-03`)).status).toBe(404);
    const own = await ok(b.other.get(`/api/nodes/${b.otherBlockId}/mis?asOf=2026-04-30`));
    expect(own.mis.shgs.total).toBe(1);
    const shg = await h.admin.get(`/api/nodes/${b.shgs[0]!.id}/mis`);
    expect(shg.status).toBe(400);
    expect(shg.body.error.field).toBe('id');
  });

  it('the organisation root sums every branch', async () => {
    const root = (await ok(h.admin.get(`/api/nodes/${h.rootNodeId}/mis?asOf=2026-04-30`))).mis;
    const block = (await ok(h.admin.get(`/api/nodes/${b.blockId}/mis?asOf=2026-04-30`))).mis;
    const other = (await ok(h.admin.get(`/api/nodes/${b.otherBlockId}/mis?asOf=2026-04-30`))).mis;
    expect(root.savings.totalPaise).toBe(block.savings.totalPaise + other.savings.totalPaise);
    expect(root.shgs.total).toBe(4);
  });
});
