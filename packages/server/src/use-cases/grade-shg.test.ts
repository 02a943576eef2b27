import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Caller, type TestApp } from '../testing/app.ts';
import { makeGroup, ok, regularMeeting, type TestGroup } from '../testing/fixtures.ts';

/*
 * A grading round from the books: four members, Rs 10 a week, graded over one month (four weekly periods from
 * 13 Jan to 9 Feb): no meeting on 2 Feb; one member absent and not saving on 26 Jan; Rs 30 lent on 5 Jan (before
 * the window; Rs 0.60 interest due on 5 Feb, Rs 0.30 repaid on 9 Feb) and Rs 20 on 19 Jan; the 26 Jan meeting
 * reached the books ten days late.
 */
let h: TestApp;
let g: TestGroup;
let other: TestGroup;
let checker: Caller;
let staff: Caller;
let gradingId: string;
const flexible = { kind: 'flexible', ratePercentPerMonth: '2', period: 'monthly' };
const firstLoan = randomUUID();

async function recordedOn(date: string, at: string) {
  await h.t.db.updateTable('meeting').set({ recorded_at: at } as never).where('shg_id', '=', g.shgId).where('date', '=', date).execute();
}

beforeAll(async () => {
  h = await testApp();
  g = await makeGroup(h, h.admin, { members: 4, formedOn: '2026-01-05', code: 'GRD' });
  const [m0, m1, m2, m3] = g.memberIds as [string, string, string, string];
  const absent = { attendance: [m0, m1, m2].map((memberId) => ({ memberId, status: 'present' })).concat([{ memberId: m3, status: 'absent' }]), savings: [m0, m1, m2].map((memberId) => ({ memberId, compulsoryPaise: 1000, voluntaryPaise: 0 })) };
  await ok(h.admin.command('record-meeting', regularMeeting(g, '2026-01-05', { disbursements: [{ loanId: firstLoan, memberId: m0, principalPaise: 3000, purpose: 'seeds', terms: flexible }] })));
  await ok(h.admin.command('record-meeting', regularMeeting(g, '2026-01-12')));
  await ok(h.admin.command('record-meeting', regularMeeting(g, '2026-01-19', { disbursements: [{ loanId: randomUUID(), memberId: m1, principalPaise: 2000, purpose: 'hens', terms: flexible }] })));
  await ok(h.admin.command('record-meeting', regularMeeting(g, '2026-01-26', absent)));
  await ok(h.admin.command('record-meeting', regularMeeting(g, '2026-02-09', { repayments: [{ memberId: m0, loanId: firstLoan, amountPaise: 30 }] })));
  for (const d of ['2026-01-05', '2026-01-12', '2026-01-19']) await recordedOn(d, `${d}T18:00:00+05:30`);
  await recordedOn('2026-01-26', '2026-02-05T10:00:00+05:30');
  await recordedOn('2026-02-09', '2026-02-10T10:00:00+05:30');
  await ok(h.admin.command('define-rule-set', { id: randomUUID(), nodeId: h.rootNodeId, effectiveFrom: '2026-01-01', body: { grading: { windowMonths: 1 } } }));

  await ok(h.admin.command('create-user', { id: randomUUID(), username: 'checker', name: 'Checker', password: 'checker-pass', roles: [{ nodeId: h.rootNodeId, role: 'manager' }] }));
  checker = await h.as('checker', 'checker-pass');
  other = await makeGroup(h, h.admin, { members: 2, formedOn: '2026-01-05', code: 'OTH' }); // its own branch
  const branchOfG = (await h.t.db.selectFrom('node').select('parent_id').where('id', '=', g.villageId).executeTakeFirstOrThrow()).parent_id!;
  await ok(h.admin.command('create-user', { id: randomUUID(), username: 'staff-g', name: 'Staff G', password: 'staff-g-pass', roles: [{ nodeId: branchOfG, role: 'staff' }] }));
  staff = await h.as('staff-g', 'staff-g-pass');
});
afterAll(async () => h.close());

