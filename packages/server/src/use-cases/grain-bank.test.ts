import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Caller, type TestApp } from '../testing/app.ts';
import { makeGroup, ok, regularMeeting, type TestGroup } from '../testing/fixtures.ts';
import { balancesOf, makeFederationTree } from './federation-test-kit.ts';
import { expectExportEqualsJson, rawGet } from './grain-produce-test-kit.ts';

let h: TestApp;
let g: TestGroup;
let other: Caller;
let otherGroup: TestGroup;
const bankId = randomUUID();

const entryCount = async () => Number((await h.t.db.selectFrom('journal_entry').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const movementCount = async () => Number((await h.t.db.selectFrom('grain_movement').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const codes = (r: { body: any }) => (r.body.error.problems ?? [r.body.error]).map((p: any) => `${p.code}@${p.field}`);

beforeAll(async () => {
  h = await testApp();
  g = await makeGroup(h, h.admin, { members: 4, formedOn: '2026-01-05' });
  // Cash for purchases: the first meeting's voluntary savings (Rs 1,000 each).
  await ok(h.admin.command('record-meeting', regularMeeting(g, '2026-01-05', { savings: g.memberIds.map((memberId) => ({ memberId, compulsoryPaise: 1000, voluntaryPaise: 100_000 })) })));
  // Another branch with its own staff: must not see or touch this bank.
  const otherBlock = randomUUID();
  await ok(h.admin.command('create-node', { id: otherBlock, parentId: h.rootNodeId, kind: 'state', name: 'Other state', code: 'S-OTHER' }));
  otherGroup = await makeGroup(h, h.admin, { members: 1, parentId: otherBlock });
  await ok(h.admin.command('create-user', { id: randomUUID(), username: 'staff-other', name: 'Staff Other', password: 'staff-other-pass', roles: [{ nodeId: otherBlock, role: 'staff' }] }));
  other = await h.as('staff-other', 'staff-other-pass');
}, 120_000);
afterAll(async () => h.close());

describe('a valued grain bank in an SHG', () => {
  it('is set up once per institution; its chart gains the grain accounts', async () => {
    await ok(h.admin.command('create-grain-bank', { id: bankId, institutionId: g.shgId, name: 'Rice bank', openedOn: '2026-01-05', kinds: ['rice', 'wheat'], valued: true, interestPercent: '25' }));
    const again = await h.admin.command('create-grain-bank', { id: randomUUID(), institutionId: g.shgId, name: 'Second', openedOn: '2026-01-05', valued: false });
    expect(again.status).toBe(409);
    const village = await h.admin.command('create-grain-bank', { id: randomUUID(), institutionId: g.villageId, name: 'Village', openedOn: '2026-01-05' });
    expect(village.status).toBe(404);
    const paths = await h.t.db.selectFrom('account as a').innerJoin('entity as e', 'e.id', 'a.entity_id').select('a.path').where('e.node_id', '=', g.shgId).execute();
    expect(paths.map((p) => p.path)).toEqual(expect.arrayContaining(['assets:grain-stock', 'assets:grain-loans-to-members', 'income:interest:grain-loans', 'expenses:grain-losses']));
  });

  it('receives contributions and purchases at the stated price; a purchase needs the cash', async () => {
    await ok(h.admin.command('receive-grain', { movementId: randomUUID(), grainBankId: bankId, date: '2026-01-10', grain: 'rice', quantityGrams: 20_000, source: 'contribution', memberId: g.memberIds[0], pricePerKgPaise: 3000 }));
    const poor = await h.admin.command('receive-grain', { movementId: randomUUID(), grainBankId: bankId, date: '2026-01-11', grain: 'rice', quantityGrams: 200_000, source: 'purchase', pricePerKgPaise: 3200 });
    expect(poor.status).toBe(422);
    expect(codes(poor)).toEqual(['INSUFFICIENT_CASH@pricePerKgPaise']);
    const unpriced = await h.admin.command('receive-grain', { movementId: randomUUID(), grainBankId: bankId, date: '2026-01-11', grain: 'rice', quantityGrams: 1000, source: 'purchase' });
    expect(codes(unpriced)).toEqual(['VALIDATION_FAILED@pricePerKgPaise']);
    const kind = await h.admin.command('receive-grain', { movementId: randomUUID(), grainBankId: bankId, date: '2026-01-11', grain: 'maize', quantityGrams: 1000, source: 'donation', pricePerKgPaise: 0 });
    expect(codes(kind)).toEqual(['VALIDATION_FAILED@grain']);
    await ok(h.admin.command('receive-grain', { movementId: randomUUID(), grainBankId: bankId, date: '2026-01-11', grain: 'rice', quantityGrams: 10_000, source: 'purchase', pricePerKgPaise: 3200, paidFrom: 'cash' }));
    expect(await balancesOf(h, g.shgId)).toMatchObject({ 'assets:grain-stock': 92_000, 'equity:grain-contributions': -60_000 });
  });

  let loanId: string;
  it('lends in kind with interest in kind, never beyond the stock (refused: nothing written)', async () => {
    const [entries, movements] = [await entryCount(), await movementCount()];
    const beyond = await h.admin.command('lend-grain', { loanId: randomUUID(), grainBankId: bankId, date: '2026-01-15', memberId: g.memberIds[1], grain: 'rice', quantityGrams: 30_001 });
    expect(beyond.status).toBe(422);
    expect(beyond.body.error.problems[0]).toMatchObject({ code: 'INSUFFICIENT_STOCK', field: 'quantityGrams', params: { availableQuantity: 30_000 } });
    const outsider = await h.admin.command('lend-grain', { loanId: randomUUID(), grainBankId: bankId, date: '2026-01-15', memberId: otherGroup.memberIds[0], grain: 'rice', quantityGrams: 1000 });
    expect(codes(outsider)).toEqual(['UNKNOWN_MEMBER@memberId']);
    expect([await entryCount(), await movementCount()]).toEqual([entries, movements]);
    loanId = randomUUID();
    const r = await ok(h.admin.command('lend-grain', { loanId, grainBankId: bankId, date: '2026-01-15', memberId: g.memberIds[1], grain: 'rice', quantityGrams: 12_000, dueOn: '2026-06-30' }));
    // 1.25 kg back per kg; the cost of 12 of the 30 kg (92,000 paise) moves to loans to members.
    expect(r.result).toMatchObject({ principalGrams: 12_000, interestGrams: 3000, dueGrams: 15_000, costPaise: 36_800 });
    expect(await balancesOf(h, g.shgId)).toMatchObject({ 'assets:grain-stock': 55_200, 'assets:grain-loans-to-members': 36_800 });
  });

  it('takes repayments in kind, interest first; refuses more than owed and a back-dated entry', async () => {
    const back = await h.admin.command('repay-grain', { movementId: randomUUID(), loanId, date: '2026-01-12', quantityGrams: 1000 });
    expect(codes(back)).toEqual(expect.arrayContaining(['VALIDATION_FAILED@date']));
    const first = await ok(h.admin.command('repay-grain', { movementId: randomUUID(), loanId, date: '2026-03-01', quantityGrams: 5000 }));
    expect(first.result).toMatchObject({ interestGrams: 3000, principalGrams: 2000, outstandingGrams: 10_000 });
    const over = await h.admin.command('repay-grain', { movementId: randomUUID(), loanId, date: '2026-03-02', quantityGrams: 10_001 });
    expect(over.status).toBe(422);
    expect(over.body.error.problems[0]).toMatchObject({ code: 'REPAYMENT_EXCEEDS_OUTSTANDING', field: 'quantityGrams', params: { outstandingGrams: 10_000 } });
    const last = await ok(h.admin.command('repay-grain', { movementId: randomUUID(), loanId, date: '2026-04-01', quantityGrams: 10_000 }));
    expect(last.result.outstandingGrams).toBe(0);
    const closed = await h.admin.command('repay-grain', { movementId: randomUUID(), loanId, date: '2026-04-02', quantityGrams: 1 });
    expect(codes(closed)).toEqual(['LOAN_CLOSED@loanId']);
    // The loan is cleared to the paisa; the interest grain (3 kg at the loan's cost per gram) is income.
    const books = await balancesOf(h, g.shgId);
    expect(books['assets:grain-loans-to-members']).toBeUndefined();
    expect(books['income:interest:grain-loans']).toBe(-9200);
  });

  it('records a loss with its reason and a physical count with its difference', async () => {
    await ok(h.admin.command('record-grain-loss', { movementId: randomUUID(), grainBankId: bankId, date: '2026-05-01', grain: 'rice', quantityGrams: 500, reason: 'rats' }));
    const counted = await ok(h.admin.command('count-grain', { countId: randomUUID(), grainBankId: bankId, date: '2026-05-31', lines: [{ grain: 'rice', countedGrams: 32_300 }, { grain: 'wheat', countedGrams: 0 }] }));
    expect(counted.result.lines).toEqual([
      { grain: 'rice', bookGrams: 32_500, countedGrams: 32_300, differenceGrams: -200 },
      { grain: 'wheat', bookGrams: 0, countedGrams: 0, differenceGrams: 0 },
    ]);
    const sold = await h.admin.command('sell-grain', { movementId: randomUUID(), grainBankId: bankId, date: '2026-06-01', grain: 'rice', quantityGrams: 32_301, pricePerKgPaise: 3500 });
    expect(sold.body.error.problems[0]).toMatchObject({ code: 'INSUFFICIENT_STOCK', field: 'quantityGrams' });
    await ok(h.admin.command('sell-grain', { movementId: randomUUID(), grainBankId: bankId, date: '2026-06-01', grain: 'rice', quantityGrams: 4300, pricePerKgPaise: 3500 }));
  });

  it('the register per kind: closing = opening + in − out, and its value is the books’ grain stock', async () => {
    const all = await ok(h.admin.get(`/api/grain-banks/${bankId}/register`));
    const rice = all.rows.find((r: any) => r.grain === 'rice');
    expect(rice).toMatchObject({ openingGrams: 0, inGrams: 45_000, outGrams: 17_000, closingGrams: 28_000 });
    expect(all.rows.find((r: any) => r.grain === 'wheat')).toMatchObject({ closingGrams: 0, closingValuePaise: 0 });
    const books = await balancesOf(h, g.shgId);
    expect(rice.closingValuePaise).toBe(books['assets:grain-stock']);
    const spring = await ok(h.admin.get(`/api/grain-banks/${bankId}/register?from=2026-03-01&to=2026-05-31`));
    const r = spring.rows.find((x: any) => x.grain === 'rice');
    expect(r).toMatchObject({ openingGrams: 18_000, inGrams: 15_000, outGrams: 700, closingGrams: 32_300 });
    expect(r.closingGrams).toBe(r.openingGrams + r.inGrams - r.outGrams);
    const csv = await rawGet(h, `/api/grain-banks/${bankId}/register?from=2026-03-01&to=2026-05-31&format=csv`);
    expect(csv.type).toContain('text/csv');
    expectExportEqualsJson(csv.body, spring.rows, ['openingValuePaise', 'inValuePaise', 'outValuePaise', 'closingValuePaise']);
    const xlsx = await rawGet(h, `/api/grain-banks/${bankId}/register?format=xlsx`);
    expect(xlsx.type).toContain('spreadsheetml');
  });

  it('members’ grain loans: open ones as of a date, with what is owed; exports equal the JSON', async () => {
    const before = await ok(h.admin.get(`/api/grain-banks/${bankId}/loans?asOf=2026-03-15`));
    expect(before.loans).toEqual([expect.objectContaining({ loanId, memberId: g.memberIds[1], principalGrams: 12_000, interestGrams: 3000, repaidGrams: 5000, outstandingGrams: 10_000, status: 'open' })]);
    const after = await ok(h.admin.get(`/api/grain-banks/${bankId}/loans?asOf=2026-06-30`));
    expect(after.loans).toEqual([]);
    const csv = await rawGet(h, `/api/grain-banks/${bankId}/loans?asOf=2026-03-15&format=csv`);
    expectExportEqualsJson(csv.body, before.loans);
    const list = await ok(h.admin.get(`/api/grain-banks?nodeId=${g.villageId}`));
    expect(list.grainBanks).toEqual([expect.objectContaining({ id: bankId, institutionId: g.shgId, valued: true, stockGrams: 28_000 })]);
    const moves = await ok(h.admin.get(`/api/grain-banks/${bankId}/movements`));
    expectExportEqualsJson((await rawGet(h, `/api/grain-banks/${bankId}/movements?format=csv`)).body, moves.movements, ['valuePaise', 'amountPaise', 'pricePerKgPaise']);
  });

  it('another branch’s staff: the bank is not found, and its commands are refused as not found', async () => {
    expect((await other.get(`/api/grain-banks/${bankId}`)).status).toBe(404);
    expect((await other.get(`/api/grain-banks/${bankId}/register`)).status).toBe(404);
    expect((await other.get(`/api/grain-banks?nodeId=${g.villageId}`)).status).toBe(404);
    expect((await ok(other.get('/api/grain-banks'))).grainBanks).toEqual([]);
    const r = await other.command('lend-grain', { loanId: randomUUID(), grainBankId: bankId, date: '2026-07-01', memberId: g.memberIds[2], grain: 'rice', quantityGrams: 1000 });
    expect(r.status).toBe(404);
  });
});

describe('a grain bank kept in quantity only, in a VO', () => {
  it('lends to members of its member SHGs only and posts nothing to the books', async () => {
    const tree = await makeFederationTree(h, { vos: 1, shgsPerVo: 2, membersPerShg: 2, code: 'gbvo' });
    const vo = tree.vos[0]!;
    await ok(h.admin.command('admit-federation-member', { membershipId: randomUUID(), federationId: vo.id, memberId: vo.shgs[0]!.id, since: '2025-02-01' }));
    const voBank = randomUUID();
    await ok(h.admin.command('create-grain-bank', { id: voBank, institutionId: vo.id, name: 'VO grain bank', openedOn: '2025-02-01', kinds: ['wheat'] }));
    const entries = await entryCount();
    await ok(h.admin.command('receive-grain', { movementId: randomUUID(), grainBankId: voBank, date: '2025-02-02', grain: 'wheat', quantityGrams: 50_000, source: 'purchase', pricePerKgPaise: 2500 }));
    await ok(h.admin.command('lend-grain', { loanId: randomUUID(), grainBankId: voBank, date: '2025-02-03', memberId: vo.shgs[0]!.memberIds[0], grain: 'wheat', quantityGrams: 10_000, interestPercent: '20' }));
    const notMember = await h.admin.command('lend-grain', { loanId: randomUUID(), grainBankId: voBank, date: '2025-02-03', memberId: vo.shgs[1]!.memberIds[0], grain: 'wheat', quantityGrams: 1000 });
    expect(codes(notMember)).toEqual(['UNKNOWN_MEMBER@memberId']);
    expect(await entryCount()).toBe(entries);
    const detail = await ok(h.admin.get(`/api/grain-banks/${voBank}?asOf=2025-12-31`));
    expect(detail.stock).toEqual([expect.objectContaining({ grain: 'wheat', closingGrams: 40_000, closingValuePaise: 0 })]);
    expect(detail.members.map((m: any) => m.id)).toEqual(vo.shgs[0]!.memberIds);
    const loans = await ok(h.admin.get(`/api/grain-banks/${voBank}/loans?asOf=2025-12-31`));
    expect(loans.loans).toEqual([expect.objectContaining({ principalGrams: 10_000, interestGrams: 2000, outstandingGrams: 12_000, overdue: false })]);
  });
});
