import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTableFile, tablesToXlsx } from '../../export/table-file.ts';
import { testApp, type Caller, type TestApp } from '../../testing/app.ts';
import { makeGroup, ok, type TestGroup } from '../../testing/fixtures.ts';

let h: TestApp;
let a: TestGroup;
let b: TestGroup;
let blockA: string;
let manager: Caller;
let managerToken: string;
let adminToken: string;

async function login(username: string, password: string): Promise<string> {
  const r = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password, device: { id: `test-${username}` } } });
  return r.json().token;
}

/** A download as the signed-in user: status, content type, and the rows read back from the file. */
async function download(url: string, token = adminToken) {
  const r = await h.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  const rows = r.statusCode === 200 ? (await readTableFile(r.rawPayload)).rows.map((x) => x.cells) : [];
  return { status: r.statusCode, type: String(r.headers['content-type']), disposition: String(r.headers['content-disposition']), rows };
}

const csv = (lines: string[]) => Buffer.from(`${lines.join('\n')}\n`).toString('base64');
const householdCount = async () => Number((await h.t.db.selectFrom('household').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  h = await testApp();
  a = await makeGroup(h, h.admin, { members: 3, formedOn: '2026-01-05', code: 'AAA' });
  b = await makeGroup(h, h.admin, { members: 2, formedOn: '2026-01-05', code: 'BBB' });
  blockA = (await h.t.db.selectFrom('node').select('parent_id').where('id', '=', a.villageId).executeTakeFirstOrThrow()).parent_id!;
  await ok(h.admin.command('create-user', { id: randomUUID(), username: 'manager.a', name: 'Manager A', password: 'manager-pass-1', language: 'en', roles: [{ nodeId: blockA, role: 'manager' }] }));
  manager = await h.as('manager.a', 'manager-pass-1');
  managerToken = await login('manager.a', 'manager-pass-1');
  adminToken = await login('admin', 'admin-pass-1');
});
afterAll(async () => h.close());

