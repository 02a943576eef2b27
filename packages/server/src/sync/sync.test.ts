import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testApp, type TestApp } from '../testing/app.ts';
import { makeGroup, ok, type TestGroup, regularMeeting } from '../testing/fixtures.ts';
import { deviceLogin, syncClient, type SyncClient } from './test-client.ts';
import { applyCommand } from '../commands/apply-command.ts';
import { loadActor, type Actor } from '../access.ts';
import { MAX_DEVICE_GROUPS } from './protocol.ts';

let h: TestApp;
let g1: TestGroup;
let g2: TestGroup;
let asha: SyncClient; // bookkeeper of g1, first device
let ashaPhone2: SyncClient; // bookkeeper of g1 (another user), second device
let bina: SyncClient; // bookkeeper of g2
let batch = 0;

const next = () => ++batch;

const meeting = regularMeeting;
const cmd = (payload: unknown, id = randomUUID(), type = 'record-meeting') => ({ id, type, payload });

async function bookkeeper(username: string, name: string, shgIds: string[], deviceId: string) {
  await ok(h.admin.command('create-user', { id: randomUUID(), username, name, password: 'secret-pass-1', language: 'bn', roles: shgIds.map((nodeId) => ({ nodeId, role: 'bookkeeper' })) }));
  return deviceLogin(h.app, username, 'secret-pass-1', deviceId);
}

beforeAll(async () => {
  h = await testApp();
  g1 = await makeGroup(h, h.admin, { members: 4 });
  g2 = await makeGroup(h, h.admin, { members: 3 });
  asha = await bookkeeper('asha', 'Asha Devi', [g1.shgId], 'phone-asha');
  ashaPhone2 = await bookkeeper('rupa', 'Rupa Das', [g1.shgId], 'phone-rupa');
  bina = await bookkeeper('bina', 'Bina Roy', [g2.shgId], 'phone-bina');
});
afterAll(async () => h.close());

describe('sync: access', () => {
  it('needs a signed-in device', async () => {
    const anon = syncClient(h.app, 'not-a-token', 'x');
    expect((await anon.push({ batch: 1, commands: [] })).status).toBe(401);
    expect((await anon.pull()).status).toBe(401);
  });

  it('refuses a push naming another device than the session’s', async () => {
    const r = await asha.push({ deviceId: 'someone-else', batch: next(), commands: [] });
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('deviceId');
  });

  it('gives a device only its user’s groups; a group it should not hold is listed as removed, never sent', async () => {
    const r = await asha.pull({ cursor: 0, have: [g2.shgId] });
    expect(r.status).toBe(200);
    expect(r.body.groups.map((g: any) => g.id)).toEqual([g1.shgId]);
    expect(r.body.removed).toEqual([g2.shgId]);
    expect(r.body.limited).toBe(false);
    const b = await bina.pull({ cursor: 0 });
    expect(b.body.groups.map((g: any) => g.id)).toEqual([g2.shgId]);
    expect(JSON.stringify(b.body)).not.toContain(g1.shgId);
  });

  it('refuses a command for a group outside the user’s assignment as not found', async () => {
    const r = await bina.push({ batch: next(), commands: [cmd(meeting(g1, '2026-01-05'))] });
    expect(r.status).toBe(200);
    expect(r.body.results[0]).toMatchObject({ status: 'refused', error: { code: 'NOT_FOUND' } });
    expect(await h.t.db.selectFrom('meeting').select('id').where('shg_id', '=', g1.shgId).execute()).toEqual([]);
  });
});

