import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../access.ts';
import { testApp, type TestApp } from '../testing/app.ts';
import { Commands, DEMO_LOGINS, demoId, type DemoPlan } from './generate-demo.ts';
import { DEMO_EXTENSIONS } from './demo-extensions.ts';
import { DEMO_CASE_WORKER, demoMicroBusiness } from './demo-micro-business.ts';

/** The demo's micro-business chapter, run alone on a fresh organisation through the real commands. */
let h: TestApp;
const seed = 7;

beforeAll(async () => {
  h = await testApp();
  const admin = await h.t.db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
  const actor = (await loadActor(h.t.db, admin.id, 'demo-generator'))!;
  const cmd = new Commands(h.t.db, actor, seed);
  const commandsOf = async (username: string) => {
    const user = await loadActor(h.t.db, demoId(seed, `user:${username}`), 'demo-generator');
    return user ? new Commands(h.t.db, user, seed) : cmd;
  };
  await demoMicroBusiness.run({ db: h.t.db, cmd, plan: {} as DemoPlan, rootId: h.rootNodeId, seed, commandsOf });
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe('demo: micro-business case', () => {
  it('is one of the demo chapters, and its case worker is a printed login', () => {
    expect(DEMO_EXTENSIONS).toContain(demoMicroBusiness);
    expect(DEMO_LOGINS.find((l) => l.username === DEMO_CASE_WORKER.username)?.password).toBe(DEMO_CASE_WORKER.password);
  });

  it('gives the case worker a case with a plan, two visits and three months of results; the administrator cannot open it', async () => {
    const worker = await h.as(DEMO_CASE_WORKER.username, DEMO_CASE_WORKER.password);
    const list = await worker.get('/api/micro-business/cases');
    expect(list.body.cases).toHaveLength(1);
    const id = list.body.cases[0].id as string;
    const record = (await worker.get(`/api/micro-business/cases/${id}`)).body;
    expect(record.case).toMatchObject({ code: 'NBSK-0001', status: 'running', partner: { currency: 'NPR' } });
    expect(record.plans).toHaveLength(1);
    // 1,800 fixed a month over a 190 margin per blouse: 9.47 → 10 blouses, 4,500 of sales
    expect(record.plans[0].computed.breakEven).toEqual({ unitsPerMonth: 10, salesMinor: 450_000 });
    expect(record.visits).toHaveLength(2);
    expect(record.results.map((r: any) => r.month)).toEqual(['2026-07', '2026-08', '2026-09']);
    expect(record.results.every((r: any) => r.plan?.version === 1)).toBe(true);
    expect(record.workshops).toHaveLength(3);
    expect((await h.admin.get(`/api/micro-business/cases/${id}`)).status).toBe(404);
    const report = await h.admin.get(`/api/micro-business/report?nodeId=${h.rootNodeId}&month=2026-09`);
    expect(report.body.report.rows[0].counts.participants).toBe('<11');
  });
});
