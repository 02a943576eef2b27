import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../testing/app.ts';
import { makeGroup, ok, type TestGroup } from '../testing/fixtures.ts';

let h: TestApp;
let g: TestGroup;
beforeAll(async () => {
  h = await testApp();
  g = await makeGroup(h, h.admin, { members: 2, formedOn: '2026-01-05' });
});
afterAll(async () => h.close());

describe('changing an SHG and a member', () => {
  it('changes the savings rule for the next meetings only', async () => {
    await ok(h.admin.command('record-meeting', { meetingId: randomUUID(), shgId: g.shgId, date: '2026-01-05', savings: g.memberIds.map((memberId) => ({ memberId, compulsoryPaise: 1000, voluntaryPaise: 0 })) }));
    await ok(h.admin.command('update-shg', { shgId: g.shgId, compulsorySavingsPaise: 2000, meetingDay: 3 }));
    const { shg } = await ok(h.admin.get(`/api/shgs/${g.shgId}`));
    expect(shg.compulsorySavingsPaise).toBe(2000);
    expect(shg.cashPaise).toBe(2000);
    const { demand } = await ok(h.admin.get(`/api/shgs/${g.shgId}/demand?date=2026-01-12`));
    expect(demand[0].compulsorySavingsPaise).toBe(2000);
  });

  it('refuses to reopen a closed group and an empty change', async () => {
    const empty = await h.admin.command('update-shg', { shgId: g.shgId });
    expect(empty.status).toBe(400);
    await ok(h.admin.command('update-shg', { shgId: g.shgId, status: 'closed' }));
    const reopen = await h.admin.command('update-shg', { shgId: g.shgId, status: 'active' });
    expect(reopen.status).toBe(409);
    expect(reopen.body.error.field).toBe('status');
  });

  it('corrects a member’s name and phone, shown masked', async () => {
    await ok(h.admin.command('update-member', { memberId: g.memberIds[0], name: 'Sunita Hembram', phone: '9876543210' }));
    const { members } = await ok(h.admin.get(`/api/shgs/${g.shgId}/members`));
    expect(members[0].name).toBe('Sunita Hembram');
    expect(members[0].phoneMasked).toBe('XXXXXX3210');
    const bad = await h.admin.command('update-member', { memberId: g.memberIds[0], phone: '12345' });
    expect(bad.body.error.field).toBe('phone');
  });
});
