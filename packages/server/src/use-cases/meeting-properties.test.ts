import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'kysely';
import { replayLoan, type LoanEvent } from '@khata/core';
import { testApp, type TestApp } from '../testing/app.ts';
import { makeGroup, ok } from '../testing/fixtures.ts';
import { loanDefinitionOf } from './group-snapshot.ts';
import { addDays } from '@khata/core';

/**
 * Seeded property: any sequence of meetings through the real command path (some of them invalid, some sent
 * twice) leaves books where every entry balances, sub-ledger and period balances equal a replay of the lines,
 * each loan's outstanding equals the replay of its events, cash never goes negative, and a refused or repeated
 * command changes nothing. A failure prints the seed; `fc.assert(..., { seed, path })` replays it.
 */
let h: TestApp;
beforeAll(async () => {
  h = await testApp();
});
afterAll(async () => h.close());

const memberIntent = fc.record({
  compulsory: fc.constantFrom(0, 1000, 1000, 1000),
  voluntary: fc.constantFrom(0, 0, 500, 2500),
  withdraw: fc.nat({ max: 3000 }),
  repayShare: fc.constantFrom(0, 0, 25, 50, 100, 150),
  borrow: fc.constantFrom(0, 0, 0, 0, 5000, 20000),
  absent: fc.boolean(),
});
const meetingIntent = fc.record({
  members: fc.array(memberIntent, { minLength: 4, maxLength: 4 }),
  expense: fc.constantFrom(0, 0, 500),
  deposit: fc.constantFrom(0, 0, 10000),
  resend: fc.boolean(),
});

const quiet = { compulsory: 1000, voluntary: 0, withdraw: 0, repayShare: 0, borrow: 0, absent: false };
const coveringExample = [
  { members: [{ ...quiet, voluntary: 2500, borrow: 5000 }, quiet, quiet, quiet], expense: 0, deposit: 0, resend: false },
  { members: [{ ...quiet, voluntary: 2500, repayShare: 150, withdraw: 1000 }, quiet, quiet, quiet], expense: 0, deposit: 0, resend: false },
  { members: [quiet, quiet, quiet, quiet], expense: 0, deposit: 0, resend: true },
];

async function invariants(shgId: string) {
  const db = h.t.db;
  const entity = await db.selectFrom('entity').select('id').where('node_id', '=', shgId).executeTakeFirstOrThrow();
  const unbalanced = await sql<{ n: number }>`select count(*)::int as n from (select entry_id from journal_line group by entry_id having sum(amount_paise) <> 0) x`.execute(db);
  expect(unbalanced.rows[0]!.n).toBe(0);
  const memberDiff = await sql<{ n: number }>`
    select count(*)::int as n from member_balance b
    full join (select account_id, member_id, sum(amount_paise) s from journal_line where member_id is not null group by 1, 2) l
      using (account_id, member_id)
    where coalesce(b.balance_paise, 0) <> coalesce(l.s, 0)`.execute(db);
  expect(memberDiff.rows[0]!.n).toBe(0);
  const periodDiff = await sql<{ n: number }>`
    select count(*)::int as n from (select account_id, sum(debit_paise - credit_paise) s from account_period_balance group by 1) p
    full join (select account_id, sum(amount_paise) s from journal_line group by 1) l using (account_id)
    where coalesce(p.s, 0) <> coalesce(l.s, 0)`.execute(db);
  expect(periodDiff.rows[0]!.n).toBe(0);
  const loans = await db.selectFrom('loan').selectAll().where('entity_id', '=', entity.id).execute();
  for (const loan of loans) {
    const events = (await db.selectFrom('loan_event').select('event').where('loan_id', '=', loan.id).orderBy('seq').execute()).map((e) => e.event as LoanEvent);
    const state = replayLoan(loanDefinitionOf(loan), events, '2099-12-31');
    const lines = await db.selectFrom('loan_balance as b').innerJoin('account as a', 'a.id', 'b.account_id').select('b.balance_paise').where('b.loan_id', '=', loan.id).where('a.path', '=', 'assets:loans-to-members').executeTakeFirst();
    expect(lines?.balance_paise ?? 0, `loan ${loan.id}`).toBe(state.principalOutstandingPaise);
  }
}

