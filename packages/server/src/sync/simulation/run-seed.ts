import { createHash, randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { MemberSummary } from '@khata/core';
import { loadActor, type Actor } from '../../access.ts';
import { applyCommand } from '../../commands/apply-command.ts';
import type { Database } from '../../db/pool.ts';
import { toGroupSnapshot } from '../local-group.ts';
import { loadGroupStates } from '../pull.ts';
import type { GroupState, PullResponse, PushResponse } from '../protocol.ts';
import { syncClient, type SyncClient } from '../test-client.ts';
import { Device, type PullRequest, type PushRequest } from './device.ts';
import { Rng } from './prng.ts';

/*
 * One seed of the sync simulation: a few bookkeepers' devices (some sharing a group) record meetings offline and
 * sync through a network that drops, duplicates, reorders and delays requests and answers, while devices
 * restart. Everything follows from the seed. The server is the real one (app.inject, real PostgreSQL).
 */

export interface SimWorld {
  app: FastifyInstance;
  db: Database;
  admin: Actor;
  villageId: string;
}

export async function prepareWorld(app: FastifyInstance, db: Database, rootNodeId: string): Promise<SimWorld> {
  const adminRow = await db.selectFrom('app_user').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow();
  const admin = (await loadActor(db, adminRow.id))!;
  const rng = new Rng(0x5157);
  const blockId = rng.uuid();
  const villageId = rng.uuid();
  const run = (type: string, payload: unknown) => applyCommand(db, admin, { id: rng.uuid(), type, payload });
  await run('create-node', { id: blockId, parentId: rootNodeId, kind: 'block', name: 'Simulation block', code: 'SIM-BLOCK' });
  await run('create-node', { id: villageId, parentId: blockId, kind: 'village', name: 'Simulation village', code: 'SIM-VILLAGE' });
  return { app, db, admin, villageId };
}

export interface SeedReport {
  seed: number;
  devices: number;
  groups: number;
  meetings: number;
  accepted: number;
  refused: Record<string, number>;
  restarts: number;
  requests: number;
  dropped: number;
  duplicated: number;
  staleBatches: number;
  virtualMs: number;
  violations: string[];
}

interface SimGroup {
  id: string;
  members: string[];
}

type Message =
  | { kind: 'push'; device: Device; epoch: number; body: PushRequest }
  | { kind: 'pull'; device: Device; epoch: number; body: PullRequest }
  | { kind: 'push-answer'; device: Device; epoch: number; batch: number; status: number; body: PushResponse | null }
  | { kind: 'pull-answer'; device: Device; epoch: number; seq: number; status: number; body: PullResponse | null };

type EventBody = { kind: 'tick'; device: Device } | { kind: 'net'; message: Message };
type Event = { at: number; n: number } & EventBody;

const MAX_VIRTUAL_MS = 15 * 60 * 1000;

export async function runSeed(world: SimWorld, seed: number, trace?: (line: string) => void): Promise<SeedReport> {
  const rng = new Rng(seed);
  const { db } = world;
  const log = trace ?? (() => {});

  // -- the world of this seed: its groups, its bookkeepers and their devices
  const run = (type: string, payload: unknown) => applyCommand(db, world.admin, { id: rng.uuid(), type, payload });
  const groups: SimGroup[] = [];
  for (let i = rng.int(1, 3); i > 0; i--) {
    const id = rng.uuid();
    await run('create-shg', { id, villageId: world.villageId, name: `Sim ${seed}-${i}`, code: `SIM-${seed}-${i}`, formedOn: '2026-01-05', meetingFrequency: 'weekly', meetingDay: 1, compulsorySavingsPaise: 1000 });
    // Members straight into the table (admitting is tested elsewhere; the seed's time goes to syncing).
    const members = Array.from({ length: rng.int(3, 4) }, (_, m) => ({
      id: rng.uuid(),
      organisation_id: world.admin.organisationId,
      shg_id: id,
      membership_number: m + 1,
      name: `Member ${m + 1}`,
      joined_on: '2026-01-05',
      left_on: null,
      phone: `9${String(rng.int(0, 999_999_999)).padStart(9, '0')}`,
      household_id: null,
      date_of_birth: null,
      poverty_status: 'poor',
      categories: [],
      nominee_name: null,
      nominee_relation: null,
    }));
    await db.insertInto('member').values(members).execute();
    groups.push({ id, members: members.map((m) => m.id) });
  }
  const deviceCount = rng.int(2, 4);
  const assignments: string[][] = [];
  for (let d = 0; d < deviceCount; d++) {
    const mine = new Set<string>();
    // The first two devices share the first group: two bookkeepers of one SHG, the conflict case.
    if (d < 2) mine.add(groups[0]!.id);
    else mine.add(rng.pick(groups).id);
    if (rng.chance(0.3)) mine.add(rng.pick(groups).id);
    assignments.push([...mine].sort());
  }
  groups.forEach((g, i) => {
    if (!assignments.some((a) => a.includes(g.id))) assignments[i % deviceCount]!.push(g.id);
  });
  for (const a of assignments) a.sort();
  const devices: Device[] = [];
  const clients = new Map<Device, SyncClient>();
  for (let d = 0; d < deviceCount; d++) {
    const userId = rng.uuid();
    const deviceId = `sim-${seed}-${d}`;
    await db.insertInto('app_user').values({ id: userId, organisation_id: world.admin.organisationId, username: `sim-${seed}-${d}`, name: `Bookkeeper ${d}`, password_hash: 'not-used', language: rng.pick(['en', 'hi', 'bn', 'or']) }).execute();
    await db.insertInto('role_assignment').values(assignments[d]!.map((nodeId) => ({ user_id: userId, node_id: nodeId, organisation_id: world.admin.organisationId, role: 'bookkeeper' as const }))).execute();
    const token = randomBytes(24).toString('base64url');
    await db.insertInto('session').values({ token_hash: createHash('sha256').update(token).digest(), user_id: userId, kind: 'device', device_id: deviceId, expires_at: new Date(Date.now() + 86_400_000) }).execute();
    const device = new Device(`device ${d}`, deviceId, token, rng, rng.int(2, 3));
    devices.push(device);
    clients.set(device, syncClient(world.app, token, deviceId));
  }

  // -- the network
  const dropRate = rng.pick([0, 0.05, 0.15, 0.3]);
  const dupRate = rng.pick([0, 0.05, 0.15, 0.3]);
  const maxDelay = rng.pick([50, 300, 1500]);
  const restartRate = rng.pick([0, 0.02, 0.08]);
  const stallRate = rng.pick([0, 0.03, 0.1]);
  log(`seed ${seed}: ${groups.length} groups, ${deviceCount} devices ${JSON.stringify(assignments.map((a) => a.length))}, drop ${dropRate}, dup ${dupRate}, delay <= ${maxDelay} ms, stalls ${stallRate}, restart ${restartRate}`);
  const stats = { requests: 0, dropped: 0, duplicated: 0, staleBatches: 0 };
  const queue: Event[] = [];
  let n = 0;
  let now = 0;
  const schedule = (e: { at: number } & EventBody) => queue.push({ ...e, n: n++ });
  const send = (message: Message) => {
    if (rng.chance(dropRate)) {
      stats.dropped++;
      log(`${now} drop ${message.kind} ${message.device.name}`);
      return;
    }
    // Mostly within maxDelay; now and then stuck for many seconds (a proxy's late resend), long after the device gave up.
    const delay = () => (rng.chance(stallRate) ? rng.int(2000, 30_000) : rng.int(1, maxDelay));
    schedule({ at: now + delay(), kind: 'net', message });
    if (rng.chance(dupRate)) {
      stats.duplicated++;
      schedule({ at: now + delay(), kind: 'net', message });
    }
  };
  const quiescent = () => devices.every((d) => d.meetingsLeft === 0 && d.waiting().length === 0);

  const deliver = async (m: Message) => {
    const client = clients.get(m.device)!;
    if (m.kind === 'push') {
      stats.requests++;
      const r = await client.push(m.body);
      if (r.status === 409) stats.staleBatches++;
      log(`${now} server push ${m.device.name} batch ${m.body.batch} (${m.body.commands.length}) -> ${r.status} ${r.status === 200 ? r.body.results.map((x: any) => x.status[0]).join('') : ''}`);
      send({ kind: 'push-answer', device: m.device, epoch: m.epoch, batch: m.body.batch, status: r.status, body: r.status === 200 ? r.body : null });
    } else if (m.kind === 'pull') {
      stats.requests++;
      const r = await client.pull({ cursor: m.body.cursor, have: m.body.have });
      log(`${now} server pull ${m.device.name} #${m.body.seq} cursor ${m.body.cursor} -> ${r.status} ${r.body.groups?.length ?? ''} groups`);
      send({ kind: 'pull-answer', device: m.device, epoch: m.epoch, seq: m.body.seq, status: r.status, body: r.status === 200 ? r.body : null });
    } else if (m.epoch !== m.device.epoch) {
      log(`${now} ${m.device.name} lost ${m.kind} (restarted)`);
    } else if (m.kind === 'push-answer') {
      m.device.onPushAnswer(now, m.batch, m.status, m.body);
    } else {
      m.device.onPullAnswer(now, m.seq, m.status, m.body);
    }
  };

  const tick = (d: Device) => {
    d.timeouts(now);
    if (rng.chance(restartRate)) {
      d.restart();
      log(`${now} ${d.name} restarts`);
    }
    if (d.meetingsLeft > 0 && Object.keys(d.durable.groups).length > 0 && rng.chance(0.35)) {
      d.meetingsLeft--;
      const e = d.recordMeeting();
      if (e) log(`${now} ${d.name} records ${e.payload.date} in ${e.shgId.slice(0, 4)} as ${e.id.slice(0, 8)}`);
    }
    const push = d.nextPush(now);
    if (push) send({ kind: 'push', device: d, epoch: d.epoch, body: push });
    if (d.wantPull) {
      const pull = d.nextPull(now);
      if (pull) send({ kind: 'pull', device: d, epoch: d.epoch, body: pull });
    }
  };

  for (const d of devices) schedule({ at: rng.int(0, 100), kind: 'tick', device: d });
  let settled = false;
  while (queue.length > 0) {
    let i = 0;
    for (let j = 1; j < queue.length; j++) if (queue[j]!.at < queue[i]!.at || (queue[j]!.at === queue[i]!.at && queue[j]!.n < queue[i]!.n)) i = j;
    const e = queue.splice(i, 1)[0]!;
    now = e.at;
    if (now > MAX_VIRTUAL_MS) break;
    if (e.kind === 'tick') {
      if (settled) continue;
      tick(e.device);
      if (quiescent()) settled = true;
      else schedule({ at: now + rng.int(20, 200), kind: 'tick', device: e.device });
    } else {
      // After the devices settle, what is still on the wire keeps arriving: late copies reach the server too.
      await deliver(e.message);
    }
  }

  const violations: string[] = [];
  if (!settled) violations.push(`the devices did not settle within ${MAX_VIRTUAL_MS / 60000} virtual minutes`);

  // -- a last pull over a good network
  for (const d of devices) {
    d.inflightPull = null;
    d.nextPullAt = 0;
    const p = d.nextPull(now)!;
    const r = await clients.get(d)!.pull({ cursor: p.cursor, have: p.have });
    d.onPullAnswer(now, p.seq, r.status, r.body);
  }

  // -- what must hold
  const report: SeedReport = {
    seed,
    devices: deviceCount,
    groups: groups.length,
    meetings: devices.reduce((t, d) => t + d.durable.outbox.length, 0),
    accepted: 0,
    refused: {},
    restarts: devices.reduce((t, d) => t + d.restarts, 0),
    ...stats,
    virtualMs: now,
    violations,
  };
  const accepted = new Map<string, { device: Device; serverSeq: number; meetingId: string; result: unknown }>();
  const refusedMeetings: string[] = [];
  for (const d of devices) {
    for (const a of d.anomalies) violations.push(a);
    for (const e of d.durable.outbox) {
      if (e.status === 'waiting') violations.push(`${d.name}: command ${e.id} is still waiting: lost`);
      else if (e.status === 'accepted') accepted.set(e.id, { device: d, serverSeq: e.serverSeq!, meetingId: e.payload.meetingId, result: e.result });
      else {
        refusedMeetings.push(e.payload.meetingId);
        report.refused[e.error?.code ?? '?'] = (report.refused[e.error?.code ?? '?'] ?? 0) + 1;
        if (!e.error?.code || !e.error.message) violations.push(`${d.name}: command ${e.id} refused without a reason to show`);
        if (e.error?.code === 'DUPLICATE_MEETING' && !e.error.serverHolds?.meetingId) violations.push(`${d.name}: duplicate meeting ${e.id} refused without what the server holds`);
      }
    }
  }
  report.accepted = accepted.size;

  // Every command the server holds from these devices is one a device knows as accepted, with the same seq; and back.
  const onServer = await db.selectFrom('command').select(['id', 'server_seq', 'device_id']).where('device_id', 'in', devices.map((d) => d.deviceId)).execute();
  for (const c of onServer) {
    const a = accepted.get(c.id);
    if (!a) violations.push(`the server applied command ${c.id} (from ${c.device_id}) that no device knows as accepted`);
    else if (a.serverSeq !== c.server_seq) violations.push(`command ${c.id}: device has server_seq ${a.serverSeq}, server ${c.server_seq}`);
  }
  if (onServer.length !== accepted.size) violations.push(`${accepted.size} commands accepted on devices, ${onServer.length} on the server`);

  // Applied exactly once: one meeting per command, at most one entry per command, one live meeting per group and date.
  const ids = [...accepted.keys()];
  if (ids.length) {
    const perCommand = await sql<{ command_id: string; meetings: number; entries: number }>`
      select c.id as command_id,
             (select count(*) from meeting m where m.command_id = c.id)::int as meetings,
             (select count(*) from journal_entry j where j.command_id = c.id)::int as entries
        from command c where c.id = any(${ids}::uuid[])`.execute(db);
    for (const r of perCommand.rows) {
      if (r.meetings !== 1 || r.entries > 1) violations.push(`command ${r.command_id}: ${r.meetings} meetings, ${r.entries} entries`);
    }
  }
  const groupIds = groups.map((g) => g.id);
  const doubled = await sql<{ shg_id: string; date: string }>`
    select shg_id, date from meeting where shg_id = any(${groupIds}::uuid[]) and status = 'recorded' group by 1, 2 having count(*) > 1`.execute(db);
  for (const r of doubled.rows) violations.push(`two meetings of ${r.shg_id} on ${r.date}`);

  // The books: every entry balances; sub-ledger and period balances equal the sums of the lines.
  const entities = (await db.selectFrom('entity').select('id').where('node_id', 'in', groupIds).execute()).map((e) => e.id);
  const books = await sql<{ unbalanced: number; members: number; loans: number; periods: number; negative_cash: number }>`
    with acc as (select id from account where entity_id = any(${entities}::int[])),
    lines as (select l.* from journal_line l where l.account_id in (select id from acc))
    select
      (select count(*) from (select entry_id from lines group by entry_id having sum(amount_paise) <> 0) x)::int as unbalanced,
      (select count(*) from (select account_id, member_id, balance_paise from member_balance where account_id in (select id from acc)) b
         full join (select account_id, member_id, sum(amount_paise) s from lines where member_id is not null group by 1, 2) l using (account_id, member_id)
        where coalesce(b.balance_paise, 0) <> coalesce(l.s, 0))::int as members,
      (select count(*) from (select account_id, loan_id, balance_paise from loan_balance where account_id in (select id from acc)) b
         full join (select account_id, loan_id, sum(amount_paise) s from lines where loan_id is not null group by 1, 2) l using (account_id, loan_id)
        where coalesce(b.balance_paise, 0) <> coalesce(l.s, 0))::int as loans,
      (select count(*) from (select account_id, sum(debit_paise - credit_paise) s from account_period_balance where account_id in (select id from acc) group by 1) p
         full join (select account_id, sum(amount_paise) s from lines group by 1) l using (account_id)
        where coalesce(p.s, 0) <> coalesce(l.s, 0))::int as periods,
      (select count(*) from (select a.entity_id, sum(l.amount_paise) s from lines l join account a on a.id = l.account_id where a.path = 'assets:cash' group by 1) c where c.s < 0)::int as negative_cash`.execute(db);
  const b = books.rows[0]!;
  if (b.unbalanced) violations.push(`${b.unbalanced} entries do not balance`);
  if (b.members || b.loans || b.periods) violations.push(`sub-ledgers disagree with the lines: members ${b.members}, loans ${b.loans}, periods ${b.periods}`);
  if (b.negative_cash) violations.push(`${b.negative_cash} groups hold negative cash`);

  // Devices agree with the server: each holds exactly its groups, each copy equal to the server's state now.
  const server = new Map<string, GroupState>();
  await db.transaction().execute(async (tx) => {
    const paths = await tx.selectFrom('node').select(['id', 'path']).where('id', 'in', groupIds).execute();
    for (const s of await loadGroupStates(tx, paths)) server.set(s.id, s);
  });
  devices.forEach((d, i) => {
    const held = Object.keys(d.durable.groups).sort();
    if (!isDeepStrictEqual(held, assignments[i])) violations.push(`${d.name} holds ${held.length} groups, is assigned ${assignments[i]!.length}`);
    for (const id of held) {
      if (!isDeepStrictEqual(d.durable.groups[id], server.get(id))) violations.push(`${d.name}: its copy of group ${id} differs from the server's`);
      if (!isDeepStrictEqual(d.localView(id), toGroupSnapshot(server.get(id)!))) violations.push(`${d.name}: its working view of group ${id} differs from the server's`);
    }
  });

  // Receipts: one per member at each accepted meeting, none for refused ones.
  const receipts = await sql<{ subject_id: string; n: number }>`
    select subject_id, count(*)::int as n from message_outbox where shg_id = any(${groupIds}::uuid[]) group by 1`.execute(db);
  const counted = new Map(receipts.rows.map((r) => [r.subject_id, r.n]));
  for (const [id, a] of accepted) {
    const summaries = (a.result as { memberSummaries: MemberSummary[] }).memberSummaries;
    const expected = summaries.filter((s) => (s.attendance !== null && s.attendance !== 'absent') || s.paidPaise > 0 || s.receivedPaise > 0).length;
    if ((counted.get(a.meetingId) ?? 0) !== expected) violations.push(`command ${id}: ${counted.get(a.meetingId) ?? 0} receipts, expected ${expected}`);
  }
  for (const m of refusedMeetings) if (counted.has(m)) violations.push(`a refused meeting ${m} has receipts`);
  return report;
}
