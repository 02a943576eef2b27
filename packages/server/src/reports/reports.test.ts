import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartTemplate } from '@khata/core';
import { testApp, type TestApp } from '../testing/app.ts';
import { accountBalances } from '../ledger/post-entry.ts';
import { buildBooks, type Books } from './test-books.ts';
import { REPORTS } from './registry.ts';
import type { Report, Row } from './report.ts';
import { percent } from './report.ts';

let h: TestApp;
let b: Books;
const Q1 = { from: '2025-01-01', to: '2025-03-31' };

beforeAll(async () => {
  h = await testApp();
  b = await buildBooks(h);
});
afterAll(async () => h.close());

async function run(name: string, params: Record<string, unknown>): Promise<Report> {
  const def = REPORTS.get(name)!;
  return def.run(h.t.db, b.entityId, def.params.parse(params));
}
const byAccount = (rows: Row[]) => Object.fromEntries(rows.map((r) => [r.account, r.amount]));

describe('trial balance', () => {
  it('lists every account, debits equal credits, and each balance is the sum of its lines', async () => {
    const r = await run('trial-balance', { asOf: '2025-03-31' });
    expect(r.rows).toHaveLength(chartTemplate('shg').length); // every account of the SHG chart
    expect(r.totals).toEqual({ account: null, debit: 634450, credit: 634450 });
    const tb = Object.fromEntries(r.rows.map((x) => [x.account, [x.debit, x.credit]]));
    expect(tb['assets:cash']).toEqual([81300, null]);
    expect(tb['assets:bank']).toEqual([495150, null]);
    expect(tb['assets:loans-to-members']).toEqual([50000, null]);
    expect(tb['liabilities:savings:compulsory']).toEqual([null, 150000]);
    expect(tb['liabilities:savings:voluntary']).toEqual([null, 3000]);
    expect(tb['liabilities:loans:bank']).toEqual([null, 480000]);
    expect(tb['income:fines']).toEqual([null, 500]);
    expect(tb['income:interest:member-loans']).toEqual([null, 800]);
    expect(tb['expenses:interest:bank-loans']).toEqual([5000, null]);
    expect(tb['equity:grants']).toEqual([null, null]);
  });

  it('reads period balances for whole months and lines for the rest, agreeing with the lines on any date', async () => {
    for (const asOf of ['2025-01-05', '2025-01-13', '2025-01-31', '2025-02-15', '2025-02-28', '2025-03-12', '2025-03-31', '2026-01-01']) {
      const r = await run('trial-balance', { asOf });
      const lines = await accountBalances(h.t.db, b.entityId, asOf);
      for (const row of r.rows) {
        const signed = ((row.debit as number | null) ?? 0) - ((row.credit as number | null) ?? 0);
        expect(signed, `${row.account} on ${asOf}`).toBe(lines.get(row.account as string) ?? 0);
      }
      expect(r.totals!.debit).toBe(r.totals!.credit);
    }
  });
});

describe('balance sheet', () => {
  it('balances, with the current period’s deficit in equity', async () => {
    const r = await run('balance-sheet', { asOf: '2025-03-31' });
    const [assets, liabilities] = r.sections!;
    expect(byAccount(assets!.rows)).toEqual({ 'assets:bank': 495150, 'assets:cash': 81300, 'assets:loans-to-members': 50000 });
    expect(byAccount(liabilities!.rows)).toEqual({
      'liabilities:loans:bank': 480000,
      'liabilities:savings:compulsory': 150000,
      'liabilities:savings:voluntary': 3000,
      'equity:current-period-surplus': -6550,
    });
    expect(r.totals).toEqual({ assets: 626450, liabilitiesAndEquity: 626450, currentPeriodSurplus: -6550, difference: 0 });
  });

  it('balances on every date', async () => {
    for (const asOf of ['2025-01-06', '2025-01-31', '2025-02-20', '2025-03-01']) {
      const r = await run('balance-sheet', { asOf });
      expect(r.totals!.difference, asOf).toBe(0);
    }
  });
});

