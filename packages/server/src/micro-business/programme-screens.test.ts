import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Caller, type TestApp } from '../testing/app.ts';
import { ok } from '../testing/fixtures.ts';

/*
 * What the programme's management screen does (web: screens/micro-business/ProgrammeAdmin.tsx), through the API:
 * the list of users a runner may give a role to (staff only, for runners only), a manager opening a case for a
 * case worker with her details in the command's body only, and ending a worker's access to it.
 */

let h: TestApp;
let partnerId: string;
let manager: Caller;
let worker: Caller;
const workerId = randomUUID();

beforeAll(async () => {
  h = await testApp();
  const districtId = randomUUID();
  await ok(h.admin.command('create-node', { id: districtId, parentId: h.rootNodeId, kind: 'district', name: 'District', code: 'D-9' }));
  partnerId = randomUUID();
  await ok(h.admin.command('register-programme-partner', { id: partnerId, nodeId: districtId, name: 'Partner', code: 'PTN', country: 'IN' }));
  await ok(h.admin.command('create-programme-user', { id: randomUUID(), roleId: randomUUID(), partnerId, username: 'pm.one', name: 'Manager One', password: 'password-123', role: 'programme-manager', from: '2026-01-01' }));
  await ok(h.admin.command('create-programme-user', { id: workerId, roleId: randomUUID(), partnerId, username: 'cw.one', name: 'Worker One', password: 'password-123', role: 'case-worker', from: '2026-01-01' }));
  manager = await h.as('pm.one', 'password-123');
  worker = await h.as('cw.one', 'password-123');
});
afterAll(async () => h.close());

describe('running a partner’s programme from the web', () => {
  it('lists the organisation’s users to its runners only', async () => {
    const { users } = await ok(manager.get(`/api/micro-business/partners/${partnerId}/users`));
    expect(users.map((u: { username: string }) => u.username)).toEqual(expect.arrayContaining(['admin', 'pm.one', 'cw.one']));
    expect(Object.keys(users[0]).sort()).toEqual(['id', 'name', 'username']);
    const refused = await worker.get(`/api/micro-business/partners/${partnerId}/users`);
    expect(refused.status).toBe(403);
  });

  it('opens a case for a case worker, who alone reads it, and ends her access', async () => {
    const caseId = randomUUID();
    const assignmentId = randomUUID();
    const opened = await ok(
      manager.command('open-case', {
        caseId,
        assignmentId,
        partnerId,
        openedOn: '2026-02-01',
        caseWorkerId: workerId,
        businessKind: 'tea stall',
        participant: { name: 'Fictional Rani', phone: null, address: null, identityNumbers: [{ kind: 'Voter card', number: 'ABC1234' }], story: null },
      }),
    );
    expect(opened.result.code).toMatch(/^PTN-/);
    expect(JSON.stringify(opened)).not.toContain('Fictional Rani');
    expect((await manager.get(`/api/micro-business/cases/${caseId}`)).status).toBe(404);
    const record = await ok(worker.get(`/api/micro-business/cases/${caseId}`));
    expect(record.participant.name).toBe('Fictional Rani');

    const { cases } = await ok(manager.get(`/api/micro-business/partners/${partnerId}/cases`));
    const listed = cases.find((c: { id: string }) => c.id === caseId);
    expect(listed.assignments.map((a: { assignmentId: string }) => a.assignmentId)).toEqual([assignmentId]);
    expect(JSON.stringify(cases)).not.toContain('Fictional Rani');

    // Her access ended on a past day: she can no longer open the case.
    await ok(manager.command('end-case-assignment', { caseId, assignmentId, to: '2026-10-31' }));
    expect((await worker.get(`/api/micro-business/cases/${caseId}`)).status).toBe(404);
  });
});
