import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Caller, type TestApp } from '../testing/app.ts';
import { makeGroup, ok, type TestGroup } from '../testing/fixtures.ts';
import { accountBalances } from '../ledger/post-entry.ts';
import { todayIn } from './shg-books.ts';

let h: TestApp;
let g: TestGroup;
let entityId: number;
let manager: Caller;
const flexible = { kind: 'flexible', ratePercentPerMonth: '2', period: 'monthly' };

const balances = () => accountBalances(h.t.db, entityId);
const entryCount = async () => Number((await h.t.db.selectFrom('journal_entry').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const loanStatus = async (id: string) => (await h.t.db.selectFrom('loan').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

beforeAll(async () => {
  h = await testApp();
  g = await makeGroup(h, h.admin, { members: 3, formedOn: '2025-01-06' });
  entityId = (await h.t.db.selectFrom('entity').select('id').where('node_id', '=', g.shgId).executeTakeFirstOrThrow()).id;
  await ok(h.admin.command('create-user', { id: randomUUID(), username: 'manager', name: 'Manager', password: 'manager-pass-1', roles: [{ nodeId: h.rootNodeId, role: 'manager' }] }));
  manager = await h.as('manager', 'manager-pass-1');
});
afterAll(async () => h.close());

describe('reverse-entry', () => {
  const loanId = randomUUID();
  let receiptEntryId: number;
  let drawalEntryId: number;

  it('reverses a cash credit drawal with its reason, dated as given, linked to it', async () => {
    const r = await ok(h.admin.command('receive-external-loan', { loanId, shgId: g.shgId, date: '2025-02-03', lender: 'bank', kind: 'cash-credit', limitPaise: 1_000_000, amountPaise: 400_000, annualRatePercent: '7' }));
    receiptEntryId = r.result.entryId;
    drawalEntryId = (await ok(h.admin.command('draw-cash-credit', { loanId, date: '2025-02-10', amountPaise: 100_000 }))).result.entryId;
    const rev = await ok(h.admin.command('reverse-entry', { entryId: drawalEntryId, reason: 'drawn twice by mistake', date: '2025-02-11' }));
    expect(rev.result).toMatchObject({ entryId: drawalEntryId, date: '2025-02-11' });
    const reversal = await h.t.db.selectFrom('journal_entry').selectAll().where('id', '=', rev.result.reversalEntryId).executeTakeFirstOrThrow();
    expect(reversal).toMatchObject({ reverses_entry_id: drawalEntryId, reason: 'drawn twice by mistake', business_date: '2025-02-11', source_type: 'reverse-entry' });
    const b = await balances();
    expect(b.get('liabilities:loans:bank')).toBe(-400_000);
    expect(b.get('assets:bank')).toBe(400_000);
  });

  it('refuses a second reversal (409), reversing a reversal, and an unknown entry (404); writes nothing', async () => {
    const n = await entryCount();
    const again = await h.admin.command('reverse-entry', { entryId: drawalEntryId, reason: 'again' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_REVERSED');
    const reversalId = (await h.t.db.selectFrom('journal_entry').select('id').where('reverses_entry_id', '=', drawalEntryId).executeTakeFirstOrThrow()).id;
    const ofReversal = await h.admin.command('reverse-entry', { entryId: reversalId, reason: 'undo the undo' });
    expect(ofReversal.status).toBe(400);
    expect(ofReversal.body.error.field).toBe('entryId');
    const none = await h.admin.command('reverse-entry', { entryId: 99_999_999, reason: 'x' });
    expect(none.status).toBe(404);
    expect(await entryCount()).toBe(n);
  });

  it('refuses a meeting’s entry, pointing to correct-meeting', async () => {
    const m = await ok(h.admin.command('record-meeting', { meetingId: randomUUID(), shgId: g.shgId, date: '2025-02-17', savings: g.memberIds.map((memberId) => ({ memberId, compulsoryPaise: 100_000 })) }));
    const r = await h.admin.command('reverse-entry', { entryId: m.result.entryId, reason: 'wrong' });
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('entryId');
    expect(r.body.error.message).toContain('correct-meeting');
  });

  it('refuses a date before the entry or in a closed period, naming the date', async () => {
    const before = await h.admin.command('reverse-entry', { entryId: receiptEntryId, reason: 'x', date: '2025-02-01' });
    expect(before.status).toBe(400);
    expect(before.body.error.field).toBe('date');
  });

  it('refuses to cancel an outside loan that has later drawals, then cancels it once they are reversed; dated today by default', async () => {
    const drawal = (await ok(h.admin.command('draw-cash-credit', { loanId, date: '2025-02-24', amountPaise: 50_000 }))).result.entryId;
    const blocked = await h.admin.command('reverse-entry', { entryId: receiptEntryId, reason: 'wrong account' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.field).toBe('entryId');
    await ok(h.admin.command('reverse-entry', { entryId: drawal, reason: 'wrong account', date: '2025-02-24' }));
    const r = await ok(h.admin.command('reverse-entry', { entryId: receiptEntryId, reason: 'wrong account' }));
    expect(r.result.date).toBe(todayIn());
    expect(await loanStatus(loanId)).toBe('cancelled');
    expect((await balances()).get('liabilities:loans:bank') ?? 0).toBe(0);
  });

  it('undoing a write-off opens the loan again', async () => {
    const memberLoan = randomUUID();
    await ok(h.admin.command('record-meeting', { meetingId: randomUUID(), shgId: g.shgId, date: '2025-03-03', disbursements: [{ loanId: memberLoan, memberId: g.memberIds[0], principalPaise: 50_000, purpose: 'goat', terms: flexible }] }));
    const approvalId = randomUUID();
    await ok(h.admin.command('request-write-off', { approvalId, loanId: memberLoan, asOf: '2025-03-10', reason: 'died' }));
    const d = await ok(manager.command('decide-approval', { approvalId, decision: 'approve', date: '2025-03-10' }));
    expect(await loanStatus(memberLoan)).toBe('written-off');
    await ok(h.admin.command('reverse-entry', { entryId: d.result.entryId, reason: 'she is alive: wrong member', date: '2025-03-11' }));
    expect(await loanStatus(memberLoan)).toBe('open');
    const b = await balances();
    expect(b.get('expenses:loan-write-off') ?? 0).toBe(0);
    expect(b.get('assets:loans-to-members')).toBe(50_000);
    // and the loan takes repayments again
    await ok(h.admin.command('record-meeting', { meetingId: randomUUID(), shgId: g.shgId, date: '2025-03-17', repayments: [{ memberId: g.memberIds[0], loanId: memberLoan, amountPaise: 10_000 }] }));
  });

  it('undoing an exit brings the member back with her savings and her loan', async () => {
    const memberId = g.memberIds[0]!;
    const e = await ok(h.admin.command('exit-member', { memberId, date: '2025-03-24' }));
    expect(e.result.duesPaise).toBeGreaterThan(0);
    const loan = (await h.t.db.selectFrom('loan').select(['id', 'status']).where('member_id', '=', memberId).executeTakeFirstOrThrow());
    expect(loan.status).toBe('closed');
    await ok(h.admin.command('reverse-entry', { entryId: e.result.entryId, reason: 'she stayed', date: '2025-03-24' }));
    const m = await h.t.db.selectFrom('member').selectAll().where('id', '=', memberId).executeTakeFirstOrThrow();
    expect(m).toMatchObject({ status: 'active', left_on: null });
    expect(await loanStatus(loan.id)).toBe('open');
    const members = await ok(h.admin.get(`/api/shgs/${g.shgId}/members`));
    expect(members.members.find((x: any) => x.id === memberId)).toMatchObject({ compulsorySavingsPaise: 100_000, loanOutstandingPaise: 40_000 });
  });

  it('keeps closed periods closed: a reversal is dated in an open period', async () => {
    const entryId = (await ok(h.admin.command('receive-external-loan', { loanId: randomUUID(), shgId: g.shgId, date: '2025-03-25', lender: 'other', kind: 'term-loan', amountPaise: 10_000, annualRatePercent: '0', into: 'cash' }))).result.entryId;
    await ok(h.admin.command('close-period', { nodeId: g.shgId, through: '2025-03-31' }));
    const n = await entryCount();
    const r = await h.admin.command('reverse-entry', { entryId, reason: 'not a loan: a gift', date: '2025-03-30' });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('PERIOD_LOCKED');
    expect(r.body.error.field).toBe('date');
    expect(await entryCount()).toBe(n);
    await ok(h.admin.command('reverse-entry', { entryId, reason: 'not a loan: a gift', date: '2025-04-01' }));
  });
});