describe('income and expenditure', () => {
  it('shows income, expenditure and the deficit of the quarter', async () => {
    const r = await run('income-expenditure', Q1);
    const [income, expenditure] = r.sections!;
    expect(byAccount(income!.rows)).toEqual({ 'income:fines': 500, 'income:interest:bank': 150, 'income:interest:member-loans': 800 });
    expect(byAccount(expenditure!.rows)).toEqual({ 'expenses:interest:bank-loans': 5000, 'expenses:meeting': 1000, 'expenses:stationery': 2000 });
    expect(r.totals).toEqual({ income: 1450, expenditure: 8000, surplus: -6550 });
  });

  it('covers only the period', async () => {
    const r = await run('income-expenditure', { from: '2025-02-01', to: '2025-02-28' });
    expect(r.totals).toEqual({ income: 800, expenditure: 0, surplus: 800 });
  });
});

describe('cash book', () => {
  it('runs from the opening to the closing balance, which is the cash account', async () => {
    const r = await run('cash-book', { from: '2025-02-01', to: '2025-02-28' });
    expect(r.rows.map((x) => [x.date, x.rowType ?? null, x.receipts, x.payments, x.balance])).toEqual([
      ['2025-02-01', 'opening', null, null, 33500],
      ['2025-02-13', null, 40800, 0, 74300],
      ['2025-02-20', null, 1000, 0, 75300],
      ['2025-02-20', null, -1000, 0, 74300],
      ['2025-02-28', 'closing', null, null, 74300],
    ]);
    const q = await run('cash-book', Q1);
    expect(q.totals).toMatchObject({ openingBalance: 0, receipts: 166300, payments: 85000, closingBalance: 81300 });
    const cash = (await accountBalances(h.t.db, b.entityId, '2025-03-31')).get('assets:cash');
    expect(q.rows.at(-1)!.balance).toBe(cash);
  });
});

describe('general ledger', () => {
  it('one account: opening, lines and closing', async () => {
    const r = await run('general-ledger', { ...Q1, account: 'assets:bank' });
    expect(r.sections).toHaveLength(1);
    const s = r.sections![0]!;
    expect(s.titleKey).toBe('assets:bank');
    expect(s.rows.map((x) => [x.date, x.debit, x.credit, x.balance])).toEqual([
      ['2025-01-01', null, null, 0],
      ['2025-01-20', 20000, null, 20000],
      ['2025-02-01', 500000, null, 520000],
      ['2025-03-01', null, 25000, 495000],
      ['2025-03-20', 150, null, 495150],
      ['2025-03-31', null, null, 495150],
    ]);
    expect(s.totals).toMatchObject({ debit: 520150, credit: 25000, balance: 495150 });
  });

  it('every account that moved, liabilities on their credit side; a reversal nets out', async () => {
    const r = await run('general-ledger', { from: '2025-02-01', to: '2025-03-31' });
    const titles = r.sections!.map((s) => s.titleKey);
    expect(titles).toContain('liabilities:savings:compulsory');
    expect(titles).not.toContain('equity:grants');
    const savings = r.sections!.find((s) => s.titleKey === 'liabilities:savings:compulsory')!;
    expect(savings.rows[0]!.balance).toBe(90000);
    expect(savings.totals!.balance).toBe(150000);
    const fines = r.sections!.find((s) => s.titleKey === 'income:fines')!;
    expect(fines.totals).toMatchObject({ credit: 0, balance: 500 });
  });

  it('refuses an account the books do not have', async () => {
    await expect(run('general-ledger', { ...Q1, account: 'assets:gold' })).rejects.toThrow(/not an account/);
  });
});

describe('receipts and payments', () => {
  it('by head, opening plus receipts less payments is the closing cash and bank', async () => {
    const r = await run('receipts-payments', Q1);
    const [opening, receipts, payments, closing] = r.sections!;
    expect(byAccount(opening!.rows)).toEqual({ 'assets:cash': 0, 'assets:bank': 0 });
    expect(byAccount(receipts!.rows)).toEqual({
      'income:fines': 500,
      'income:interest:bank': 150,
      'income:interest:member-loans': 800,
      'liabilities:loans:bank': 500000,
      'liabilities:savings:compulsory': 150000,
      'liabilities:savings:voluntary': 5000,
      'assets:loans-to-members': 10000,
    });
    expect(byAccount(payments!.rows)).toEqual({
      'assets:loans-to-members': 60000,
      'expenses:interest:bank-loans': 5000,
      'expenses:meeting': 1000,
      'expenses:stationery': 2000,
      'liabilities:loans:bank': 20000,
      'liabilities:savings:voluntary': 2000,
    });
    expect(byAccount(closing!.rows)).toEqual({ 'assets:cash': 81300, 'assets:bank': 495150 });
    expect(r.totals).toEqual({ openingBalance: 0, receipts: 666450, payments: 90000, closingBalance: 576450 });
  });
});

