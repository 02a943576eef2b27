import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRupees } from '@khata/core';
import { testApp, type TestApp } from '../testing/app.ts';
import { makeGroup, ok, type TestGroup, regularMeeting } from '../testing/fixtures.ts';
import { accountBalances } from '../ledger/post-entry.ts';
import { writeHledgerJournal } from '../export/hledger-journal.ts';
import { REPORTS } from './registry.ts';
import { hledgerBalances } from './trial-balance.ts';
import type { Report, Row } from './report.ts';

/**
 * Books written by the real commands (record-meeting, correct-meeting, receive-external-loan), then every report
 * checked against the books and against each other.
 */
let h: TestApp;
let g: TestGroup;
let entityId: number;
let lastClosingCash = 0;
const L1 = randomUUID();
const L2 = randomUUID();
const X1 = randomUUID();
const ALL = { from: '2026-01-01', to: '2026-03-31' };

const flexible = (rate: string, agreed?: number) => ({ kind: 'flexible', ratePercentPerMonth: rate, period: 'monthly', ...(agreed ? { agreedPrincipalPaise: agreed } : {}) });

const meeting = (date: string, extra: Record<string, unknown> = {}) => regularMeeting(g, date, extra);

async function record(date: string, extra: Record<string, unknown> = {}) {
  const m = meeting(date, extra);
  const r = await ok(h.admin.command('record-meeting', m));
  lastClosingCash = r.result.closingCashPaise;
  return m.meetingId;
}

beforeAll(async () => {
  h = await testApp();
  g = await makeGroup(h, h.admin, { members: 4, formedOn: '2026-01-05' });
  entityId = (await h.t.db.selectFrom('entity').select('id').where('node_id', '=', g.shgId).executeTakeFirstOrThrow()).id;
  const [m0, m1, m2, m3] = g.memberIds as [string, string, string, string];
  await record('2026-01-05', { savings: g.memberIds.map((memberId, i) => ({ memberId, compulsoryPaise: 1000, voluntaryPaise: i === 0 ? 500 : 0 })) });
  await record('2026-01-12', { disbursements: [{ loanId: L1, memberId: m0, principalPaise: 8000, purpose: 'goat', terms: flexible('2', 2000) }] });
  await record('2026-01-19', { fines: [{ memberId: m1, reason: 'late', amountPaise: 500 }], expenses: [{ kind: 'stationery', amountPaise: 300 }], bankDeposit: 2000 });
  await ok(h.admin.command('receive-external-loan', { loanId: X1, shgId: g.shgId, date: '2026-01-20', lender: 'bank', lenderName: 'SBI', annualRatePercent: '12', kind: 'term-loan', amountPaise: 1_000_000, repayments: 10 }));
  await record('2026-01-26', { disbursements: [{ loanId: L2, memberId: m1, principalPaise: 5000, purpose: 'seeds', terms: flexible('1.5') }] });
  await record('2026-02-02', { externalLoanRepayments: [{ externalLoanId: X1, principalPaise: 100000, interestPaise: 10000, via: 'bank' }] });
  await record('2026-02-12', { repayments: [{ memberId: m0, loanId: L1, amountPaise: 2160 }] });
  const wrong = await record('2026-02-16', { savingsWithdrawals: [{ memberId: m0, amountPaise: 300 }] });
  // The meeting of 16 Feb was wrong: Member 3 was absent and saved nothing, Member 4 paid a fine.
  const corrected = meeting('2026-02-16', {
    savings: g.memberIds.map((memberId) => ({ memberId, compulsoryPaise: memberId === m2 ? 0 : 1000, voluntaryPaise: 0 })),
    savingsWithdrawals: [{ memberId: m0, amountPaise: 300 }],
    fines: [{ memberId: m3, reason: 'absence', amountPaise: 1000 }],
  });
  await ok(h.admin.command('correct-meeting', { correctionId: randomUUID(), meetingId: wrong, reason: 'attendance was wrong', meeting: corrected }));
  await record('2026-03-16', { repayments: [{ memberId: m1, loanId: L2, amountPaise: 1000 }] });
});
afterAll(async () => h.close());