describe('household register', () => {
  it('registers and corrects households; mobilisation is read from membership', async () => {
    const pop = randomUUID();
    const poor = randomUUID();
    await ok(manager.command('register-household', { id: pop, villageId: a.villageId, registerNumber: 'PIP-1', headName: 'Sabita Mondal', povertyStatus: 'poorest', seccDeprivations: ['d7', 'd2'], pipListed: true, pipVettedOn: '2025-12-01', categories: ['sc', 'landless'] }));
    await ok(manager.command('register-household', { id: poor, villageId: a.villageId, registerNumber: 'PIP-2', headName: 'Gopal Sardar', povertyStatus: 'poor', categories: ['sc'] }));
    const dup = await manager.command('register-household', { id: randomUUID(), villageId: a.villageId, registerNumber: 'PIP-2', headName: 'X', povertyStatus: 'poor' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.field).toBe('registerNumber');
    const vetted = await manager.command('update-household', { householdId: poor, pipVettedOn: '2025-12-01' });
    expect(vetted.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'pipVettedOn' });
    await ok(manager.command('update-household', { householdId: poor, pipListed: true, pipVettedOn: '2025-12-01', categories: ['sc', 'woman-headed-household'] }));

    // Her household is in an SHG once she is an active member, and "left" after she leaves.
    await ok(manager.command('update-member', { memberId: a.memberIds[0], householdId: pop }));
    await ok(manager.command('update-member', { memberId: a.memberIds[1], householdId: poor }));
    await ok(manager.command('exit-member', { memberId: a.memberIds[1], date: '2026-03-02' }));
    const { households } = await ok(manager.get(`/api/nodes/${a.villageId}/households?asOf=2026-06-30`));
    const byId = new Map(households.map((x: any) => [x.id, x]));
    expect(byId.get(pop)).toMatchObject({ headName: 'Sabita Mondal', registerNumber: 'PIP-1', povertyStatus: 'poorest', seccDeprivations: ['d2', 'd7'], pipListed: true, status: 'in-shg', activeMembers: 1, shgs: ['SHG AAA'] });
    expect(byId.get(poor)).toMatchObject({ status: 'left', activeMembers: 0, categories: ['sc', 'woman-headed-household'], pipVettedOn: '2025-12-01' });
    // Before she left, her household was in an SHG.
    const before = await ok(manager.get(`/api/nodes/${a.villageId}/households?asOf=2026-02-01&status=in-shg`));
    expect(before.households.map((x: any) => x.id).sort()).toEqual([pop, poor].sort());
  });

  it('imports a list: every bad cell named by row and column, and nothing written', async () => {
    const n = await householdCount();
    const file = csv([
      'register_number,head_name,poverty_status,secc_deprivations,pip_listed,pip_vetted_on,categories',
      'PIP-10,Rina Halder,poorest,d1 d7,yes,26-01-2026,sc landless',
      'PIP-11,,rich,d9,maybe,31-02-2026,sc;martian',
      'PIP-10,Kakoli Naskar,poor,,no,,',
    ]);
    const r = await manager.post(`/api/nodes/${a.villageId}/households/import`, { commandId: randomUUID(), file });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('IMPORT_ROW_INVALID');
    expect(r.body.error.problems.map((p: any) => p.message)).toEqual([
      'row 3, column head_name: is required',
      'row 3, column poverty_status: "rich" is not one of poorest, poor, non-poor',
      'row 3, column secc_deprivations: "d9" is not one of d1, d2, d3, d4, d5, d6, d7, auto-included',
      'row 3, column categories: "martian" is not one of sc, st, pvtg, minority, single-woman, woman-headed-household, person-with-disability, landless, migrant-labour, isolated-community, flood-prone, drought-prone, conflict-affected, elderly',
      'row 3, column pip_listed: "maybe" is not yes or no',
      'row 3, column pip_vetted_on: "31-02-2026" is not a date (write 2025-12-01 or 01-12-2025)',
    ]);
    expect(await householdCount()).toBe(n);

    // The file is right, the command finds the rest: a repeated register number, a vetting date without PIP.
    const second = csv(['register_number,head_name,poverty_status,pip_listed,pip_vetted_on', 'PIP-10,Rina Halder,poorest,yes,2026-01-26', 'PIP-10,Kakoli Naskar,poor,no,2026-01-26']);
    const r2 = await manager.post(`/api/nodes/${a.villageId}/households/import`, { commandId: randomUUID(), file: second });
    expect(r2.status).toBe(422);
    expect(r2.body.error.problems.map((p: any) => p.message)).toEqual([
      'row 3, column pip_vetted_on: only a PIP-listed household has a Gram Sabha vetting date',
      'row 3, column register_number: the same register number is on another row of the list (household 1)',
    ]);
    expect(r2.body.error.problems[0]).toMatchObject({ field: 'row.3.pip_vetted_on', params: { row: 3, column: 'pip_vetted_on' } });
    expect(await householdCount()).toBe(n);

    // A list for a block names each row's village by code.
    const r3 = await manager.post(`/api/nodes/${blockA}/households/import`, { commandId: randomUUID(), file: csv(['head_name,poverty_status,village_code', 'Rina Halder,poor,', 'Kakoli Naskar,poor,V-BBB']) });
    expect(r3.body.error.problems.map((p: any) => p.message)).toEqual([
      'row 2, column village_code: is required: the list is for more than one village',
      'row 3, column village_code: "V-BBB" is not the code of a village under this place',
    ]);
    expect(await householdCount()).toBe(n);
  });

  it('imports CSV and XLSX once per command id, and an exported list imported back updates the same households', async () => {
    const commandId = randomUUID();
    const file = csv(['Register_Number,Head_Name,Poverty_Status,Categories,PIP_Listed', 'PIP-20,Rina Halder,PoP,sc,Y', 'PIP-21,Kakoli Naskar,poor,"sc, single-woman",n', ',Mitali Bagdi,non-poor,,']);
    const first = await ok(manager.post(`/api/nodes/${a.villageId}/households/import`, { commandId, file }));
    expect(first).toMatchObject({ status: 'applied', result: { created: 3, updated: 0 } });
    const n = await householdCount();
    const again = await ok(manager.post(`/api/nodes/${a.villageId}/households/import`, { commandId, file }));
    expect(again).toMatchObject({ status: 'duplicate', result: first.result });
    expect(await householdCount()).toBe(n);

    const xlsx = await tablesToXlsx([{ title: 'PIP', columns: ['village_code', 'register_number', 'head_name', 'poverty_status', 'pip_vetted_on'].map((k) => ({ key: k, header: k })), rows: [{ village_code: 'V-AAA', register_number: 'PIP-21', head_name: 'Kakoli Naskar', poverty_status: 'poorest' }, { village_code: 'V-AAA', register_number: 'PIP-22', head_name: 'Putul Gayen', poverty_status: 'poor' }] }]);
    const viaBlock = await ok(manager.post(`/api/nodes/${blockA}/households/import`, { commandId: randomUUID(), file: xlsx.toString('base64') }));
    expect(viaBlock.result).toMatchObject({ created: 1, updated: 1 });

    const exported = await download(`/api/nodes/${a.villageId}/households?format=csv`);
    const row = exported.rows.find((x) => x.register_number === 'PIP-20')!;
    const back = csv([Object.keys(row).join(','), Object.values(row).map((v) => (v.includes(' ') || v.includes(',') ? `"${v}"` : v)).join(',').replace(',poorest,', ',poor,')]);
    const updated = await ok(manager.post(`/api/nodes/${a.villageId}/households/import`, { commandId: randomUUID(), file: back }));
    expect(updated.result).toMatchObject({ created: 0, updated: 1, householdIds: [row.household_id] });
    const { households } = await ok(manager.get(`/api/nodes/${a.villageId}/households?povertyStatus=poor&category=sc`));
    expect(households.map((x: any) => x.registerNumber)).toContain('PIP-20');
  });

  it('keeps another branch out: 404 for its register, coverage, list and import', async () => {
    for (const url of [`/api/nodes/${b.villageId}/households`, `/api/nodes/${b.villageId}/coverage`, `/api/nodes/${b.villageId}/coverage/outside`, `/api/nodes/${b.villageId}/social-action`, `/api/nodes/${b.villageId}/panchayat-demands`]) {
      const r = await manager.get(url);
      expect([url, r.status]).toEqual([url, 404]);
    }
    const imp = await manager.post(`/api/nodes/${b.villageId}/households/import`, { commandId: randomUUID(), file: csv(['head_name,poverty_status', 'X,poor']) });
    expect(imp.status).toBe(404);
    const reg = await manager.command('register-household', { id: randomUUID(), villageId: b.villageId, headName: 'X', povertyStatus: 'poor' });
    expect(reg.status).toBe(404);
    expect(JSON.stringify(reg.body)).not.toContain('X');
  });

  it('exports every list as CSV and XLSX whose rows equal the JSON list', async () => {
    for (const [path, key, pick] of [
      [`/api/nodes/${blockA}/households`, 'households', (x: any) => x.id],
      [`/api/nodes/${blockA}/coverage/outside`, 'households', (x: any) => x.id],
    ] as const) {
      const json = await ok(manager.get(path));
      for (const format of ['csv', 'xlsx'] as const) {
        const file = await download(`${path}?format=${format}`, managerToken);
        expect(file.status).toBe(200);
        expect(file.type).toContain(format === 'csv' ? 'text/csv' : 'spreadsheetml');
        expect(file.disposition).toMatch(/^attachment; filename="[a-z0-9-]+\.(csv|xlsx)"$/);
        expect(file.rows.map((r) => r.household_id)).toEqual(json[key].map(pick));
        expect(file.rows.map((r) => r.head_name)).toEqual(json[key].map((x: any) => x.headName));
      }
    }
  });
});

