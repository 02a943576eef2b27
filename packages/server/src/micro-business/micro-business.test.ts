import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../http/app.ts';
import { testApp, type Caller, type TestApp } from '../testing/app.ts';
import { makeGroup, ok } from '../testing/fixtures.ts';

/*
 * The done-when test of the micro-business programme, through the real API: an ordinary branch user, a district
 * manager and a case worker sign in; only the assigned case worker reads the participant's record; the district
 * report shows the programme's counts with small cells as "<11"; no participant data in the server's log or in a
 * field device's pull. Also: audit rows per read, encryption at rest, assignment from/to, plan versions.
 */

const NAME = 'Sunita Tamang';
const PHONE = '+977 9841000001';
const STORY = 'Came back from Mumbai in 2024; lives with her mother near the bus park.';
const NOTES = 'Sunita sold eleven blouses at the haat; asked about a second machine.';
const MONTH = '2026-09';

const tailoringFigures = {
  investment: [
    { item: 'Sewing machine', amountMinor: 1_800_000 },
    { item: 'First cloth', amountMinor: 700_000 },
  ],
  funding: [{ source: 'grant', amountMinor: 2_500_000 }],
  fixedCosts: [{ item: 'Rent', monthlyMinor: 150_000 }],
  runningCosts: [{ item: 'Cloth and thread', perUnitMinor: 25_000 }],
  unitName: 'blouse',
  priceMinor: 45_000,
  expectedUnits: [5, 8, 10, 12, 12, 12, 15, 15, 15, 15, 20, 20],
};

let h: TestApp;
let stateId: string;
let districtId: string;
let otherDistrictId: string;
let partnerId: string;
let caseId: string;
let caseCode: string;
let branchUser: Caller;
let districtManager: Caller;
let caseWorker: Caller;
let secondWorker: Caller;
let manager: Caller;
const ids = { caseWorker: randomUUID(), secondWorker: randomUUID(), manager: randomUUID() };
const otherCaseIds: string[] = [];

async function user(username: string, roles: Array<{ nodeId: string; role: string }>, id = randomUUID()): Promise<Caller> {
  await ok(h.admin.command('create-user', { id, username, name: `User ${username}`, password: 'password-123', roles }));
  return h.as(username, 'password-123');
}

const participant = (name: string) => ({ name, phone: null, identityNumbers: [] });

