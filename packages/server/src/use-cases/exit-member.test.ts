import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Caller, type TestApp } from '../testing/app.ts';
import { makeGroup, ok, type TestGroup } from '../testing/fixtures.ts';
import { accountBalances } from '../ledger/post-entry.ts';

let h: TestApp;
let g: TestGroup;
let entityId: number;
let manager: Caller;
const [A, B, C, D, E] = [0, 1, 2, 3, 4];
const loanB = randomUUID();
const loanC = randomUUID();
const flexible = { kind: 'flexible', ratePercentPerMonth: '2', period: 'monthly' };

const balances = () => accountBalances(h.t.db, entityId);
const entryCount = async () => Number((await h.t.db.selectFrom('journal_entry').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const member = (i: number) => h.t.db.selectFrom('member').selectAll().where('id', '=', g.memberIds[i]!).executeTakeFirstOrThrow();
const savingsOf = async (i: number) => {
  const b = await h.t.db
    .selectFrom('journal_line as l')
    .innerJoin('account as a', 'a.id', 'l.account_id')
    .select((eb) => eb.fn.sum<string>('l.amount_paise').as('s'))
    .where('a.entity_id', '=', entityId)
    .where('a.path', 'like', 'liabilities:savings:%')
    .where('l.member_id', '=', g.memberIds[i]!)
    .executeTakeFirstOrThrow();
  return 0 - Number(b.s ?? 0) || 0;
};

beforeAll(async () => {
  h = await testApp();
  g = await makeGroup(h, h.admin, { members: 5, formedOn: '2026-01-05' });
  entityId = (await h.t.db.selectFrom('entity').select('id').where('node_id', '=', g.shgId).executeTakeFirstOrThrow()).id;
  await ok(h.admin.command('create-user', { id: randomUUID(), username: 'manager', name: 'Manager', password: 'manager-pass-1', roles: [{ nodeId: h.rootNodeId, role: 'manager' }] }));
  manager = await h.as('manager', 'manager-pass-1');
  // Each saves Rs 500 compulsory; A also Rs 200 voluntary. B borrows Rs 300, C borrows Rs 1,000.
  await ok(h.admin.command('record-meeting', {
    meetingId: randomUUID(), shgId: g.shgId, date: '2026-01-05',
    savings: g.memberIds.map((memberId, i) => ({ memberId, compulsoryPaise: 50_000, voluntaryPaise: i === A ? 20_000 : 0 })),
    disbursements: [
      { loanId: loanB, memberId: g.memberIds[B], principalPaise: 30_000, purpose: 'seed', terms: flexible },
      { loanId: loanC, memberId: g.memberIds[C], principalPaise: 100_000, purpose: 'cow', terms: flexible },
    ],
  }));
});
afterAll(async () => h.close());

describe('exit-member', () => {
  it('a member without loans takes all her savings out in cash and is marked left', async () => {
    const before = await balances();
    const r = await ok(h.admin.command('exit-member', { memberId: g.memberIds[A], date: '2026-02-09' }));
    expect(r.result).toMatchObject({ savingsPaise: 70_000, duesPaise: 0, paidOutPaise: 70_000, writtenOffPaise: 0, leftOn: '2026-02-09' });
    const after = await balances();
    expect(after.get('assets:cash')).toBe(before.get('assets:cash')! - 70_000);
    expect(await savingsOf(A)).toBe(0);
    expect(await member(A)).toMatchObject({ status: 'left', left_on: '2026-02-09' });
    const entry = await h.t.db.selectFrom('journal_entry').selectAll().where('id', '=', r.result.entryId).executeTakeFirstOrThrow();
    expect(entry.source_type).toBe('exit-member');
  });

  it('her savings settle her loan (interest, then principal) and the rest is paid out; the loan is closed', async () => {
    const before = await balances();
    // One month: 2% of Rs 300 = Rs 6 interest; dues Rs 306 against savings Rs 500 → Rs 194 paid out.
    const r = await ok(h.admin.command('exit-member', { memberId: g.memberIds[B], date: '2026-02-09' }));
    expect(r.result).toMatchObject({ savingsPaise: 50_000, duesPaise: 30_600, setOffPaise: 30_600, paidOutPaise: 19_400 });
    const after = await balances();
    expect(after.get('assets:cash')).toBe(before.get('assets:cash')! - 19_400);
    expect(after.get('assets:loans-to-members')).toBe(before.get('assets:loans-to-members')! - 30_000);
    expect(after.get('income:interest:member-loans')).toBe((before.get('income:interest:member-loans') ?? 0) - 600);
    expect((await h.t.db.selectFrom('loan').select('status').where('id', '=', loanB).executeTakeFirstOrThrow()).status).toBe('closed');
  });

  it('refuses a second exit, and a meeting can no longer take her savings', async () => {
    const r = await h.admin.command('exit-member', { memberId: g.memberIds[A], date: '2026-02-16' });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('MEMBER_NOT_ACTIVE');
    expect(r.body.error.field).toBe('memberId');
    const m = await h.admin.command('record-meeting', { meetingId: randomUUID(), shgId: g.shgId, date: '2026-02-16', savings: [{ memberId: g.memberIds[A], compulsoryPaise: 1000 }] });
    expect(m.status).toBe(422);
    expect(m.body.error.code).toBe('MEMBER_NOT_ACTIVE');
  });

  it('refuses to pay her out when the group lacks the cash, and writes nothing', async () => {
    const cash = (await balances()).get('assets:cash')!;
    await ok(h.admin.command('record-meeting', { meetingId: randomUUID(), shgId: g.shgId, date: '2026-02-23', bankDeposit: cash - 10_000 }));
    const n = await entryCount();
    const r = await h.admin.command('exit-member', { memberId: g.memberIds[D], date: '2026-02-24' });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('INSUFFICIENT_CASH');
    expect(r.body.error.field).toBe('memberId');
    expect(await entryCount()).toBe(n);
    expect((await member(D)).status).toBe('active');
    await ok(h.admin.command('record-meeting', { meetingId: randomUUID(), shgId: g.shgId, date: '2026-03-02', bankWithdrawal: cash - 10_000 }));
  });

  describe('she owes more than her savings', () => {
    // C: Rs 1,000 loan, Rs 500 savings. By 2026-04-05: three months' interest Rs 60 → dues Rs 1,060; shortfall Rs 560.
    const date = '2026-04-06';
    let approvalId: string;

    it('is refused without writeOffShortfall (INSUFFICIENT_SAVINGS), and without an approval (403)', async () => {
      const n = await entryCount();
      const r = await h.admin.command('exit-member', { memberId: g.memberIds[C], date });
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe('INSUFFICIENT_SAVINGS');
      expect(r.body.error.field).toBe('writeOffShortfall');
      expect(r.body.error.problems[0].params.remainingDuePaise).toBe(56_000);
      const w = await h.admin.command('exit-member', { memberId: g.memberIds[C], date, writeOffShortfall: true });
      expect(w.status).toBe(403);
      expect(w.body.error.field).toBe('approvalId');
      expect(await entryCount()).toBe(n);
    });

    it('a pending request is not enough; the requester cannot approve it', async () => {
      approvalId = randomUUID();
      const req = await ok(h.admin.command('request-write-off', { approvalId, memberId: g.memberIds[C], asOf: date, reason: 'widowed, moved to her parents' }));
      expect(req.result).toMatchObject({ kind: 'member-exit-write-off', payload: { savingsPaise: 50_000, duesPaise: 106_000, shortfallPaise: 56_000 } });
      const pending = await h.admin.command('exit-member', { memberId: g.memberIds[C], date, writeOffShortfall: true, approvalId });
      expect(pending.status).toBe(403);
      expect(pending.body.error.problems[0].params.status).toBe('pending');
      const self = await h.admin.command('decide-approval', { approvalId, decision: 'approve' });
      expect(self.body.error.code).toBe('SELF_APPROVAL');
    });

    it('once a second person approved: savings set off, the rest written off, the loan written off, she has left', async () => {
      await ok(manager.command('decide-approval', { approvalId, decision: 'approve' }));
      const before = await balances();
      const r = await ok(h.admin.command('exit-member', { memberId: g.memberIds[C], date, writeOffShortfall: true, approvalId }));
      // Rs 500 pays Rs 60 interest and Rs 440 principal; Rs 560 principal is written off.
      expect(r.result).toMatchObject({ setOffPaise: 50_000, paidOutPaise: 0, writtenOffPaise: 56_000, forgivenPaise: 0 });
      const after = await balances();
      expect(after.get('expenses:loan-write-off')).toBe(56_000);
      expect(after.get('assets:loans-to-members') ?? 0).toBe(before.get('assets:loans-to-members')! - 100_000);
      expect(after.get('assets:cash')).toBe(before.get('assets:cash'));
      expect(await savingsOf(C)).toBe(0);
      expect((await h.t.db.selectFrom('loan').select('status').where('id', '=', loanC).executeTakeFirstOrThrow()).status).toBe('written-off');
      expect(await member(C)).toMatchObject({ status: 'left', left_on: date });
      const approval = await h.t.db.selectFrom('approval_request').selectAll().where('id', '=', approvalId).executeTakeFirstOrThrow();
      expect(approval.entry_id).toBe(r.result.entryId);
    });

    it('an approval for one member does not serve another', async () => {
      const r = await h.admin.command('exit-member', { memberId: g.memberIds[E], date, writeOffShortfall: true, approvalId });
      // E owes nothing: no approval is needed and none is used.
      expect(r.status).toBe(201);
      expect(r.body.result.writtenOffPaise).toBe(0);
    });
  });

  it('refuses a date in a closed period, naming the field', async () => {
    await ok(h.admin.command('close-period', { nodeId: g.shgId, through: '2026-04-30' }));
    const r = await h.admin.command('exit-member', { memberId: g.memberIds[D], date: '2026-04-20' });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('PERIOD_LOCKED');
    expect(r.body.error.field).toBe('date');
  });
});
