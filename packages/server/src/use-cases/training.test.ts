import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { testApp, type Caller, type TestApp } from '../testing/app.ts';
import { ok, regularMeeting, type TestGroup } from '../testing/fixtures.ts';

/*
 * Training and events through the API: a 3-day workshop on VO concepts with attendance per day; completing it
 * writes what the VO formation trigger reads, so a village's readiness turns from "not trained" to met.
 */

let h: TestApp;
let g: TestGroup;
let other: Caller;
let otherVillage: string;
let otherMember: string;
let blockId: string;
let adminToken: string;
const moduleId = randomUUID();
const eventId = randomUUID();
const full = randomUUID();
const partial = randomUUID();
const trainer = randomUUID();
const MONDAYS = ['2026-01-19', '2026-01-26', '2026-02-02', '2026-02-09'];

beforeAll(async () => {
  h = await testApp();
  blockId = randomUUID();
  const villageId = randomUUID();
  const shgId = randomUUID();
  await ok(h.admin.command('create-node', { id: blockId, parentId: h.rootNodeId, kind: 'block', name: 'Block T', code: 'BT' }));
  await ok(h.admin.command('create-node', { id: villageId, parentId: blockId, kind: 'village', name: 'Village T', code: 'VT' }));
  await ok(h.admin.command('create-shg', { id: shgId, villageId, name: 'SHG Tulsi', code: 'T1', formedOn: '2026-01-05', meetingFrequency: 'weekly', meetingDay: 1, compulsorySavingsPaise: 1000 }));
  const memberIds = [randomUUID(), randomUUID()];
  for (const [i, id] of memberIds.entries()) await ok(h.admin.command('admit-member', { id, shgId, name: `Tulsi member ${i + 1}`, joinedOn: '2026-01-05' }));
  g = { villageId, shgId, memberIds };
  for (const date of MONDAYS) await ok(h.admin.command('record-meeting', regularMeeting(g, date)));
  // The trigger with one SHG of two members and a one-month window: everything met but the training.
  await ok(h.admin.command('define-rule-set', { id: randomUUID(), nodeId: h.rootNodeId, effectiveFrom: '2026-01-01', body: { functional: { windowMonths: 1 }, voFormation: { minShgs: 1, minMembersPerShg: 2 } } }));

  // Another branch, with its own staff and a member of its own.
  const otherBlock = randomUUID();
  otherVillage = randomUUID();
  const otherShg = randomUUID();
  otherMember = randomUUID();
  await ok(h.admin.command('create-node', { id: otherBlock, parentId: h.rootNodeId, kind: 'block', name: 'Block O', code: 'BO' }));
  await ok(h.admin.command('create-node', { id: otherVillage, parentId: otherBlock, kind: 'village', name: 'Village O', code: 'VO1' }));
  await ok(h.admin.command('create-shg', { id: otherShg, villageId: otherVillage, name: 'SHG Other', code: 'O1', formedOn: '2026-01-05', meetingFrequency: 'weekly', meetingDay: 1, compulsorySavingsPaise: 1000 }));
  await ok(h.admin.command('admit-member', { id: otherMember, shgId: otherShg, name: 'Other member', joinedOn: '2026-01-05' }));
  await ok(h.admin.command('create-user', { id: randomUUID(), username: 'staff-o', name: 'Staff O', password: 'staff-o-pass-1', roles: [{ nodeId: otherBlock, role: 'staff' }] }));
  other = await h.as('staff-o', 'staff-o-pass-1');
  adminToken = (await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'admin-pass-1', device: { id: 'dl' } } })).json().token;
}, 120_000);
afterAll(async () => h.close());

const readiness = async (asOf: string) => ok(h.admin.get(`/api/nodes/${g.villageId}/readiness?asOf=${asOf}`));

