/**
 * Ledger benchmarks against DESIGN.md's budgets, on a real embedded PostgreSQL:
 *  - meetings posted per second through the whole command path vs a raw insert of the same rows (>= 0.5x)
 *  - bytes on disk per journal line, indexes included (<= 150)
 *  - one SHG's trial balance with many groups loaded (< 50 ms)
 * Run: npx tsx bench/ledger.bench.ts [--shgs 200] [--weeks 26]
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../packages/server/src/open-database.ts';
import { applyCommand } from '../packages/server/src/commands/apply-command.ts';
import { createOrganisation } from '../packages/server/src/use-cases/create-organisation.ts';
import { loadActor } from '../packages/server/src/access.ts';
import { accountBalances } from '../packages/server/src/ledger/post-entry.ts';
import { addDays } from '../packages/core/src/dates.ts';
import { parseArgs, intFlag } from '../packages/cli/src/args.ts';
import { progressPrinter } from '../packages/cli/src/progress.ts';

const args = parseArgs(process.argv.slice(2));
const SHGS = intFlag(args, 'shgs', 100, 1, 100_000);
const WEEKS = intFlag(args, 'weeks', 20, 1, 520);
const MEMBERS = 15;

const dir = path.resolve('.tmp/bench-ledger');
rmSync(dir, { recursive: true, force: true });
const database = await openDatabase({ dataDir: dir });
const { db } = database;
const org = await createOrganisation(db, { code: 'BENCH', name: 'Bench NGO', admin: { username: 'bench', name: 'Bench', password: 'bench-password' } });
const actor = (await loadActor(db, org.adminUserId))!;
const run = (type: string, payload: unknown) => applyCommand(db, actor, { id: randomUUID(), type, payload });

const blockId = randomUUID();
const villageId = randomUUID();
await run('create-node', { id: blockId, parentId: org.rootNodeId, kind: 'block', name: 'Block', code: 'BLK' });
await run('create-node', { id: villageId, parentId: blockId, kind: 'village', name: 'Village', code: 'VIL' });
const groups: Array<{ shgId: string; members: string[] }> = [];
const setup = progressPrinter('setting up SHGs');
for (let s = 0; s < SHGS; s++) {
  const shgId = randomUUID();
  await run('create-shg', { id: shgId, villageId, name: `SHG ${s}`, code: `S${s}`, formedOn: '2025-01-06', meetingFrequency: 'weekly', compulsorySavingsPaise: 1000 });
  const members: string[] = [];
  for (let m = 0; m < MEMBERS; m++) {
    const id = randomUUID();
    await run('admit-member', { id, shgId, name: `M${m}`, joinedOn: '2025-01-06' });
    members.push(id);
  }
  groups.push({ shgId, members });
  setup(s + 1, SHGS);
}

function meetingPayload(g: { shgId: string; members: string[] }, week: number) {
  return {
    meetingId: randomUUID(),
    shgId: g.shgId,
    date: addDays('2025-01-06', week * 7),
    attendance: g.members.map((memberId) => ({ memberId, status: 'present' })),
    savings: g.members.map((memberId, i) => ({ memberId, compulsoryPaise: 1000, voluntaryPaise: i % 3 === 0 ? 500 : 0 })),
    fines: [{ memberId: g.members[0]!, reason: 'late', amountPaise: 500 }],
    expenses: week % 4 === 0 ? [{ kind: 'stationery', amountPaise: 2000 }] : [],
  };
}

// 1. The whole command path: validate, snapshot, plan, idempotency record, journal, loan events, balances.
const total = SHGS * WEEKS;
const posting = progressPrinter('posting meetings (command path)');
let done = 0;
const t0 = performance.now();
for (let w = 0; w < WEEKS; w++) {
  for (const g of groups) {
    await applyCommand(db, actor, { id: randomUUID(), type: 'record-meeting', payload: meetingPayload(g, w) });
    posting(++done, total);
  }
}
const commandSeconds = (performance.now() - t0) / 1000;

// 2. Raw insert of the same rows, one meeting per transaction: the entry, its lines, the meeting and the
//    command record, copied from what the command path wrote, into plain tables (no triggers, no checks).
const entries = await db.selectFrom('journal_entry').selectAll().where('source_type', '=', 'record-meeting').orderBy('id').execute();
const lines = await db.selectFrom('journal_line').selectAll().orderBy('entry_id').orderBy('line_no').execute();
const meetings = new Map((await db.selectFrom('meeting').selectAll().execute()).map((m) => [m.entry_id, m]));
const commands = new Map((await db.selectFrom('command').selectAll().execute()).map((c) => [c.id, c]));
const byEntry = new Map<number, typeof lines>();
for (const l of lines) (byEntry.get(l.entry_id) ?? byEntry.set(l.entry_id, []).get(l.entry_id)!).push(l);
for (const t of ['journal_entry', 'journal_line', 'meeting', 'command']) await sql.raw(`create table raw_${t} (like ${t})`).execute(db);
const raw = progressPrinter('raw insert of the same rows');
const t1 = performance.now();
let i = 0;
for (const e of entries) {
  const m = meetings.get(e.id)!;
  const c = commands.get(m.command_id)!;
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('raw_journal_entry' as any).values(e).execute();
    await tx.insertInto('raw_journal_line' as any).values(byEntry.get(e.id)!).execute();
    await tx.insertInto('raw_meeting' as any).values({ ...m, payload: JSON.stringify(m.payload) }).execute();
    await tx.insertInto('raw_command' as any).values({ ...c, result: JSON.stringify(c.result) }).execute();
  });
  raw(++i, entries.length);
}
const rawSeconds = (performance.now() - t1) / 1000;

// 3. Bytes per line, indexes included.
const size = await sql<{ bytes: string; lines: string }>`select pg_total_relation_size('journal_line') as bytes, (select count(*) from journal_line) as lines`.execute(db);
const bytesPerLine = Number(size.rows[0]!.bytes) / Number(size.rows[0]!.lines);

// 4. One SHG's trial balance with everything loaded (median of 21 runs).
const entity = await db.selectFrom('entity').select('id').where('kind', '=', 'shg').orderBy('id').limit(1).executeTakeFirstOrThrow();
const times: number[] = [];
for (let k = 0; k < 21; k++) {
  const s = performance.now();
  await accountBalances(db, entity.id);
  times.push(performance.now() - s);
}
times.sort((a, b) => a - b);

const commandRate = total / commandSeconds;
const rawRate = entries.length / rawSeconds;
const lineCount = Number(size.rows[0]!.lines);
console.log(`\nledger benchmark: ${SHGS} SHGs x ${WEEKS} weekly meetings of ${MEMBERS} members (${lineCount} journal lines)`);
console.log(`  meetings/s through the command path : ${commandRate.toFixed(1)}`);
console.log(`  meetings/s raw insert, same rows    : ${rawRate.toFixed(1)}`);
console.log(`  ratio                               : ${(commandRate / rawRate).toFixed(2)}  (budget >= 0.50) ${commandRate / rawRate >= 0.5 ? 'OK' : 'OVER BUDGET'}`);
console.log(`  bytes per journal line with indexes : ${bytesPerLine.toFixed(0)}  (budget <= 150) ${bytesPerLine <= 150 ? 'OK' : 'OVER BUDGET'}`);
console.log(`  one SHG trial balance, median       : ${times[10]!.toFixed(1)} ms  (budget < 50 ms) ${times[10]! < 50 ? 'OK' : 'OVER BUDGET'}`);
await database.close();
