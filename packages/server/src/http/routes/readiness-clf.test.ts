import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../testing/app.ts';
import { ok } from '../../testing/fixtures.ts';

/*
 * The CLF formation trigger read from the federation register: two VOs of one cluster, their member SHGs and their
 * EC meetings, under a rule set scaled down for the test (2 VOs of at least 1 SHG, EC monthly for 2 months).
 */
let h: TestApp;
const clusterId = randomUUID();
const vos = { alpha: randomUUID(), beta: randomUUID() };
const SMALL = { clfFormation: { minVos: 2, minShgsPerVo: 1, ecMeetingMonths: 2 } };

beforeAll(async () => {
  h = await testApp();
  const c = h.admin.command;
  const blockId = randomUUID();
  await ok(c('create-node', { id: blockId, parentId: h.rootNodeId, kind: 'block', name: 'Block C', code: 'BC' }));
  await ok(c('create-node', { id: clusterId, parentId: blockId, kind: 'cluster', name: 'Cluster C', code: 'CC' }));
  for (const [key, name, ecDates] of [
    ['alpha', 'VO Alpha', ['2025-12-20', '2026-01-20', '2026-02-20']],
    ['beta', 'VO Beta', ['2025-12-20', '2026-02-20']], // no EC meeting in January
  ] as const) {
    const villageId = randomUUID();
    const shgId = randomUUID();
    await ok(c('create-node', { id: villageId, parentId: clusterId, kind: 'village', name: `Village ${key}`, code: `V-${key}` }));
    await ok(c('create-shg', { id: shgId, villageId, name: `SHG ${key}`, code: `S-${key}`, formedOn: '2025-06-02', meetingFrequency: 'weekly', meetingDay: 1, compulsorySavingsPaise: 1000 }));
    await ok(c('create-federation', { id: vos[key], parentId: villageId, level: 'vo', name, code: `VO-${key}`, formedOn: '2025-12-01' }));
    await ok(c('admit-federation-member', { membershipId: randomUUID(), federationId: vos[key], memberId: shgId, since: '2025-12-15' }));
    for (const date of ecDates) await ok(c('record-federation-meeting', { meetingId: randomUUID(), federationId: vos[key], kind: 'ec', date }));
    await ok(c('record-training', { id: randomUUID(), nodeId: vos[key], module: 'clf-concepts', completedOn: '2026-01-10' }));
  }
  await ok(c('define-rule-set', { id: randomUUID(), nodeId: h.rootNodeId, effectiveFrom: '2025-01-01', body: SMALL }));
});
afterAll(async () => h.close());

describe('CLF formation readiness from the federation register', () => {
  it('names the VO and the rule that fall short', async () => {
    const r = await ok(h.admin.get(`/api/nodes/${clusterId}/readiness?asOf=2026-02-28`));
    expect(r.trigger).toMatchObject({ level: 'clf', met: false, required: 2, qualifying: 1, ruleSet: { version: 1 } });
    expect(r.trigger.reasons.map((x: any) => [x.rule, x.subjectName ?? null])).toEqual([
      ['clfFormation.minVos', null],
      ['clfFormation.maxMissedEcMeetings', 'VO Beta'],
    ]);
    expect(r.trigger.summary).toBe('1 of 2 functional VOs; VO Beta EC missed 1 monthly meeting in the last 2 months (held 1 of 2; allowed to miss 0)');
    expect(r.trigger.groups.map((g: any) => [g.name, g.shgCount, g.ecMeetingsHeld, g.ecMeetingsExpected, g.trained])).toEqual([
      ['VO Alpha', 1, 2, 2, true],
      ['VO Beta', 1, 1, 2, true],
    ]);
    // The cluster's SHGs, each with its own functional verdict (no meetings recorded: not functional).
    expect(r.shgs.map((s: any) => [s.name, s.functional])).toEqual([
      ['SHG alpha', false],
      ['SHG beta', false],
    ]);
  });

  it('a version tolerating one missed EC meeting meets the trigger from its date', async () => {
    await ok(h.admin.command('define-rule-set', { id: randomUUID(), nodeId: h.rootNodeId, effectiveFrom: '2026-03-01', body: { clfFormation: { ...SMALL.clfFormation, maxMissedEcMeetings: 1 } } }));
    expect((await ok(h.admin.get(`/api/nodes/${clusterId}/readiness?asOf=2026-03-01`))).trigger).toMatchObject({ met: true, qualifying: 2, ruleSet: { version: 2 } });
    expect((await ok(h.admin.get(`/api/nodes/${clusterId}/readiness?asOf=2026-02-28`))).trigger).toMatchObject({ met: false, ruleSet: { version: 1 } });
  });
});
