/**
 * The demo's grain bank and producer group, through the real commands, in the demo's last three months (after any
 * closed period):
 * - the first branch's first SHG keeps a rice-and-wheat grain bank valued in money: members contribute grain, the
 *   group buys some with its cash if it has the money, lends rice in kind to three members at 25% interest in kind,
 *   two of them bring grain back (one in full), rats take some, and a count at the end finds a small shortfall;
 * - a makhana producer group in the first branch's block, with two women from each of three SHGs: share capital,
 *   seed bought and issued on credit, two collection days, a sale to a trader, payments to members (input credit
 *   recovered), a transport expense, and membership of a producer company.
 */
import { addDays, addMonths } from '@khata/core';
import { sql } from 'kysely';
import type { Database } from '../db/pool.ts';
import type { DemoContext, DemoExtension } from './demo-extensions.ts';
import { demoId, hasCommand } from './generate-demo.ts';

async function activeMembers(db: Database, shgId: string, on: string, n: number): Promise<string[]> {
  const rows = await db
    .selectFrom('member')
    .select('id')
    .where('shg_id', '=', shgId)
    .where('status', '=', 'active')
    .where('joined_on', '<=', on)
    .orderBy('membership_number')
    .limit(n)
    .execute();
  return rows.map((r) => r.id);
}

async function cashOf(db: Database, nodeId: string): Promise<number> {
  const row = await sql<{ balance: string }>`
    select coalesce(sum(l.amount_paise), 0) as balance from journal_line l join account a on a.id = l.account_id join entity e on e.id = a.entity_id
     where e.node_id = ${nodeId} and a.path = 'assets:cash'`.execute(db);
  return Number(row.rows[0]?.balance ?? 0);
}

