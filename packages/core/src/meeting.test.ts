import { describe, expect, it } from 'vitest';
import { ErrorCode, type Result } from './errors.ts';
import { balanceOf, trialBalance, validateEntry } from './ledger.ts';
import { replayLoan, type LoanDefinition, type LoanEvent } from './loans.ts';
import {
  meetingDemand,
  meetingInputSchema,
  parseMeetingInput,
  planMeeting,
  planMeetingCorrection,
  type GroupSnapshot,
  type MeetingInput,
  type MeetingPayload,
  type MeetingPlan,
} from './meeting.ts';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const SHG = id(1);
const A = id(11);
const B = id(12);
const C = id(13);
const GONE = id(14);
const L1 = id(21);
const L2 = id(22);
const BANK_LOAN = id(31);

const l1: LoanDefinition = {
  id: L1,
  memberId: A,
  principalPaise: 500000,
  disbursedOn: '2024-01-10',
  terms: { kind: 'flexible', ratePercentPerMonth: '2', period: 'monthly' },
};
const l1Events: LoanEvent[] = [{ id: 'd1', type: 'disbursement', date: '2024-01-10', amountPaise: 500000 }];

const group = (over: Partial<GroupSnapshot> = {}): GroupSnapshot => ({
  shgId: SHG,
  formedOn: '2023-06-01',
  lockedThrough: '2023-12-31',
  members: [
    { id: A, status: 'active', joinedOn: '2023-06-01' },
    { id: B, status: 'active', joinedOn: '2023-06-01' },
    { id: C, status: 'active', joinedOn: '2023-06-01' },
    { id: GONE, status: 'left', joinedOn: '2023-06-01' },
  ],
  loans: [{ definition: l1, events: l1Events }],
  externalLoans: [{ id: BANK_LOAN, lender: 'bank', principalOutstandingPaise: 5000000 }],
  cashPaise: 200000,
  bankPaise: 1000000,
  savingsByMember: { [A]: { compulsoryPaise: 100000, voluntaryPaise: 20000 }, [B]: { compulsoryPaise: 100000, voluntaryPaise: 0 } },
  existingMeetingDates: ['2024-01-10'],
  savingsRule: { compulsoryPaise: 10000 },
  ...over,
});

const input = (payload: Partial<MeetingPayload>): MeetingInput =>
  meetingInputSchema.parse({ meetingId: id(99), shgId: SHG, date: '2024-02-10', ...payload });

const plan = (r: Result<MeetingPlan>): MeetingPlan => {
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.value;
};
const problemsOf = (r: Result<unknown>) => (r.ok ? [] : r.problems.map((p) => [p.code, p.field]));

describe('meeting input schema', () => {
  it('fills defaults for everything but the ids and the date', () => {
    const r = parseMeetingInput({ meetingId: id(99), shgId: SHG, date: '2024-02-10' });
    expect(r).toEqual({
      ok: true,
      value: {
        meetingId: id(99), shgId: SHG, date: '2024-02-10', attendance: [], savings: [], savingsWithdrawals: [], repayments: [],
        disbursements: [], fines: [], otherReceipts: [], expenses: [], bankDeposit: 0, bankWithdrawal: 0,
        externalLoanRepayments: [], cashCountedPaise: null, decisions: [],
      },
    });
  });

  it('refuses negative or fractional amounts, bad dates and unknown keys, naming each field', () => {
    const r = parseMeetingInput({
      meetingId: id(99), shgId: 'x', date: '2024-02-30',
      savings: [{ memberId: A, compulsoryPaise: -1 }],
      repayments: [{ memberId: A, loanId: L1, amountPaise: 10.5 }],
      savingWithdrawals: [],
    });
    expect(problemsOf(r)).toEqual(
      expect.arrayContaining([
        [ErrorCode.ValidationFailed, 'shgId'],
        [ErrorCode.ValidationFailed, 'date'],
        [ErrorCode.ValidationFailed, 'savings.0.compulsoryPaise'],
        [ErrorCode.ValidationFailed, 'repayments.0.amountPaise'],
        [ErrorCode.ValidationFailed, undefined],
      ]),
    );
  });
});