describe('coverage', () => {
  it('counts the poor and the poorest against the goals, and lists the poor outside SHGs', async () => {
    const { coverage } = await ok(manager.get(`/api/nodes/${a.villageId}/coverage?asOf=2026-06-30`));
    const { households } = await ok(manager.get(`/api/nodes/${a.villageId}/households?asOf=2026-06-30`));
    const poor = households.filter((x: any) => x.povertyStatus !== 'non-poor');
    expect(coverage.poor.total).toBe(poor.length);
    expect(coverage.poor.mobilised).toBe(poor.filter((x: any) => x.status === 'in-shg').length);
    expect(coverage.goals.map((g: any) => g.key)).toEqual(['sc-st', 'minority', 'person-with-disability']);
    expect(coverage.ruleSet.version).toBe(0);
    const outside = await ok(manager.get(`/api/nodes/${a.villageId}/coverage/outside?asOf=2026-06-30`));
    expect(outside.households).toHaveLength(coverage.poor.total - coverage.poor.mobilised);
    expect(outside.households.every((x: any) => x.status !== 'in-shg' && x.povertyStatus !== 'non-poor')).toBe(true);
    // Goals come from the rule set in force on the date.
    await ok(h.admin.command('define-rule-set', { id: randomUUID(), nodeId: h.rootNodeId, effectiveFrom: '2026-06-01', body: { inclusion: { goals: [{ key: 'sc-st', categories: ['sc', 'st'], minPercent: 60 }] } } }));
    const later = await ok(manager.get(`/api/nodes/${a.villageId}/coverage?asOf=2026-06-30`));
    expect(later.coverage.goals).toEqual([expect.objectContaining({ key: 'sc-st', goalPercent: 60 })]);
    const figures = await download(`/api/nodes/${a.villageId}/coverage?asOf=2026-06-30&format=csv`, managerToken);
    expect(figures.rows[0]).toMatchObject({ group: 'poor', total: String(later.coverage.poor.total), mobilised: String(later.coverage.poor.mobilised) });
    const shg = await manager.get(`/api/nodes/${a.shgId}/coverage`);
    expect(shg.status).toBe(400);
  });
});