describe('sync: push', () => {
  it('applies each command on its own; a refusal is explained and does not stop the rest', async () => {
    const first = cmd(meeting(g1, '2026-01-05'));
    const tooMuch = cmd(meeting(g1, '2026-01-12', { disbursements: [{ loanId: randomUUID(), memberId: g1.memberIds[0], principalPaise: 10_000_00, purpose: 'cow', terms: { kind: 'flexible', ratePercentPerMonth: '2', period: 'weekly' } }] }));
    const badId = { id: 'not-a-uuid', type: 'record-meeting', payload: meeting(g1, '2026-01-19') };
    const unknownType = cmd({}, randomUUID(), 'launch-rocket');
    const third = cmd(meeting(g1, '2026-01-26'));
    const r = await asha.push({ batch: next(), commands: [first, tooMuch, badId, unknownType, third] });
    expect(r.status).toBe(200);
    const [a, b, c, d, e] = r.body.results;
    expect(a).toMatchObject({ id: first.id, status: 'applied', result: { closingCashPaise: 4000 } });
    expect(a.serverSeq).toBeGreaterThan(0);
    expect(b).toMatchObject({ id: tooMuch.id, status: 'refused', error: { code: 'INSUFFICIENT_CASH', field: 'disbursements.0.principalPaise' } });
    expect(b.error.problems[0].params.availablePaise).toBe(8000);
    expect(c).toMatchObject({ id: 'not-a-uuid', status: 'refused', error: { code: 'VALIDATION_FAILED', field: 'id' } });
    expect(d).toMatchObject({ status: 'refused', error: { code: 'VALIDATION_FAILED', field: 'type' } });
    expect(e).toMatchObject({ id: third.id, status: 'applied' });
    expect(typeof r.body.cursor).toBe('number');
    // Refused commands are not stored: nothing of them on the server.
    expect(await h.t.db.selectFrom('command').select('id').where('id', 'in', [tooMuch.id, unknownType.id]).execute()).toEqual([]);
  });

  it('applies the same id once and answers again with the stored result', async () => {
    const c = cmd(meeting(g1, '2026-02-02'));
    const r1 = await asha.push({ batch: next(), commands: [c] });
    const r2 = await asha.push({ batch: next(), commands: [c, c] });
    expect(r1.body.results[0].status).toBe('applied');
    expect(r2.body.results.map((x: any) => x.status)).toEqual(['duplicate', 'duplicate']);
    expect(r2.body.results[0].serverSeq).toBe(r1.body.results[0].serverSeq);
    expect(r2.body.results[0].result).toEqual(r1.body.results[0].result);
    const entries = await h.t.db.selectFrom('journal_entry').select('id').where('command_id', '=', c.id).execute();
    expect(entries).toHaveLength(1);
  });

  it('refuses the same id with a different payload', async () => {
    const c = cmd(meeting(g1, '2026-02-09'));
    await asha.push({ batch: next(), commands: [c] });
    const changed = { ...c, payload: { ...(c.payload as object), savings: [] } };
    const r = await asha.push({ batch: next(), commands: [changed] });
    expect(r.body.results[0]).toMatchObject({ status: 'refused', error: { code: 'COMMAND_PAYLOAD_MISMATCH', field: 'id' } });
  });

  it('refuses the second device’s meeting for the same group and date and shows what the server holds', async () => {
    const mine = meeting(g1, '2026-02-16', { savings: g1.memberIds.map((memberId, i) => ({ memberId, compulsoryPaise: 1000, voluntaryPaise: i === 0 ? 500 : 0 })) });
    const theirs = meeting(g1, '2026-02-16');
    const a = await asha.push({ batch: next(), commands: [cmd(mine)] });
    expect(a.body.results[0].status).toBe('applied');
    const r = await ashaPhone2.push({ batch: 1, commands: [cmd(theirs)] });
    const refused = r.body.results[0];
    expect(refused).toMatchObject({ status: 'refused', error: { code: 'DUPLICATE_MEETING', field: 'date' } });
    const holds = refused.error.serverHolds;
    expect(holds).toMatchObject({ meetingId: mine.meetingId, shgId: g1.shgId, date: '2026-02-16', recordedBy: { name: 'Asha Devi' }, deviceId: 'phone-asha' });
    expect(holds.totals).toMatchObject({ savingsPaise: 4500, repaymentsPaise: 0, disbursementsPaise: 0 });
    expect(holds.members).toHaveLength(4);
    expect(holds.members.find((m: any) => m.memberId === g1.memberIds[0])).toMatchObject({ attendance: 'present', compulsoryPaise: 1000, voluntaryPaise: 500 });
  });

  it('answers an old or repeated batch number with 409 and the last batch seen, applying nothing', async () => {
    const c = cmd(meeting(g1, '2026-02-23'));
    const r = await asha.push({ batch: 1, commands: [c] });
    expect(r.status).toBe(409);
    expect(r.body.error.field).toBe('batch');
    expect(r.body.error.problems[0].params).toEqual({ reason: 'STALE_BATCH', lastBatch: batch });
    expect(await h.t.db.selectFrom('command').select('id').where('id', '=', c.id).execute()).toEqual([]);
    const again = await asha.push({ batch: next(), commands: [c] });
    expect(again.body.results[0].status).toBe('applied');
  });

  it('leaves results out when asked (status and serverSeq only)', async () => {
    const r = await asha.push({ batch: next(), omitResults: true, commands: [cmd(meeting(g1, '2026-03-03'))] });
    expect(Object.keys(r.body.results[0]).sort()).toEqual(['id', 'serverSeq', 'status']);
  });

  it('takes two batches of one device sent at once one after the other: each command applied once, the newer batch answered whole', async () => {
    const commands = ['2026-04-13', '2026-04-20', '2026-04-27', '2026-05-04', '2026-05-11', '2026-05-18'].map((d) => cmd(meeting(g2, d)));
    const older = next();
    const newer = next();
    const [a, b] = await Promise.all([bina.push({ batch: older, commands }), bina.push({ batch: newer, commands })]);
    expect(b.status).toBe(200);
    expect(b.body.results.map((r: any) => r.status).every((st: string) => st === 'applied' || st === 'duplicate')).toBe(true);
    expect(b.body.results).toHaveLength(commands.length);
    // The older one either ran first (then the newer one repeats its answers), was overtaken (answered in part), or came too late (409).
    if (a.status === 200) for (const r of a.body.results) expect(['applied', 'duplicate']).toContain(r.status);
    else expect(a.status).toBe(409);
    const applied = await h.t.db.selectFrom('command').select('id').where('id', 'in', commands.map((c) => c.id)).execute();
    expect(applied).toHaveLength(commands.length);
    const meetings = await h.t.db.selectFrom('meeting').select('id').where('command_id', 'in', commands.map((c) => c.id)).execute();
    expect(meetings).toHaveLength(commands.length);
  });

  it('refuses more than 200 commands in one push', async () => {
    const r = await asha.push({ batch: next(), commands: Array.from({ length: 201 }, () => cmd({})) });
    expect(r.status).toBe(400);
  });

  it('takes and gives gzip', async () => {
    const c = cmd(meeting(g1, '2026-03-02'));
    const r = await asha.push({ batch: next(), commands: [c] }, { gzip: true });
    expect(r.status).toBe(200);
    expect(r.body.results[0]).toMatchObject({ id: c.id, status: 'applied' });
    expect(r.responseBytes).toBeLessThan(JSON.stringify(r.body).length);
    const p = await asha.pull({ cursor: 0 }, { gzip: true });
    expect(p.body.groups).toHaveLength(1);
    expect(p.responseBytes).toBeLessThan(JSON.stringify(p.body).length);
    const broken = await h.app.inject({
      method: 'POST',
      url: '/api/sync/push',
      headers: { authorization: `Bearer ${asha.token}`, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: Buffer.from('this is not gzip'),
    });
    expect(broken.statusCode).toBe(400);
  });
});

describe('sync: pull', () => {
  it('downloads the group whole: profile, savings rule, members, loans, balances, recent meetings, products, lock', async () => {
    const loanId = randomUUID();
    await ok(h.admin.command('define-loan-product', { id: randomUUID(), nodeId: h.rootNodeId, name: 'Goat loan', terms: { kind: 'flexible', ratePercentPerMonth: '2', period: 'weekly' } }));
    await asha.push({ batch: next(), commands: [cmd(meeting(g1, '2026-03-09', { disbursements: [{ loanId, memberId: g1.memberIds[1], principalPaise: 5000, purpose: 'goat', terms: { kind: 'flexible', ratePercentPerMonth: '2', period: 'weekly' } }] }))] });
    const { body } = await asha.pull({ cursor: 0 });
    const g = body.groups[0];
    expect(g).toMatchObject({ id: g1.shgId, status: 'active', meetingFrequency: 'weekly', savingsRule: { compulsoryPaise: 1000 }, lockedThrough: null });
    expect(g.members.map((m: any) => m.name)).toEqual(['Member 1', 'Member 2', 'Member 3', 'Member 4']);
    expect(g.members[0]).toEqual({ id: g1.memberIds[0], membershipNumber: 1, name: 'Member 1', joinedOn: '2026-01-05' });
    expect(g.loans).toHaveLength(1);
    expect(g.loans[0].definition).toMatchObject({ id: loanId, memberId: g1.memberIds[1], principalPaise: 5000 });
    expect(g.loans[0].events[0]).toMatchObject({ type: 'disbursement', amountPaise: 5000 });
    const cash = await h.t.db.selectFrom('meeting').select('closing_cash_paise').where('shg_id', '=', g1.shgId).orderBy('date', 'desc').executeTakeFirstOrThrow();
    expect(g.cashPaise).toBe(cash.closing_cash_paise);
    expect(g.savingsByMember[g1.memberIds[0]!]).toEqual({ compulsoryPaise: 9000, voluntaryPaise: 500 });
    expect(g.meetingDates).toContain('2026-03-09');
    expect(g.recentMeetings).toHaveLength(5);
    expect(g.recentMeetings[0]).toMatchObject({ date: '2026-03-09', present: 4, savingsPaise: 4000, disbursementsPaise: 5000 });
    // The recorded payload comes along, so the phone can correct the meeting offline.
    expect(g.recentMeetings[0].payload).toMatchObject({ date: '2026-03-09', shgId: g.id });
    expect(g.loanProducts.map((p: any) => p.name)).toEqual(['Goat loan']);
    expect(JSON.stringify(body)).not.toMatch(/phone|password/);
  });

  it('sends only groups changed since the cursor (by any device), and newly assigned ones', async () => {
    const first = await asha.pull({ cursor: 0 });
    const cursor = first.body.cursor;
    expect((await asha.pull({ cursor, have: [g1.shgId] })).body.groups).toEqual([]);
    // A change by another device and user to g1 reaches asha; a change to g2 does not.
    await ashaPhone2.push({ batch: 2, commands: [cmd(meeting(g1, '2026-03-16'))] });
    await bina.push({ batch: next(), commands: [cmd(meeting(g2, '2026-03-16'))] });
    const after = await asha.pull({ cursor, have: [g1.shgId] });
    expect(after.body.groups.map((g: any) => g.id)).toEqual([g1.shgId]);
    expect(after.body.groups[0].meetingDates).toContain('2026-03-16');
    expect(after.body.cursor).toBeGreaterThanOrEqual(cursor);
    expect((await asha.pull({ cursor: after.body.cursor, have: [g1.shgId] })).body.groups).toEqual([]);
    // Holding nothing yet (a fresh install with an old cursor): the assigned group comes whole.
    expect((await asha.pull({ cursor: after.body.cursor, have: [] })).body.groups.map((g: any) => g.id)).toEqual([g1.shgId]);
  });

  it('re-sends every group below a node where a loan product was defined', async () => {
    const { body } = await bina.pull({ cursor: 0 });
    await ok(h.admin.command('define-loan-product', { id: randomUUID(), nodeId: h.rootNodeId, name: 'Tailoring loan', terms: { kind: 'flexible', ratePercentPerMonth: '1', period: 'monthly' } }));
    const r = await bina.pull({ cursor: body.cursor, have: [g2.shgId] });
    expect(r.body.groups.map((g: any) => g.id)).toEqual([g2.shgId]);
    expect(r.body.groups[0].loanProducts.map((p: any) => p.name)).toEqual(['Goat loan', 'Tailoring loan']);
  });

  it('does not step over a command that commits after a later one (the cursor is a transaction watermark)', async () => {
    const adminRow = await h.t.db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
    const admin = (await loadActor(h.t.db, adminRow.id)) as Actor;
    const { body: start } = await asha.pull({ cursor: 0 });
    let release!: () => void;
    let reached!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const inside = new Promise<void>((r) => (reached = r));
    const slowId = randomUUID();
    // A meeting of asha's group takes its server_seq, then waits before committing…
    const slow = applyCommand(h.t.db, admin, { id: slowId, type: 'record-meeting', payload: meeting(g1, '2026-06-01') }, {
      afterApply: async () => {
        reached();
        await held;
      },
    });
    await inside;
    // …while a later command (another group) commits, and asha pulls.
    const later = await bina.push({ batch: next(), commands: [cmd(meeting(g2, '2026-06-01'))] });
    expect(later.body.results[0].status).toBe('applied');
    const middle = await asha.pull({ cursor: start.cursor, have: [g1.shgId] });
    expect(middle.body.groups).toEqual([]);
    release();
    const outcome = await slow;
    expect(outcome.serverSeq).toBeLessThan(later.body.results[0].serverSeq);
    // A server_seq cursor would now stand past the slow command; the watermark does not.
    const after = await asha.pull({ cursor: middle.body.cursor, have: [g1.shgId] });
    expect(after.body.groups.map((g: any) => g.id)).toEqual([g1.shgId]);
    expect(after.body.groups[0].meetingDates).toContain('2026-06-01');
  });

  it('caps the groups a device holds and says so', async () => {
    const adminRow = await h.t.db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
    const admin = (await loadActor(h.t.db, adminRow.id)) as Actor;
    const village = (await h.t.db.selectFrom('node').select('parent_id').where('id', '=', g1.shgId).executeTakeFirstOrThrow()).parent_id!;
    for (let i = 0; i < MAX_DEVICE_GROUPS; i++) {
      await applyCommand(h.t.db, admin, { id: randomUUID(), type: 'create-shg', payload: { id: randomUUID(), villageId: village, name: `Many ${i}`, code: `MANY-${i}`, formedOn: '2026-01-05', meetingFrequency: 'weekly', compulsorySavingsPaise: 1000 } });
    }
    const officer = syncClient(h.app, (await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'admin-pass-1', device: { id: 'office-pc' } } })).json().token, 'office-pc');
    const r = await officer.pull({ cursor: 0, have: [] });
    expect(r.body.limited).toBe(true);
    expect(r.body.groupLimit).toBe(MAX_DEVICE_GROUPS);
    expect(r.body.groups).toHaveLength(MAX_DEVICE_GROUPS);
  }, 120_000);

  it('records the node each command acted on', async () => {
    const mismatched = await sql<{ n: number }>`
      select count(*)::int as n from command c join meeting m on m.command_id = c.id where c.node_id is distinct from m.shg_id`.execute(h.t.db);
    expect(mismatched.rows[0]!.n).toBe(0);
  });
});
