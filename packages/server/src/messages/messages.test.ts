import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testApp, type TestApp } from '../testing/app.ts';
import { makeGroup, ok, type TestGroup } from '../testing/fixtures.ts';
import { deviceLogin, type SyncClient } from '../sync/test-client.ts';
import { deliverPendingMessages } from './deliver.ts';
import { consoleSender, messageSenderFromEnv, registerMessageSender, type MessageLog, type MessageSender } from './sender.ts';
import { receiptText } from './templates.ts';
import { buildApp } from '../http/app.ts';

let h: TestApp;
let g: TestGroup;
let phone: SyncClient;
const members: Record<'mita' | 'lata' | 'rina' | 'nophone', string> = { mita: randomUUID(), lata: randomUUID(), rina: randomUUID(), nophone: randomUUID() };

function recordingLog() {
  const lines: Array<{ obj: object; msg?: string }> = [];
  const log: MessageLog = { info: (obj, msg) => lines.push({ obj, msg }), error: (obj, msg) => lines.push({ obj, msg }) };
  return { log, lines };
}

async function outbox() {
  const r = await sql<{ id: string; member_id: string; language: string; body: string; status: string; channel: string; sent_at: Date | null; attempts: number; last_error: string | null }>`
    select id, member_id, language, body, status, channel, sent_at, attempts, last_error from message_outbox where shg_id = ${g.shgId} order by body`.execute(h.t.db);
  return r.rows;
}

beforeAll(async () => {
  h = await testApp();
  g = await makeGroup(h, h.admin, { members: 0, formedOn: '2026-01-05', code: 'PADMA' });
  await h.t.db.updateTable('node').set({ name: 'Padma' }).where('id', '=', g.shgId).execute();
  const admit = (id: string, name: string, phoneNumber: string | null) => ok(h.admin.command('admit-member', { id, shgId: g.shgId, name, joinedOn: '2026-01-05', phone: phoneNumber }));
  await admit(members.mita, 'Mita Mondal', '9876500001');
  await admit(members.lata, 'Lata Sharma', '9876500002');
  await admit(members.rina, 'Rina Pal', '9876500003');
  await admit(members.nophone, 'Sabita Bag', null);
  // Lata speaks Hindi; the others have no language of their own and get the bookkeeper's (Bengali).
  await sql`update member set language = 'hi' where id = ${members.lata}`.execute(h.t.db);
  await ok(h.admin.command('create-user', { id: randomUUID(), username: 'jharna', name: 'Jharna', password: 'secret-pass-1', language: 'bn', roles: [{ nodeId: g.shgId, role: 'bookkeeper' }] }));
  phone = await deviceLogin(h.app, 'jharna', 'secret-pass-1', 'phone-jharna');
});
afterAll(async () => h.close());

