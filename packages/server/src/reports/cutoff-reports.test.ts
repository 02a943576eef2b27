import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoanEvent } from '@khata/core';
import { testApp, type TestApp } from '../testing/app.ts';
import { makeGroup, type TestGroup } from '../testing/fixtures.ts';
import { postEntry } from '../ledger/post-entry.ts';
import { REPORTS } from './registry.ts';
import type { Report, Row } from './report.ts';

/**
 * A group that kept paper books brings its balances in on 1 June 2025 (the cut-off sheet: an `import-cutoff`
 * entry, loans with opening events), then holds a meeting. Flow reports over a period that contains the cut-off
 * show its figures as opening balances, not as money received or lent that day.
 */
let h: TestApp;
let g: TestGroup;
let entityId: number;
const L = randomUUID();
const X = randomUUID();
const PERIOD = { from: '2025-04-01', to: '2025-09-30' };

beforeAll(async () => {
  h = await testApp();
  g = await makeGroup(h, h.admin, { members: 2, formedOn: '2024-01-01' });
  const db = h.t.db;
  const e = await db.selectFrom('entity').select(['id', 'organisation_id']).where('node_id', '=', g.shgId).executeTakeFirstOrThrow();
  entityId = e.id;
  const [m0, m1] = g.memberIds as [string, string];
  const post = (businessDate: string, sourceType: string, lines: Parameters<typeof postEntry>[1]['lines']) =>
    db.transaction().execute((tx) => postEntry(tx, { organisationId: e.organisation_id, entityId, businessDate, narration: sourceType === 'import-cutoff' ? 'Opening balances (cut-off)' : `Meeting ${businessDate}`, sourceType, lines }));
  await db
    .insertInto('loan')
    .values([
      { id: L, organisation_id: e.organisation_id, entity_id: entityId, member_id: m0, kind: 'internal-flexible', lender: null, lender_name: null, principal_paise: 12000, limit_paise: null, disbursed_on: '2025-03-10', terms: JSON.stringify({ kind: 'flexible', ratePercentPerMonth: '1', period: 'monthly' }), schedule: null, purpose: 'cow', opened_by_cutoff: true, command_id: null },
      { id: X, organisation_id: e.organisation_id, entity_id: entityId, member_id: null, kind: 'external-term', lender: 'vo-cif', lender_name: 'VO', principal_paise: 40000, limit_paise: null, disbursed_on: '2024-12-01', terms: JSON.stringify({ kind: 'term-loan', annualRatePercent: '12' }), schedule: null, purpose: null, opened_by_cutoff: true, command_id: null },
    ])
    .execute();
  const cutoff = await post('2025-06-01', 'import-cutoff', [
    { accountPath: 'assets:cash', amountPaise: 5000 },
    { accountPath: 'assets:bank', amountPaise: 20000 },
    { accountPath: 'assets:loans-to-members', amountPaise: 10000, memberId: m0, loanId: L },
    { accountPath: 'liabilities:savings:compulsory', amountPaise: -15000, memberId: m0 },
    { accountPath: 'liabilities:savings:compulsory', amountPaise: -12000, memberId: m1 },
    { accountPath: 'liabilities:loans:vo-cif', amountPaise: -30000, loanId: X },
    { accountPath: 'equity:opening-balance', amountPaise: 22000 },
  ]);
  const opening: LoanEvent = { id: 'cutoff:L', type: 'opening', date: '2025-06-01', principalOutstandingPaise: 10000, interestDuePaise: 0 };
  await db.insertInto('loan_event').values({ id: randomUUID(), organisation_id: e.organisation_id, loan_id: L, entry_id: cutoff, event: JSON.stringify(opening) }).execute();
  // A meeting: savings, and Member 1 repays 20 of principal with 1 of interest.
  const meeting = await post('2025-06-10', 'record-meeting', [
    { accountPath: 'assets:cash', amountPaise: 3100, memberId: m0 },
    { accountPath: 'liabilities:savings:compulsory', amountPaise: -1000, memberId: m0 },
    { accountPath: 'assets:loans-to-members', amountPaise: -2000, memberId: m0, loanId: L },
    { accountPath: 'income:interest:member-loans', amountPaise: -100, memberId: m0, loanId: L },
    { accountPath: 'assets:cash', amountPaise: 1000, memberId: m1 },
    { accountPath: 'liabilities:savings:compulsory', amountPaise: -1000, memberId: m1 },
  ]);
  const repayment: LoanEvent = { id: 'm:L', type: 'repayment', date: '2025-06-10', amountPaise: 2100, allocation: { penaltyPaise: 0, interestPaise: 100, principalPaise: 2000 } };
  await db.insertInto('loan_event').values({ id: randomUUID(), organisation_id: e.organisation_id, loan_id: L, entry_id: meeting, event: JSON.stringify(repayment) }).execute();
  // 1 August: what is left of the loan (80) is written off.
  const writeOff = await post('2025-08-01', 'decide-approval', [
    { accountPath: 'expenses:loan-write-off', amountPaise: 8000, memberId: m0, loanId: L },
    { accountPath: 'assets:loans-to-members', amountPaise: -8000, memberId: m0, loanId: L },
  ]);
  const event: LoanEvent = { id: 'w:L', type: 'write-off', date: '2025-08-01', reason: 'left the village' };
  await db.insertInto('loan_event').values({ id: randomUUID(), organisation_id: e.organisation_id, loan_id: L, entry_id: writeOff, event: JSON.stringify(event) }).execute();
});
afterAll(async () => h.close());

