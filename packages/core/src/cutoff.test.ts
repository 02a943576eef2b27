import { describe, expect, it } from 'vitest';
import { ErrorCode, type Result } from './errors.ts';
import { cutoffInputSchema, parseCutoffInput, planCutoff, type CutoffInput } from './cutoff.ts';
import { balanceOf, trialBalance, validateEntry } from './ledger.ts';
import { replayLoan } from './loans.ts';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const SHG = id(1);
const A = id(11);
const B = id(12);
const LA = id(21);
const BANK_LOAN = id(31);

const input = (over: Record<string, unknown> = {}): CutoffInput =>
  cutoffInputSchema.parse({
    shgId: SHG,
    date: '2024-01-15',
    cashPaise: 100000,
    bankPaise: 2000000,
    fixedDepositsPaise: 500000,
    members: [
      { memberId: A, compulsorySavingsPaise: 300000, voluntarySavingsPaise: 50000 },
      { memberId: B, compulsorySavingsPaise: 300000 },
    ],
    memberLoans: [
      {
        loanId: LA, memberId: A, disbursedOn: '2023-06-01', originalPrincipalPaise: 1000000, principalOutstandingPaise: 600000,
        interestOverduePaise: 24000, overdueSince: '2023-12-01', terms: { kind: 'flexible', ratePercentPerMonth: '2', period: 'monthly' },
      },
    ],
    externalLoans: [{ id: BANK_LOAN, lender: 'bank', principalOutstandingPaise: 1500000 }],
    revolvingFundPaise: 1500000,
    ...over,
  });

const problemsOf = (r: Result<unknown>) => (r.ok ? [] : r.problems.map((p) => [p.code, p.field]));

describe('cut-off (opening balances)', () => {
  it('one opening entry; the unexplained difference goes to equity:opening-balance', () => {
    const r = planCutoff(input());
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const { entry, openingBalancePaise } = r.value;
    expect(entry?.source).toBe('record-cutoff');
    expect(entry?.businessDate).toBe('2024-01-15');
    expect(validateEntry(entry!).ok).toBe(true);
    // assets 32,000 against savings 6,500 + bank loan 15,000 + RF 15,000 = 36,500: a 4,500 debit difference
    expect(trialBalance(entry!.lines)).toEqual({
      'assets:bank': 2000000,
      'assets:cash': 100000,
      'assets:fixed-deposits': 500000,
      'assets:loans-to-members': 600000,
      'equity:opening-balance': 450000,
      'equity:revolving-fund': -1500000,
      'liabilities:loans:bank': -1500000,
      'liabilities:savings:compulsory': -600000,
      'liabilities:savings:voluntary': -50000,
    });
    expect(openingBalancePaise).toBe(450000);
    expect(balanceOf(entry!.lines, { account: 'liabilities:savings', memberId: A })).toBe(-350000);
    expect(balanceOf(entry!.lines, { account: 'assets:loans-to-members', loanId: LA, memberId: A })).toBe(600000);
    expect(balanceOf(entry!.lines, { account: 'liabilities:loans:bank', loanId: BANK_LOAN })).toBe(-1500000);
    expect(r.value.savingsByMember[B]).toEqual({ compulsoryPaise: 300000, voluntaryPaise: 0 });
    expect(r.value.externalLoans).toEqual([{ id: BANK_LOAN, lender: 'bank', principalOutstandingPaise: 1500000 }]);
  });

  it('running loans come in with their overdue interest (memo, not in the books)', () => {
    const r = planCutoff(input());
    if (!r.ok) throw new Error('cutoff');
    const [loan] = r.value.loans;
    const s = replayLoan(loan!.definition, loan!.events, '2024-02-01');
    expect(s).toMatchObject({ principalOutstandingPaise: 600000, interestDuePaise: 24000 + 12000, disbursedPaise: 1000000 });
    expect(s.overdue).toMatchObject({ interestPaise: 24000, sinceDate: '2023-12-01' });
    expect(r.value.entry!.lines.some((l) => l.accountPath.startsWith('income'))).toBe(false);
  });

  it('a group with nothing yet has no entry', () => {
    const r = planCutoff(cutoffInputSchema.parse({ shgId: SHG, date: '2024-01-15' }));
    expect(r.ok && r.value.entry).toBeNull();
  });

  it('a credit difference (more assets than the figures explain) is a credit to opening balance', () => {
    const r = planCutoff(input({ members: [{ memberId: A }, { memberId: B }], memberLoans: [], externalLoans: [], revolvingFundPaise: 0 }));
    expect(r.ok && r.value.openingBalancePaise).toBe(-2600000);
  });

  it('collects every problem with its field path', () => {
    const bad = input({
      members: [{ memberId: A }, { memberId: A }],
      memberLoans: [
        { loanId: LA, memberId: B, disbursedOn: '2024-02-01', originalPrincipalPaise: 1000, principalOutstandingPaise: 2000, terms: { kind: 'flexible', ratePercentPerMonth: '2', period: 'monthly' } },
        { loanId: LA, memberId: A, disbursedOn: '2023-01-01', originalPrincipalPaise: 1000, principalOutstandingPaise: 0, terms: { kind: 'flexible', ratePercentPerMonth: '2', period: 'monthly' } },
        { loanId: id(22), memberId: A, disbursedOn: '2023-01-01', originalPrincipalPaise: 1000, principalOutstandingPaise: 500, terms: { kind: 'scheduled', annualRatePercent: '12', interestMethod: 'flat', amortization: 'equal-installments', repayments: 3, unit: 'months', graceOnInterest: 5 } },
      ],
      externalLoans: [{ id: BANK_LOAN, lender: 'bank', principalOutstandingPaise: 1 }, { id: BANK_LOAN, lender: 'vo-cif', principalOutstandingPaise: 1 }],
    });
    expect(problemsOf(planCutoff(bad, { shgId: SHG, formedOn: '2024-02-01', members: [{ id: A, status: 'active', joinedOn: '2023-01-01' }] }))).toEqual([
      [ErrorCode.DateBeforeFormation, 'date'],
      [ErrorCode.ValidationFailed, 'members.1.memberId'],
      [ErrorCode.UnknownMember, 'memberLoans.0.memberId'],
      [ErrorCode.ValidationFailed, 'memberLoans.0.disbursedOn'],
      [ErrorCode.ValidationFailed, 'memberLoans.0.principalOutstandingPaise'],
      [ErrorCode.ValidationFailed, 'memberLoans.1.loanId'],
      [ErrorCode.ValidationFailed, 'memberLoans.1.principalOutstandingPaise'],
      [ErrorCode.InvalidLoanTerms, 'memberLoans.2.terms.graceOnInterest'],
      [ErrorCode.ValidationFailed, 'externalLoans.1.id'],
    ]);
  });

  it('the schema names fields of a malformed payload', () => {
    const r = parseCutoffInput({ shgId: SHG, date: '2024-01-15', cashPaise: -5, members: [{ memberId: 'x' }] });
    expect(problemsOf(r)).toEqual([
      [ErrorCode.ValidationFailed, 'cashPaise'],
      [ErrorCode.ValidationFailed, 'members.0.memberId'],
    ]);
  });
});