describe('a workshop on VO concepts', () => {
  it('before it, the village falls short only because the SHG is not trained on VO concepts', async () => {
    const r = await readiness('2026-02-09');
    expect(r.trigger.met).toBe(false);
    expect(r.trigger.groups[0]).toMatchObject({ trained: false, qualifies: false });
    expect(r.trigger.groups[0].reasons.map((x: { rule: string }) => x.rule)).toEqual(['voFormation.trainingModule']);
  });

  it('schedules a 3-day workshop with members and a staff trainee, records attendance per day, refuses what is wrong', async () => {
    await ok(h.admin.command('define-training-module', { id: moduleId, nodeId: h.rootNodeId, code: 'vo-concepts', name: 'VO concepts', requiredDays: 3 }));
    const dup = await h.admin.command('define-training-module', { id: randomUUID(), nodeId: h.rootNodeId, code: 'vo-concepts', name: 'Again', requiredDays: 1 });
    expect(dup.status).toBe(409);
    const noModule = await h.admin.command('schedule-training-event', { id: randomUUID(), nodeId: blockId, kind: 'workshop', title: 'X', startDate: '2026-02-03', endDate: '2026-02-05' });
    expect(noModule.body.error.field).toBe('moduleId');
    // A member of another branch is out of the caller's reach only for that branch's staff; the other branch's
    // staff cannot put this block's members into an event of theirs.
    const foreign = await other.command('schedule-training-event', { id: randomUUID(), nodeId: otherVillage, kind: 'conference', title: 'Y', startDate: '2026-02-03', endDate: '2026-02-03', participants: [{ id: randomUUID(), kind: 'member', memberId: g.memberIds[0] }] });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.field).toBe('participants.0.memberId');

    await ok(
      h.admin.command('schedule-training-event', {
        id: eventId,
        nodeId: blockId,
        kind: 'workshop',
        moduleId,
        title: 'VO concepts, batch 1',
        place: 'Block resource centre',
        startDate: '2026-02-03',
        endDate: '2026-02-05',
        trainers: ['Master trainer (CLF)'],
        participants: [
          { id: full, kind: 'member', memberId: g.memberIds[0] },
          { id: partial, kind: 'member', memberId: g.memberIds[1] },
          { id: trainer, kind: 'staff', name: 'Community coordinator' },
        ],
      }),
    );
    await ok(h.admin.command('record-training-attendance', { eventId, day: '2026-02-03', present: [full, partial, trainer] }));
    await ok(h.admin.command('record-training-attendance', { eventId, day: '2026-02-04', present: [full, trainer] }));
    // Recording a day again replaces it.
    await ok(h.admin.command('record-training-attendance', { eventId, day: '2026-02-05', present: [full] }));
    await ok(h.admin.command('record-training-attendance', { eventId, day: '2026-02-05', present: [full, trainer] }));
    const outside = await h.admin.command('record-training-attendance', { eventId, day: '2026-02-06', present: [full] });
    expect(outside.body.error.field).toBe('day');
    const stranger = await h.admin.command('record-training-attendance', { eventId, day: '2026-02-05', present: [randomUUID()] });
    expect(stranger.body.error.field).toBe('present.0');

    const detail = await ok(h.admin.get(`/api/training/events/${eventId}`));
    expect(detail.days).toEqual(['2026-02-03', '2026-02-04', '2026-02-05']);
    expect(detail.byDay).toEqual([
      { day: '2026-02-03', present: 3 },
      { day: '2026-02-04', present: 2 },
      { day: '2026-02-05', present: 2 },
    ]);
    expect(detail.participants.find((p: { id: string }) => p.id === full)).toMatchObject({ name: 'Tulsi member 1', institutionId: g.shgId, present: ['2026-02-03', '2026-02-04', '2026-02-05'] });
    expect((await other.get(`/api/training/events/${eventId}`)).status).toBe(404);
  });

  it('completing it writes the completions readiness reads: the village turns from not trained to met', async () => {
    const done = await ok(h.admin.command('complete-training-event', { eventId }));
    expect(done.result).toMatchObject({ completedOn: '2026-02-05', participants: 3, completed: 2, trainingRecords: 1 });
    // The staff trainee completed (3 days) but belongs to no SHG: no readiness row; member 2 attended 1 of 3 days.
    const detail = await ok(h.admin.get(`/api/training/events/${eventId}`));
    const by = Object.fromEntries(detail.participants.map((p: { id: string; completed: boolean; attendedDays: number }) => [p.id, [p.completed, p.attendedDays]]));
    expect(by).toEqual({ [full]: [true, 3], [partial]: [false, 1], [trainer]: [true, 3] });

    const r = await readiness('2026-02-09');
    expect(r.trigger.groups[0]).toMatchObject({ trained: true, qualifies: true });
    expect(r.trigger.met).toBe(true);
    // Before the workshop's last day it was not yet trained.
    expect((await readiness('2026-02-04')).trigger.groups[0].trained).toBe(false);

    const again = await h.admin.command('complete-training-event', { eventId });
    expect(again.status).toBe(409);
    const late = await h.admin.command('record-training-attendance', { eventId, day: '2026-02-05', present: [] });
    expect(late.status).toBe(409);
  });

  it('lists events and who is trained in what, with CSV exports holding the JSON rows', async () => {
    const events = await ok(h.admin.get(`/api/training/events?nodeId=${blockId}`));
    expect(events.events).toEqual([expect.objectContaining({ id: eventId, kind: 'workshop', moduleCode: 'vo-concepts', participants: 3, completed: 2, status: 'completed' })]);
    const trained = await ok(h.admin.get(`/api/training/trained?nodeId=${blockId}`));
    expect(trained.trained.map((t: { name: string; module: string; kind: string }) => [t.name, t.module, t.kind]).sort()).toEqual([
      ['Community coordinator', 'vo-concepts', 'staff'],
      ['Tulsi member 1', 'vo-concepts', 'member'],
    ]);
    const r = await h.app.inject({ method: 'GET', url: `/api/training/trained?nodeId=${blockId}&format=csv`, headers: { authorization: `Bearer ${adminToken}` } });
    const rows = parse(r.body, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows.map((x) => x.name)).toEqual(trained.trained.map((t: { name: string }) => t.name));
    const e = await h.app.inject({ method: 'GET', url: `/api/training/events?nodeId=${blockId}&format=csv`, headers: { authorization: `Bearer ${adminToken}` } });
    expect((parse(e.body, { bom: true, columns: true }) as unknown[]).length).toBe(events.events.length);
    expect((await other.get(`/api/training/trained?nodeId=${blockId}`)).status).toBe(404);
    expect((await ok(other.get('/api/training/events'))).events).toEqual([]);
  });
});