describe('passbook', () => {
  it('shows her savings and loan running balances, equal to her lines', async () => {
    const r = await run('passbook', { memberId: b.members.asha, to: '2025-03-31' });
    expect(r.params).toMatchObject({ membershipNumber: 1, from: '2025-01-01', to: '2025-03-31' });
    const entries = r.rows.filter((x) => !x.rowType);
    expect(entries.map((x) => [x.date, x.savingsDeposited, x.savingsWithdrawn, x.savingsBalance, x.loanDisbursed, x.principalRepaid, x.interestPaid, x.loanBalance])).toEqual([
      ['2025-01-06', 15000, 0, 15000, 0, 0, 0, 0],
      ['2025-01-13', 10000, 0, 25000, 40000, 0, 0, 40000],
      ['2025-01-20', 10000, 0, 35000, 0, 0, 0, 40000],
      ['2025-02-13', 10000, 0, 45000, 0, 10000, 800, 30000],
      ['2025-03-13', 10000, 2000, 53000, 0, 0, 0, 30000],
    ]);
    expect(r.totals).toMatchObject({ savingsDeposited: 55000, savingsWithdrawn: 2000, savingsBalance: 53000, loanBalance: 30000, interestPaid: 800 });
    const members = await h.t.db
      .selectFrom('journal_line as l')
      .innerJoin('account as a', 'a.id', 'l.account_id')
      .select((eb) => eb.fn.sum<string>('l.amount_paise').as('s'))
      .where('l.member_id', '=', b.members.asha)
      .where('a.path', 'like', 'liabilities:savings:%')
      .executeTakeFirstOrThrow();
    expect(-Number(members.s)).toBe(r.totals!.savingsBalance);
  });

  it('opens a period with her balances of the day before; a reversed fine nets to nothing', async () => {
    const r = await run('passbook', { memberId: b.members.asha, from: '2025-02-01', to: '2025-03-31' });
    expect(r.rows[0]).toMatchObject({ rowType: 'opening', savingsBalance: 35000, loanBalance: 40000 });
    const c = await run('passbook', { memberId: b.members.chandni, from: '2025-02-15', to: '2025-02-28' });
    expect(c.rows.filter((x) => !x.rowType).map((x) => x.fines)).toEqual([1000, -1000]);
    expect(c.totals!.fines).toBe(0);
  });

  it('refuses a member of another group', async () => {
    await expect(run('passbook', { memberId: '00000000-0000-4000-8000-000000000000' })).rejects.toThrow(/no such member/);
  });
});

describe('savings register', () => {
  it('members × compulsory and voluntary, with totals equal to the savings accounts', async () => {
    const r = await run('savings-register', { from: '2025-02-01', to: '2025-03-31' });
    expect(r.rows.map((x) => [x.membershipNumber, x.openingBalance, x.compulsoryDeposited, x.voluntaryDeposited, x.withdrawn, x.compulsoryBalance, x.voluntaryBalance, x.closingBalance])).toEqual([
      [1, 35000, 20000, 0, 2000, 50000, 3000, 53000],
      [2, 30000, 20000, 0, 0, 50000, 0, 50000],
      [3, 30000, 20000, 0, 0, 50000, 0, 50000],
    ]);
    expect(r.totals).toMatchObject({ compulsoryBalance: 150000, voluntaryBalance: 3000, closingBalance: 153000 });
  });

  it('by month', async () => {
    const r = await run('savings-register', { ...Q1, byMonth: 'true' });
    expect(r.sections!.map((s) => [s.titleKey, s.totals!.compulsoryDeposited, s.totals!.closingBalance])).toEqual([
      ['2025-01', 90000, 95000],
      ['2025-02', 30000, 125000],
      ['2025-03', 30000, 153000],
    ]);
  });
});

