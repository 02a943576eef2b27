import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portfolioAtRisk, replayLoan, type LoanEvent } from '@khata/core';
import { testApp, type Caller, type TestApp } from '../testing/app.ts';
import { makeGroup, ok, type TestGroup } from '../testing/fixtures.ts';
import { accountBalances } from '../ledger/post-entry.ts';
import { loanDefinitionOf } from './group-snapshot.ts';

// request-write-off (maker) and decide-approval (checker).
let h: TestApp;
let g: TestGroup;
let entityId: number;
let manager: Caller;
let bookkeeper: Caller;
const loanId = randomUUID();
const otherLoanId = randomUUID();

const flexible = { kind: 'flexible', ratePercentPerMonth: '2', period: 'monthly' };
const balances = () => accountBalances(h.t.db, entityId);
const entryCount = async () => Number((await h.t.db.selectFrom('journal_entry').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

async function par(asOf: string) {
  const loans = await h.t.db.selectFrom('loan').selectAll().where('entity_id', '=', entityId).where('kind', 'in', ['internal-flexible', 'internal-scheduled']).execute();
  const states = [];
  for (const l of loans) {
    const events = await h.t.db.selectFrom('loan_event').select('event').where('loan_id', '=', l.id).orderBy('seq').execute();
    states.push(replayLoan(loanDefinitionOf(l), events.map((e) => e.event as LoanEvent), asOf));
  }
  return portfolioAtRisk(states);
}

beforeAll(async () => {
  h = await testApp();
  g = await makeGroup(h, h.admin, { members: 3, formedOn: '2026-01-05' });
  entityId = (await h.t.db.selectFrom('entity').select('id').where('node_id', '=', g.shgId).executeTakeFirstOrThrow()).id;
  await ok(h.admin.command('create-user', { id: randomUUID(), username: 'manager', name: 'Manager', password: 'manager-pass-1', roles: [{ nodeId: h.rootNodeId, role: 'manager' }] }));
  await ok(h.admin.command('create-user', { id: randomUUID(), username: 'keeper', name: 'Bookkeeper', password: 'keeper-pass-1', roles: [{ nodeId: g.shgId, role: 'bookkeeper' }] }));
  manager = await h.as('manager', 'manager-pass-1');
  bookkeeper = await h.as('keeper', 'keeper-pass-1');
  const date = '2026-01-05';
  await ok(h.admin.command('record-meeting', {
    meetingId: randomUUID(), shgId: g.shgId, date,
    savings: g.memberIds.map((memberId) => ({ memberId, compulsoryPaise: 100_000 })),
    disbursements: [
      { loanId, memberId: g.memberIds[0], principalPaise: 100_000, purpose: 'goat', terms: flexible },
      { loanId: otherLoanId, memberId: g.memberIds[1], principalPaise: 50_000, purpose: 'seed', terms: flexible },
    ],
  }));
});
afterAll(async () => h.close());

describe('loan write-off: maker and checker', () => {
  let approvalId: string;

  it('the request records what would be lost and posts nothing', async () => {
    const n = await entryCount();
    approvalId = randomUUID();
    const r = await ok(h.admin.command('request-write-off', { approvalId, loanId, asOf: '2026-06-05', reason: 'she migrated; no contact' }));
    expect(r.result).toMatchObject({ status: 'pending', kind: 'loan-write-off', payload: { principalOutstandingPaise: 100_000, interestDuePaise: 10_000 } });
    expect(await entryCount()).toBe(n);
    const again = await h.admin.command('request-write-off', { approvalId: randomUUID(), loanId, reason: 'twice' });
    expect(again.status).toBe(409);
    expect(again.body.error.field).toBe('loanId');
  });

  it('the requester cannot approve her own request: 403 SELF_APPROVAL, nothing posted', async () => {
    const n = await entryCount();
    const r = await h.admin.command('decide-approval', { approvalId, decision: 'approve', date: '2026-06-05' });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('SELF_APPROVAL');
    expect(r.body.error.field).toBe('approvalId');
    expect(await entryCount()).toBe(n);
    const row = await h.t.db.selectFrom('approval_request').selectAll().where('id', '=', approvalId).executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
    expect((await h.t.db.selectFrom('loan').select('status').where('id', '=', loanId).executeTakeFirstOrThrow()).status).toBe('open');
  });

  it('the checkers see the pending request; only someone else with approve may decide it', async () => {
    const asAdmin = await ok(h.admin.get('/api/approvals'));
    const mine = asAdmin.approvals.find((a: any) => a.id === approvalId);
    expect(mine).toMatchObject({ kind: 'loan-write-off', status: 'pending', canDecide: false });
    const asManager = await ok(manager.get('/api/approvals'));
    expect(asManager.approvals.find((a: any) => a.id === approvalId)).toMatchObject({ canDecide: true });
    const asBookkeeper = await ok(bookkeeper.get('/api/approvals'));
    expect(asBookkeeper.approvals.find((a: any) => a.id === approvalId)?.canDecide ?? false).toBe(false);
    // The same list as a file, with the amount the request is about.
    const csv = await manager.getFile('/api/approvals?format=csv');
    expect(csv.status).toBe(200);
    expect(csv.contentType).toContain('text/csv');
    const lines = csv.body.toString('utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Request,Institution,Amount (Rs),Requested by,Requested at,Status,Decided at,Note');
    const mineRow = asManager.approvals.find((a: any) => a.id === approvalId);
    expect(lines).toHaveLength(asManager.approvals.length + 1);
    expect(mineRow.amountPaise).toBeGreaterThan(0);
    expect(lines.some((l) => l.startsWith('loan-write-off,') && l.includes(`,${(mineRow.amountPaise / 100).toFixed(2)},`))).toBe(true);
  });

  it('a bookkeeper may ask but not decide (403 FORBIDDEN)', async () => {
    const r = await bookkeeper.command('decide-approval', { approvalId, decision: 'approve' });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('FORBIDDEN');
  });

  it('a manager approves: the books show the write-off; outstanding and PAR no longer count the loan', async () => {
    const before = await par('2026-06-05');
    expect(before.buckets['>90'].loans).toBe(2);
    expect(before.totalOutstandingPaise).toBe(150_000);

    const r = await ok(manager.command('decide-approval', { approvalId, decision: 'approve', note: 'agreed at the VO', date: '2026-06-05' }));
    expect(r.result).toMatchObject({ status: 'approved', writtenOffPaise: 100_000, forgivenPaise: 10_000 });
    const b = await balances();
    expect(b.get('expenses:loan-write-off')).toBe(100_000);
    expect(b.get('assets:loans-to-members')).toBe(50_000);
    const entry = await h.t.db.selectFrom('journal_entry').selectAll().where('id', '=', r.result.entryId).executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ source_type: 'decide-approval', business_date: '2026-06-05' });

    const loans = await ok(h.admin.get(`/api/shgs/${g.shgId}/loans`));
    expect(loans.internal.find((l: any) => l.id === loanId)).toMatchObject({ status: 'written-off', outstandingPaise: 0 });
    const members = await ok(h.admin.get(`/api/shgs/${g.shgId}/members`));
    expect(members.members.find((m: any) => m.id === g.memberIds[0]).loanOutstandingPaise).toBe(0);
    const after = await par('2026-06-05');
    expect(after.totalOutstandingPaise).toBe(50_000);
    expect(after.buckets['>90']).toMatchObject({ loans: 1, principalPaise: 50_000 });

    const row = await h.t.db.selectFrom('approval_request').selectAll().where('id', '=', approvalId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'approved', decision_note: 'agreed at the VO', entry_id: r.result.entryId });
  });

  it('a decided request cannot be decided again; a written-off loan cannot be repaid or written off again', async () => {
    const again = await manager.command('decide-approval', { approvalId, decision: 'reject' });
    expect(again.status).toBe(409);
    const request = await h.admin.command('request-write-off', { approvalId: randomUUID(), loanId, reason: 'again' });
    expect(request.status).toBe(422);
    expect(request.body.error.code).toBe('LOAN_CLOSED');
    const meeting = await h.admin.command('record-meeting', { meetingId: randomUUID(), shgId: g.shgId, date: '2026-06-08', repayments: [{ memberId: g.memberIds[0], loanId, amountPaise: 1000 }] });
    expect(meeting.status).toBe(422);
    expect(meeting.body.error.code).toBe('UNKNOWN_LOAN');
  });

  it('a rejection posts nothing and leaves the loan open', async () => {
    const n = await entryCount();
    const id = randomUUID();
    await ok(bookkeeper.command('request-write-off', { approvalId: id, loanId: otherLoanId, reason: 'ill' }));
    const r = await ok(h.admin.command('decide-approval', { approvalId: id, decision: 'reject', note: 'give her time' }));
    expect(r.result).toMatchObject({ status: 'rejected', entryId: null });
    expect(await entryCount()).toBe(n);
    expect((await h.t.db.selectFrom('loan').select('status').where('id', '=', otherLoanId).executeTakeFirstOrThrow()).status).toBe('open');
  });

  it('names the field when the request is malformed or unknown', async () => {
    const both = await h.admin.command('request-write-off', { approvalId: randomUUID(), loanId, memberId: g.memberIds[0], reason: 'x' });
    expect(both.status).toBe(400);
    expect(both.body.error.field).toBe('loanId');
    const none = await manager.command('decide-approval', { approvalId: randomUUID(), decision: 'approve' });
    expect(none.status).toBe(404);
    expect(none.body.error.field).toBe('approvalId');
  });
});