beforeAll(async () => {
  h = await testApp();
  stateId = randomUUID();
  districtId = randomUUID();
  otherDistrictId = randomUUID();
  await ok(h.admin.command('create-node', { id: stateId, parentId: h.rootNodeId, kind: 'state', name: 'Bagmati branch', code: 'BR-1' }));
  await ok(h.admin.command('create-node', { id: districtId, parentId: stateId, kind: 'district', name: 'Sindhupalchok', code: 'D-1' }));
  await ok(h.admin.command('create-node', { id: otherDistrictId, parentId: h.rootNodeId, kind: 'district', name: 'Khulna', code: 'D-2' }));
  branchUser = await user('branch.staff', [{ nodeId: stateId, role: 'staff' }]);
  districtManager = await user('district.manager', [{ nodeId: districtId, role: 'manager' }]);
  // The case worker is also field staff of the district (so she has a device and a tree role): neither opens a case.
  caseWorker = await user('case.worker', [{ nodeId: districtId, role: 'staff' }], ids.caseWorker);

  partnerId = randomUUID();
  await ok(h.admin.command('register-programme-partner', { id: partnerId, nodeId: districtId, name: 'Saathi Sangh Nepal', code: 'SSN', country: 'NP' }));
  await ok(h.admin.command('grant-programme-role', { id: randomUUID(), partnerId, userId: ids.caseWorker, role: 'case-worker', from: '2026-01-01' }));
  await ok(
    h.admin.command('create-programme-user', { id: ids.secondWorker, roleId: randomUUID(), partnerId, username: 'second.worker', name: 'Second Worker', password: 'password-123', role: 'case-worker', from: '2026-01-01' }),
  );
  await ok(
    h.admin.command('create-programme-user', { id: ids.manager, roleId: randomUUID(), partnerId, username: 'programme.manager', name: 'Programme Manager', password: 'password-123', role: 'programme-manager', from: '2026-01-01' }),
  );
  secondWorker = await h.as('second.worker', 'password-123');
  manager = await h.as('programme.manager', 'password-123');

  caseId = randomUUID();
  const opened = await ok(
    caseWorker.command('open-case', {
      caseId,
      assignmentId: randomUUID(),
      partnerId,
      openedOn: '2026-05-04',
      businessKind: 'tailoring',
      participant: { name: NAME, phone: PHONE, address: 'Ward 4, Chautara', identityNumbers: [{ kind: 'citizenship', number: '27-01-75-01234' }], story: STORY },
    }),
  );
  caseCode = opened.result.code;
  await ok(caseWorker.command('draw-up-business-plan', { planId: randomUUID(), caseId, drawnUpOn: '2026-06-10', startsIn: '2026-07', business: 'Blouses and kurtas for the weekly haat', figures: tailoringFigures }));
  await ok(
    caseWorker.command('draw-up-business-plan', {
      planId: randomUUID(),
      caseId,
      drawnUpOn: '2026-08-20',
      startsIn: '2026-09',
      business: 'Blouses and kurtas, also school uniforms',
      figures: { ...tailoringFigures, priceMinor: 50_000 },
      reason: 'School uniform orders from the ward school',
    }),
  );
  await ok(caseWorker.command('record-business-risk', { riskId: randomUUID(), caseId, risk: 'Harassment at the haat', likelihood: 'medium', mitigation: 'Goes with the SHG members; ward member informed', recordedOn: '2026-06-10' }));
  await ok(caseWorker.command('record-social-support', { supportId: randomUUID(), caseId, kind: 'shg', stakeholder: 'SHG president', support: 'Shares a stall at the haat', since: '2026-06-01' }));
  await ok(caseWorker.command('record-workshop-attendance', { attendanceId: randomUUID(), caseId, title: 'Workshop 1: planning the business', startsOn: '2026-05-11', days: 6, daysAttended: 6 }));
  await ok(caseWorker.command('record-coaching-visit', { visitId: randomUUID(), caseId, visitedOn: '2026-09-30', notes: NOTES, nextSteps: 'Price the uniforms; ask the school for an advance', nextVisitOn: '2026-10-15' }));
  await ok(caseWorker.command('change-case-status', { caseId, status: 'running', date: '2026-07-01' }));
  await ok(caseWorker.command('record-business-result', { caseId, month: '2026-08', salesMinor: 300_000, costsMinor: 390_000, unitsSold: 6 }));
  await ok(caseWorker.command('record-business-result', { caseId, month: MONTH, salesMinor: 550_000, costsMinor: 400_000, unitsSold: 11 }));

  // 24 more participants: 11 more running (10 in profit in September, 1 not), 11 planning, 2 enrolled.
  for (let i = 0; i < 24; i++) {
    const id = randomUUID();
    otherCaseIds.push(id);
    await ok(caseWorker.command('open-case', { caseId: id, assignmentId: randomUUID(), partnerId, openedOn: '2026-05-04', participant: participant(`Participant ${i}`) }));
    if (i < 11) {
      await ok(caseWorker.command('change-case-status', { caseId: id, status: 'running', date: '2026-07-01' }));
      await ok(caseWorker.command('record-business-result', { caseId: id, month: MONTH, salesMinor: 200_000 + i, costsMinor: i === 10 ? 300_000 : 100_000 }));
    } else if (i < 22) {
      await ok(caseWorker.command('change-case-status', { caseId: id, status: 'planning', date: '2026-06-01' }));
    }
  }
}, 120_000);

afterAll(async () => {
  await h?.close();
});