describe('social action and Panchayat demands', () => {
  it('records a drive and observations, refuses what does not fit, and reports counts per indicator', async () => {
    const driveId = randomUUID();
    await ok(manager.command('record-drive', { id: driveId, nodeId: a.villageId, name: 'Immunisation drive', heldOn: '2026-02-10', indicatorSet: 'immunisation' }));
    const wrongSet = await manager.command('record-drive', { id: randomUUID(), nodeId: a.villageId, name: 'X', heldOn: '2026-02-10', indicatorSet: 'astrology' });
    expect(wrongSet.body.error.field).toBe('indicatorSet');
    const { households } = await ok(manager.get(`/api/nodes/${a.villageId}/households`));
    const hh = households.slice(0, 2).map((x: any) => x.id);
    const bad = await manager.command('record-social-action', {
      driveId,
      observations: [
        { id: randomUUID(), indicator: 'immunisation-child', memberId: a.memberIds[0], met: true },
        { id: randomUUID(), indicator: 'horoscope', householdId: hh[0], met: true },
        { id: randomUUID(), indicator: 'immunisation-mother', memberId: b.memberIds[0], met: true },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.problems.map((p: any) => p.field)).toEqual(['observations.0.memberId', 'observations.1.indicator', 'observations.2.memberId']);
    await ok(manager.command('record-social-action', {
      driveId,
      observations: [
        { id: randomUUID(), indicator: 'immunisation-mother', memberId: a.memberIds[0], met: true },
        { id: randomUUID(), indicator: 'immunisation-child', householdId: hh[0], met: false },
        { id: randomUUID(), indicator: 'immunisation-child', householdId: hh[1], met: true },
      ],
    }));
    // At a meeting a month later the first household's child has been immunised.
    const meetingId = randomUUID();
    await ok(h.admin.command('record-meeting', { meetingId, shgId: a.shgId, date: '2026-03-09', savings: [] }));
    const outsider = await manager.command('record-social-action', { meetingId, observations: [{ id: randomUUID(), indicator: 'health-seeking', memberId: b.memberIds[0], met: true }] });
    expect(outsider.body.error).toMatchObject({ code: 'UNKNOWN_MEMBER', field: 'observations.0.memberId' });
    await ok(manager.command('record-social-action', { meetingId, observations: [{ id: randomUUID(), indicator: 'immunisation-child', householdId: hh[0], met: true }, { id: randomUUID(), indicator: 'health-seeking', memberId: a.memberIds[0], met: true }] }));

    const { report } = await ok(manager.get(`/api/nodes/${blockA}/social-action?from=2026-01-01&to=2026-12-31&period=quarter`));
    expect(report.drives).toBe(1);
    expect(report.rows.map((r: any) => [r.period, r.indicator, r.observed, r.met])).toEqual([
      ['2026-Q1', 'immunisation-mother', 1, 1],
      ['2026-Q1', 'immunisation-child', 2, 2],
      ['2026-Q1', 'health-seeking', 1, 1],
    ]);
    const obs = await ok(manager.get(`/api/nodes/${blockA}/social-action/observations?from=2026-01-01&to=2026-12-31`));
    expect(obs.observations).toHaveLength(5);
    const file = await download(`/api/nodes/${blockA}/social-action/observations?from=2026-01-01&to=2026-12-31&format=xlsx`, managerToken);
    expect(file.rows.map((r) => r.indicator)).toEqual(obs.observations.map((o: any) => o.indicator));
    const drives = await ok(manager.get(`/api/nodes/${blockA}/drives`));
    expect(drives.drives).toEqual([expect.objectContaining({ id: driveId, observations: 3, met: 2 })]);
  });

  it('records a demand to the Panchayat plan and its outcome, once', async () => {
    const id = randomUUID();
    await ok(manager.command('submit-panchayat-demand', { id, nodeId: a.shgId, gramPanchayat: 'Ramnagar-I', planYear: '2026-27', category: 'water', description: 'A tube well', submittedOn: '2026-04-10', estimatedPaise: 8_000_000 }));
    const wrongYear = await manager.command('submit-panchayat-demand', { id: randomUUID(), nodeId: a.shgId, gramPanchayat: 'X', planYear: '2026-28', category: 'water', description: 'X', submittedOn: '2026-04-10' });
    expect(wrongYear.body.error.field).toBe('planYear');
    const fromVillage = await manager.command('submit-panchayat-demand', { id: randomUUID(), nodeId: a.villageId, gramPanchayat: 'X', planYear: '2026-27', category: 'water', description: 'X', submittedOn: '2026-04-10' });
    expect(fromVillage.body.error.field).toBe('nodeId');
    const early = await manager.command('record-panchayat-outcome', { demandId: id, outcome: 'accepted', decidedOn: '2026-04-01', sanctionedPaise: 6_000_000 });
    expect(early.body.error.field).toBe('decidedOn');
    await ok(manager.command('record-panchayat-outcome', { demandId: id, outcome: 'accepted', decidedOn: '2026-06-01', sanctionedPaise: 6_000_000, note: 'in the plan' }));
    const twice = await manager.command('record-panchayat-outcome', { demandId: id, outcome: 'rejected', decidedOn: '2026-06-02' });
    expect(twice.status).toBe(409);
    const { demands } = await ok(manager.get(`/api/nodes/${blockA}/panchayat-demands`));
    expect(demands).toEqual([expect.objectContaining({ id, status: 'accepted', sanctionedPaise: 6_000_000, estimatedPaise: 8_000_000, decidedOn: '2026-06-01', submittedBy: 'SHG AAA' })]);
    const file = await download(`/api/nodes/${blockA}/panchayat-demands?format=csv`, managerToken);
    expect(file.rows).toEqual([expect.objectContaining({ gram_panchayat: 'Ramnagar-I', status: 'accepted', sanctioned: '60000.00', estimated: '80000.00' })]);
  });
});
