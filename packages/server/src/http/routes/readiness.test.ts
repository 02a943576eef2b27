import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../testing/app.ts';
import { ok, regularMeeting, type TestGroup } from '../../testing/fixtures.ts';

/*
 * The VO formation trigger read from the books: eight SHGs of one village, recorded through record-meeting, that
 * meet the trigger except for one rule; and the rule set's versions deciding the verdict by date.
 * Kept small: two members per group and a one-month window, set through the rule set under test.
 */
let h: TestApp;
let villageId: string;
const groups = new Map<string, TestGroup>();
const NAMES = ['SHG Durga', 'SHG Ganga', 'SHG Jamuna', 'SHG Kaveri', 'SHG Lakshmi', 'SHG Meera', 'SHG Narmada', 'SHG Saraswati'];
const MONDAYS = ['2026-01-19', '2026-01-26', '2026-02-02', '2026-02-09'];
// The trigger as DOMAIN.md has it, with the window and group size scaled down for the test.
const SMALL = { functional: { windowMonths: 1 }, voFormation: { minMembersPerShg: 2 } };

async function readiness(nodeId: string, asOf: string) {
  return ok(h.admin.get(`/api/nodes/${nodeId}/readiness?asOf=${asOf}`));
}

async function defineRules(effectiveFrom: string, body: unknown) {
  return (await ok(h.admin.command('define-rule-set', { id: randomUUID(), nodeId: h.rootNodeId, effectiveFrom, body }))).result;
}

beforeAll(async () => {
  h = await testApp();
  const blockId = randomUUID();
  villageId = randomUUID();
  await ok(h.admin.command('create-node', { id: blockId, parentId: h.rootNodeId, kind: 'block', name: 'Block R', code: 'BR' }));
  await ok(h.admin.command('create-node', { id: villageId, parentId: blockId, kind: 'village', name: 'Village R', code: 'VR' }));
  for (const [i, name] of NAMES.entries()) {
    const shgId = randomUUID();
    await ok(h.admin.command('create-shg', { id: shgId, villageId, name, code: `R${i}`, formedOn: '2026-01-05', meetingFrequency: 'weekly', meetingDay: 1, compulsorySavingsPaise: 1000 }));
    const memberIds = [randomUUID(), randomUUID()];
    for (const [j, id] of memberIds.entries()) await ok(h.admin.command('admit-member', { id, shgId, name: `${name} member ${j + 1}`, joinedOn: '2026-01-05' }));
    const g = { villageId, shgId, memberIds };
    groups.set(name, g);
    for (const date of MONDAYS) {
      // SHG Durga's second member saved nothing on 26 January: one weekly saving missed.
      const short = name === 'SHG Durga' && date === '2026-01-26';
      await ok(h.admin.command('record-meeting', regularMeeting(g, date, short ? { savings: [{ memberId: memberIds[0], compulsoryPaise: 1000, voluntaryPaise: 0 }] } : {})));
    }
    await ok(h.admin.command('record-training', { id: randomUUID(), nodeId: shgId, module: 'vo-concepts', completedOn: '2026-02-01' }));
  }
  await defineRules('2026-01-01', SMALL);
});
afterAll(async () => h.close());

