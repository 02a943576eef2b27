import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Caller, type TestApp } from '../testing/app.ts';
import { makeGroup, ok, type TestGroup } from '../testing/fixtures.ts';
import { balancesOf } from './federation-test-kit.ts';
import { expectExportEqualsJson, rawGet } from './grain-produce-test-kit.ts';

let h: TestApp;
let g: TestGroup;
let outsiderGroup: TestGroup;
let other: Caller;
const pgId = randomUUID();
const codes = (r: { body: any }) => (r.body.error.problems ?? [r.body.error]).map((p: any) => `${p.code}@${p.field}`);
const entryCount = async () => Number((await h.t.db.selectFrom('journal_entry').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  h = await testApp();
  g = await makeGroup(h, h.admin, { members: 4, formedOn: '2026-01-05' });
  const otherState = randomUUID();
  await ok(h.admin.command('create-node', { id: otherState, parentId: h.rootNodeId, kind: 'state', name: 'Other state', code: 'S-OTHER' }));
  outsiderGroup = await makeGroup(h, h.admin, { members: 1, parentId: otherState });
  await ok(h.admin.command('create-user', { id: randomUUID(), username: 'staff-other', name: 'Staff Other', password: 'staff-other-pass', roles: [{ nodeId: otherState, role: 'staff' }] }));
  other = await h.as('staff-other', 'staff-other-pass');
}, 120_000);
afterAll(async () => h.close());

