import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../testing/app.ts';
import { makeGroup, ok, type TestGroup } from '../testing/fixtures.ts';
import { accountBalances } from '../ledger/post-entry.ts';

let h: TestApp;
let g: TestGroup;
let entityId: number;

const balances = () => accountBalances(h.t.db, entityId);
const entryCount = async () => Number((await h.t.db.selectFrom('journal_entry').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

function meeting(date: string, extra: Record<string, unknown> = {}) {
  return { meetingId: randomUUID(), shgId: g.shgId, date, ...extra };
}

beforeAll(async () => {
  h = await testApp();
  g = await makeGroup(h, h.admin, { members: 3, formedOn: '2025-01-06' });
  entityId = (await h.t.db.selectFrom('entity').select('id').where('node_id', '=', g.shgId).executeTakeFirstOrThrow()).id;
});
afterAll(async () => h.close());

describe('receive-external-loan', () => {
  const termLoanId = randomUUID();

  it('a bank term loan lands in the bank against the bank-loan liability, with its monthly schedule', async () => {
    const r = await ok(
      h.admin.command('receive-external-loan', {
        loanId: termLoanId, shgId: g.shgId, date: '2025-07-01', lender: 'bank', lenderName: 'SBI Bhagalpur', reference: '3344556677',
        kind: 'term-loan', amountPaise: 12_000_000, annualRatePercent: '12', repayments: 12,
      }),
    );
    expect(r.status).toBe('applied');
    expect(r.result.schedule).toHaveLength(12);
    expect(r.result.schedule[0]).toMatchObject({ n: 1, dueOn: '2025-08-01', interestPaise: 120_000 });
    expect(r.result.schedule.reduce((s: number, i: any) => s + i.principalPaise, 0)).toBe(12_000_000);
    const b = await balances();
    expect(b.get('assets:bank')).toBe(12_000_000);
    expect(b.get('liabilities:loans:bank')).toBe(-12_000_000);
    const row = await h.t.db.selectFrom('loan').selectAll().where('id', '=', termLoanId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'external-term', lender: 'bank', lender_name: 'SBI Bhagalpur', reference: '3344556677', principal_paise: 12_000_000, status: 'open' });
    expect((row.schedule as unknown[]).length).toBe(12);
    const loans = await ok(h.admin.get(`/api/shgs/${g.shgId}/loans`));
    expect(loans.external).toEqual([expect.objectContaining({ id: termLoanId, kind: 'term-loan', outstandingPaise: 12_000_000 })]);
  });

  it('repayments at a meeting reduce the liability and book the interest as an expense', async () => {
    await ok(h.admin.command('record-meeting', meeting('2025-08-01', {
      bankWithdrawal: 1_066_200,
      externalLoanRepayments: [{ externalLoanId: termLoanId, principalPaise: 946_200, interestPaise: 120_000 }],
    })));
    const b = await balances();
    expect(b.get('liabilities:loans:bank')).toBe(-(12_000_000 - 946_200));
    expect(b.get('expenses:interest:bank-loans')).toBe(120_000);
    expect(b.get('assets:bank')).toBe(12_000_000 - 1_066_200);
    const loans = await ok(h.admin.get(`/api/shgs/${g.shgId}/loans`));
    expect(loans.external[0].outstandingPaise).toBe(12_000_000 - 946_200);
  });

  it('a VO CIF loan may come in cash and needs no schedule', async () => {
    const loanId = randomUUID();
    const before = (await balances()).get('assets:cash') ?? 0;
    await ok(h.admin.command('receive-external-loan', { loanId, shgId: g.shgId, date: '2025-08-04', lender: 'vo-cif', lenderName: 'Jagriti VO', kind: 'term-loan', amountPaise: 5_000_000, annualRatePercent: '9', into: 'cash' }));
    const b = await balances();
    expect(b.get('assets:cash')).toBe(before + 5_000_000);
    expect(b.get('liabilities:loans:vo-cif')).toBe(-5_000_000);
    // Repaid in full at a meeting: the loan is closed.
    await ok(h.admin.command('record-meeting', meeting('2025-08-11', { externalLoanRepayments: [{ externalLoanId: loanId, principalPaise: 5_000_000, interestPaise: 10_000, via: 'bank' }] })));
    const row = await h.t.db.selectFrom('loan').select('status').where('id', '=', loanId).executeTakeFirstOrThrow();
    expect(row.status).toBe('closed');
  });

  it('refuses a bank term loan without installments, bad dates and a reused id, naming each field; writes nothing', async () => {
    const n = await entryCount();
    const r = await h.admin.command('receive-external-loan', { loanId: termLoanId, shgId: g.shgId, date: '2024-12-01', lender: 'bank', kind: 'term-loan', amountPaise: 100_000, annualRatePercent: '12' });
    expect(r.status).toBe(422);
    const codes = r.body.error.problems.map((p: any) => `${p.code}@${p.field}`);
    expect(codes).toEqual(expect.arrayContaining(['DATE_BEFORE_FORMATION@date', 'CONFLICT@loanId', 'INVALID_LOAN_TERMS@repayments']));
    const bad = await h.admin.command('receive-external-loan', { loanId: randomUUID(), shgId: g.shgId, date: '2025-08-01', lender: 'bank', kind: 'term-loan', amountPaise: 100_000, annualRatePercent: '120', repayments: 6 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('annualRatePercent');
    expect(await entryCount()).toBe(n);
  });
});

describe('cash credit', () => {
  const ccId = randomUUID();

  it('opens a limit with a first drawal; later drawals stay within the limit and the drawing power', async () => {
    const r = await ok(h.admin.command('receive-external-loan', {
      loanId: ccId, shgId: g.shgId, date: '2025-09-01', lender: 'bank', lenderName: 'Bank of India', kind: 'cash-credit',
      limitPaise: 20_000_000, drawingPowerPaise: 15_000_000, amountPaise: 5_000_000, annualRatePercent: '7',
    }));
    expect(r.result).toMatchObject({ outstandingPaise: 5_000_000, availablePaise: 10_000_000 });
    const row = await h.t.db.selectFrom('loan').selectAll().where('id', '=', ccId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'external-cash-credit', limit_paise: 20_000_000, principal_paise: 20_000_000 });

    const d = await ok(h.admin.command('draw-cash-credit', { loanId: ccId, date: '2025-09-15', amountPaise: 6_000_000 }));
    expect(d.result).toMatchObject({ outstandingPaise: 11_000_000, availablePaise: 4_000_000 });
    expect((await balances()).get('liabilities:loans:bank')).toBe(-(12_000_000 - 946_200) - 11_000_000);
  });

  it('refuses a drawal beyond what is left (CREDIT_LIMIT_EXCEEDED) and writes nothing', async () => {
    const n = await entryCount();
    const r = await h.admin.command('draw-cash-credit', { loanId: ccId, date: '2025-09-16', amountPaise: 4_000_001 });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('CREDIT_LIMIT_EXCEEDED');
    expect(r.body.error.field).toBe('amountPaise');
    expect(r.body.error.problems[0].params.availablePaise).toBe(4_000_000);
    expect(await entryCount()).toBe(n);
  });

  it('a repayment at a meeting makes room to draw again', async () => {
    await ok(h.admin.command('record-meeting', meeting('2025-10-06', {
      bankWithdrawal: 0,
      externalLoanRepayments: [{ externalLoanId: ccId, principalPaise: 3_000_000, interestPaise: 50_000, via: 'bank' }],
    })));
    const d = await ok(h.admin.command('draw-cash-credit', { loanId: ccId, date: '2025-10-07', amountPaise: 7_000_000, into: 'cash' }));
    expect(d.result).toMatchObject({ outstandingPaise: 15_000_000, availablePaise: 0 });
    expect((await balances()).get('expenses:interest:bank-loans')).toBe(170_000);
  });

  it('refuses drawing on a term loan or on no loan at all', async () => {
    const term = await h.admin.command('draw-cash-credit', { loanId: (await h.t.db.selectFrom('loan').select('id').where('kind', '=', 'external-term').executeTakeFirstOrThrow()).id, date: '2025-10-07', amountPaise: 100 });
    expect(term.status).toBe(400);
    expect(term.body.error.field).toBe('loanId');
    const none = await h.admin.command('draw-cash-credit', { loanId: randomUUID(), date: '2025-10-07', amountPaise: 100 });
    expect(none.status).toBe(422);
    expect(none.body.error.code).toBe('UNKNOWN_LOAN');
  });

  it('refuses a drawal in a closed period', async () => {
    await ok(h.admin.command('close-period', { nodeId: g.shgId, through: '2025-10-31' }));
    const r = await h.admin.command('draw-cash-credit', { loanId: ccId, date: '2025-10-20', amountPaise: 100 });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('PERIOD_LOCKED');
    expect(r.body.error.field).toBe('date');
  });
});
