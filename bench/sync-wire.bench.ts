/**
 * Bytes on the wire for syncing one weekly meeting of 15 members (DESIGN.md budget: <= 2 KB gzipped), through the
 * real API on a real embedded PostgreSQL:
 *  - the push of the meeting (request + answer, both gzipped), and
 *  - the pull that follows it, bringing back the one group that changed (request + gzipped answer).
 * Bodies are counted exactly; HTTP/1.1 headers are counted as sent here (request line, Host, Authorization with a
 * device token, content headers; the answer's status line and headers). HTTP/2 would compress headers further.
 * The meeting is a full one: attendance and savings for all 15, four loan repayments, a fine, and the cash count.
 * Run: npx tsx bench/sync-wire.bench.ts
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { openDatabase } from '../packages/server/src/open-database.ts';
import { buildApp } from '../packages/server/src/http/app.ts';
import { applyCommand } from '../packages/server/src/commands/apply-command.ts';
import { createOrganisation } from '../packages/server/src/use-cases/create-organisation.ts';
import { loadActor } from '../packages/server/src/access.ts';

const BUDGET = 2048;
const MEMBERS = 15;

const dir = path.resolve('.tmp/bench-sync-wire');
rmSync(dir, { recursive: true, force: true });
process.env.KHATA_MESSAGE_SENDER = 'none';
const database = await openDatabase({ dataDir: dir });
const { db } = database;
const app = await buildApp({ db });
const org = await createOrganisation(db, { code: 'BENCH', name: 'Bench NGO', admin: { username: 'bench', name: 'Bench', password: 'bench-password' } });
const admin = (await loadActor(db, org.adminUserId))!;
const run = (type: string, payload: unknown) => applyCommand(db, admin, { id: randomUUID(), type, payload });

// An SHG of 15 with a bookkeeper assigned to it, and a few weeks behind it (loans out).
const blockId = randomUUID();
const villageId = randomUUID();
const shgId = randomUUID();
await run('create-node', { id: blockId, parentId: org.rootNodeId, kind: 'block', name: 'Block', code: 'BLK' });
await run('create-node', { id: villageId, parentId: blockId, kind: 'village', name: 'Village', code: 'VIL' });
await run('create-shg', { id: shgId, villageId, name: 'Maa Durga Mahila SHG', code: 'SHG-0001', formedOn: '2025-01-06', meetingFrequency: 'weekly', meetingDay: 1, compulsorySavingsPaise: 2000 });
const names = ['Sabita Mahato', 'Anita Devi', 'Rekha Kumari', 'Mina Murmu', 'Lakshmi Soren', 'Puja Mahato', 'Sunita Devi', 'Kavita Kumari', 'Radha Hansda', 'Gita Devi', 'Sarita Oraon', 'Manju Devi', 'Rina Kisku', 'Basanti Tudu', 'Phulmani Hembrom'];
const members: string[] = [];
for (const name of names.slice(0, MEMBERS)) {
  const id = randomUUID();
  await run('admit-member', { id, shgId, name, joinedOn: '2025-01-06' });
  members.push(id);
}
await run('create-user', { id: randomUUID(), username: 'bookkeeper', name: 'Bookkeeper', password: 'bookkeeper-pass', language: 'hi', roles: [{ nodeId: shgId, role: 'bookkeeper' }] });

const flexible = { kind: 'flexible', ratePercentPerMonth: '2', period: 'weekly' };
const loans = members.slice(0, 4).map((memberId) => ({ loanId: randomUUID(), memberId }));
const week = (n: number) => new Date(Date.UTC(2025, 0, 6 + 7 * n)).toISOString().slice(0, 10);
function meeting(n: number, extra: Record<string, unknown> = {}) {
  return {
    meetingId: randomUUID(),
    shgId,
    date: week(n),
    attendance: members.map((memberId, i) => ({ memberId, status: i === 14 ? 'absent' : 'present' })),
    savings: members.slice(0, 14).map((memberId, i) => ({ memberId, compulsoryPaise: 2000, voluntaryPaise: i % 4 === 0 ? 1000 : 0 })),
    ...extra,
  };
}
for (let n = 0; n < 6; n++) await run('record-meeting', meeting(n));
await run('record-meeting', meeting(6, { disbursements: loans.map((l) => ({ ...l, principalPaise: 30_000, purpose: 'goat', terms: flexible })) }));
for (let n = 7; n < 10; n++) await run('record-meeting', meeting(n, { repayments: loans.map((l) => ({ ...l, amountPaise: 2000 })) }));

// The device signs in and holds the group (a full download), as the field app would before the meeting.
const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bookkeeper', password: 'bookkeeper-pass', device: { id: 'phone-1' } } });
const token = login.json().token as string;
const host = 'khata.example.org';

function requestHeaderBytes(method: string, url: string, headers: Record<string, string>): number {
  const lines = [`${method} ${url} HTTP/1.1`, `host: ${host}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  return Buffer.byteLength(`${lines.join('\r\n')}\r\n\r\n`);
}
function responseHeaderBytes(res: LightMyRequestResponse): number {
  const keep = ['content-type', 'content-length', 'content-encoding', 'vary'];
  const lines = [`HTTP/1.1 ${res.statusCode} OK`, ...Object.entries(res.headers).filter(([k]) => keep.includes(k)).map(([k, v]) => `${k}: ${v}`)];
  return Buffer.byteLength(`${lines.join('\r\n')}\r\n\r\n`);
}
async function call(options: InjectOptions & { url: string; method: 'GET' | 'POST' }, body?: Buffer) {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip', ...(body ? { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(body.length) } : {}) };
  const res = await app.inject({ ...options, headers, ...(body ? { payload: body } : {}) });
  if (res.statusCode !== 200) throw new Error(`${options.url}: ${res.statusCode} ${res.body}`);
  const raw = res.rawPayload;
  const json = JSON.parse((res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8'));
  return {
    json,
    requestBody: body?.length ?? 0,
    requestHeaders: requestHeaderBytes(options.method, options.url, headers),
    responseBody: raw.length,
    responseHeaders: responseHeaderBytes(res),
    responsePlain: Buffer.byteLength(JSON.stringify(json)),
  };
}

const first = await call({ method: 'GET', url: '/api/sync/pull?cursor=0&have=' });
const cursor = first.json.cursor as number;

// The meetings of weeks 10 and 11, as the field app queues them; the bookkeeper counts the cash in the box.
let cashInBox = first.json.groups[0].cashPaise as number;
function fullMeeting(n: number) {
  const m = meeting(n, { repayments: loans.map((l) => ({ ...l, amountPaise: 2000 })), fines: [{ memberId: members[14], reason: 'absence', amountPaise: 500 }] });
  cashInBox += 14 * 2000 + 4 * 1000 + 4 * 2000 + 500;
  return { ...m, cashCountedPaise: cashInBox };
}
let batch = 0;
async function pushMeeting(n: number, omitResults: boolean) {
  const payload = fullMeeting(n);
  const envelope = { deviceId: 'phone-1', batch: ++batch, ...(omitResults ? { omitResults } : {}), commands: [{ id: randomUUID(), type: 'record-meeting', payload, businessDate: payload.date, deviceTime: new Date().toISOString() }] };
  const plain = Buffer.from(JSON.stringify(envelope));
  const r = await call({ method: 'POST', url: '/api/sync/push' }, gzipSync(plain, { level: 9 }));
  if (r.json.results[0].status !== 'applied') throw new Error(`the meeting was not applied: ${JSON.stringify(r.json.results[0])}`);
  return { ...r, plain: plain.length };
}
const full = await pushMeeting(10, false);
const cursorBefore = (await call({ method: 'GET', url: `/api/sync/pull?cursor=${cursor}&have=${shgId}` })).json.cursor as number;
const brief = await pushMeeting(11, true);
const pull = await call({ method: 'GET', url: `/api/sync/pull?cursor=${cursorBefore}&have=${shgId}` });
if (pull.json.groups.length !== 1) throw new Error('the pull should bring back exactly the one group');

const verdict = (n: number) => (n <= BUDGET ? 'OK' : 'OVER BUDGET');
// Bodies under 200 B go plain (a gzip header would cost more than it saves).
const row = (label: string, sent: number, plain: number, headers: number) =>
  `  ${label.padEnd(40)} ${String(sent).padStart(5)} B body${sent < plain ? ' gzipped' : '        '} (${String(plain).padStart(5)} B as JSON) + ${headers} B headers`;
const total = (r: { requestBody: number; responseBody: number; requestHeaders: number; responseHeaders: number }) => ({
  bodies: r.requestBody + r.responseBody,
  all: r.requestBody + r.responseBody + r.requestHeaders + r.responseHeaders,
});
console.log(`\nsync wire benchmark: one weekly meeting of ${MEMBERS} members (attendance, savings, 4 repayments, a fine, cash count)`);
for (const [label, r] of [['push as the field app sends it (omitResults)', brief], ['push with full results', full]] as const) {
  const t = total(r);
  console.log(`${label}:`);
  console.log(row('request', r.requestBody, r.plain, r.requestHeaders));
  console.log(row('answer', r.responseBody, r.responsePlain, r.responseHeaders));
  console.log(`  ${'on the wire, bodies'.padEnd(40)} ${String(t.bodies).padStart(5)} B   (budget <= ${BUDGET} B) ${verdict(t.bodies)}`);
  console.log(`  ${'on the wire, bodies and HTTP/1.1 headers'.padEnd(40)} ${String(t.all).padStart(5)} B   (budget <= ${BUDGET} B) ${verdict(t.all)}`);
}
const p = total(pull);
console.log('pull of the one changed group (15 members, 4 open loans with their events, 5 recent meetings):');
console.log(row('request (cursor and held groups in the URL)', pull.requestBody, 0, pull.requestHeaders));
console.log(row('answer', pull.responseBody, pull.responsePlain, pull.responseHeaders));
console.log(`  ${'on the wire, bodies and HTTP/1.1 headers'.padEnd(40)} ${String(p.all).padStart(5)} B`);
console.log(`meeting synced both ways (field app push + pull): ${total(brief).all + p.all} B with headers`);
await app.close();
await database.close();