describe('a producer group', () => {
  it('is a node with its own books under a village; its members come from the SHGs there', async () => {
    const r = await ok(h.admin.command('create-producer-group', { id: pgId, parentId: g.villageId, name: 'Makhana producers', code: 'PG-MAK', commodity: 'makhana', formedOn: '2026-01-10' }));
    expect(r.result.entityId).toEqual(expect.any(Number));
    const node = await ok(h.admin.get(`/api/nodes/${pgId}`));
    expect(node.node.kind).toBe('producer_group');
    const misplaced = await h.admin.command('create-producer-group', { id: randomUUID(), parentId: g.shgId, name: 'X', code: 'PG-X', commodity: 'honey', formedOn: '2026-01-10' });
    expect(misplaced.status).toBe(400);
    for (const memberId of g.memberIds.slice(0, 3)) {
      await ok(h.admin.command('admit-producer-group-member', { membershipId: randomUUID(), groupId: pgId, memberId, since: '2026-01-10', shareCapitalPaise: 50_000 }));
    }
    const outsider = await h.admin.command('admit-producer-group-member', { membershipId: randomUUID(), groupId: pgId, memberId: outsiderGroup.memberIds[0], since: '2026-01-10' });
    expect(codes(outsider)).toEqual(['UNKNOWN_MEMBER@memberId']);
    const twice = await h.admin.command('admit-producer-group-member', { membershipId: randomUUID(), groupId: pgId, memberId: g.memberIds[0], since: '2026-01-10' });
    expect(twice.status).toBe(409);
    expect(await balancesOf(h, pgId)).toEqual({ 'assets:cash': 150_000, 'liabilities:share-capital:from-members': -150_000 });
    const candidates = await ok(h.admin.get(`/api/producer-groups/${pgId}/candidates`));
    expect(candidates.candidates.map((c: any) => c.id)).toEqual([g.memberIds[3]]);
  });

  it('buys inputs and issues them to members on credit at their price; the cost leaves the stock at average cost', async () => {
    await ok(h.admin.command('procure-inputs', { purchaseId: randomUUID(), groupId: pgId, date: '2026-02-01', item: 'seed', unit: 'g', quantity: 10_000, amountPaise: 80_000, paidFrom: 'cash', supplier: 'Block seed store' }));
    const poor = await h.admin.command('procure-inputs', { purchaseId: randomUUID(), groupId: pgId, date: '2026-02-01', item: 'seed', unit: 'g', quantity: 10_000, amountPaise: 80_000, paidFrom: 'cash' });
    expect(codes(poor)).toEqual(['INSUFFICIENT_CASH@amountPaise']);
    const unit = await h.admin.command('procure-inputs', { purchaseId: randomUUID(), groupId: pgId, date: '2026-02-01', item: 'seed', unit: 'unit', quantity: 10, amountPaise: 100, paidFrom: 'credit' });
    expect(codes(unit)).toEqual(['VALIDATION_FAILED@unit']);
    const beyond = await h.admin.command('issue-inputs', { issueId: randomUUID(), groupId: pgId, date: '2026-02-02', memberId: g.memberIds[0], item: 'seed', quantity: 10_001, pricePaise: 10_000 });
    expect(codes(beyond)).toEqual(['INSUFFICIENT_STOCK@quantity']);
    const r = await ok(h.admin.command('issue-inputs', { issueId: randomUUID(), groupId: pgId, date: '2026-02-02', memberId: g.memberIds[0], item: 'seed', quantity: 4000, pricePaise: 10_000, terms: 'credit' }));
    expect(r.result).toMatchObject({ amountPaise: 40_000, costPaise: 32_000 });
    expect(await balancesOf(h, pgId)).toMatchObject({ 'assets:inventory:inputs': 48_000, 'assets:advances-to-members': 40_000, 'income:input-sales': -40_000, 'expenses:cost-of-inputs-issued': 32_000 });
  });

  it('aggregates members’ produce with grade and price; sells to a buyer, never beyond the stock', async () => {
    const notMember = await h.admin.command('aggregate-produce', { collectionId: randomUUID(), groupId: pgId, date: '2026-03-01', lines: [{ memberId: g.memberIds[3], quantity: 1000, pricePaise: 20_000 }] });
    expect(codes(notMember)).toEqual(['UNKNOWN_MEMBER@lines.0.memberId']);
    const r = await ok(
      h.admin.command('aggregate-produce', {
        collectionId: randomUUID(),
        groupId: pgId,
        date: '2026-03-01',
        lines: [
          { memberId: g.memberIds[0], quantity: 20_000, grade: 'A', pricePaise: 20_000 },
          { memberId: g.memberIds[1], quantity: 10_000, grade: 'B', pricePaise: 18_000 },
        ],
      }),
    );
    expect(r.result).toMatchObject({ quantity: 30_000, amountPaise: 580_000 });
    const n = await entryCount();
    const beyond = await h.admin.command('sell-produce', { saleId: randomUUID(), groupId: pgId, date: '2026-03-05', quantity: 30_001, pricePaise: 26_000, buyer: 'Darbhanga traders' });
    expect(beyond.status).toBe(422);
    expect(beyond.body.error.problems[0]).toMatchObject({ code: 'INSUFFICIENT_STOCK', field: 'quantity', params: { availableQuantity: 30_000 } });
    expect(await entryCount()).toBe(n);
    const sale = await ok(h.admin.command('sell-produce', { saleId: randomUUID(), groupId: pgId, date: '2026-03-05', quantity: 25_000, pricePaise: 26_000, buyer: 'Darbhanga traders', receivedInto: 'bank' }));
    // 25 of 30 kg worth 5,800.00: 4,833.33 (half-even) leaves the stock.
    expect(sale.result).toMatchObject({ amountPaise: 650_000, costPaise: 483_333 });
  });

  it('pays members for their produce, recovering input credit; never beyond what is due or the money there', async () => {
    const over = await h.admin.command('pay-producer-member', { paymentId: randomUUID(), groupId: pgId, date: '2026-03-10', memberId: g.memberIds[0], amountPaise: 400_001, paidFrom: 'bank' });
    expect(over.status).toBe(422);
    expect(over.body.error.problems[0]).toMatchObject({ code: 'PAYMENT_EXCEEDS_DUE', field: 'amountPaise', params: { duePaise: 400_000 } });
    const overRecovery = await h.admin.command('pay-producer-member', { paymentId: randomUUID(), groupId: pgId, date: '2026-03-10', memberId: g.memberIds[0], amountPaise: 0, recoverPaise: 40_001 });
    expect(codes(overRecovery)).toEqual(['PAYMENT_EXCEEDS_DUE@recoverPaise']);
    const cash = await h.admin.command('pay-producer-member', { paymentId: randomUUID(), groupId: pgId, date: '2026-03-10', memberId: g.memberIds[0], amountPaise: 300_000, paidFrom: 'cash' });
    expect(codes(cash)).toEqual(['INSUFFICIENT_CASH@amountPaise']);
    const r = await ok(h.admin.command('pay-producer-member', { paymentId: randomUUID(), groupId: pgId, date: '2026-03-10', memberId: g.memberIds[0], amountPaise: 300_000, recoverPaise: 40_000, paidFrom: 'bank' }));
    expect(r.result.duePaise).toBe(60_000);
    await ok(h.admin.command('pay-producer-member', { paymentId: randomUUID(), groupId: pgId, date: '2026-03-10', memberId: g.memberIds[1], amountPaise: 180_000, paidFrom: 'bank' }));
    await ok(h.admin.command('record-producer-group-expense', { expenseId: randomUUID(), groupId: pgId, date: '2026-03-11', kind: 'transport', amountPaise: 20_000, paidFrom: 'bank' }));
    await ok(h.admin.command('join-producer-company', { membershipId: randomUUID(), groupId: pgId, companyName: 'Mithila Makhana Producer Company', since: '2026-03-12', shareCapitalPaise: 10_000, paidFrom: 'bank' }));
  });

  it('stock per item agrees with its movements and with the books; the member statement says supplied, paid, due', async () => {
    const stock = await ok(h.admin.get(`/api/producer-groups/${pgId}/stock`));
    const produce = stock.rows.find((r: any) => r.itemKind === 'produce');
    expect(produce).toMatchObject({ item: 'makhana', unit: 'g', opening: 0, in: 30_000, out: 25_000, closing: 5000, closingValuePaise: 96_667 });
    const seed = stock.rows.find((r: any) => r.itemKind === 'input');
    expect(seed).toMatchObject({ item: 'seed', closing: 6000, closingValuePaise: 48_000 });
    const books = await balancesOf(h, pgId);
    expect(books['assets:inventory:produce']).toBe(96_667);
    expect(books['assets:inventory:inputs']).toBe(48_000);
    const csv = await rawGet(h, `/api/producer-groups/${pgId}/stock?format=csv`);
    expectExportEqualsJson(csv.body, stock.rows, ['openingValuePaise', 'inValuePaise', 'outValuePaise', 'closingValuePaise']);

    const statement = await ok(h.admin.get(`/api/producer-groups/${pgId}/statement?from=2026-01-01&to=2026-03-31`));
    expect(statement.rows.find((r: any) => r.memberId === g.memberIds[0])).toMatchObject({ suppliedQuantity: 20_000, suppliedPaise: 400_000, inputsPaise: 40_000, paidPaise: 300_000, recoveredPaise: 40_000, duePaise: 60_000, inputCreditDuePaise: 0 });
    expect(statement.rows.find((r: any) => r.memberId === g.memberIds[1])).toMatchObject({ suppliedPaise: 180_000, paidPaise: 180_000, duePaise: 0 });
    const file = await rawGet(h, `/api/producer-groups/${pgId}/statement?from=2026-01-01&to=2026-03-31&format=csv`);
    expectExportEqualsJson(file.body, statement.rows, ['suppliedPaise', 'inputsPaise', 'paidPaise', 'recoveredPaise', 'duePaise', 'inputCreditDuePaise']);
    const xlsx = await rawGet(h, `/api/producer-groups/${pgId}/statement?format=xlsx`);
    expect(xlsx.type).toContain('spreadsheetml');
  });

  it('purchases, sales and margin per commodity: for the group and for the place above it', async () => {
    const margin = await ok(h.admin.get(`/api/producer-groups/${pgId}/margin?from=2026-01-01&to=2026-03-31`));
    expect(margin.rows).toEqual([
      {
        commodity: 'makhana',
        unit: 'g',
        groups: 1,
        purchasedQuantity: 30_000,
        purchasesPaise: 580_000,
        soldQuantity: 25_000,
        salesPaise: 650_000,
        costOfProducePaise: 483_333,
        inputSalesPaise: 40_000,
        costOfInputsPaise: 32_000,
        expensesPaise: 20_000,
        marginPaise: 650_000 - 483_333 + 8000 - 20_000,
      },
    ]);
    // The books say the same: the group's income and expenditure surplus is the margin.
    const ie = await ok(h.admin.get(`/api/shgs/${pgId}/reports/income-expenditure?from=2026-01-01&to=2026-03-31`));
    expect(ie.report.totals.surplus).toBe(margin.rows[0].marginPaise);
    const tb = await ok(h.admin.get(`/api/shgs/${pgId}/reports/trial-balance?asOf=2026-03-31`));
    expect(tb.report.totals.debit).toBe(tb.report.totals.credit);
    const place = await ok(h.admin.get(`/api/producer-groups/commodities?nodeId=${h.rootNodeId}&from=2026-01-01&to=2026-03-31`));
    expect(place.rows).toEqual(margin.rows);
    const csv = await rawGet(h, `/api/producer-groups/commodities?nodeId=${h.rootNodeId}&from=2026-01-01&to=2026-03-31&format=csv`);
    expectExportEqualsJson(csv.body, place.rows, ['purchasesPaise', 'salesPaise', 'costOfProducePaise', 'inputSalesPaise', 'costOfInputsPaise', 'expensesPaise', 'marginPaise']);
    const list = await ok(h.admin.get(`/api/producer-groups?nodeId=${g.villageId}`));
    expect(list.producerGroups).toEqual([expect.objectContaining({ id: pgId, commodity: 'makhana', memberCount: 3, produceStock: 5000 })]);
    expectExportEqualsJson((await rawGet(h, `/api/producer-groups?nodeId=${g.villageId}&format=csv`)).body, list.producerGroups);
    const detail = await ok(h.admin.get(`/api/producer-groups/${pgId}`));
    expect(detail.companies).toEqual([expect.objectContaining({ companyName: 'Mithila Makhana Producer Company', shareCapitalPaise: 10_000 })]);
    expect(detail.members.find((m: any) => m.memberId === g.memberIds[0])).toMatchObject({ payablePaise: 60_000, advancePaise: 0, shareCapitalPaise: 50_000 });
  });

  it('another branch’s staff: not found, for reads and for commands', async () => {
    expect((await other.get(`/api/producer-groups/${pgId}`)).status).toBe(404);
    expect((await other.get(`/api/producer-groups/${pgId}/statement`)).status).toBe(404);
    expect((await ok(other.get('/api/producer-groups'))).producerGroups).toEqual([]);
    const r = await other.command('sell-produce', { saleId: randomUUID(), groupId: pgId, date: '2026-04-01', quantity: 1000, pricePaise: 1000, buyer: 'X' });
    expect(r.status).toBe(404);
    const pay = await other.command('pay-producer-member', { paymentId: randomUUID(), groupId: pgId, date: '2026-04-01', memberId: g.memberIds[0], amountPaise: 100 });
    expect(pay.status).toBe(404);
  });
});