async function run(name: string, params: Record<string, unknown>): Promise<Report> {
  const def = REPORTS.get(name)!;
  return def.run(h.t.db, entityId, def.params.parse(params));
}
const sum = (rows: Row[], key: string) => rows.reduce((s, r) => s + ((r[key] as number | null) ?? 0), 0);

describe('reports over books written by the meeting commands', () => {
  it('trial balance: every account equals its lines, debits equal credits', async () => {
    for (const asOf of ['2026-01-31', '2026-02-16', '2026-03-31']) {
      const r = await run('trial-balance', { asOf });
      const lines = await accountBalances(h.t.db, entityId, asOf);
      for (const row of r.rows) expect(((row.debit as number) ?? 0) - ((row.credit as number) ?? 0), `${row.account} ${asOf}`).toBe(lines.get(row.account as string) ?? 0);
      expect(r.totals!.debit).toBe(r.totals!.credit);
      expect(r.totals!.debit).toBeGreaterThan(0);
    }
  });

  it('balance sheet balances; its current surplus is the income and expenditure surplus', async () => {
    const bs = await run('balance-sheet', { asOf: '2026-03-31' });
    expect(bs.totals!.difference).toBe(0);
    const ie = await run('income-expenditure', ALL);
    expect(ie.totals!.surplus).toBe(bs.totals!.currentPeriodSurplus);
    // interest 1.60 (L1) + 0.75 (L2) + fines 5 + 10; stationery 3 and interest to the bank 100
    expect(ie.totals).toEqual({ income: 160 + 75 + 500 + 1000, expenditure: 300 + 10000, surplus: 1735 - 10300 });
  });

  it('cash book: a running balance from opening to closing, which is the cash account and the last meeting’s closing cash', async () => {
    const r = await run('cash-book', ALL);
    let balance = r.rows[0]!.balance as number;
    for (const row of r.rows.slice(1, -1)) {
      balance += (row.receipts as number) - (row.payments as number);
      expect(row.balance).toBe(balance);
    }
    const cash = (await accountBalances(h.t.db, entityId, '2026-03-31')).get('assets:cash');
    expect(r.rows.at(-1)!.balance).toBe(cash);
    expect(cash).toBe(lastClosingCash);
    expect(r.rows.some((x) => String(x.narration).startsWith('Reversal'))).toBe(true);
  });

  it('passbooks agree with the members’ savings and loans the API shows', async () => {
    const { members } = await ok(h.admin.get(`/api/shgs/${g.shgId}/members`));
    for (const m of members) {
      const p = await run('passbook', { memberId: m.id, to: '2026-03-31' });
      expect(p.totals!.savingsBalance, m.name).toBe(m.compulsorySavingsPaise + m.voluntarySavingsPaise);
      expect(p.totals!.loanBalance, m.name).toBe(m.loanOutstandingPaise);
      expect(sum(p.rows.filter((x) => !x.rowType), 'savingsDeposited') - sum(p.rows.filter((x) => !x.rowType), 'savingsWithdrawn')).toBe(p.totals!.savingsBalance);
    }
    const third = await run('passbook', { memberId: g.memberIds[2], from: '2026-02-16', to: '2026-02-16' });
    // The wrong meeting, its reversal, the corrected one: 10 saved, 10 taken back, nothing saved.
    expect(third.rows.filter((x) => !x.rowType).map((x) => x.savingsDeposited)).toEqual([1000, -1000]);
  });

  it('savings register totals are the savings accounts', async () => {
    const r = await run('savings-register', ALL);
    const b = await accountBalances(h.t.db, entityId, '2026-03-31');
    expect(r.totals!.compulsoryBalance).toBe(-b.get('liabilities:savings:compulsory')!);
    expect(r.totals!.voluntaryBalance).toBe(-b.get('liabilities:savings:voluntary')!);
  });

  it('receipts and payments: opening + receipts − payments = closing cash and bank', async () => {
    const r = await run('receipts-payments', ALL);
    const t = r.totals as Record<string, number>;
    expect(t.openingBalance! + t.receipts! - t.payments!).toBe(t.closingBalance);
    const b = await accountBalances(h.t.db, entityId, '2026-03-31');
    expect(t.closingBalance).toBe(b.get('assets:cash')! + b.get('assets:bank')!);
  });

  it('loan ledgers: outstanding equals the loan accounts', async () => {
    const b = await accountBalances(h.t.db, entityId, '2026-03-31');
    const internal = await run('internal-loan-ledger', ALL);
    expect(internal.totals!.outstanding).toBe(b.get('assets:loans-to-members'));
    expect(internal.rows.map((x) => [x.loanId, x.principalRepaid, x.interestPaid])).toEqual([
      [L1, 2000, 160],
      [L2, 925, 75],
    ]);
    const external = await run('external-loan-ledger', ALL);
    expect(external.rows).toEqual([expect.objectContaining({ lender: 'bank', lenderName: 'SBI', drawn: 1_000_000, repaid: 100000, interestPaid: 10000, outstanding: 900000 })]);
    expect(external.totals!.outstanding).toBe(-b.get('liabilities:loans:bank')!);
  });

  it('DCB, portfolio and overdue agree with each other and with the books', async () => {
    const d = await run('dcb', { from: '2026-03-01', to: '2026-03-31' });
    for (const x of d.rows) expect(x.closingOverdue).toBe((x.openingOverdue as number) + (x.demand as number) - (x.collectionAgainstDue as number));
    const p = await run('portfolio', { from: '2026-03-01', to: '2026-03-31' });
    expect(p.sections![0]!.rows[0]).toMatchObject({ totalDue: d.totals!.totalDue, collectionAgainstDue: d.totals!.collectionAgainstDue, repaymentRate: d.totals!.repaymentRate });
    const b = await accountBalances(h.t.db, entityId, '2026-03-31');
    expect(p.totals!.outstanding).toBe(b.get('assets:loans-to-members'));
    const o = await run('overdue', { asOf: '2026-03-31' });
    // Member 1 paid L1's first month only: the 12 March dues (1.20 interest, 20 principal) are unpaid.
    // Member 2 paid on 16 March; L2's second month of interest (0.75, on the 50.00 outstanding at its start) fell
    // due on 26 March.
    expect(o.rows).toEqual([
      expect.objectContaining({ membershipNumber: 1, overdueInterest: 120, overduePrincipal: 2000, since: '2026-03-12', daysPastDue: 19, ageing: '1-30', outstanding: 6000 }),
      expect.objectContaining({ membershipNumber: 2, overdueInterest: 75, overduePrincipal: 0, since: '2026-03-26', daysPastDue: 5, ageing: '1-30', outstanding: 4075 }),
    ]);
    expect(p.totals).toMatchObject({ atRisk: 6000 + 4075, atRiskPercent: '100.00' });
    // On 25 March only Member 1 is overdue: 6000 of 10075 at risk.
    expect((await run('portfolio', { asOf: '2026-03-25' })).totals).toMatchObject({ atRisk: 6000, atRiskPercent: '59.55' });
  });

  it.skipIf(spawnSync('hledger', ['--version']).status !== 0)('hledger reads the export with the same balances', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'khata-hl-'));
    try {
      const file = path.join(dir, 'books.journal');
      const out = createWriteStream(file);
      await writeHledgerJournal(h.t.db, out, { entityIds: [entityId] });
      out.end();
      await finished(out);
      const csv = execFileSync('hledger', ['-f', file, '--strict', 'bal', '--flat', '--no-total', '-O', 'csv'], { encoding: 'utf8' });
      const theirs = Object.fromEntries(
        csv.trim().split('\n').slice(1).map((line) => {
          const [, account, amount] = /^"(.*)","(.*)"$/.exec(line)!;
          const parsed = parseRupees(amount!.replace(/^INR\s*/, ''));
          if (!parsed.ok) throw new Error(amount);
          return [account!, parsed.value as number];
        }),
      );
      expect(theirs).toEqual(Object.fromEntries(await hledgerBalances(h.t.db, { entityIds: [entityId] })));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