describe('planMeeting', () => {
  const full = input({
    attendance: [{ memberId: A, status: 'present' }, { memberId: B, status: 'late' }, { memberId: C, status: 'absent' }],
    savings: [{ memberId: A, compulsoryPaise: 10000, voluntaryPaise: 5000 }, { memberId: B, compulsoryPaise: 10000 }, { memberId: C, compulsoryPaise: 10000 }],
    repayments: [{ memberId: A, loanId: L1, amountPaise: 30000 }],
    fines: [{ memberId: B, reason: 'late', amountPaise: 500 }],
    bankWithdrawal: 300000,
    disbursements: [{ loanId: L2, memberId: B, principalPaise: 500000, purpose: 'goat', terms: { kind: 'flexible', ratePercentPerMonth: '2', period: 'monthly' } }],
    expenses: [{ kind: 'stationery', amountPaise: 2000, narration: 'register' }],
    cashCountedPaise: 63000,
  });

  it('makes one balanced entry for the whole meeting, tagged by member and loan', () => {
    const p = plan(planMeeting(group(), full));
    expect(p.entry?.narration).toBe('Meeting 2024-02-10');
    expect(p.entry?.source).toBe('record-meeting');
    expect(validateEntry(p.entry!).ok).toBe(true);
    expect(trialBalance(p.entry!.lines)).toEqual({
      'assets:bank': -300000,
      'assets:cash': -136500,
      'assets:loans-to-members': 480000,
      'expenses:stationery': 2000,
      'income:fines': -500,
      'income:interest:member-loans': -10000,
      'liabilities:savings:compulsory': -30000,
      'liabilities:savings:voluntary': -5000,
    });
    const lines = p.entry!.lines;
    expect(balanceOf(lines, { account: 'assets:loans-to-members', loanId: L1 })).toBe(-20000);
    expect(balanceOf(lines, { account: 'assets:loans-to-members', loanId: L2, memberId: B })).toBe(500000);
    expect(balanceOf(lines, { account: 'income:interest:member-loans', memberId: A, loanId: L1 })).toBe(-10000);
    // one cash line per member and side: A handed over 150 savings + 300 repayment
    expect(lines.filter((l) => l.accountPath === 'assets:cash' && l.memberId === A)).toEqual([{ accountPath: 'assets:cash', amountPaise: 45000, memberId: A }]);
    expect(lines.find((l) => l.accountPath === 'expenses:stationery')?.memo).toBe('register');
  });

  it('closing cash and bank, and the counted difference (reported, not posted)', () => {
    const p = plan(planMeeting(group(), full));
    // 2,000 + 300 savings... : 2000 + 350 + 300 + 5 + 3000 - 20 - 5000 = 635.00
    expect(p.closingCashBookPaise).toBe(63500);
    expect(p.closingBankPaise).toBe(700000);
    expect(p.cashDifferencePaise).toBe(-500);
    expect(p.entry!.lines.some((l) => l.accountPath.includes('difference'))).toBe(false);
  });

  it('loan events: the repayment with its allocation, the new loan’s disbursement', () => {
    const p = plan(planMeeting(group(), full));
    expect(p.loanEvents).toEqual([
      { loanId: L1, events: [{ id: `${id(99)}:repayment:${L1}`, type: 'repayment', date: '2024-02-10', amountPaise: 30000, allocation: { penaltyPaise: 0, interestPaise: 10000, principalPaise: 20000 } }] },
      { loanId: L2, events: [{ id: `${id(99)}:disbursement:${L2}`, type: 'disbursement', date: '2024-02-10', amountPaise: 500000 }] },
    ]);
    expect(p.newLoans).toEqual([
      { id: L2, memberId: B, principalPaise: 500000, disbursedOn: '2024-02-10', purpose: 'goat', terms: { kind: 'flexible', ratePercentPerMonth: '2', period: 'monthly', interestRounding: { unit: 'paise', mode: 'half-even' }, agreedPrincipalPaise: null } },
    ]);
    const after = replayLoan(l1, [...l1Events, ...p.loanEvents[0]!.events], '2024-03-10');
    expect(after).toMatchObject({ principalOutstandingPaise: 480000, interestDuePaise: 9600 });
  });

  it('member summaries: what is read back to each member', () => {
    const p = plan(planMeeting(group(), full));
    const byId = new Map(p.memberSummaries.map((s) => [s.memberId, s]));
    expect(byId.get(A)).toEqual({
      memberId: A, attendance: 'present',
      savingsThisMeeting: { compulsoryPaise: 10000, voluntaryPaise: 5000, withdrawnPaise: 0 },
      totalSavings: { compulsoryPaise: 110000, voluntaryPaise: 25000 },
      paidPaise: 45000, receivedPaise: 0, repaidPaise: 30000, finesPaise: 0,
      loanOutstandingPaise: 480000, interestDuePaise: 0,
    });
    expect(byId.get(B)).toMatchObject({ attendance: 'late', paidPaise: 10500, receivedPaise: 500000, finesPaise: 500, loanOutstandingPaise: 500000, totalSavings: { compulsoryPaise: 110000, voluntaryPaise: 0 } });
    expect(byId.get(C)).toMatchObject({ attendance: 'absent', paidPaise: 10000, loanOutstandingPaise: 0 });
    expect(byId.has(GONE)).toBe(false);
  });

  it('collects every problem, each naming its field', () => {
    const bad = input({
      date: '2024-01-10',
      attendance: [{ memberId: A, status: 'present' }, { memberId: A, status: 'present' }, { memberId: id(77), status: 'present' }],
      savings: [{ memberId: GONE, compulsoryPaise: 100 }],
      savingsWithdrawals: [{ memberId: A, amountPaise: 20001 }],
      repayments: [{ memberId: B, loanId: L1, amountPaise: 100 }, { memberId: A, loanId: id(78), amountPaise: 100 }],
      disbursements: [{ loanId: L2, memberId: C, principalPaise: 99999999, purpose: 'shop', terms: { kind: 'flexible', ratePercentPerMonth: '2', period: 'monthly' } }],
      bankWithdrawal: 1000001,
      bankDeposit: 99999999,
    });
    expect(problemsOf(planMeeting(group({ lockedThrough: '2024-01-31' }), bad))).toEqual([
      [ErrorCode.PeriodLocked, 'date'],
      [ErrorCode.DuplicateMeeting, 'date'],
      [ErrorCode.UnknownMember, 'attendance.2.memberId'],
      [ErrorCode.MemberNotActive, 'savings.0.memberId'],
      [ErrorCode.ValidationFailed, 'attendance.1.memberId'],
      [ErrorCode.UnknownLoan, 'repayments.0.loanId'],
      [ErrorCode.UnknownLoan, 'repayments.1.loanId'],
      [ErrorCode.InsufficientBank, 'bankWithdrawal'],
      [ErrorCode.InsufficientSavings, 'savingsWithdrawals.0.amountPaise'],
      [ErrorCode.InsufficientCash, 'disbursements.0.principalPaise'],
      [ErrorCode.InsufficientCash, 'bankDeposit'],
    ]);
  });

  it('a date before formation; a member not yet joined', () => {
    const r = planMeeting(group({ lockedThrough: null, members: [{ id: A, status: 'active', joinedOn: '2024-03-01' }] }), input({ date: '2023-05-01', savings: [{ memberId: A, compulsoryPaise: 1 }] }));
    expect(problemsOf(r)).toEqual([
      [ErrorCode.DateBeforeFormation, 'date'],
      [ErrorCode.MemberNotActive, 'savings.0.memberId'],
    ]);
  });

  it('a repayment larger than everything she owes, or on a closed loan, is refused', () => {
    const over = planMeeting(group(), input({ repayments: [{ memberId: A, loanId: L1, amountPaise: 510001 }] }));
    expect(over.ok === false && over.problems).toEqual([
      { code: ErrorCode.RepaymentExceedsDue, field: 'repayments.0.amountPaise', message: expect.any(String), params: { maxPaise: 510000 } },
    ]);
    const closedEvents: LoanEvent[] = [...l1Events, { id: 'r', type: 'repayment', date: '2024-02-10', amountPaise: 510000 }];
    const closed = planMeeting(group({ loans: [{ definition: l1, events: closedEvents }] }), input({ date: '2024-03-10', repayments: [{ memberId: A, loanId: L1, amountPaise: 100 }] }));
    expect(problemsOf(closed)).toEqual([[ErrorCode.LoanClosed, 'repayments.0.amountPaise']]);
    const backdated = planMeeting(group({ loans: [{ definition: l1, events: closedEvents }] }), input({ date: '2024-02-01', repayments: [{ memberId: A, loanId: L1, amountPaise: 100 }] }));
    expect(problemsOf(backdated)).toEqual([[ErrorCode.Conflict, 'repayments.0.loanId']]);
  });

  it('cash order: receipts and the bank withdrawal fund payments; the deposit comes last', () => {
    const g = group({ cashPaise: 0 });
    const ok = planMeeting(g, input({
      savings: [{ memberId: C, compulsoryPaise: 10000 }],
      bankWithdrawal: 490000,
      disbursements: [{ loanId: L2, memberId: C, principalPaise: 500000, purpose: 'cow', terms: { kind: 'flexible', ratePercentPerMonth: '2', period: 'monthly' } }],
    }));
    expect(plan(ok).closingCashBookPaise).toBe(0);
    const deposit = planMeeting(g, input({ savings: [{ memberId: C, compulsoryPaise: 10000 }], expenses: [{ kind: 'meeting', amountPaise: 6000 }], bankDeposit: 5000 }));
    expect(deposit.ok === false && deposit.problems).toEqual([
      { code: ErrorCode.InsufficientCash, field: 'bankDeposit', message: expect.any(String), params: { availablePaise: 4000 } },
    ]);
    // a refused row does not count against the rows after it
    const two = planMeeting(g, input({ savings: [{ memberId: C, compulsoryPaise: 10000 }], expenses: [{ kind: 'meeting', amountPaise: 20000 }, { kind: 'travel', amountPaise: 10000 }] }));
    expect(problemsOf(two)).toEqual([[ErrorCode.InsufficientCash, 'expenses.0.amountPaise']]);
  });

  it('withdrawal of voluntary savings may use what she saved at this meeting', () => {
    const p = plan(planMeeting(group(), input({ savings: [{ memberId: A, voluntaryPaise: 1000 }], savingsWithdrawals: [{ memberId: A, amountPaise: 21000 }] })));
    expect(p.memberSummaries.find((s) => s.memberId === A)?.totalSavings).toEqual({ compulsoryPaise: 100000, voluntaryPaise: 0 });
    expect(p.entry!.lines).toEqual([
      { accountPath: 'assets:cash', amountPaise: 1000, memberId: A },
      { accountPath: 'liabilities:savings:voluntary', amountPaise: -1000, memberId: A },
      { accountPath: 'liabilities:savings:voluntary', amountPaise: 21000, memberId: A },
      { accountPath: 'assets:cash', amountPaise: -21000, memberId: A },
    ]);
  });

  it('the group’s repayment to its bank: principal reduces the loan, interest is an expense', () => {
    const p = plan(planMeeting(group(), input({ externalLoanRepayments: [{ externalLoanId: BANK_LOAN, principalPaise: 100000, interestPaise: 5000, via: 'bank' }] })));
    expect(trialBalance(p.entry!.lines)).toEqual({ 'assets:bank': -105000, 'expenses:interest:bank-loans': 5000, 'liabilities:loans:bank': 100000 });
    const over = planMeeting(group(), input({ externalLoanRepayments: [{ externalLoanId: BANK_LOAN, principalPaise: 5000001, interestPaise: 0 }] }));
    expect(problemsOf(over)).toEqual([[ErrorCode.RepaymentExceedsDue, 'externalLoanRepayments.0.principalPaise']]);
  });

  it('other receipts into the bank and revolving fund as equity', () => {
    const p = plan(planMeeting(group(), input({ otherReceipts: [{ kind: 'revolving-fund', amountPaise: 1500000, via: 'bank' }, { kind: 'membership-fee', amountPaise: 1000 }] })));
    expect(trialBalance(p.entry!.lines)).toEqual({ 'assets:bank': 1500000, 'assets:cash': 1000, 'equity:revolving-fund': -1500000, 'income:membership-fees': -1000 });
    expect(p.closingBankPaise).toBe(2500000);
  });

  it('a scheduled loan is disbursed with its schedule; bad terms name their field', () => {
    const terms = { kind: 'scheduled' as const, annualRatePercent: '12', interestMethod: 'flat' as const, amortization: 'equal-installments' as const, repayments: 10, unit: 'months' as const };
    const p = plan(planMeeting(group(), input({ disbursements: [{ loanId: L2, memberId: C, principalPaise: 100000, purpose: 'seeds', terms }] })));
    const ev = p.loanEvents[0]!.events[0]!;
    expect(ev.type === 'disbursement' && ev.schedule?.map((i) => [i.dueOn, i.principalPaise, i.interestPaise]).slice(0, 2)).toEqual([
      ['2024-03-10', 10000, 1000],
      ['2024-04-10', 10000, 1000],
    ]);
    const bad = planMeeting(group(), input({ disbursements: [{ loanId: L2, memberId: C, principalPaise: 100000, purpose: 'seeds', terms: { ...terms, graceOnPrincipal: 10 } }] }));
    expect(problemsOf(bad)).toEqual([[ErrorCode.InvalidLoanTerms, 'disbursements.0.terms.graceOnPrincipal']]);
  });

  it('an attendance-only meeting has no entry', () => {
    const p = plan(planMeeting(group(), input({ attendance: [{ memberId: A, status: 'present' }] })));
    expect(p.entry).toBeNull();
    expect(p.closingCashBookPaise).toBe(200000);
    expect(p.cashDifferencePaise).toBeNull();
  });
});