describe('VO formation readiness from the records', () => {
  it('names exactly the one rule and the one group that fall short, with the rule set version', async () => {
    const r = await readiness(villageId, '2026-02-09');
    expect(r.ruleSet).toMatchObject({ version: 1, effectiveFrom: '2026-01-01', label: 'v1 (from 2026-01-01)' });
    expect(r.trigger).toMatchObject({ level: 'vo', met: false, required: 8, qualifying: 7, ruleSet: { version: 1 } });
    expect(r.trigger.summary).toBe('7 of 8 functional SHGs; SHG Durga missed 1 weekly saving in the last 1 month (allowed 0)');
    expect(r.trigger.reasons).toEqual([
      { rule: 'voFormation.minShgs', message: '7 of 8 functional SHGs', params: { qualifying: 7, required: 8, groups: 8 } },
      {
        rule: 'functional.maxMissedSavings',
        subjectId: groups.get('SHG Durga')!.shgId,
        subjectName: 'SHG Durga',
        message: 'SHG Durga missed 1 weekly saving in the last 1 month (allowed 0)',
        params: { missed: 1, expected: 4, allowed: 0, windowMonths: 1 },
      },
    ]);
    const durga = r.trigger.groups.find((g: any) => g.name === 'SHG Durga');
    expect(durga.functional).toMatchObject({ functional: false, expectedMeetings: 4, meetingsHeld: 4, missedSavings: ['2026-01-26'] });
    expect(r.trigger.groups.filter((g: any) => g.qualifies)).toHaveLength(7);
    // The per-SHG functional verdicts, with their reasons.
    expect(r.shgs.map((s: any) => [s.name, s.functional, s.reasons.map((x: any) => x.rule)])).toEqual(
      NAMES.map((n) => [n, n !== 'SHG Durga', n === 'SHG Durga' ? ['functional.maxMissedSavings'] : []]),
    );
  });

  it('a later version relaxing the rule changes the verdict from its date on only, each answer naming its version', async () => {
    // The next Monday's meetings, so that a window ending after the new version is full.
    for (const g of groups.values()) await ok(h.admin.command('record-meeting', regularMeeting(g, '2026-02-16')));
    const relaxed = { ...SMALL, functional: { windowMonths: 1, maxMissedSavings: 1 } };
    expect(await defineRules('2026-02-16', relaxed)).toMatchObject({ version: 2, effectiveFrom: '2026-02-16' });

    const before = await readiness(villageId, '2026-02-09');
    expect([before.trigger.met, before.ruleSet.version, before.trigger.reasons.map((x: any) => x.rule)]).toEqual([false, 1, ['voFormation.minShgs', 'functional.maxMissedSavings']]);
    const after = await readiness(villageId, '2026-02-16');
    expect([after.trigger.met, after.ruleSet.version, after.trigger.qualifying, after.trigger.reasons]).toEqual([true, 2, 8, []]);
    expect(after.trigger.summary).toBe('8 of 8 functional SHGs: the trigger is met');
    // Under the old version, the same window still falls short: it is the version that changed the verdict.
    expect((await readiness(villageId, '2026-02-15')).trigger).toMatchObject({ met: false, ruleSet: { version: 1 } });

    // Moving the relaxation earlier (a new version from 9 February) changes the verdict from that date only.
    expect(await defineRules('2026-02-09', relaxed)).toMatchObject({ version: 3 });
    expect((await readiness(villageId, '2026-02-09')).trigger).toMatchObject({ met: true, ruleSet: { version: 3 } });
    expect((await readiness(villageId, '2026-02-08')).trigger).toMatchObject({ met: false, ruleSet: { version: 1 } });
    expect((await readiness(villageId, '2026-02-16')).trigger).toMatchObject({ met: true, ruleSet: { version: 2 } });
  });

  it('one SHG: its functional verdict; a block is refused with the field named', async () => {
    const r = await readiness(groups.get('SHG Ganga')!.shgId, '2026-02-09');
    expect(r.trigger).toBeNull();
    expect(r.shgs).toHaveLength(1);
    expect(r.shgs[0]).toMatchObject({ name: 'SHG Ganga', functional: true, screening: null });
    const block = (await h.t.db.selectFrom('node').select('parent_id').where('id', '=', villageId).executeTakeFirstOrThrow()).parent_id!;
    const refused = await h.admin.get(`/api/nodes/${block}/readiness?asOf=2026-02-09`);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'id' });
  });

  it('a cluster: the CLF trigger over its VOs (none yet: 0 of 15)', async () => {
    const clusterId = randomUUID();
    const block = (await h.t.db.selectFrom('node').select('parent_id').where('id', '=', villageId).executeTakeFirstOrThrow()).parent_id!;
    await ok(h.admin.command('create-node', { id: clusterId, parentId: block, kind: 'cluster', name: 'Cluster R', code: 'CR' }));
    const r = await readiness(clusterId, '2026-02-09');
    expect(r.trigger).toMatchObject({ level: 'clf', met: false, required: 15, qualifying: 0, summary: '0 of 15 functional VOs', groups: [] });
  });

  it('lists the rule set versions and the one in force', async () => {
    const r = await ok(h.admin.get('/api/rule-sets?asOf=2026-02-10'));
    expect(r.ruleSets.map((x: any) => [x.version, x.effectiveFrom])).toEqual([
      [1, '2026-01-01'],
      [2, '2026-02-16'],
      [3, '2026-02-09'],
    ]);
    expect(r.inForce).toMatchObject({ version: 3, effectiveFrom: '2026-02-09' });
    // Stored complete: what was left out holds the DOMAIN.md default.
    expect(r.ruleSets[0].body.voFormation).toEqual({ minShgs: 8, minMembersPerShg: 2, minMembersPerSpecialShg: 5, savingsFrequency: 'weekly', trainingModule: 'vo-concepts' });
    expect(r.defaults.preExistingShg.minPoorMemberPercent).toBe(80);
  });
});

describe('define-rule-set', () => {
  it('refuses a bad body naming the field, a node other than the organisation, and anyone without administer', async () => {
    const bad = await h.admin.command('define-rule-set', { id: randomUUID(), nodeId: h.rootNodeId, effectiveFrom: '2026-03-01', body: { grading: { cutoffs: { aAbove: 70 } } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'body.grading.cutoffs.bFrom' });
    const notRoot = await h.admin.command('define-rule-set', { id: randomUUID(), nodeId: villageId, effectiveFrom: '2026-03-01', body: {} });
    expect(notRoot.status).toBe(400);
    expect(notRoot.body.error.field).toBe('nodeId');
    await ok(h.admin.command('create-user', { id: randomUUID(), username: 'manager-r', name: 'Manager R', password: 'manager-pass', roles: [{ nodeId: h.rootNodeId, role: 'manager' }] }));
    const manager = await h.as('manager-r', 'manager-pass');
    expect((await manager.command('define-rule-set', { id: randomUUID(), nodeId: h.rootNodeId, effectiveFrom: '2026-03-01', body: {} })).status).toBe(403);
  });

  it('never edits a version: the database refuses', async () => {
    await expect(h.t.pool.query(`update rule_set set effective_from = '2020-01-01' where version = 1`)).rejects.toThrow(/KHATA_IMMUTABLE/);
    await expect(h.t.pool.query(`delete from rule_set where version = 1`)).rejects.toThrow(/KHATA_IMMUTABLE/);
  });

  it('records training for a group or one of its members, never a member of another group', async () => {
    const durga = groups.get('SHG Durga')!;
    const ganga = groups.get('SHG Ganga')!;
    await ok(h.admin.command('record-training', { id: randomUUID(), nodeId: durga.shgId, memberId: durga.memberIds[0], module: 'bookkeeping', completedOn: '2026-02-01' }));
    const wrong = await h.admin.command('record-training', { id: randomUUID(), nodeId: durga.shgId, memberId: ganga.memberIds[0], module: 'bookkeeping', completedOn: '2026-02-01' });
    expect(wrong.status).toBe(404);
    expect(wrong.body.error.field).toBe('memberId');
    const village = await h.admin.command('record-training', { id: randomUUID(), nodeId: villageId, module: 'vo-concepts', completedOn: '2026-02-01' });
    expect(village.status).toBe(400);
  });
});