export const demoGrainAndProduce: DemoExtension = {
  label: 'grain bank and producer group',
  async run({ db, cmd, plan, seed }: DemoContext) {
    if (!hasCommand('create-grain-bank') || !hasCommand('create-producer-group')) return;
    const branch = plan.states[0]!;
    const groups = plan.groups.filter((g) => g.village.branchIndex === 0);
    const locks = groups.flatMap((g) => (g.closeThrough ? [g.closeThrough] : []));
    const from = [addMonths(plan.end, -3), ...locks.map((l) => addDays(l, 1))].sort().at(-1)!;
    if (from >= plan.end) return;
    const day = (n: number) => (addDays(from, n) <= plan.end ? addDays(from, n) : plan.end);
    const eligible = groups.filter((g) => g.formedOn <= from);
    if (eligible.length === 0) return;
    const id = (key: string) => demoId(seed, `grain-produce:${key}`);

    // — the grain bank —
    const shg = eligible[0]!;
    const women = await activeMembers(db, shg.id, from, 6);
    if (women.length >= 4) {
      const bankId = id('bank');
      await cmd.run('create-grain-bank', 'bank', { id: bankId, institutionId: shg.id, name: `${shg.name} grain bank`, openedOn: day(0), kinds: ['rice', 'wheat', 'paddy'], valued: true, interestPercent: '25' }, day(0));
      for (const [i, memberId] of women.slice(0, 4).entries()) {
        await cmd.run('receive-grain', `rice:${i}`, { movementId: id(`rice:${i}`), grainBankId: bankId, date: day(1), grain: 'rice', quantityGrams: 10_000, source: 'contribution', memberId, pricePerKgPaise: 3000, note: 'Joining contribution' }, day(1));
      }
      for (const [i, memberId] of women.slice(4, 6).entries()) {
        await cmd.run('receive-grain', `wheat:${i}`, { movementId: id(`wheat:${i}`), grainBankId: bankId, date: day(1), grain: 'wheat', quantityGrams: 5000, source: 'contribution', memberId, pricePerKgPaise: 2500 }, day(1));
      }
      // A purchase out of the group's cash, only if it has the money (20 kg at Rs 32 a kg).
      if ((await cashOf(db, shg.id)) >= 64_000) {
        await cmd.run('receive-grain', 'purchase', { movementId: id('purchase'), grainBankId: bankId, date: day(2), grain: 'rice', quantityGrams: 20_000, source: 'purchase', pricePerKgPaise: 3200, paidFrom: 'cash', note: 'Bought from the PDS dealer' }, day(2));
      }
      const loans = women.slice(0, 3).map((memberId, i) => ({ memberId, loanId: id(`loan:${i}`), grams: [8000, 8000, 6000][i]! }));
      for (const [i, loan] of loans.entries()) {
        await cmd.run('lend-grain', `loan:${i}`, { loanId: loan.loanId, grainBankId: bankId, date: day(10), memberId: loan.memberId, grain: 'rice', quantityGrams: loan.grams, dueOn: day(75), purpose: 'Lean season before the harvest' }, day(10));
      }
      await cmd.run('repay-grain', 'repay:0', { movementId: id('repay:0'), loanId: loans[0]!.loanId, date: day(60), quantityGrams: 10_000 }, day(60));
      await cmd.run('repay-grain', 'repay:1', { movementId: id('repay:1'), loanId: loans[1]!.loanId, date: day(62), quantityGrams: 5000 }, day(62));
      await cmd.run('record-grain-loss', 'loss', { movementId: id('loss'), grainBankId: bankId, date: day(65), grain: 'rice', quantityGrams: 1500, reason: 'rats', note: 'Sack torn in the store room' }, day(65));
      const register = await db
        .selectFrom('grain_movement')
        .select(['grain', sql<string>`sum(case when direction = 'in' then quantity_grams else -quantity_grams end)`.as('grams')])
        .where('grain_bank_id', '=', bankId)
        .groupBy('grain')
        .execute();
      const book = (grain: string) => Number(register.find((r) => r.grain === grain)?.grams ?? 0);
      await cmd.run('count-grain', 'count', { countId: id('count'), grainBankId: bankId, date: day(70), lines: [{ grain: 'rice', countedGrams: Math.max(0, book('rice') - 200) }, { grain: 'wheat', countedGrams: book('wheat') }], note: 'Quarterly count' }, day(70));
    }

    // — the producer group —
    const producers: string[] = [];
    for (const g of eligible.slice(0, 3)) producers.push(...(await activeMembers(db, g.id, from, 2)));
    if (producers.length < 2) return;
    const pgId = id('pg');
    await cmd.run(
      'create-producer-group',
      'pg',
      { id: pgId, parentId: branch.blockId, name: `${branch.branch.block.name} Makhana Producer Group`, code: `${branch.branch.block.code}-PG-MAK`, commodity: 'makhana', formedOn: day(0), registeredAs: 'informal' },
      day(0),
    );
    for (const [i, memberId] of producers.entries()) {
      await cmd.run('admit-producer-group-member', `pg:member:${i}`, { membershipId: id(`pg:member:${i}`), groupId: pgId, memberId, since: day(0), shareCapitalPaise: 20_000, receivedInto: 'cash' }, day(0));
    }
    const grams = (kg: number) => kg * 1000;
    await cmd.run('procure-inputs', 'pg:seed', { purchaseId: id('pg:seed'), groupId: pgId, date: day(3), item: 'makhana-seed', unit: 'g', quantity: grams(producers.length), amountPaise: producers.length * 15_000, paidFrom: 'cash', supplier: 'Block agriculture office' }, day(3));
    for (const [i, memberId] of producers.slice(0, 4).entries()) {
      await cmd.run('issue-inputs', `pg:issue:${i}`, { issueId: id(`pg:issue:${i}`), groupId: pgId, date: day(4), memberId, item: 'makhana-seed', quantity: grams(1), pricePaise: 16_000, terms: 'credit' }, day(4));
    }
    const collection = (n: number, date: string) =>
      cmd.run(
        'aggregate-produce',
        `pg:collection:${n}`,
        {
          collectionId: id(`pg:collection:${n}`),
          groupId: pgId,
          date,
          lines: producers.map((memberId, i) => ({ memberId, quantity: grams(8 + ((i * 3 + n * 5) % 8)), grade: (i + n) % 3 === 0 ? 'B' : 'A', pricePaise: (i + n) % 3 === 0 ? 28_000 : 31_000 })),
        },
        date,
      );
    await collection(1, day(30));
    await collection(2, day(45));
    const stock = await db
      .selectFrom('produce_movement')
      .select(sql<string>`sum(case when direction = 'in' then quantity else -quantity end)`.as('q'))
      .where('group_id', '=', pgId)
      .where('item_kind', '=', 'produce')
      .executeTakeFirstOrThrow();
    const sold = Math.floor((Number(stock.q) * 0.8) / 1000) * 1000;
    await cmd.run('sell-produce', 'pg:sale', { saleId: id('pg:sale'), groupId: pgId, date: day(50), quantity: sold, pricePaise: 42_000, buyer: 'Darbhanga Makhana Traders', receivedInto: 'bank' }, day(50));
    await cmd.run('record-producer-group-expense', 'pg:transport', { expenseId: id('pg:transport'), groupId: pgId, date: day(50), kind: 'transport', amountPaise: 50_000, paidFrom: 'bank', note: 'Tempo to the market' }, day(50));
    // Pay members what they are owed for the first collection, recovering the seed credit.
    const owed = await db
      .selectFrom('produce_movement')
      .select(['member_id', sql<string>`sum(amount_paise)`.as('amount')])
      .where('group_id', '=', pgId)
      .where('collection_id', '=', id('pg:collection:1'))
      .groupBy('member_id')
      .execute();
    for (const [i, memberId] of producers.entries()) {
      const due = Number(owed.find((o) => o.member_id === memberId)?.amount ?? 0);
      const recover = i < 4 ? 16_000 : 0;
      await cmd.run('pay-producer-member', `pg:pay:${i}`, { paymentId: id(`pg:pay:${i}`), groupId: pgId, date: day(52), memberId, amountPaise: due - recover, recoverPaise: recover, paidFrom: 'bank' }, day(52));
    }
    await cmd.run('join-producer-company', 'pg:company', { membershipId: id('pg:company'), groupId: pgId, companyName: 'Mithila Makhana Farmer Producer Company Ltd', registrationNumber: 'U01100BR2021PTC000001', since: day(55), shareCapitalPaise: 100_000, paidFrom: 'bank' }, day(55));
  },
};