describe('meetings through the real server keep the books true', () => {
  it('holds for random sequences of meetings', async () => {
    const seen = { disbursements: 0, repayments: 0, withdrawals: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(meetingIntent, { minLength: 3, maxLength: 6 }), async (intents) => {
        const g = await makeGroup(h, h.admin, { members: 4, formedOn: '2026-01-05' });
        for (const [week, intent] of intents.entries()) {
          const date = addDays('2026-01-05', week * 7);
          const members = (await ok(h.admin.get(`/api/shgs/${g.shgId}/members`))).members as any[];
          const { demand } = await ok(h.admin.get(`/api/shgs/${g.shgId}/demand?date=${date}`));
          const { shg } = await ok(h.admin.get(`/api/shgs/${g.shgId}`));
          const payload: any = { meetingId: randomUUID(), shgId: g.shgId, date, attendance: [], savings: [], savingsWithdrawals: [], repayments: [], disbursements: [], expenses: [] };
          let cash = shg.cashPaise;
          intent.members.forEach((mi, i) => {
            const memberId = g.memberIds[i]!;
            const m = members.find((x) => x.id === memberId);
            payload.attendance.push({ memberId, status: mi.absent ? 'absent' : 'present' });
            if (mi.absent) return;
            payload.savings.push({ memberId, compulsoryPaise: mi.compulsory, voluntaryPaise: mi.voluntary });
            cash += mi.compulsory + mi.voluntary;
            const loan = demand.find((d: any) => d.memberId === memberId)?.loans[0];
            if (loan && mi.repayShare > 0) {
              const outstanding = loan.principalOutstandingPaise + loan.interestPaise + (loan.penaltyPaise ?? 0);
              const amount = Math.min(outstanding, Math.floor(((loan.totalPaise || outstanding) * mi.repayShare) / 100));
              if (amount > 0) {
                payload.repayments.push({ memberId, loanId: loan.loanId, amountPaise: amount });
                cash += amount;
              }
            }
            const withdraw = Math.min(mi.withdraw, m.voluntarySavingsPaise);
            if (withdraw > 0 && withdraw <= cash) {
              payload.savingsWithdrawals.push({ memberId, amountPaise: withdraw });
              cash -= withdraw;
            }
          });
          intent.members.forEach((mi, i) => {
            if (mi.absent || mi.borrow === 0 || mi.borrow > cash) return;
            if (demand.find((d: any) => d.memberId === g.memberIds[i])?.loans.length) return;
            payload.disbursements.push({ loanId: randomUUID(), memberId: g.memberIds[i], principalPaise: mi.borrow, purpose: 'goat', terms: { kind: 'flexible', ratePercentPerMonth: '2', period: 'weekly' } });
            cash -= mi.borrow;
          });
          if (intent.expense && intent.expense <= cash) {
            payload.expenses.push({ kind: 'stationery', amountPaise: intent.expense });
            cash -= intent.expense;
          }
          if (intent.deposit && intent.deposit <= cash) {
            payload.bankDeposit = intent.deposit;
            cash -= intent.deposit;
          }
          // A deliberately impossible variant first: refused, and nothing is written.
          const before = await sql<{ n: number }>`select count(*)::int as n from journal_line`.execute(h.t.db);
          const greedy = { ...payload, meetingId: randomUUID(), disbursements: [...payload.disbursements, { loanId: randomUUID(), memberId: g.memberIds[3], principalPaise: cash + 100, purpose: 'too much', terms: { kind: 'flexible', ratePercentPerMonth: '2', period: 'weekly' } }] };
          const refused = await h.admin.command('record-meeting', greedy);
          expect(refused.status).toBe(422);
          expect((await sql<{ n: number }>`select count(*)::int as n from journal_line`.execute(h.t.db)).rows[0]!.n).toBe(before.rows[0]!.n);
          seen.disbursements += payload.disbursements.length;
          seen.repayments += payload.repayments.length;
          seen.withdrawals += payload.savingsWithdrawals.length;
          const commandId = randomUUID();
          const r = await ok(h.admin.command('record-meeting', payload, commandId));
          expect(r.result.closingCashPaise).toBe(cash);
          expect(r.result.closingCashPaise).toBeGreaterThanOrEqual(0);
          if (intent.resend) {
            const again = await ok(h.admin.command('record-meeting', payload, commandId));
            expect(again.status).toBe('duplicate');
          }
        }
        await invariants(g.shgId);
      }),
      // The example always runs too: the first member saves and borrows, then repays in full and withdraws, so the
      // generator's coverage (lend, collect, pay out) never depends on the random seed.
      { numRuns: 8, seed: Number(process.env.KHATA_SEED ?? Date.now() % 2 ** 31), examples: [[coveringExample]] },
    );
    // The generator must really lend, collect and pay out, or the property proves little.
    expect(seen.disbursements).toBeGreaterThan(0);
    expect(seen.repayments).toBeGreaterThan(0);
    expect(seen.withdrawals).toBeGreaterThan(0);
  }, 180_000);
});
