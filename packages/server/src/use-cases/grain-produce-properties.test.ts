import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '@khata/core';
import { interestInKind } from '@khata/core/grain-bank';
import { replayStock, type StockMovement } from '@khata/core/stock';
import { testApp, type TestApp } from '../testing/app.ts';
import { makeGroup, ok, regularMeeting, type TestGroup } from '../testing/fixtures.ts';
import { balancesOf, booksBalance } from './federation-test-kit.ts';

/**
 * For any sequence of grain-bank and producer-group movements, each sent as a command (those the rules refuse are
 * simply not written): every stock register's closing = opening + in − out per kind, never negative at any point,
 * equal to the replay of the movements and to a model that tracks what was accepted; every refusal about stock is
 * exactly one the model predicts (taking out more than is there), and no other refusal appears than those the
 * money can cause; and where the stock is valued, every entity's books balance and the stock's value is the
 * ledger's stock account (the grain bank's grain stock and grain loans, the producer group's produce and inputs).
 */

let h: TestApp;
afterAll(async () => h.close());
beforeAll(async () => {
  h = await testApp();
}, 60_000);

const MONEY_REFUSALS = new Set(['INSUFFICIENT_CASH', 'INSUFFICIENT_BANK', 'PAYMENT_EXCEEDS_DUE']);
const KINDS = ['rice', 'wheat'] as const;

interface World {
  day: string;
  shgs: [TestGroup, TestGroup];
  banks: Array<{ id: string; shg: TestGroup; valued: boolean; stock: Record<string, number>; loans: Array<{ id: string; owed: number }> }>;
  pg: { id: string; members: string[]; produce: number; inputs: number };
  refusals: Map<string, number>;
}

async function setUp(run: number): Promise<World> {
  const day = '2026-01-05';
  const a = await makeGroup(h, h.admin, { members: 3, formedOn: day, code: `PA${run}` });
  const b = await makeGroup(h, h.admin, { members: 2, formedOn: day, parentId: undefined, code: `PB${run}` });
  await ok(h.admin.command('record-meeting', regularMeeting(a, day, { savings: a.memberIds.map((memberId) => ({ memberId, compulsoryPaise: 1000, voluntaryPaise: 200_000 })) })));
  const banks: World['banks'] = [];
  for (const [shg, valued] of [[a, true], [b, false]] as const) {
    const id = randomUUID();
    await ok(h.admin.command('create-grain-bank', { id, institutionId: shg.shgId, name: 'Grain bank', openedOn: day, kinds: [...KINDS], valued, interestPercent: '25' }));
    banks.push({ id, shg, valued, stock: { rice: 0, wheat: 0 }, loans: [] });
  }
  const pgId = randomUUID();
  await ok(h.admin.command('create-producer-group', { id: pgId, parentId: a.villageId, name: `PG ${run}`, code: `PG-${run}`, commodity: 'honey', formedOn: day }));
  for (const memberId of a.memberIds) await ok(h.admin.command('admit-producer-group-member', { membershipId: randomUUID(), groupId: pgId, memberId, since: day, shareCapitalPaise: 100_000 }));
  return { day, shgs: [a, b], banks, pg: { id: pgId, members: a.memberIds, produce: 0, inputs: 0 }, refusals: new Map() };
}

type Action = { kind: number; a: number; b: number; qty: number; price: number; step: number };
const action: fc.Arbitrary<Action> = fc.record({
  kind: fc.integer({ min: 0, max: 10 }),
  a: fc.nat(),
  b: fc.nat(),
  qty: fc.integer({ min: 1, max: 40_000 }),
  price: fc.integer({ min: 0, max: 40_000 }),
  step: fc.integer({ min: 0, max: 3 }),
});

/** Sends a command; a refusal must be one the world allows (`stockExpected`: the model says the stock is short). */
async function send(w: World, type: string, payload: unknown, stockShort: boolean | null): Promise<any | null> {
  const r = await h.admin.command(type, payload);
  const code = r.body?.error?.code as string | undefined;
  if (r.status < 300) {
    if (stockShort) expect.fail(`${type} was accepted though the model says the stock is short`);
    return r.body.result;
  }
  w.refusals.set(code!, (w.refusals.get(code!) ?? 0) + 1);
  if (stockShort) expect(code, JSON.stringify(r.body)).toBe('INSUFFICIENT_STOCK');
  else expect(MONEY_REFUSALS.has(code!) || (stockShort === null && code === 'INSUFFICIENT_STOCK'), JSON.stringify(r.body)).toBe(true);
  return null;
}

