import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Caller, type TestApp } from '../testing/app.ts';
import { buildBooks, type Books } from './test-books.ts';
import { REPORT_NAMES } from './registry.ts';

let h: TestApp;
let b: Books;
let staffA: Caller;
let staffB: Caller;

async function ok(p: Promise<{ status: number; body: any }>) {
  const r = await p;
  if (r.status >= 300) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

beforeAll(async () => {
  h = await testApp();
  const c = h.admin.command;
  const [branchA, branchB, villageA] = [randomUUID(), randomUUID(), randomUUID()];
  await ok(c('create-node', { id: branchA, parentId: h.rootNodeId, kind: 'block', name: 'Branch A', code: 'BA' }));
  await ok(c('create-node', { id: branchB, parentId: h.rootNodeId, kind: 'block', name: 'Branch B', code: 'BB' }));
  await ok(c('create-node', { id: villageA, parentId: branchA, kind: 'village', name: 'Village A', code: 'VA' }));
  b = await buildBooks(h, { villageId: villageA, code: 'KAMALA' });
  await ok(c('create-user', { id: randomUUID(), username: 'staff-a', name: 'Staff A', password: 'staff-a-pass', roles: [{ nodeId: branchA, role: 'staff' }] }));
  await ok(c('create-user', { id: randomUUID(), username: 'staff-b', name: 'Staff B', password: 'staff-b-pass', roles: [{ nodeId: branchB, role: 'staff' }] }));
  staffA = await h.as('staff-a', 'staff-a-pass');
  staffB = await h.as('staff-b', 'staff-b-pass');
});
afterAll(async () => h.close());

const url = (name: string, query = '') => `/api/shgs/${b.shgId}/reports/${name}${query}`;

describe('GET /api/shgs/:id/reports/:name', () => {
  it('returns the report, with the parameters it used', async () => {
    const { report } = await ok(staffA.get(url('trial-balance', '?asOf=2025-03-31')));
    expect(report).toMatchObject({ name: 'trial-balance', entityCode: 'KAMALA', params: { asOf: '2025-03-31' } });
    expect(report.totals).toEqual({ account: null, debit: 634450, credit: 634450 });
    expect(report.columns).toEqual([{ key: 'account', kind: 'text' }, { key: 'debit', kind: 'money' }, { key: 'credit', kind: 'money' }]);
    const bs = await ok(staffA.get(url('balance-sheet', '?asOf=2025-03-31')));
    expect(bs.report.totals.difference).toBe(0);
  });

  it('runs every report with its defaults', async () => {
    for (const name of REPORT_NAMES) {
      const query = name === 'passbook' ? `?memberId=${b.members.asha}` : '';
      const r = await staffA.get(url(name, query));
      expect(r.status, `${name}: ${JSON.stringify(r.body)}`).toBe(200);
      expect(r.body.report.name).toBe(name);
    }
  });

  it('a passbook, read into the audit log without names', async () => {
    const { report } = await ok(staffA.get(url('passbook', `?memberId=${b.members.asha}&from=2025-01-01&to=2025-03-31`)));
    expect(report.totals.savingsBalance).toBe(53000);
    const audit = await h.t.db.selectFrom('audit_log').selectAll().where('action', '=', 'read-report:passbook').execute();
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.at(-1)!.target_id).toBe(b.members.asha);
    expect(JSON.stringify(audit)).not.toContain('Asha');
  });

  it('a user of another branch gets 404 for every report, as if the group did not exist', async () => {
    for (const name of REPORT_NAMES) {
      const r = await staffB.get(url(name, `?memberId=${b.members.asha}`));
      expect(r.status, name).toBe(404);
      expect(r.body.error.code).toBe('NOT_FOUND');
    }
  });

  it('an unknown report is 404 NOT_FOUND', async () => {
    const r = await staffA.get(url('profit-and-loss'));
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('NOT_FOUND');
  });

  it('bad parameters are 400 with the field named', async () => {
    const bad = await staffA.get(url('cash-book', '?from=2025-04-01&to=2025-03-01'));
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('from');
    const date = await staffA.get(url('trial-balance', '?asOf=2025-02-30'));
    expect(date.status).toBe(400);
    expect(date.body.error.field).toBe('asOf');
    const member = await staffA.get(url('passbook'));
    expect(member.status).toBe(400);
    expect(member.body.error.field).toBe('memberId');
    const stranger = await staffA.get(url('passbook', `?memberId=${randomUUID()}`));
    expect(stranger.status).toBe(404);
  });

  it('refuses without a session', async () => {
    const r = await h.app.inject({ method: 'GET', url: url('trial-balance') });
    expect(r.statusCode).toBe(401);
  });
});