async function run(name: string, params: Record<string, unknown>): Promise<Report> {
  const def = REPORTS.get(name)!;
  return def.run(h.t.db, entityId, def.params.parse(params));
}
const byAccount = (rows: Row[]) => Object.fromEntries(rows.map((r) => [r.account, r.amount]));

describe('a period containing the cut-off', () => {
  it('receipts and payments: the cut-off’s cash and bank are opening balances, nothing of it a receipt', async () => {
    const r = await run('receipts-payments', PERIOD);
    const [opening, receipts, payments, closing] = r.sections!;
    expect(byAccount(opening!.rows)).toEqual({ 'assets:cash': 5000, 'assets:bank': 20000 });
    expect(byAccount(receipts!.rows)).toEqual({ 'liabilities:savings:compulsory': 2000, 'assets:loans-to-members': 2000, 'income:interest:member-loans': 100 });
    expect(payments!.rows).toEqual([]);
    expect(byAccount(closing!.rows)).toEqual({ 'assets:cash': 9100, 'assets:bank': 20000 });
    expect(r.totals).toEqual({ openingBalance: 25000, receipts: 4100, payments: 0, closingBalance: 29100 });
  });

  it('loan ledgers open with what the cut-off brought in', async () => {
    const internal = await run('internal-loan-ledger', PERIOD);
    expect(internal.rows).toEqual([expect.objectContaining({ loanId: L, openingOutstanding: 10000, disbursed: 0, principalRepaid: 2000, writtenOff: 8000, interestPaid: 100, outstanding: 0, status: 'written-off' })]);
    const june = await run('internal-loan-ledger', { from: '2025-06-01', to: '2025-06-30' });
    expect(june.rows).toEqual([expect.objectContaining({ openingOutstanding: 10000, principalRepaid: 2000, writtenOff: 0, outstanding: 8000, status: 'open' })]);
    const external = await run('external-loan-ledger', PERIOD);
    expect(external.rows).toEqual([expect.objectContaining({ lender: 'vo-cif', openingOutstanding: 30000, drawn: 0, repaid: 0, outstanding: 30000 })]);
  });

  it('a written-off loan: in her passbook the write-off is not a repayment', async () => {
    const p = await run('passbook', { memberId: g.memberIds[0], ...PERIOD });
    expect(p.rows.filter((x) => !x.rowType).map((x) => [x.date, x.principalRepaid, x.loanWrittenOff, x.loanBalance])).toEqual([
      ['2025-06-01', 0, 0, 10000],
      ['2025-06-10', 2000, 0, 8000],
      ['2025-08-01', 0, 8000, 0],
    ]);
    expect((await run('portfolio', { asOf: '2025-09-30' })).totals!.outstanding).toBe(0);
  });

  it('the balance sheet balances with the opening-balance equity; loans replay from their opening events', async () => {
    const bs = await run('balance-sheet', { asOf: '2025-09-30' });
    expect(bs.totals!.difference).toBe(0);
    expect(byAccount(bs.sections![1]!.rows)['equity:opening-balance']).toBe(-22000);
    const portfolio = await run('portfolio', { asOf: '2025-06-30' });
    expect(portfolio.totals!.outstanding).toBe(8000);
  });
});