async function apply(w: World, x: Action): Promise<void> {
  w.day = addDays(w.day, x.step);
  const date = w.day;
  const bank = w.banks[x.a % 2]!;
  const grain = KINDS[x.b % 2]!;
  const member = bank.shg.memberIds[x.b % bank.shg.memberIds.length]!;
  switch (x.kind) {
    case 0: {
      const source = x.b % 3 === 0 ? 'purchase' : 'contribution';
      const done = await send(w, 'receive-grain', { movementId: randomUUID(), grainBankId: bank.id, date, grain, quantityGrams: x.qty, source, memberId: source === 'contribution' ? member : null, pricePerKgPaise: x.price % 5000 }, false);
      if (done) bank.stock[grain]! += x.qty;
      return;
    }
    case 1: {
      const loanId = randomUUID();
      const done = await send(w, 'lend-grain', { loanId, grainBankId: bank.id, date, memberId: member, grain, quantityGrams: x.qty }, x.qty > bank.stock[grain]!);
      if (done) {
        bank.stock[grain]! -= x.qty;
        bank.loans.push({ id: loanId, owed: x.qty + interestInKind(x.qty, '25') });
        (bank.loans.at(-1) as any).grain = grain;
      }
      return;
    }
    case 2: {
      const open = bank.loans.filter((l) => l.owed > 0);
      const loan = open[x.b % Math.max(1, open.length)];
      if (!loan) return;
      const grams = Math.min(x.qty, loan.owed + (x.b % 4 === 0 ? 1 : 0));
      const r = await h.admin.command('repay-grain', { movementId: randomUUID(), loanId: loan.id, date, quantityGrams: grams });
      if (grams > loan.owed) {
        expect(r.body?.error?.code).toBe('REPAYMENT_EXCEEDS_OUTSTANDING');
        return;
      }
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      loan.owed -= grams;
      bank.stock[(loan as any).grain as string]! += grams;
      return;
    }
    case 3:
    case 4: {
      const payload = { movementId: randomUUID(), grainBankId: bank.id, date, grain, quantityGrams: x.qty };
      const done =
        x.kind === 3
          ? await send(w, 'record-grain-loss', { ...payload, reason: 'rats' }, x.qty > bank.stock[grain]!)
          : await send(w, 'sell-grain', { ...payload, pricePerKgPaise: x.price % 6000, receivedInto: 'cash' }, x.qty > bank.stock[grain]!);
      if (done) bank.stock[grain]! -= x.qty;
      return;
    }
    case 5: {
      const counted = Math.max(0, bank.stock[grain]! + (x.b % 3) * 100 - 100);
      await send(w, 'count-grain', { countId: randomUUID(), grainBankId: bank.id, date, lines: [{ grain, countedGrams: counted }] }, false);
      bank.stock[grain] = counted;
      return;
    }
    case 6: {
      const done = await send(w, 'procure-inputs', { purchaseId: randomUUID(), groupId: w.pg.id, date, item: 'feed', unit: 'g', quantity: x.qty, amountPaise: 1 + (x.price % 30_000), paidFrom: x.b % 2 ? 'credit' : 'cash' }, false);
      if (done) w.pg.inputs += x.qty;
      return;
    }
    case 7: {
      const done = await send(w, 'issue-inputs', { issueId: randomUUID(), groupId: w.pg.id, date, memberId: w.pg.members[x.b % 3], item: 'feed', quantity: x.qty, pricePaise: x.price, terms: x.b % 2 ? 'cash' : 'credit' }, x.qty > w.pg.inputs);
      if (done) w.pg.inputs -= x.qty;
      return;
    }
    case 8: {
      const lines = w.pg.members.slice(0, 1 + (x.b % 3)).map((memberId, i) => ({ memberId, quantity: x.qty + i, grade: 'A', pricePaise: x.price }));
      const done = await send(w, 'aggregate-produce', { collectionId: randomUUID(), groupId: w.pg.id, date, lines }, false);
      if (done) w.pg.produce += lines.reduce((s, l) => s + l.quantity, 0);
      return;
    }
    case 9: {
      const done = await send(w, 'sell-produce', { saleId: randomUUID(), groupId: w.pg.id, date, quantity: x.qty, pricePaise: x.price, buyer: 'Trader', receivedInto: x.b % 2 ? 'cash' : 'bank' }, x.qty > w.pg.produce);
      if (done) w.pg.produce -= x.qty;
      return;
    }
    case 10: {
      await send(w, 'pay-producer-member', { paymentId: randomUUID(), groupId: w.pg.id, date, memberId: w.pg.members[x.b % 3], amountPaise: x.price * 10, paidFrom: x.b % 2 ? 'cash' : 'bank' }, false);
      return;
    }
  }
}

