import { describe, expect, it } from 'vitest';
import { ErrorCode } from './errors.ts';
import { trialBalance, validateEntry } from './ledger.ts';
import { replayLoan, type LoanDefinition, type LoanEvent } from './loans.ts';
import { planMemberExit, type MemberExitInput } from './member-exit.ts';

const loan = (id: string, principalPaise: number, disbursedOn = '2024-01-10'): { definition: LoanDefinition; events: LoanEvent[] } => ({
  definition: { id, memberId: 'M', principalPaise, disbursedOn, terms: { kind: 'flexible', ratePercentPerMonth: '2', period: 'monthly' } },
  events: [{ id: `${id}-d`, type: 'disbursement', date: disbursedOn, amountPaise: principalPaise }],
});

// Rs 3,000 at 2% a month from 10 Jan: on 10 Feb she owes 3,000 + 60 interest.
const base = (over: Partial<MemberExitInput> = {}): MemberExitInput => ({
  memberId: 'M',
  date: '2024-02-10',
  savings: { compulsoryPaise: 400000, voluntaryPaise: 100000 },
  loans: [loan('L1', 300000)],
  cashPaise: 1000000,
  eventIdPrefix: 'X',
  ...over,
});

describe('member exit', () => {
  it('savings cover her dues: the loan is settled and the rest paid out in cash', () => {
    const r = planMemberExit(base());
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.value).toMatchObject({ duesPaise: 306000, savingsPaise: 500000, setOffPaise: 306000, paidOutPaise: 194000, writtenOffPaise: 0, forgivenPaise: 0 });
    expect(validateEntry(r.value.entry!).ok).toBe(true);
    expect(trialBalance(r.value.entry!.lines)).toEqual({
      'assets:cash': -194000,
      'assets:loans-to-members': -300000,
      'income:interest:member-loans': -6000,
      'liabilities:savings:compulsory': 400000,
      'liabilities:savings:voluntary': 100000,
    });
    const l = base().loans[0]!;
    const s = replayLoan(l.definition, [...l.events, ...r.value.loanEvents[0]!.events], '2024-02-10');
    expect(s).toMatchObject({ status: 'closed', paidInterest: 6000, paidPrincipal: 300000 });
  });

  it('refuses the exit while she still owes and the group has not written it off', () => {
    const r = planMemberExit(base({ savings: { compulsoryPaise: 100000, voluntaryPaise: 0 } }));
    expect(r).toEqual({
      ok: false,
      problems: [{ code: ErrorCode.InsufficientSavings, field: 'writeOffShortfall', message: expect.any(String), params: { remainingDuePaise: 206000 } }],
    });
  });

  it('she may pay the rest in cash, but not more than the rest', () => {
    const r = planMemberExit(base({ savings: { compulsoryPaise: 100000, voluntaryPaise: 0 }, cashFromMemberPaise: 206000 }));
    expect(r.ok && r.value).toMatchObject({ paidOutPaise: 0, writtenOffPaise: 0, cashFromMemberPaise: 206000 });
    expect(r.ok && trialBalance(r.value.entry!.lines)['assets:cash']).toBe(206000);
    const over = planMemberExit(base({ savings: { compulsoryPaise: 100000, voluntaryPaise: 0 }, cashFromMemberPaise: 206001 }));
    expect(over.ok === false && over.problems.map((p) => [p.code, p.field])).toEqual([[ErrorCode.RepaymentExceedsDue, 'cashFromMemberPaise']]);
  });

  it('a write-off: savings pay penalty and interest first, the principal left is written off', () => {
    const l = loan('L1', 300000);
    l.events.push({ id: 'p', type: 'penalty', date: '2024-02-01', amountPaise: 500 });
    const r = planMemberExit(base({ savings: { compulsoryPaise: 100000, voluntaryPaise: 0 }, loans: [l], writeOffShortfall: true }));
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.value).toMatchObject({ duesPaise: 306500, setOffPaise: 100000, paidOutPaise: 0, writtenOffPaise: 206500, forgivenPaise: 0 });
    expect(trialBalance(r.value.entry!.lines)).toEqual({
      'assets:loans-to-members': -300000,
      'expenses:loan-write-off': 206500,
      'income:fines': -500,
      'income:interest:member-loans': -6000,
      'liabilities:savings:compulsory': 100000,
    });
    const s = replayLoan(l.definition, [...l.events, ...r.value.loanEvents[0]!.events], '2024-03-10');
    expect(s).toMatchObject({ status: 'written-off', principalOutstandingPaise: 0, writtenOffPaise: 206500, paidInterest: 6000, paidPenalty: 500 });
  });

  it('with nothing but interest paid, unpaid interest is forgiven (memo), principal written off', () => {
    const r = planMemberExit(base({ savings: { compulsoryPaise: 1000, voluntaryPaise: 0 }, writeOffShortfall: true }));
    expect(r.ok && r.value).toMatchObject({ writtenOffPaise: 300000, forgivenPaise: 5000 });
  });

  it('several loans: interest of every loan before any principal, the oldest loan first', () => {
    const older = loan('OLD', 100000, '2023-12-10'); // two months by 10 Feb: 2 x 20.00
    const newer = loan('NEW', 300000); // one month: 60.00
    const r = planMemberExit(base({ savings: { compulsoryPaise: 50000, voluntaryPaise: 0 }, loans: [newer, older], writeOffShortfall: true }));
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const alloc = Object.fromEntries(r.value.loanEvents.map((l) => [l.loanId, l.events[0]]));
    expect(alloc['OLD']).toMatchObject({ type: 'repayment', allocation: { interestPaise: 4000, principalPaise: 40000 } });
    expect(alloc['NEW']).toMatchObject({ type: 'repayment', allocation: { interestPaise: 6000, principalPaise: 0 } });
    expect(r.value.loanEvents.map((l) => l.loanId)).toEqual(['OLD', 'NEW']);
  });

  it('refuses a payout larger than the cash, a loan of someone else, a locked date', () => {
    const other = loan('L9', 1000);
    other.definition.memberId = 'N';
    const r = planMemberExit(base({ cashPaise: 100, loans: [other], lockedThrough: '2024-03-31' }));
    expect(r.ok === false && r.problems.map((p) => [p.code, p.field])).toEqual([
      [ErrorCode.PeriodLocked, 'date'],
      [ErrorCode.UnknownLoan, 'loans.0'],
      [ErrorCode.InsufficientCash, 'cashPaise'],
    ]);
  });

  it('no savings and no loans: nothing to post', () => {
    const r = planMemberExit(base({ savings: { compulsoryPaise: 0, voluntaryPaise: 0 }, loans: [] }));
    expect(r.ok && r.value.entry).toBeNull();
  });
});