async function readsOf(id: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'read-case' and target_id = ${id}`.execute(h.t.db);
  return rows[0]!.n;
}

describe('need-to-know access to a case', () => {
  it('lets the assigned case worker read the whole record, with the plan computed', async () => {
    const before = await readsOf(caseId);
    const r = await caseWorker.get(`/api/micro-business/cases/${caseId}`);
    expect(r.status).toBe(200);
    expect(r.body.participant).toMatchObject({ name: NAME, phone: PHONE, story: STORY });
    expect(r.body.case).toMatchObject({ code: caseCode, status: 'running', partner: { currency: 'NPR' } });
    expect(caseCode).toBe('SSN-0001');
    // Two versions, the revision first; each with its break-even (1,500 rent / 200 margin → 8 blouses)
    expect(r.body.plans.map((p: any) => p.version)).toEqual([2, 1]);
    expect(r.body.plans[1].computed.breakEven).toEqual({ unitsPerMonth: 8, salesMinor: 360_000 });
    expect(r.body.plans[0].computed.breakEven).toEqual({ unitsPerMonth: 6, salesMinor: 300_000 });
    expect(r.body.plans[1].computed.months).toHaveLength(12);
    // August against version 1 (its month 2: 8 × 450 = 3,600 planned), September against version 2 (month 1)
    expect(r.body.results).toEqual([
      expect.objectContaining({ month: '2026-08', plan: { version: 1, planMonth: 2 }, planned: { salesMinor: 360_000, costsMinor: 350_000, profitMinor: 10_000 }, variance: { salesMinor: -60_000, costsMinor: 40_000, profitMinor: -100_000 }, unitsSold: 6 }),
      expect.objectContaining({ month: '2026-09', plan: { version: 2, planMonth: 1 }, actual: { salesMinor: 550_000, costsMinor: 400_000, profitMinor: 150_000 } }),
    ]);
    expect(r.body.visits[0]).toMatchObject({ notes: NOTES, nextVisitOn: '2026-10-15', visitedBy: 'User case.worker' });
    expect(r.body.risks).toHaveLength(1);
    expect(r.body.support).toHaveLength(1);
    expect(r.body.workshops[0]).toMatchObject({ days: 6, daysAttended: 6 });
    // Every read is one audit row: who, which case (the id), no name
    expect(await readsOf(caseId)).toBe(before + 1);
    const { rows } = await sql<{ user_id: string; detail: unknown }>`select user_id, detail from audit_log where action = 'read-case' and target_id = ${caseId} order by id desc limit 1`.execute(h.t.db);
    expect(rows[0]!.user_id).toBe(ids.caseWorker);
    expect(JSON.stringify(rows[0]!.detail)).not.toContain('Sunita');
  });

  it('answers 404 to the branch user, the district manager, the administrator, the programme manager and an unassigned case worker', async () => {
    const before = await readsOf(caseId);
    for (const caller of [branchUser, districtManager, h.admin, manager, secondWorker]) {
      const r = await caller.get(`/api/micro-business/cases/${caseId}`);
      expect(r.status).toBe(404);
      expect(JSON.stringify(r.body)).not.toContain('Sunita');
      const list = await caller.get('/api/micro-business/cases');
      expect(list.status).toBe(200);
      expect(list.body.cases).toEqual([]);
      // …and nothing they do writes to the case
      const write = await caller.command('record-coaching-visit', { visitId: randomUUID(), caseId, visitedOn: '2026-10-01', notes: 'x', nextSteps: 'y' });
      expect(write.status).toBe(404);
    }
    expect(await readsOf(caseId)).toBe(before);
  });

  it('keeps the tree users out of the case lists and the assigning screens', async () => {
    for (const caller of [branchUser, districtManager]) {
      const r = await caller.get(`/api/micro-business/partners/${partnerId}/cases`);
      expect(r.status).toBe(403);
      expect(JSON.stringify(r.body)).not.toContain(caseCode);
    }
    const outsider = await user('outside.staff', [{ nodeId: otherDistrictId, role: 'manager' }]);
    expect((await outsider.get(`/api/micro-business/partners/${partnerId}/cases`)).status).toBe(404);
    expect((await outsider.get(`/api/micro-business/report?partnerId=${partnerId}`)).status).toBe(404);
  });

  it('gives those who assign the case codes and workers, never her data', async () => {
    for (const caller of [manager, h.admin]) {
      const r = await caller.get(`/api/micro-business/partners/${partnerId}/cases`);
      expect(r.status).toBe(200);
      expect(r.body.cases).toHaveLength(25);
      const mine = r.body.cases.find((c: any) => c.id === caseId);
      expect(mine).toMatchObject({ code: 'SSN-0001', status: 'running', assignments: [expect.objectContaining({ userId: ids.caseWorker, to: null })] });
      expect(JSON.stringify(r.body)).not.toMatch(/Sunita|9841|Mumbai|Chautara|tailoring/);
    }
  });

  it('opens the case to a second worker only while her assignment runs', async () => {
    const assignmentId = randomUUID();
    await ok(manager.command('assign-case', { assignmentId, caseId, userId: ids.secondWorker, from: '2026-10-01' }));
    expect((await secondWorker.get(`/api/micro-business/cases/${caseId}`)).body.participant.name).toBe(NAME);
    expect((await secondWorker.get('/api/micro-business/cases')).body.cases.map((c: any) => c.id)).toEqual([caseId]);
    await ok(manager.command('end-case-assignment', { caseId, assignmentId, to: '2026-10-31' }));
    expect((await secondWorker.get(`/api/micro-business/cases/${caseId}`)).status).toBe(404);
    // Only a case worker of the programme can be assigned; the district manager cannot assign
    expect((await manager.command('assign-case', { assignmentId: randomUUID(), caseId, userId: ids.manager, from: '2026-10-01' })).body.error.field).toBe('userId');
    expect((await districtManager.command('assign-case', { assignmentId: randomUUID(), caseId, userId: ids.secondWorker, from: '2026-11-01' })).status).toBe(404);
  });

  it('stores her identifying fields and the visit notes only encrypted', async () => {
    const { rows } = await sql<{ identity_sealed: Buffer; business_kind: string }>`select identity_sealed, business_kind from mb_case where id = ${caseId}`.execute(h.t.db);
    const sealed = rows[0]!.identity_sealed;
    expect(sealed.length).toBeGreaterThan(28);
    for (const plain of [NAME, PHONE, 'Sunita', 'Chautara', '27-01-75-01234', 'Mumbai']) expect(sealed.includes(Buffer.from(plain))).toBe(false);
    const visits = await sql<{ notes_sealed: Buffer; next_steps_sealed: Buffer }>`select notes_sealed, next_steps_sealed from mb_coaching_visit where case_id = ${caseId}`.execute(h.t.db);
    expect(visits.rows[0]!.notes_sealed.includes(Buffer.from('blouses'))).toBe(false);
    // Nowhere else in the database either: not in a command's stored result, not in the audit log
    const anywhere = await sql<{ n: number }>`
      select (select count(*) from command where result::text like '%Sunita%')
           + (select count(*) from audit_log where coalesce(detail::text, '') like '%Sunita%') as n`.execute(h.t.db);
    expect(Number(anywhere.rows[0]!.n)).toBe(0);
  });
});

describe('the programme report', () => {
  it('shows the district its counts with small cells as "<11"', async () => {
    const r = await districtManager.get(`/api/micro-business/report?nodeId=${districtId}&month=${MONTH}`);
    expect(r.status).toBe(200);
    const [row] = r.body.report.rows;
    expect(row).toMatchObject({ name: 'Saathi Sangh Nepal', currency: 'NPR' });
    // 25 participants: 12 running, 11 planning, 2 enrolled. The hidden cells (2 enrolled and three zeros) hold
    // fewer than 11 people, so the smallest shown one (planning, 11) is hidden too; running (12) stays.
    expect(row.counts).toEqual({ enrolled: '<11', planning: '<11', running: 12, paused: '<11', closed: '<11', participants: 25, inProfit: '<11', notInProfit: '<11', reporting: 12 });
    // 12 reported September: averages over 12 people are shown (exact, rounded to a paisa)
    const sales = 550_000 + Array.from({ length: 11 }, (_, i) => 200_000 + i).reduce((a, b) => a + b, 0);
    const profit = 150_000 + Array.from({ length: 11 }, (_, i) => 200_000 + i - (i === 10 ? 300_000 : 100_000)).reduce((a, b) => a + b, 0);
    expect(row.money.averageSalesMinor).toBe(Math.round(sales / 12));
    expect(row.money.averageProfitMinor).toBe(Math.round(profit / 12));
    // Only one participant had a plan in force that month: that average is hidden
    expect(row.money.averagePlannedProfitMinor).toBe('<11');
    expect(JSON.stringify(r.body)).not.toMatch(/Sunita|SSN-0001/);
    // The branch user sees the same aggregate through the branch; CSV too
    const csv = await h.app.inject({ method: 'GET', url: `/api/micro-business/report?nodeId=${stateId}&month=${MONTH}&format=csv`, headers: { authorization: (await tokenOf('branch.staff')) } });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('<11');
    expect(csv.body).toContain('Saathi Sangh Nepal');
  });

  it('never adds up two currencies, and hides a partner too small to show', async () => {
    const bd = randomUUID();
    await ok(h.admin.command('register-programme-partner', { id: bd, nodeId: otherDistrictId, name: 'Nari Shakti Khulna', code: 'NSK', country: 'BD' }));
    await ok(h.admin.command('grant-programme-role', { id: randomUUID(), partnerId: bd, userId: ids.secondWorker, role: 'case-worker', from: '2026-01-01' }));
    await ok(secondWorker.command('open-case', { caseId: randomUUID(), assignmentId: randomUUID(), partnerId: bd, openedOn: '2026-06-01', participant: participant('Rina Begum') }));
    const r = await h.admin.get(`/api/micro-business/report?nodeId=${h.rootNodeId}&month=${MONTH}`);
    expect(r.status).toBe(200);
    const rows = r.body.report.rows;
    expect(rows.map((x: any) => x.currency).sort()).toEqual(['BDT', 'NPR']);
    const small = rows.find((x: any) => x.currency === 'BDT');
    expect(Object.values(small.counts).every((v) => v === '<11')).toBe(true);
    const total = r.body.report.total;
    expect(total.currency).toBeNull();
    expect(total.money).toEqual({ averageSalesMinor: null, averageProfitMinor: null, averagePlannedProfitMinor: null });
    expect(total.counts.participants).toBe(26);
    // No cell anywhere in the table is a count under 11
    for (const x of [...rows, total]) for (const v of Object.values(x.counts)) expect(v === '<11' || (v as number) >= 11).toBe(true);
  });
});

async function tokenOf(username: string): Promise<string> {
  const res = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'password-123', device: { id: `d-${username}` } } });
  return `Bearer ${res.json().token as string}`;
}

describe('nothing of a case leaves for a device or a log', () => {
  it('sends none of it in a field device’s pull', async () => {
    // A field user with SHGs in the same district, and the case worker herself (she has a tree role too)
    await makeGroup(h, h.admin, { parentId: districtId, code: 'SHG1' });
    const field = await user('field.officer', [{ nodeId: districtId, role: 'staff' }]);
    for (const caller of [field, caseWorker]) {
      const r = await caller.get('/api/sync/pull?cursor=0');
      expect(r.status).toBe(200);
      expect(r.body.groups.length).toBeGreaterThan(0);
      const text = JSON.stringify(r.body);
      for (const secret of [NAME, 'Sunita', PHONE, caseId, caseCode, 'Saathi', 'blouse', ...otherCaseIds]) expect(text).not.toContain(secret);
    }
  });

  it('writes no participant data to the server log while cases are read and written', async () => {
    const lines: string[] = [];
    const logged: FastifyInstance = await buildApp({ db: h.t.db, logStream: { write: (line: string) => void lines.push(line) } });
    try {
      const login = await logged.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'case.worker', password: 'password-123', device: { id: 'log-test' } } });
      const headers = { authorization: `Bearer ${login.json().token as string}` };
      const cmd = (type: string, payload: unknown) => logged.inject({ method: 'POST', url: '/api/commands', headers, payload: { id: randomUUID(), type, payload } });
      const newCase = randomUUID();
      expect((await cmd('open-case', { caseId: newCase, assignmentId: randomUUID(), partnerId, openedOn: '2026-10-01', participant: { name: 'Maya Gurung', phone: '+977 9841999999', story: 'Secret story of Maya', identityNumbers: [] } })).statusCode).toBe(201);
      expect((await cmd('update-participant', { caseId: newCase, participant: { name: 'Maya Gurung Tamang', phone: '+977 9841999998', identityNumbers: [] } })).statusCode).toBe(201);
      expect((await cmd('record-coaching-visit', { visitId: randomUUID(), caseId: newCase, visitedOn: '2026-10-02', notes: 'Maya is afraid of her uncle', nextSteps: 'Call Maya on Friday' })).statusCode).toBe(201);
      // A refused command (a bad phone, a visit before the case) and a read by someone not assigned
      expect((await cmd('update-participant', { caseId: newCase, participant: { name: 'Maya Gurung', phone: 'call Maya at home', identityNumbers: [] } })).statusCode).toBe(400);
      expect((await cmd('record-coaching-visit', { visitId: randomUUID(), caseId: newCase, visitedOn: '2026-09-01', notes: 'Maya', nextSteps: 'Maya' })).statusCode).toBe(400);
      const read = await logged.inject({ method: 'GET', url: `/api/micro-business/cases/${newCase}`, headers });
      expect(read.json().participant.name).toBe('Maya Gurung Tamang');
      expect((await logged.inject({ method: 'GET', url: '/api/micro-business/cases', headers })).statusCode).toBe(200);
      expect((await logged.inject({ method: 'GET', url: `/api/micro-business/cases/${caseId}`, headers })).json().participant.name).toBe(NAME);
      const other = await logged.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'branch.staff', password: 'password-123', device: { id: 'log-test-2' } } });
      expect((await logged.inject({ method: 'GET', url: `/api/micro-business/cases/${newCase}`, headers: { authorization: `Bearer ${other.json().token as string}` } })).statusCode).toBe(404);
    } finally {
      await logged.close();
    }
    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(10); // the log was written, and read here
    expect(log).toContain('/api/micro-business/cases/:id');
    for (const secret of ['Maya', 'Gurung', '9841999999', '9841999998', 'Secret story', 'uncle', NAME, 'Sunita', PHONE, '9841000001']) expect(log).not.toContain(secret);
  });
});