describe('member receipts', () => {
  it('writes short receipts in the four languages, with the script’s digits and lakh grouping', () => {
    const facts = { groupName: 'Padma', date: '2026-01-12', savedPaise: 1500, totalSavingsPaise: 1_23_456_00, loanOutstandingPaise: 0 };
    expect(receiptText('en', facts)).toBe('Padma meeting 12-01-2026: saved ₹15, total savings ₹1,23,456, loan outstanding ₹0.');
    expect(receiptText('bn', facts)).toBe('Padma সভা ১২-০১-২০২৬: সঞ্চয় ₹১৫, মোট সঞ্চয় ₹১,২৩,৪৫৬, বাকি ঋণ ₹০।');
    expect(receiptText('hi', facts)).toBe('Padma बैठक १२-०१-२०२६: बचत ₹१५, कुल बचत ₹१,२३,४५६, बकाया ऋण ₹०।');
    expect(receiptText('or', facts)).toContain('ସଞ୍ଚୟ ₹୧୫');
    expect(receiptText('en', { ...facts, savedPaise: 1050, currency: 'BDT' })).toContain('saved ৳10.50');
  });

  it('queues one receipt per member at a synced meeting, in Bengali for a Bengali-speaking group', async () => {
    const loanId = randomUUID();
    const first = {
      meetingId: randomUUID(),
      shgId: g.shgId,
      date: '2026-01-05',
      attendance: Object.values(members).map((memberId) => ({ memberId, status: 'present' })),
      savings: Object.values(members).map((memberId) => ({ memberId, compulsoryPaise: 5000, voluntaryPaise: 0 })),
    };
    const second = {
      meetingId: randomUUID(),
      shgId: g.shgId,
      date: '2026-01-12',
      attendance: [
        { memberId: members.mita, status: 'present' },
        { memberId: members.lata, status: 'late' },
        { memberId: members.rina, status: 'absent' },
        { memberId: members.nophone, status: 'present' },
      ],
      savings: [
        { memberId: members.mita, compulsoryPaise: 1000, voluntaryPaise: 500 },
        { memberId: members.lata, compulsoryPaise: 1000, voluntaryPaise: 0 },
        { memberId: members.nophone, compulsoryPaise: 1000, voluntaryPaise: 0 },
      ],
      disbursements: [{ loanId, memberId: members.mita, principalPaise: 12_000, purpose: 'goat', terms: { kind: 'flexible', ratePercentPerMonth: '2', period: 'weekly' } }],
    };
    const r = await phone.push({ batch: 1, commands: [{ id: randomUUID(), type: 'record-meeting', payload: first }] });
    expect(r.body.results[0].status).toBe('applied');
    await sql`delete from message_outbox where subject_id = ${first.meetingId}`.execute(h.t.db);
    const secondId = randomUUID();
    const r2 = await phone.push({ batch: 2, commands: [{ id: secondId, type: 'record-meeting', payload: second }] });
    expect(r2.body.results[0].status).toBe('applied');
    // Sent again (a lost answer): nothing more is queued.
    const r3 = await phone.push({ batch: 3, commands: [{ id: secondId, type: 'record-meeting', payload: second }] });
    expect(r3.body.results[0].status).toBe('duplicate');

    const rows = await outbox();
    // Rina was absent; Sabita has no phone number.
    expect(rows.map((m) => [m.member_id, m.language, m.status, m.channel])).toEqual([
      [members.lata, 'hi', 'pending', 'sms'],
      [members.mita, 'bn', 'pending', 'sms'],
    ]);
    expect(rows.find((m) => m.member_id === members.mita)!.body).toBe('Padma সভা ১২-০১-২০২৬: সঞ্চয় ₹১৫, মোট সঞ্চয় ₹৬৫, বাকি ঋণ ₹১২০।');
    expect(rows.find((m) => m.member_id === members.lata)!.body).toBe('Padma बैठक १२-०१-२०२६: बचत ₹१०, कुल बचत ₹६०, बकाया ऋण ₹०।');
  });

  it('queues nothing for a refused meeting', async () => {
    const before = (await outbox()).length;
    const r = await phone.push({ batch: 4, commands: [{ id: randomUUID(), type: 'record-meeting', payload: { meetingId: randomUUID(), shgId: g.shgId, date: '2026-01-12', attendance: [{ memberId: members.mita, status: 'present' }] } }] });
    expect(r.body.results[0].error.code).toBe('DUPLICATE_MEETING');
    expect((await outbox()).length).toBe(before);
  });

  it('delivers through the console sender, which logs counts and ids, never numbers, names or texts; then marks them sent', async () => {
    const { log, lines } = recordingLog();
    const report = await deliverPendingMessages(h.t.db, consoleSender({ log }));
    expect(report).toEqual({ sent: 2, failed: 0, retrying: 0 });
    const rows = await outbox();
    expect(rows.every((m) => m.status === 'sent' && m.sent_at !== null && m.attempts === 1)).toBe(true);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.obj).toEqual({ sender: 'console', count: 2, ids: expect.arrayContaining(rows.map((m) => m.id)) });
    const logged = JSON.stringify(lines);
    for (const secret of ['98765', 'Mita', 'Lata', 'Padma', 'সঞ্চয়']) expect(logged).not.toContain(secret);
    expect(await deliverPendingMessages(h.t.db, consoleSender({ log }))).toEqual({ sent: 0, failed: 0, retrying: 0 });
  });

  it('shows texts (numbers masked) only when configured for local development', async () => {
    await sql`update message_outbox set status = 'pending' where shg_id = ${g.shgId}`.execute(h.t.db);
    const { log, lines } = recordingLog();
    const sender = messageSenderFromEnv({ KHATA_MESSAGE_SENDER: 'console', KHATA_MESSAGE_CONSOLE_CONTENT: '1' }, log)!;
    await deliverPendingMessages(h.t.db, sender);
    const logged = JSON.stringify(lines);
    expect(logged).toContain('সঞ্চয়');
    expect(logged).toContain('XXXXXX0001');
    expect(logged).not.toContain('9876500001');
  });

  it('retries a provider’s failures and gives up after the last attempt, keeping only the error code', async () => {
    await sql`update message_outbox set status = 'pending', attempts = 0 where shg_id = ${g.shgId}`.execute(h.t.db);
    const flaky: MessageSender = { name: 'flaky', send: async (batch) => batch.map((m) => ({ id: m.id, ok: false, error: 'PROVIDER_DOWN' })) };
    expect(await deliverPendingMessages(h.t.db, flaky, { maxAttempts: 2 })).toEqual({ sent: 0, failed: 0, retrying: 2 });
    expect((await outbox()).map((m) => [m.status, m.last_error])).toEqual([['pending', 'PROVIDER_DOWN'], ['pending', 'PROVIDER_DOWN']]);
    expect(await deliverPendingMessages(h.t.db, flaky, { maxAttempts: 2 })).toEqual({ sent: 0, failed: 2, retrying: 0 });
    expect((await outbox()).map((m) => m.status)).toEqual(['failed', 'failed']);
  });

  it('delivers in the background once the server listens, with the configured sender', async () => {
    await sql`update message_outbox set status = 'pending', attempts = 0 where shg_id = ${g.shgId}`.execute(h.t.db);
    const delivered: string[] = [];
    registerMessageSender('test-background', () => ({ name: 'test-background', send: async (b) => b.map((m) => (delivered.push(m.id), { id: m.id, ok: true })) }));
    const saved = { sender: process.env.KHATA_MESSAGE_SENDER, interval: process.env.KHATA_MESSAGE_INTERVAL_MS };
    process.env.KHATA_MESSAGE_SENDER = 'test-background';
    process.env.KHATA_MESSAGE_INTERVAL_MS = '20';
    const server = await buildApp({ db: h.t.db });
    try {
      await server.listen({ port: 0, host: '127.0.0.1' });
      for (let i = 0; i < 100 && delivered.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    } finally {
      await server.close();
      process.env.KHATA_MESSAGE_SENDER = saved.sender;
      process.env.KHATA_MESSAGE_INTERVAL_MS = saved.interval;
      if (saved.sender === undefined) delete process.env.KHATA_MESSAGE_SENDER;
      if (saved.interval === undefined) delete process.env.KHATA_MESSAGE_INTERVAL_MS;
    }
    expect(delivered).toHaveLength(2);
    expect((await outbox()).map((m) => m.status)).toEqual(['sent', 'sent']);
  });

  it('chooses the sender by configuration: console by default, none, or a registered provider', () => {
    const { log } = recordingLog();
    expect(messageSenderFromEnv({}, log)!.name).toBe('console');
    expect(messageSenderFromEnv({ KHATA_MESSAGE_SENDER: 'none' }, log)).toBeNull();
    expect(() => messageSenderFromEnv({ KHATA_MESSAGE_SENDER: 'pigeon' }, log)).toThrow(/no such message sender/);
    registerMessageSender('test-sms', () => ({ name: 'test-sms', send: async (b) => b.map((m) => ({ id: m.id, ok: true })) }));
    expect(messageSenderFromEnv({ KHATA_MESSAGE_SENDER: 'test-sms' }, log)!.name).toBe('test-sms');
  });
});

describe('receipts whatever way a meeting comes in', () => {
  it('receipts a meeting recorded in the office (POST /api/commands) and its correction, once each', async () => {
    const before = (await outbox()).length;
    const meetingId = randomUUID();
    const payload = { meetingId, shgId: g.shgId, date: '2026-01-19', attendance: [{ memberId: members.rina, status: 'present' }], savings: [{ memberId: members.rina, compulsoryPaise: 1000, voluntaryPaise: 0 }] };
    const commandId = randomUUID();
    await ok(h.admin.command('record-meeting', payload, commandId));
    await ok(h.admin.command('record-meeting', payload, commandId)); // the same command again: no second receipt
    expect((await outbox()).length).toBe(before + 1);
    const corrected = { ...payload, meetingId: randomUUID(), savings: [{ memberId: members.rina, compulsoryPaise: 2000, voluntaryPaise: 0 }] };
    await ok(h.admin.command('correct-meeting', { correctionId: randomUUID(), meetingId, reason: 'Rs 20, not Rs 10', meeting: corrected }));
    expect((await outbox()).length).toBe(before + 2);
  });
});
