import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../testing/app.ts';
import { makeGroup, ok, type TestGroup, regularMeeting } from '../testing/fixtures.ts';
import { accountBalances } from '../ledger/post-entry.ts';

let h: TestApp;
let g: TestGroup;
let entityId: number;

const flexible = { kind: 'flexible', ratePercentPerMonth: '2', period: 'monthly' };

const meeting = (date: string, extra: Record<string, unknown> = {}) => regularMeeting(g, date, extra);

async function balances() {
  return accountBalances(h.t.db, entityId);
}

beforeAll(async () => {
  h = await testApp();
  g = await makeGroup(h, h.admin, { members: 5, formedOn: '2026-01-05' });
  entityId = (await h.t.db.selectFrom('entity').select('id').where('node_id', '=', g.shgId).executeTakeFirstOrThrow()).id;
});
afterAll(async () => h.close());

describe('record-meeting', () => {
  it('posts one balanced entry: savings into cash and members’ savings', async () => {
    const r = await ok(h.admin.command('record-meeting', meeting('2026-01-05', { cashCountedPaise: 5000 })));
    expect(r.status).toBe('applied');
    expect(r.result.closingCashPaise).toBe(5000);
    expect(r.result.cashDifferencePaise).toBe(0);
    const b = await balances();
    expect(b.get('assets:cash')).toBe(5000);
    expect(b.get('liabilities:savings:compulsory')).toBe(-5000);
    const members = await ok(h.admin.get(`/api/shgs/${g.shgId}/members`));
    expect(members.members.map((m: any) => m.compulsorySavingsPaise)).toEqual([1000, 1000, 1000, 1000, 1000]);
  });

  it('disburses a loan from the meeting’s decision and collects interest then principal', async () => {
    const loanId = randomUUID();
    await ok(h.admin.command('record-meeting', meeting('2026-01-12', { disbursements: [{ loanId, memberId: g.memberIds[0], principalPaise: 8000, purpose: 'goat', terms: flexible }] })));
    // A month later: 2% of Rs 80 = Rs 1.60 interest; she pays Rs 21.60 → Rs 1.60 interest, Rs 20 principal.
    const r = await ok(h.admin.command('record-meeting', meeting('2026-02-12', { repayments: [{ memberId: g.memberIds[0], loanId, amountPaise: 2160 }], cashCountedPaise: 5000 + 5000 - 8000 + 5000 + 2160 - 100 })));
    expect(r.result.cashDifferencePaise).toBe(-100);
    const b = await balances();
    expect(b.get('assets:loans-to-members')).toBe(6000);
    expect(b.get('income:interest:member-loans')).toBe(-160);
    expect(b.get('assets:cash')).toBe(5000 + 5000 - 8000 + 5000 + 2160);
    const loans = await ok(h.admin.get(`/api/shgs/${g.shgId}/loans`));
    expect(loans.internal[0].outstandingPaise).toBe(6000);
    expect(loans.internal[0]).toHaveProperty('interestDuePaise');
    expect(loans.internal[0]).toHaveProperty('daysPastDue');
  });

  it('refuses bad input with the field named, and writes nothing', async () => {
    const before = await h.t.db.selectFrom('journal_entry').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const stranger = randomUUID();
    const r = await h.admin.command('record-meeting', meeting('2026-02-19', {
      savings: [{ memberId: stranger, compulsoryPaise: 1000, voluntaryPaise: 0 }],
      disbursements: [{ loanId: randomUUID(), memberId: g.memberIds[1], principalPaise: 99_999_00, purpose: 'too much', terms: flexible }],
    }));
    expect(r.status).toBe(422);
    const codes = r.body.error.problems.map((p: any) => `${p.code}@${p.field}`);
    expect(codes).toContain('UNKNOWN_MEMBER@savings.0.memberId');
    expect(codes).toContain('INSUFFICIENT_CASH@disbursements.0.principalPaise');
    const after = await h.t.db.selectFrom('journal_entry').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toEqual(before.n);
    expect(await h.t.db.selectFrom('meeting').select('id').where('date', '=', '2026-02-19').execute()).toEqual([]);
  });

  it('refuses a second meeting on the same date', async () => {
    const r = await h.admin.command('record-meeting', meeting('2026-01-05'));
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('DUPLICATE_MEETING');
  });

  it('corrects a wrong meeting by reversal and re-recording; balances as if it had been right', async () => {
    const wrong = meeting('2026-02-26', { savings: g.memberIds.map((memberId) => ({ memberId, compulsoryPaise: 10000, voluntaryPaise: 0 })) });
    await ok(h.admin.command('record-meeting', wrong));
    const before = await balances();
    const right = meeting('2026-02-26');
    const r = await ok(h.admin.command('correct-meeting', { correctionId: randomUUID(), meetingId: wrong.meetingId, reason: 'typed 100 for 10', meeting: right }));
    expect(r.status).toBe('applied');
    const after = await balances();
    expect(after.get('assets:cash')).toBe(before.get('assets:cash')! - 5 * 9000);
    expect(after.get('liabilities:savings:compulsory')).toBe(before.get('liabilities:savings:compulsory')! + 5 * 9000);
    const original = await h.t.db.selectFrom('meeting').selectAll().where('id', '=', wrong.meetingId).executeTakeFirstOrThrow();
    expect(original.status).toBe('reversed');
    expect(original.replaced_by).toBe(right.meetingId);
    const reversal = await h.t.db.selectFrom('journal_entry').selectAll().where('id', '=', original.reversal_entry_id!).executeTakeFirstOrThrow();
    expect(reversal.reverses_entry_id).toBe(original.entry_id);
    expect(reversal.reason).toBe('typed 100 for 10');
    const again = await h.admin.command('correct-meeting', { correctionId: randomUUID(), meetingId: wrong.meetingId, reason: 'again', meeting: meeting('2026-02-26') });
    expect(again.status).toBe(409);
  });

  it('corrects a loan disbursed at a meeting while keeping its id (a wrong amount)', async () => {
    const loanId = randomUUID();
    const wrong = meeting('2026-02-27', { disbursements: [{ loanId, memberId: g.memberIds[2], principalPaise: 9000, purpose: 'goat', terms: flexible }] });
    await ok(h.admin.command('record-meeting', wrong));
    const right = meeting('2026-02-27', { disbursements: [{ loanId, memberId: g.memberIds[2], principalPaise: 6000, purpose: 'goat', terms: flexible }] });
    await ok(h.admin.command('correct-meeting', { correctionId: randomUUID(), meetingId: wrong.meetingId, reason: 'Rs 60, not Rs 90', meeting: right }));
    const loan = await h.t.db.selectFrom('loan').selectAll().where('id', '=', loanId).executeTakeFirstOrThrow();
    expect(loan.principal_paise).toBe(6000);
    expect(loan.status).toBe('open');
    const { internal } = await ok(h.admin.get(`/api/shgs/${g.shgId}/loans`));
    expect(internal.find((l: any) => l.id === loanId).outstandingPaise).toBe(6000);
  });

  it('refuses a date in a closed period', async () => {
    await ok(h.admin.command('close-period', { nodeId: g.shgId, through: '2026-02-28' }));
    const r = await h.admin.command('record-meeting', meeting('2026-02-27'));
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('PERIOD_LOCKED');
    expect(r.body.error.field).toBe('date');
    await ok(h.admin.command('record-meeting', meeting('2026-03-02')));
  });

  it('keeps every entry balanced and the books equal to the replay of the lines', async () => {
    const rows = await h.t.db.selectFrom('journal_line').select(['entry_id', 'amount_paise']).execute();
    const sums = new Map<number, number>();
    for (const r of rows) sums.set(r.entry_id, (sums.get(r.entry_id) ?? 0) + r.amount_paise);
    expect([...sums.values()].every((s) => s === 0)).toBe(true);
    const period = await h.t.db.selectFrom('account_period_balance as p').innerJoin('account as a', 'a.id', 'p.account_id').select(['a.path', 'p.debit_paise', 'p.credit_paise']).where('a.entity_id', '=', entityId).execute();
    const fromPeriods = new Map<string, number>();
    for (const p of period) fromPeriods.set(p.path, (fromPeriods.get(p.path) ?? 0) + p.debit_paise - p.credit_paise);
    const fromLines = await balances();
    for (const [path, value] of fromLines) expect(fromPeriods.get(path), path).toBe(value);
  });
});
