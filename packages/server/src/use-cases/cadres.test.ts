import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { tablesToXlsx } from '../export/table-file.ts';
import { todayIn } from '../business-date.ts';
import { testApp, type Caller, type TestApp } from '../testing/app.ts';
import { ok, regularMeeting } from '../testing/fixtures.ts';
import { balancesOf, booksBalance, makeFederationTree, type FederationTree } from './federation-test-kit.ts';

/*
 * Community professionals through the API: the registry, honorarium accrued and paid in the paying institution's
 * books (the done-when: a bookkeeper's honorarium in a VO's income and expenditure statement), refusals, the
 * review's indicators from the records, scope, export and import.
 */

let h: TestApp;
let tree: FederationTree;
let vo: FederationTree['vos'][number];
let shgA: { id: string; memberIds: string[] };
let shgB: { id: string; memberIds: string[] };
let other: Caller;
let otherTree: FederationTree;
let adminToken: string;
const bookkeeperId = randomUUID();
const crpId = randomUUID();

const count = async (table: 'cadre' | 'journal_entry' | 'cadre_assignment') => Number((await h.t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const group = (shg: { id: string; memberIds: string[] }) => ({ villageId: vo.villageId, shgId: shg.id, memberIds: shg.memberIds });

async function download(url: string) {
  const r = await h.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${adminToken}` } });
  return { status: r.statusCode, type: String(r.headers['content-type']), disposition: String(r.headers['content-disposition']), body: r.rawPayload };
}

beforeAll(async () => {
  h = await testApp();
  tree = await makeFederationTree(h, { vos: 1, shgsPerVo: 2, membersPerShg: 3, code: 'cad' });
  vo = tree.vos[0]!;
  [shgA, shgB] = vo.shgs as [typeof shgA, typeof shgB];
  // The VO has money: a start-up fund from the organisation, into its bank (released directly: no second person here).
  await ok(h.admin.command('define-rule-set', { id: randomUUID(), nodeId: h.rootNodeId, effectiveFrom: '2025-01-01', body: { funds: { releaseApprovalAbovePaise: 10_000_000_000 } } }));
  await ok(h.admin.command('release-fund', { transferId: randomUUID(), fund: 'start-up', giverId: h.rootNodeId, receiverId: vo.id, date: '2025-02-01', amountPaise: 2_500_000 }));
  for (const shg of vo.shgs) await ok(h.admin.command('admit-federation-member', { membershipId: randomUUID(), federationId: vo.id, memberId: shg.id, since: '2025-02-01' }));
  // Meetings in March 2025: SHG A twice, SHG B once.
  await ok(h.admin.command('record-meeting', regularMeeting(group(shgA), '2025-03-03')));
  await ok(h.admin.command('record-meeting', regularMeeting(group(shgA), '2025-03-10')));
  await ok(h.admin.command('record-meeting', regularMeeting(group(shgB), '2025-03-10')));
  otherTree = await makeFederationTree(h, { vos: 1, shgsPerVo: 1, membersPerShg: 1, code: 'oth' });
  await ok(h.admin.command('create-user', { id: randomUUID(), username: 'staff-other', name: 'Staff Other', password: 'staff-other-pass', roles: [{ nodeId: otherTree.blockId, role: 'staff' }] }));
  other = await h.as('staff-other', 'staff-other-pass');
  const login = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'admin-pass-1', device: { id: 'test-download' } } });
  adminToken = login.json().token;
}, 120_000);
afterAll(async () => h.close());

describe('the registry', () => {
  it('registers a bookkeeper who is an SHG member (her name from the member record) serving two SHGs paid by the VO', async () => {
    const r = await ok(
      h.admin.command('register-cadre', {
        id: bookkeeperId,
        nodeId: vo.villageId,
        cadreType: 'bookkeeper',
        memberId: shgA.memberIds[0],
        phone: '98300 12345',
        joinedOn: '2025-02-01',
        assignments: [
          { id: randomUUID(), institutionId: shgA.id, payerId: vo.id, from: '2025-02-01' },
          { id: randomUUID(), institutionId: shgB.id, payerId: vo.id, from: '2025-02-01' },
        ],
      }),
    );
    expect(r.result).toEqual({ cadreId: bookkeeperId, assignments: 2 });
    const page = await ok(h.admin.get(`/api/cadres/${bookkeeperId}`));
    expect(page.cadre).toMatchObject({ name: 'Member 1', cadreType: 'bookkeeper', status: 'active', memberId: shgA.memberIds[0], shgId: shgA.id });
    expect(page.assignments.map((a: { institutionId: string; payerId: string }) => [a.institutionId, a.payerId])).toEqual(expect.arrayContaining([[shgA.id, vo.id], [shgB.id, vo.id]]));
    expect(page.history).toEqual([{ status: 'active', onDate: '2025-02-01', reason: 'registered' }]);
  });

  it('refuses an unknown type, a missing name, and serving the same institution twice', async () => {
    const bad = await h.admin.command('register-cadre', { id: randomUUID(), nodeId: vo.villageId, cadreType: 'astrologer', name: 'X', joinedOn: '2025-02-01' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('cadreType');
    const noName = await h.admin.command('register-cadre', { id: randomUUID(), nodeId: vo.villageId, cadreType: 'crp', joinedOn: '2025-02-01' });
    expect(noName.body.error.field).toBe('name');
    const twice = await h.admin.command('assign-cadre', { id: randomUUID(), cadreId: bookkeeperId, institutionId: shgA.id, payerId: vo.id, from: '2025-06-01' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.field).toBe('institutionId');
    // An organisation's own type can be added, then used.
    await ok(h.admin.command('define-cadre-type', { nodeId: h.rootNodeId, code: 'pashu-sakhi', name: 'Pashu Sakhi (livestock)' }));
    const types = await ok(h.admin.get('/api/cadre-types'));
    expect(types.types.map((t: { code: string }) => t.code)).toEqual(['bookkeeper', 'crp', 'bank-mitra', 'vrp', 'community-mobiliser', 'pashu-sakhi']);
  });
});

describe('honorarium in the books of the institution that pays', () => {
  it('accrues a bookkeeper’s month in the VO’s books, shows it in the VO’s income and expenditure, and clears it on payment', async () => {
    await ok(h.admin.command('set-honorarium-rule', { id: randomUUID(), payerId: vo.id, cadreType: 'bookkeeper', effectiveFrom: '2025-01-01', fixedMonthlyPaise: 50_000, perGroupPaise: 10_000, perMeetingPaise: 2_000 }));
    const preview = await ok(h.admin.get(`/api/cadres/${bookkeeperId}/honorarium-preview?payerId=${vo.id}&month=2025-03`));
    expect(preview.computation).toMatchObject({ amountPaise: 50_000 + 2 * 10_000 + 3 * 2_000, meetingsWritten: 3 });

    const accrual = await ok(h.admin.command('accrue-honorarium', { id: randomUUID(), cadreId: bookkeeperId, payerId: vo.id, month: '2025-03' }));
    expect(accrual.result.amountPaise).toBe(76_000);
    expect(accrual.result.lines.map((l: { basis: string; count: number }) => [l.basis, l.count])).toEqual([['fixed-monthly', 1], ['per-group', 2], ['per-meeting', 3]]);

    // The done-when: the VO's own income and expenditure statement for March shows the honorarium as its expense.
    const ie = await ok(h.admin.get(`/api/shgs/${vo.id}/reports/income-expenditure?from=2025-03-01&to=2025-03-31`));
    const expenditure = ie.report.sections.find((s: { titleKey: string }) => s.titleKey === 'expenditure');
    expect(expenditure.rows).toContainEqual({ account: 'expenses:honorarium', amount: 76_000 });
    expect(ie.report.totals.expenditure).toBe(76_000);
    expect((await balancesOf(h, vo.id))['liabilities:honorarium-payable']).toBe(-76_000);
    // Nothing of it in the SHGs' books: the VO pays.
    expect((await balancesOf(h, shgA.id))['expenses:honorarium']).toBeUndefined();

    const bankBefore = (await balancesOf(h, vo.id))['assets:bank']!;
    const paid = await ok(h.admin.command('pay-honorarium', { id: randomUUID(), cadreId: bookkeeperId, payerId: vo.id, date: '2025-04-05', paidFrom: 'bank', reference: 'CHQ 000123' }));
    expect(paid.result).toMatchObject({ amountPaise: 76_000, owedAfterPaise: 0 });
    const after = await balancesOf(h, vo.id);
    expect(after['liabilities:honorarium-payable']).toBeUndefined(); // cleared to zero
    expect(after['assets:bank']).toBe(bankBefore - 76_000);
    expect(await booksBalance(h)).toEqual({ unbalancedEntries: 0, unbalancedEntities: 0 });

    const page = await ok(h.admin.get(`/api/cadres/${bookkeeperId}`));
    expect(page.honorarium).toEqual([{ payerId: vo.id, payerName: 'VO cad-0', accruedPaise: 76_000, paidPaise: 76_000, owedPaise: 0 }]);

    // The accrual's entry cannot be reversed alone: the honorarium record would no longer match the books.
    const entry = await h.t.db.selectFrom('journal_entry').select('id').where('source_type', '=', 'accrue-honorarium').executeTakeFirstOrThrow();
    const reversal = await h.admin.command('reverse-entry', { entryId: Number(entry.id), reason: 'wrong month' });
    expect(reversal.status).toBe(400);
    expect(reversal.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'entryId' });
  });

  it('refuses a month accrued twice, a month not over, paying when nothing is owed, and paying more than the payer holds', async () => {
    const entries = await count('journal_entry');
    const again = await h.admin.command('accrue-honorarium', { id: randomUUID(), cadreId: bookkeeperId, payerId: vo.id, month: '2025-03' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'CONFLICT', field: 'month' });
    const future = await h.admin.command('accrue-honorarium', { id: randomUUID(), cadreId: bookkeeperId, payerId: vo.id, month: '2099-01' });
    expect(future.body.error.field).toBe('month');
    const nothing = await h.admin.command('pay-honorarium', { id: randomUUID(), cadreId: bookkeeperId, payerId: vo.id, date: '2025-04-06' });
    expect(nothing.status).toBe(400);
    expect(nothing.body.error.field).toBe('amountPaise');

    // A CRP serving the VO, paid by SHG B (which never had money in the bank): accrued in SHG B's books, unpaid from its bank.
    await ok(h.admin.command('register-cadre', { id: crpId, nodeId: vo.villageId, cadreType: 'crp', name: 'Rupa Das', joinedOn: '2025-02-01', assignments: [{ id: randomUUID(), institutionId: vo.id, payerId: shgB.id, from: '2025-02-01' }] }));
    const noRule = await h.admin.command('accrue-honorarium', { id: randomUUID(), cadreId: crpId, payerId: shgB.id, month: '2025-03' });
    expect(noRule.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'month' });
    await ok(h.admin.command('set-honorarium-rule', { id: randomUUID(), payerId: shgB.id, cadreType: 'crp', effectiveFrom: '2025-03-01', fixedMonthlyPaise: 30_000 }));
    await ok(h.admin.command('accrue-honorarium', { id: randomUUID(), cadreId: crpId, payerId: shgB.id, month: '2025-03' }));
    expect((await balancesOf(h, shgB.id))).toMatchObject({ 'expenses:honorarium': 30_000, 'liabilities:honorarium-payable': -30_000 });
    const poor = await h.admin.command('pay-honorarium', { id: randomUUID(), cadreId: crpId, payerId: shgB.id, date: '2025-04-01', paidFrom: 'bank' });
    expect(poor.status).toBe(422);
    expect(poor.body.error).toMatchObject({ code: 'INSUFFICIENT_BANK', field: 'amountPaise' });
    // Its cash (members' savings at the meeting) can pay part of it.
    const part = await ok(h.admin.command('pay-honorarium', { id: randomUUID(), cadreId: crpId, payerId: shgB.id, date: '2025-04-01', paidFrom: 'cash', amountPaise: 2_000 }));
    expect(part.result.owedAfterPaise).toBe(28_000);
    expect(await count('journal_entry')).toBe(entries + 2);
    expect(await booksBalance(h)).toEqual({ unbalancedEntries: 0, unbalancedEntities: 0 });
  });
});

describe('performance review from the records', () => {
  it('computes books up to date for the groups she keeps and her training attendance, and keeps the review', async () => {
    // Two recent meetings: SHG A's reaches the books within the 7 days of the grading rule; SHG B's three weeks late.
    const today = todayIn();
    const day = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
    await ok(h.admin.command('record-meeting', regularMeeting(group(shgA), day(3))));
    await ok(h.admin.command('record-meeting', regularMeeting(group(shgB), day(21))));
    // A two-day conference in the period: she attends one day.
    const eventId = randomUUID();
    const participantId = randomUUID();
    await ok(h.admin.command('schedule-training-event', { id: eventId, nodeId: tree.blockId, kind: 'conference', title: 'Cluster bookkeepers’ conference', startDate: day(10), endDate: day(9), participants: [{ id: participantId, kind: 'cadre', cadreId: bookkeeperId }] }));
    await ok(h.admin.command('record-training-attendance', { eventId, day: day(10), present: [participantId] }));
    await ok(h.admin.command('record-training-attendance', { eventId, day: day(9), present: [] }));

    const from = day(25);
    const to = day(1);
    const preview = await ok(h.admin.get(`/api/cadres/${bookkeeperId}/review-figures?reviewerId=${vo.id}&from=${from}&to=${to}`));
    const byKey = Object.fromEntries(preview.figures.indicators.map((i: { key: string }) => [i.key, i]));
    expect(byKey['books-on-time']).toMatchObject({ numerator: 1, denominator: 2, percent: '50.00' });
    expect(byKey['training-attendance']).toMatchObject({ numerator: 1, denominator: 2, percent: '50.00' });
    expect(preview.figures.groups.find((g: { id: string }) => g.id === shgB.id).late).toEqual([{ date: day(21), delayDays: 21 }]);

    const review = await ok(h.admin.command('review-cadre', { id: randomUUID(), cadreId: bookkeeperId, reviewerId: vo.id, from, to, rating: 3, notes: 'SHG B’s books are late: visit weekly' }));
    expect(review.result.figures.indicators).toEqual(preview.figures.indicators);
    // Only an institution that pays her reviews her.
    const notPayer = await h.admin.command('review-cadre', { id: randomUUID(), cadreId: bookkeeperId, reviewerId: shgA.id, from, to, rating: 4 });
    expect(notPayer.body.error.field).toBe('reviewerId');
    const page = await ok(h.admin.get(`/api/cadres/${bookkeeperId}`));
    expect(page.reviews).toHaveLength(1);
    expect(page.reviews[0]).toMatchObject({ reviewerId: vo.id, rating: 3, notes: 'SHG B’s books are late: visit weekly' });
    expect(page.trainings).toEqual([expect.objectContaining({ eventId, kind: 'conference', attendedDays: 1 })]);
  });
});

describe('scope, export and import', () => {
  it('another branch sees none of it: 404 on her page, absent from the list, refused commands', async () => {
    expect((await other.get(`/api/cadres/${bookkeeperId}`)).status).toBe(404);
    const list = await ok(other.get('/api/cadres'));
    expect(list.cadres.map((c: { id: string }) => c.id)).not.toContain(bookkeeperId);
    expect((await other.get(`/api/cadres?nodeId=${tree.blockId}`)).status).toBe(404);
    const accrue = await other.command('accrue-honorarium', { id: randomUUID(), cadreId: bookkeeperId, payerId: vo.id, month: '2025-04' });
    expect(accrue.status).toBe(404);
    expect((await other.get(`/api/cadres/${bookkeeperId}/honorarium-preview?payerId=${vo.id}&month=2025-03`)).status).toBe(404);
  });

  it('filters the registry, and its CSV and XLSX exports hold the same rows as the JSON list', async () => {
    const all = await ok(h.admin.get(`/api/cadres?nodeId=${tree.blockId}`));
    expect(all.cadres.map((c: { id: string }) => c.id).sort()).toEqual([bookkeeperId, crpId].sort());
    const crps = await ok(h.admin.get(`/api/cadres?nodeId=${tree.blockId}&cadreType=crp`));
    expect(crps.cadres.map((c: { id: string }) => c.id)).toEqual([crpId]);
    const served = await ok(h.admin.get(`/api/cadres?institutionId=${shgB.id}`));
    expect(served.cadres.map((c: { id: string }) => c.id)).toEqual([bookkeeperId]);

    const file = await download(`/api/cadres?nodeId=${tree.blockId}&format=csv`);
    expect(file.status).toBe(200);
    expect(file.type).toContain('text/csv');
    expect(file.disposition).toBe('attachment; filename="cadres.csv"');
    const rows = parse(file.body.toString('utf8'), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.name)).toEqual(all.cadres.map((c: { name: string }) => c.name));
    const rupa = rows.find((r) => r.name === 'Rupa Das')!;
    expect(rupa).toMatchObject({ cadre_type: 'crp', status: 'active', honorarium_owed: '280.00', paid_by: `SHG cad-0-1` });
    const xlsx = await download(`/api/cadres?nodeId=${tree.blockId}&format=xlsx`);
    expect(xlsx.type).toContain('spreadsheetml');
    expect(xlsx.body.subarray(0, 2).toString()).toBe('PK');
  });

  it('imports a cadre list: every bad cell as row N, column X and nothing written; then the good list', async () => {
    const before = await count('cadre');
    const bad = [
      'name,cadre_type,phone,joined_on,shg_code,membership_number,serves,paid_by',
      'Sima Mondal,bookkeeper,98300 11111,2025-04-01,,,S-cad-0-0,VO-cad-0',
      ',crp,,2025-04-01,,,,',
      'Lata Sardar,astrologer,abc,31-13-2025,,,NOPE,',
      ',bank-mitra,,2025-04-01,S-cad-0-0,99,,',
    ].join('\n');
    const r = await h.admin.post(`/api/nodes/${vo.villageId}/cadres/import`, { file: Buffer.from(bad).toString('base64') });
    expect(r.status).toBe(422);
    expect(r.body.error.problems.map((p: { message: string }) => p.message)).toEqual([
      'row 3, column name: is required when she is not an SHG member (or give shg_code and membership_number)',
      'row 4, column cadre_type: "astrologer" is not a cadre type here (bookkeeper, crp, bank-mitra, vrp, community-mobiliser, pashu-sakhi)',
      'row 4, column joined_on: "31-13-2025" is not a date (write 2024-03-31 or 31-03-2024)',
      'row 4, column phone: is not a phone number',
      'row 4, column serves: no institution with code "NOPE"',
      'row 5, column membership_number: no member 99 in SHG S-cad-0-0',
    ]);
    expect(r.body.error.problems[0].field).toBe('row.3.name');
    expect(await count('cadre')).toBe(before);

    // A row the file alone cannot fault, refused by the command (she already serves SHG A as a bookkeeper): still nothing written.
    const clash = ['name,cadre_type,joined_on,shg_code,membership_number,serves', 'Sima Mondal,crp,2025-04-01,,,S-cad-0-0', ',bookkeeper,2025-04-01,S-cad-0-0,1,'].join('\n');
    const r2 = await h.admin.post(`/api/nodes/${vo.villageId}/cadres/import`, { file: Buffer.from(clash).toString('base64') });
    expect(r2.status).toBe(422);
    expect(r2.body.error.problems).toEqual([expect.objectContaining({ field: 'row.3.membership_number', message: 'row 3, column membership_number: she is already registered as a cadre of this type' })]);
    expect(await count('cadre')).toBe(before);

    // The good list, as XLSX: two cadres, one an SHG member, one serving SHG A paid by the VO.
    const xlsx = await tablesToXlsx([
      {
        title: 'Cadres',
        columns: ['name', 'cadre_type', 'joined_on', 'shg_code', 'membership_number', 'serves', 'paid_by'].map((k) => ({ key: k, header: k })),
        rows: [
          { name: 'Sima Mondal', cadre_type: 'bookkeeper', joined_on: '2025-04-01', serves: 'S-cad-0-0', paid_by: 'VO-cad-0' },
          { cadre_type: 'bank-mitra', joined_on: '01-04-2025', shg_code: 'S-cad-0-1', membership_number: '2' },
        ],
      },
    ]);
    const good = await ok(h.admin.post(`/api/nodes/${vo.villageId}/cadres/import`, { file: xlsx.toString('base64') }));
    expect(good).toMatchObject({ status: 'applied', imported: 2 });
    expect(await count('cadre')).toBe(before + 2);
    const again = await ok(h.admin.post(`/api/nodes/${vo.villageId}/cadres/import`, { file: xlsx.toString('base64') }));
    expect(again).toMatchObject({ status: 'duplicate', imported: 2 });
    expect(await count('cadre')).toBe(before + 2);
    const sima = await ok(h.admin.get(`/api/cadres/${good.cadreIds[0]}`));
    expect(sima.assignments).toEqual([expect.objectContaining({ institutionId: shgA.id, payerId: vo.id, from: '2025-04-01' })]);
    const mitra = await ok(h.admin.get(`/api/cadres/${good.cadreIds[1]}`));
    expect(mitra.cadre).toMatchObject({ name: 'Member 2', memberId: shgB.memberIds[1], joinedOn: '2025-04-01' });
  });
});