describe('grading from the records', () => {
  it('computes the grade explained indicator by indicator, under the rule set in force', async () => {
    const { grading } = await ok(h.admin.get(`/api/shgs/${g.shgId}/grading?asOf=2026-02-09&stage=before-rf`));
    expect(grading.window).toEqual({ from: '2026-01-13', through: '2026-02-09' });
    expect(grading.indicators.map((i: any) => i.explanation)).toEqual([
      '3 of 4 weekly meetings held (75.00%): 15.00 of 20 points',
      '11 of 12 member attendances at 3 meetings (91.67%): 9.16 of 10 points',
      'Rs 110.00 of Rs 160.00 compulsory savings due in 4 weekly periods collected (68.75%): 13.75 of 20 points',
      'Rs 20.00 lent to members against Rs 110.00 saved (18.18%, full marks at 80%): 3.40 of 15 points',
      'Rs 0.30 of Rs 0.60 due on internal loans repaid (50.00%): 10.00 of 20 points',
      '2 of 3 meetings in the books within 7 days (66.67%): 10.00 of 15 points',
    ]);
    expect([grading.score, grading.grade, grading.bankCreditEligible, grading.panchasutra.score]).toEqual(['61.31', 'C', false, 0]);
    expect(grading.gradeExplanation).toBe('61.31 of 100 points: grade C (below 75)');
    expect(grading.ruleSet).toMatchObject({ version: 1, label: 'v1 (from 2026-01-01)' });
    expect(grading.stage).toEqual({ stage: 'before-rf', from: '2026-04-05', to: '2026-05-05', timing: 'early' });
  });

  it('stores a grading round with its indicators and rule set version; a later version leaves it as it was', async () => {
    gradingId = randomUUID();
    const r = await ok(h.admin.command('grade-shg', { id: gradingId, shgId: g.shgId, asOf: '2026-02-09', stage: 'before-rf' }));
    expect(r.result).toMatchObject({ gradingId, score: '61.31', grade: 'C', panchasutraScore: 0, ruleSet: { version: 1 } });

    // New cut-offs from 10 February: the same records grade B from then on; the stored round and earlier dates stay C.
    await ok(h.admin.command('define-rule-set', { id: randomUUID(), nodeId: h.rootNodeId, effectiveFrom: '2026-02-10', body: { grading: { windowMonths: 1, cutoffs: { aAbove: 85, bFrom: 60 } } } }));
    const later = (await ok(h.admin.get(`/api/shgs/${g.shgId}/grading?asOf=2026-02-10`))).grading;
    expect([later.score, later.grade, later.ruleSet.version]).toEqual(['61.31', 'B', 2]);
    expect((await ok(h.admin.get(`/api/shgs/${g.shgId}/grading?asOf=2026-02-09`))).grading).toMatchObject({ grade: 'C', ruleSet: { version: 1 } });

    const { gradings } = await ok(h.admin.get(`/api/shgs/${g.shgId}/gradings`));
    expect(gradings).toHaveLength(1);
    expect(gradings[0]).toMatchObject({ id: gradingId, stage: 'before-rf', asOf: '2026-02-09', score: '61.31', grade: 'C', panchasutraScore: 0, ruleSetVersion: 1, gradedBy: 'Admin', signedOffBy: null, canSignOff: false });
    expect(gradings[0].grading.indicators.map((i: any) => i.points)).toEqual(['15.00', '9.16', '13.75', '3.40', '10.00', '10.00']);
  });

  it('refuses a date before formation or in the future, naming asOf', async () => {
    const early = await h.admin.command('grade-shg', { id: randomUUID(), shgId: g.shgId, asOf: '2025-12-31', stage: 'other' });
    expect([early.status, early.body.error.code, early.body.error.field]).toEqual([422, 'DATE_BEFORE_FORMATION', 'asOf']);
    const future = await h.admin.command('grade-shg', { id: randomUUID(), shgId: g.shgId, asOf: '2999-01-01', stage: 'other' });
    expect([future.status, future.body.error.field]).toEqual([400, 'asOf']);
  });
});

describe('sign-off', () => {
  it('is refused to the grader herself and to someone without approve', async () => {
    const self = await h.admin.command('sign-off-grading', { gradingId });
    expect([self.status, self.body.error.code]).toEqual([403, 'SELF_APPROVAL']);
    const noApprove = await staff.command('sign-off-grading', { gradingId });
    expect([noApprove.status, noApprove.body.error.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('is done once by another person, and stored with the round', async () => {
    expect((await ok(checker.get(`/api/shgs/${g.shgId}/gradings`))).gradings[0].canSignOff).toBe(true);
    const r = await ok(checker.command('sign-off-grading', { gradingId, note: 'checked against the registers' }));
    expect(r.result).toMatchObject({ gradingId });
    const again = await checker.command('sign-off-grading', { gradingId });
    expect([again.status, again.body.error.code]).toEqual([409, 'CONFLICT']);
    const { gradings } = await ok(h.admin.get(`/api/shgs/${g.shgId}/gradings`));
    expect(gradings[0]).toMatchObject({ signedOffBy: 'Checker', signOffNote: 'checked against the registers', canSignOff: false });
    expect(gradings[0].signedOffAt).toBeTruthy();
    // The database keeps the round as graded: nothing but the sign-off, once.
    await expect(h.t.pool.query(`update grading set grade = 'A' where id = $1`, [gradingId])).rejects.toThrow(/KHATA_IMMUTABLE/);
    await expect(h.t.pool.query(`delete from grading where id = $1`, [gradingId])).rejects.toThrow(/KHATA_IMMUTABLE/);
  });
});

describe('scope', () => {
  it('another branch’s SHG is not found: readiness, grading, gradings, grading and signing off', async () => {
    for (const url of [`/api/shgs/${other.shgId}/grading?asOf=2026-02-09`, `/api/shgs/${other.shgId}/gradings`, `/api/nodes/${other.villageId}/readiness?asOf=2026-02-09`, `/api/nodes/${other.shgId}/readiness`]) {
      expect((await staff.get(url)).status, url).toBe(404);
    }
    expect((await staff.get(`/api/shgs/${g.shgId}/grading?asOf=2026-02-09`)).status).toBe(200);
    const theirs = randomUUID();
    expect((await staff.command('grade-shg', { id: theirs, shgId: other.shgId, asOf: '2026-02-09', stage: 'other' })).status).toBe(404);
    await ok(h.admin.command('grade-shg', { id: theirs, shgId: other.shgId, asOf: '2026-02-09', stage: 'other' }));
    expect((await staff.command('sign-off-grading', { gradingId: theirs })).status).toBe(404);
    expect((await staff.command('record-training', { id: randomUUID(), nodeId: other.shgId, module: 'vo-concepts', completedOn: '2026-02-01' })).status).toBe(404);
  });
});
