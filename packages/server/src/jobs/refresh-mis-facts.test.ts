import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testApp, type TestApp } from '../testing/app.ts';
import { ok } from '../testing/fixtures.ts';
import { makeMisBlock, type MisBlock } from '../queries/mis-test-kit.ts';
import { refreshMisFacts } from './refresh-mis-facts.ts';

/* The background refresh computes what the MIS would, ahead of the reader, and then only what went stale. */

let h: TestApp;
let b: MisBlock;
const today = '2026-05-20';

beforeAll(async () => {
  h = await testApp();
  b = await makeMisBlock(h, 'RF');
}, 240_000);
afterAll(async () => h.close());

const factCount = async () => Number((await sql<{ n: string }>`select count(*) as n from mis_shg_fact`.execute(h.t.db)).rows[0]!.n);
const shgCount = async () => Number((await sql<{ n: string }>`select count(*) as n from node where kind = 'shg'`.execute(h.t.db)).rows[0]!.n);

describe('refreshing the MIS facts in the background', () => {
  it('computes every SHG as of today and the 11 month ends before, then nothing while nothing changes', async () => {
    const first = await refreshMisFacts(h.t.db, { today });
    expect(first.computed).toBe((await shgCount()) * 12);
    expect(await factCount()).toBe(first.computed);
    expect((await refreshMisFacts(h.t.db, { today })).computed).toBe(0);
  });

  it('after a meeting, recomputes only that SHG from the meeting’s date on', async () => {
    const s = b.shgs[1]!;
    const mark = (await sql<{ t: Date }>`select max(computed_at) as t from mis_shg_fact`.execute(h.t.db)).rows[0]!.t;
    await ok(
      h.admin.command('record-meeting', {
        meetingId: randomUUID(),
        shgId: s.id,
        date: '2026-05-18',
        attendance: s.memberIds.map((memberId) => ({ memberId, status: 'present' })),
        savings: s.memberIds.map((memberId) => ({ memberId, compulsoryPaise: 10_000, voluntaryPaise: 0 })),
      }),
    );
    expect((await refreshMisFacts(h.t.db, { today })).computed).toBe(1); // today's fact of that SHG
    const recomputed = await sql<{ shg: string; as_of: string }>`
      select shg_node_id as shg, as_of::text as as_of from mis_shg_fact where computed_at > ${mark}`.execute(h.t.db);
    expect(recomputed.rows).toEqual([{ shg: s.id, as_of: today }]);
  });
});