async function check(w: World): Promise<void> {
  for (const bank of w.banks) {
    const register = (await ok(h.admin.get(`/api/grain-banks/${bank.id}/register`))).rows as any[];
    const rows = await h.t.db.selectFrom('grain_movement').selectAll().where('grain_bank_id', '=', bank.id).orderBy('date').orderBy('seq').execute();
    const replay = replayStock(rows.map((r): StockMovement => ({ item: r.grain, date: r.date, direction: r.direction, quantity: r.quantity_grams, valuePaise: r.value_paise })));
    expect(replay.ok, JSON.stringify(replay)).toBe(true); // never negative at any point, out at average cost
    if (!replay.ok) return;
    let value = 0;
    for (const row of register) {
      expect(row.closingGrams).toBe(row.openingGrams + row.inGrams - row.outGrams);
      expect(row.closingGrams).toBeGreaterThanOrEqual(0);
      expect(row.closingGrams).toBe(bank.stock[row.grain]);
      expect({ quantity: row.closingGrams, valuePaise: row.closingValuePaise }).toEqual(replay.value.get(row.grain) ?? { quantity: 0, valuePaise: 0 });
      value += row.closingValuePaise;
    }
    const books = await balancesOf(h, bank.shg.shgId);
    if (bank.valued) {
      expect(books['assets:grain-stock'] ?? 0).toBe(value);
      const loans = (await ok(h.admin.get(`/api/grain-banks/${bank.id}/loans?asOf=2099-12-31`))).loans as any[];
      expect(loans.map((l) => [l.loanId, l.outstandingGrams]).sort()).toEqual(bank.loans.filter((l) => l.owed > 0).map((l) => [l.id, l.owed]).sort());
      const cost = await h.t.db.selectFrom('grain_loan').select(['id', 'cost_paise']).where('grain_bank_id', '=', bank.id).execute();
      if (bank.loans.every((l) => l.owed === 0)) expect(books['assets:grain-loans-to-members'] ?? 0).toBe(0);
      else expect(books['assets:grain-loans-to-members'] ?? 0).toBeLessThanOrEqual(cost.reduce((s, c) => s + c.cost_paise, 0));
    } else {
      expect(value).toBe(0);
      expect(books['assets:grain-stock']).toBeUndefined();
    }
  }
  const stock = (await ok(h.admin.get(`/api/producer-groups/${w.pg.id}/stock`))).rows as any[];
  const moves = await h.t.db.selectFrom('produce_movement').selectAll().where('group_id', '=', w.pg.id).orderBy('date').orderBy('seq').execute();
  const replay = replayStock(moves.map((m): StockMovement => ({ item: `${m.item_kind}:${m.item}`, date: m.date, direction: m.direction, quantity: m.quantity, valuePaise: m.value_paise })));
  expect(replay.ok, JSON.stringify(replay)).toBe(true);
  if (!replay.ok) return;
  const books = await balancesOf(h, w.pg.id);
  for (const row of stock) {
    expect(row.closing).toBe(row.opening + row.in - row.out);
    expect(row.closing).toBe(row.itemKind === 'produce' ? w.pg.produce : w.pg.inputs);
    expect({ quantity: row.closing, valuePaise: row.closingValuePaise }).toEqual(replay.value.get(`${row.itemKind}:${row.item}`) ?? { quantity: 0, valuePaise: 0 });
    expect(books[row.itemKind === 'produce' ? 'assets:inventory:produce' : 'assets:inventory:inputs'] ?? 0).toBe(row.closingValuePaise);
  }
  // Members are never paid beyond their dues: the payable per member never turns into a receivable.
  const statement = (await ok(h.admin.get(`/api/producer-groups/${w.pg.id}/statement?from=2026-01-01&to=2099-12-31`))).rows as any[];
  for (const s of statement) expect(s.duePaise).toBeGreaterThanOrEqual(0);
  expect(await booksBalance(h)).toEqual({ unbalancedEntries: 0, unbalancedEntities: 0 });
}

describe('grain bank and producer group stock agree with their movements', () => {
  it('property: any sequence of movements (seeded)', async () => {
    let run = 0;
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 5, maxLength: 30 }), async (actions) => {
        const w = await setUp(run++);
        for (const x of actions) await apply(w, x);
        await check(w);
        for (const [k, n] of w.refusals) seen.set(k, (seen.get(k) ?? 0) + n);
      }),
      { seed: 20261031, numRuns: 8, endOnFailure: true },
    );
    // The sequences did reach the refusals they are about.
    expect(seen.get('INSUFFICIENT_STOCK') ?? 0).toBeGreaterThan(0);
  }, 300_000);
});
