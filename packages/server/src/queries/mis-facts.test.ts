import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testApp, type TestApp } from '../testing/app.ts';
import { ok } from '../testing/fixtures.ts';
import { makeMisBlock, type MisBlock } from './mis-test-kit.ts';

/*
 * The MIS reads per-SHG facts (migration 066): these tests prove the facts follow the books. A meeting recorded
 * after the facts were computed changes the MIS; correcting an old meeting (its entry reversed, dated as the
 * meeting) changes every month end from that meeting on and none before; later meetings leave a past month end as
 * it was.
 */

let h: TestApp;
let b: MisBlock;

beforeAll(async () => {
  h = await testApp();
  b = await makeMisBlock(h, 'MF');
}, 240_000);
afterAll(async () => h.close());

const mis = async (asOf: string) => (await ok(h.admin.get(`/api/nodes/${b.blockId}/mis?asOf=${asOf}`))).mis;
const facts = async (shgId: string) =>
  (await sql<{ as_of: string; savings: string }>`select as_of::text as as_of, savings_total_paise::text as savings from mis_shg_fact where shg_node_id = ${shgId} order by as_of`.execute(h.t.db)).rows;

describe('MIS facts stay fresh', () => {
  it('stores one fact per SHG and date asked for (asOf and the series month ends)', async () => {
    await mis('2026-04-30');
    const stored = await facts(b.shgs[0]!.id);
    expect(stored.map((f) => f.as_of)).toContain('2026-04-30');
    expect(stored.map((f) => f.as_of)).toContain('2026-03-31');
    expect(stored).toHaveLength(12);
  });

  it('a meeting recorded after the facts were computed changes the MIS; the past month end stays as it was', async () => {
    const april = await mis('2026-04-30');
    const mayBefore = await mis('2026-05-31');
    const s1 = b.shgs[0]!;
    await ok(
      h.admin.command('record-meeting', {
        meetingId: randomUUID(),
        shgId: s1.id,
        date: '2026-05-04',
        attendance: s1.memberIds.map((memberId) => ({ memberId, status: 'present' })),
        savings: s1.memberIds.map((memberId) => ({ memberId, compulsoryPaise: 10_000, voluntaryPaise: 0 })),
      }),
    );
    // The trigger dropped S1's facts from the meeting's date on, and only those.
    const left = (await facts(s1.id)).map((f) => f.as_of);
    expect(left).toContain('2026-04-30');
    expect(left).not.toContain('2026-05-31');

    const mayAfter = await mis('2026-05-31');
    expect(mayAfter.savings.totalPaise).toBe(mayBefore.savings.totalPaise + s1.memberIds.length * 10_000);
    expect(mayAfter.series[11].savingsPaise).toBe(mayAfter.savings.totalPaise);
    expect(mayAfter.series[10]).toEqual(mayBefore.series[10]); // April's point: unchanged
    expect(await mis('2026-04-30')).toEqual(april);
  });

  it('correcting an old meeting (a reversal dated as the meeting) changes the month ends from then on, not before', async () => {
    const march = await mis('2026-03-31');
    const aprilBefore = await mis('2026-04-30');
    const s1 = b.shgs[0]!;
    // S1's meeting of 6 April carried the late repayment of s1a: corrected, without it and with one saving less.
    const original = await h.t.db.selectFrom('meeting').select('id').where('shg_id', '=', s1.id).where('date', '=', '2026-04-06').where('status', '=', 'recorded').executeTakeFirstOrThrow();
    await ok(
      h.admin.command('correct-meeting', {
        correctionId: randomUUID(),
        meetingId: original.id,
        reason: 'the repayment was recorded in the wrong group',
        meeting: {
          meetingId: randomUUID(),
          shgId: s1.id,
          date: '2026-04-06',
          attendance: s1.memberIds.map((memberId) => ({ memberId, status: 'present' })),
          savings: s1.memberIds.map((memberId, k) => ({ memberId, compulsoryPaise: k === 0 ? 0 : 10_000, voluntaryPaise: 0 })),
        },
      }),
    );
    const left = (await facts(s1.id)).map((f) => f.as_of);
    expect(left).toContain('2026-03-31');
    expect(left).not.toContain('2026-04-30');

    const aprilAfter = await mis('2026-04-30');
    expect(aprilAfter.savings.totalPaise).toBe(aprilBefore.savings.totalPaise - 10_000);
    expect(aprilAfter.portfolio.collectedPaise).toBe(aprilBefore.portfolio.collectedPaise - 13_200);
    expect(aprilAfter.portfolio.par.outstandingPaise).toBeGreaterThan(aprilBefore.portfolio.par.outstandingPaise);
    // The SHG's own portfolio report says the same after the correction.
    const own = (await ok(h.admin.get(`/api/shgs/${s1.id}/reports/portfolio?asOf=2026-04-30`))).report;
    const others = await Promise.all(b.shgs.slice(1).map(async (s) => (await ok(h.admin.get(`/api/shgs/${s.id}/reports/portfolio?asOf=2026-04-30`))).report));
    expect(aprilAfter.portfolio.par.outstandingPaise).toBe([own, ...others].reduce((t, r) => t + r.totals.outstanding, 0));
    expect(await mis('2026-03-31')).toEqual(march);
  });

  it('a fact for a day not yet ended when computed is recomputed once that day has passed', async () => {
    const s2 = b.shgs[1]!;
    await mis('2026-04-30');
    // Pretend S2's April fact was computed on 30 April itself (provisional): the next MIS recomputes it.
    await sql`update mis_shg_fact set computed_on = '2026-04-30', savings_total_paise = 0 where shg_node_id = ${s2.id} and as_of = '2026-04-30'`.execute(h.t.db);
    const again = await mis('2026-04-30');
    const row = (await facts(s2.id)).find((f) => f.as_of === '2026-04-30')!;
    expect(Number(row.savings)).toBeGreaterThan(0);
    expect(again.savings.totalPaise).toBe((await mis('2026-04-30')).savings.totalPaise);
  });
});