describe('meetingDemand', () => {
  it('per active member: compulsory saving plus what is due on each open loan', () => {
    const d = meetingDemand(group(), '2024-02-10');
    expect(d.map((m) => m.memberId)).toEqual([A, B, C]);
    expect(d[0]).toMatchObject({ compulsorySavingsPaise: 10000, totalPaise: 20000 });
    expect(d[0]!.loans[0]).toMatchObject({ loanId: L1, interestPaise: 10000, principalPaise: 0, maxPayablePaise: 510000 });
    expect(d[1]).toMatchObject({ loans: [], totalPaise: 10000 });
  });
});

describe('planMeetingCorrection', () => {
  it('reverses the recorded meeting and plans the corrected one as if the first had never been', () => {
    const first = input({
      savings: [{ memberId: A, compulsoryPaise: 10000, voluntaryPaise: 20000 }],
      repayments: [{ memberId: A, loanId: L1, amountPaise: 300000 }],
      disbursements: [{ loanId: L2, memberId: B, principalPaise: 100000, purpose: 'x', terms: { kind: 'flexible', ratePercentPerMonth: '2', period: 'monthly' } }],
      externalLoanRepayments: [{ externalLoanId: BANK_LOAN, principalPaise: 10000, interestPaise: 0 }],
    });
    const recorded = plan(planMeeting(group(), first));
    // the group after the first recording, as the server would load it
    const lines = recorded.entry!.lines;
    const after = group({
      cashPaise: recorded.closingCashBookPaise,
      bankPaise: recorded.closingBankPaise,
      savingsByMember: { [A]: { compulsoryPaise: 110000, voluntaryPaise: 40000 }, [B]: { compulsoryPaise: 100000, voluntaryPaise: 0 } },
      loans: [
        { definition: l1, events: [...l1Events, ...recorded.loanEvents[0]!.events] },
        { definition: recorded.newLoans[0]!, events: recorded.loanEvents[1]!.events },
      ],
      externalLoans: [{ id: BANK_LOAN, lender: 'bank', principalOutstandingPaise: 4990000 }],
      existingMeetingDates: ['2024-01-10', '2024-02-10'],
    });
    const corrected = input({
      savings: [{ memberId: A, compulsoryPaise: 10000 }],
      repayments: [{ memberId: A, loanId: L1, amountPaise: 30000 }],
      disbursements: [{ loanId: L2, memberId: B, principalPaise: 100000, purpose: 'x', terms: { kind: 'flexible', ratePercentPerMonth: '2', period: 'monthly' } }],
    });
    const r = planMeetingCorrection(after, { date: '2024-02-10', entry: recorded.entry, loanEvents: recorded.loanEvents }, corrected, { reason: 'wrong amount', correctionId: id(98) });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const { reversal, plan: fixed } = r.value;
    expect(reversal.entry?.reversal).toEqual({ reason: 'wrong amount' });
    expect(trialBalance([...lines, ...reversal.entry!.lines])).toEqual({});
    // the same as planning the corrected meeting on the untouched group
    const direct = plan(planMeeting(group(), corrected));
    expect(fixed.entry).toEqual(direct.entry);
    expect(fixed.closingCashBookPaise).toBe(direct.closingCashBookPaise);
    expect(fixed.memberSummaries).toEqual(direct.memberSummaries);
    expect(fixed.loanEvents[0]!.events[0]!.id).toBe(`${id(98)}:repayment:${L1}`);
    // the loan's own history: reversed repayment plus the corrected one
    const l1History = [...l1Events, ...recorded.loanEvents[0]!.events, ...reversal.loanEvents[0]!.events, ...fixed.loanEvents[0]!.events];
    expect(replayLoan(l1, l1History, '2024-02-10')).toMatchObject({ principalOutstandingPaise: 480000, paidInterest: 10000 });
  });

  it('refuses to correct a meeting in a closed period', () => {
    const r = planMeetingCorrection(group({ lockedThrough: '2024-02-28' }), { date: '2024-02-10', entry: null, loanEvents: [] }, input({}), { reason: 'x', correctionId: id(98) });
    expect(problemsOf(r)).toEqual([[ErrorCode.PeriodLocked, 'date']]);
  });
});
