import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp, type Caller } from '../testing/app.ts';

/** Two branches of one NGO: a user of one reads and writes nothing of the other's. */
let h: TestApp;
const ids = { stateId: randomUUID(), branchA: randomUUID(), branchB: randomUUID(), villageA: randomUUID(), villageB: randomUUID(), shgA: randomUUID(), shgB: randomUUID() };
let staffA: Caller;

async function ok(p: Promise<{ status: number; body: any }>) {
  const r = await p;
  if (r.status >= 300) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

beforeAll(async () => {
  h = await testApp();
  const c = h.admin.command;
  await ok(c('create-node', { id: ids.stateId, parentId: h.rootNodeId, kind: 'state', name: 'West Bengal', code: 'WB' }));
  await ok(c('create-node', { id: ids.branchA, parentId: ids.stateId, kind: 'block', name: 'Branch A', code: 'BA' }));
  await ok(c('create-node', { id: ids.branchB, parentId: ids.stateId, kind: 'block', name: 'Branch B', code: 'BB' }));
  await ok(c('create-node', { id: ids.villageA, parentId: ids.branchA, kind: 'village', name: 'Village A', code: 'VA' }));
  await ok(c('create-node', { id: ids.villageB, parentId: ids.branchB, kind: 'village', name: 'Village B', code: 'VB' }));
  for (const [shg, village, code] of [[ids.shgA, ids.villageA, 'SA'], [ids.shgB, ids.villageB, 'SB']] as const) {
    await ok(c('create-shg', { id: shg, villageId: village, name: `SHG ${code}`, code, formedOn: '2025-01-06', meetingFrequency: 'weekly', meetingDay: 1, compulsorySavingsPaise: 1000, bankAccounts: [{ id: randomUUID(), bankName: 'SBI', accountNumber: '12345678901' }] }));
    await ok(c('admit-member', { id: randomUUID(), shgId: shg, name: 'Member One', joinedOn: '2025-01-06' }));
  }
  await ok(c('create-user', { id: randomUUID(), username: 'staff-a', name: 'Staff A', password: 'staff-a-pass', roles: [{ nodeId: ids.branchA, role: 'staff' }] }));
  staffA = await h.as('staff-a', 'staff-a-pass');
});
afterAll(async () => h.close());

describe('access is scoped to the caller’s subtree', () => {
  it('lists only the SHGs of her branch', async () => {
    const { shgs } = await ok(staffA.get('/api/shgs'));
    expect(shgs.map((s: any) => s.code)).toEqual(['SA']);
  });

  it('reads nothing of another branch, as if it did not exist', async () => {
    for (const url of [`/api/shgs/${ids.shgB}`, `/api/shgs/${ids.shgB}/members`, `/api/shgs/${ids.shgB}/meetings`, `/api/shgs/${ids.shgB}/loans`, `/api/nodes?parentId=${ids.branchB}`]) {
      const r = await staffA.get(url);
      expect(r.status, url).toBe(404);
    }
    expect((await staffA.get(`/api/shgs/${ids.shgA}`)).status).toBe(200);
  });

  it('writes nothing in another branch, and nothing is stored', async () => {
    const memberId = randomUUID();
    const r = await staffA.command('admit-member', { id: memberId, shgId: ids.shgB, name: 'Intruder', joinedOn: '2025-02-01' });
    expect(r.status).toBe(404);
    const row = await h.t.db.selectFrom('member').select('id').where('id', '=', memberId).executeTakeFirst();
    expect(row).toBeUndefined();
  });

  it('cannot grant herself roles or create users without the administer permission', async () => {
    const own = await staffA.command('create-user', { id: randomUUID(), username: 'x-user', name: 'X', password: 'longpassword', roles: [{ nodeId: ids.branchA, role: 'admin' }] });
    expect(own.status).toBe(403);
    const other = await staffA.command('create-user', { id: randomUUID(), username: 'y-user', name: 'Y', password: 'longpassword', roles: [{ nodeId: ids.branchB, role: 'admin' }] });
    expect(other.status).toBe(404);
    expect(await h.t.db.selectFrom('app_user').select('id').where('username', 'in', ['x-user', 'y-user']).execute()).toEqual([]);
  });

  it('refuses requests without a session', async () => {
    const r = await h.app.inject({ method: 'GET', url: '/api/shgs' });
    expect(r.statusCode).toBe(401);
  });

  it('shows bank accounts masked', async () => {
    const { shg } = await ok(staffA.get(`/api/shgs/${ids.shgA}`));
    expect(shg.bankAccounts[0].accountNumberMasked).toBe('XXXX-XXXX-8901');
    expect(JSON.stringify(shg)).not.toContain('12345678901');
  });
});

describe('commands are idempotent', () => {
  it('the same id twice is applied once; another payload under the same id is refused', async () => {
    const id = randomUUID();
    const memberId = randomUUID();
    const payload = { id: memberId, shgId: ids.shgA, name: 'Twice', joinedOn: '2025-03-01' };
    const first = await h.admin.command('admit-member', payload, id);
    const second = await h.admin.command('admit-member', payload, id);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.status).toBe('duplicate');
    expect(second.body.result).toEqual(first.body.result);
    const third = await h.admin.command('admit-member', { ...payload, name: 'Other' }, id);
    expect(third.status).toBe(409);
    expect(third.body.error.code).toBe('COMMAND_PAYLOAD_MISMATCH');
    const rows = await h.t.db.selectFrom('member').select('id').where('id', '=', memberId).execute();
    expect(rows).toHaveLength(1);
  });

  it('bad input names the field and writes nothing', async () => {
    const r = await h.admin.command('admit-member', { id: randomUUID(), shgId: ids.shgA, name: '', joinedOn: '2025-13-01', phone: '123' });
    expect(r.status).toBe(400);
    const fields = r.body.error.problems.map((p: any) => p.field).sort();
    expect(fields).toEqual(['joinedOn', 'name', 'phone']);
  });
});

describe('the API documents itself', () => {
  it('serves OpenAPI and health', async () => {
    const doc = await h.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(doc.statusCode).toBe(200);
    expect(doc.json().paths['/api/commands']).toBeDefined();
    const health = await h.app.inject({ method: 'GET', url: '/api/health' });
    expect(health.json()).toEqual({ status: 'ok' });
  });
});