describe('loan ledgers', () => {
  it('internal: per loan, from the books, with interest due and days past due from the loan', async () => {
    const r = await run('internal-loan-ledger', Q1);
    expect(r.rows.map((x) => [x.membershipNumber, x.principal, x.openingOutstanding, x.disbursed, x.principalRepaid, x.interestPaid, x.outstanding, x.interestDue, x.daysPastDue, x.status])).toEqual([
      [1, 40000, 0, 40000, 10000, 800, 30000, 600, 18, 'open'],
      [2, 20000, 0, 20000, 0, 0, 20000, 0, 0, 'open'],
    ]);
    const march = await run('internal-loan-ledger', { from: '2025-03-01', to: '2025-03-31' });
    expect(march.rows[0]).toMatchObject({ openingOutstanding: 30000, principalRepaid: 0, outstanding: 30000 });
  });

  it('external: sanctioned, drawn, repaid, interest and outstanding', async () => {
    const r = await run('external-loan-ledger', Q1);
    expect(r.rows).toEqual([
      expect.objectContaining({ lender: 'bank', lenderName: 'SBI Ramnagar', loanKind: 'term-loan', sanctioned: 500000, openingOutstanding: 0, drawn: 500000, repaid: 20000, interestPaid: 5000, outstanding: 480000, limit: null }),
    ]);
  });
});

describe('portfolio quality', () => {
  it('DCB per member: a repaid month, then an unpaid one', async () => {
    const feb = await run('dcb', { from: '2025-02-01', to: '2025-02-28' });
    expect(feb.rows.map((x) => [x.membershipNumber, x.openingOverdue, x.demand, x.collection, x.collectionAgainstDue, x.closingOverdue, x.outstanding, x.repaymentRate])).toEqual([
      [1, 0, 10800, 10800, 10800, 0, 30000, '100.00'],
    ]);
    const mar = await run('dcb', { from: '2025-03-01', to: '2025-03-31' });
    expect(mar.rows.map((x) => [x.membershipNumber, x.openingOverdue, x.demand, x.collection, x.closingOverdue, x.outstanding, x.repaymentRate])).toEqual([
      [1, 0, 10600, 0, 10600, 30000, '0.00'],
      [2, 0, 0, 0, 0, 20000, null],
    ]);
    for (const r of [feb, mar]) {
      for (const x of r.rows) {
        expect(x.closingOverdue).toBe((x.openingOverdue as number) + (x.demand as number) - (x.collectionAgainstDue as number));
      }
    }
  });

  it('repayment rate for the quarter and PAR buckets', async () => {
    const r = await run('portfolio', { ...Q1 });
    const [rate, par] = r.sections!;
    expect(rate!.rows[0]).toMatchObject({ totalDue: 21400, collectionAgainstDue: 10800, closingOverdue: 10600, repaymentRate: '50.47' });
    expect(par!.rows.map((x) => [x.bucket, x.loans, x.outstanding, x.percent])).toEqual([
      ['current', 1, 20000, '40.00'],
      ['1-30', 1, 30000, '60.00'],
      ['31-60', 0, 0, '0.00'],
      ['61-90', 0, 0, '0.00'],
      ['>90', 0, 0, '0.00'],
    ]);
    expect(r.totals).toEqual({ outstanding: 50000, atRisk: 30000, atRiskPercent: '60.00', repaymentRate: '50.47' });
    // Asha still unpaid in mid-May: her loan moves to 61-90 (due since 13 March).
    const may = await run('portfolio', { asOf: '2025-05-20' });
    expect(may.sections![1]!.rows.find((x) => x.bucket === '61-90')).toMatchObject({ loans: 1, outstanding: 30000 });
  });

  it('overdue members: amount, days and since when', async () => {
    const r = await run('overdue', { asOf: '2025-03-31' });
    expect(r.rows).toEqual([
      expect.objectContaining({ membershipNumber: 1, overduePrincipal: 10000, overdueInterest: 600, overdue: 10600, daysPastDue: 18, since: '2025-03-13', outstanding: 30000 }),
    ]);
    expect((await run('overdue', { asOf: '2025-03-13' })).rows).toEqual([]);
  });
});

describe('figures', () => {
  it('percentages are exact, rounded half-even', () => {
    expect(percent(10800, 21400)).toBe('50.47');
    expect(percent(1, 8)).toBe('12.50');
    expect(percent(1, 3)).toBe('33.33');
    expect(percent(1, 0)).toBeNull();
    expect(percent(1, 40000)).toBe('0.00');
    expect(percent(3, 40000)).toBe('0.01');
  });
});
