import { describe, expect, it } from 'vitest';
import { replayLoan, type LoanDefinition, type LoanEvent } from './loans.ts';
import { demandCollection, overdueList, percentOf, portfolioAtRisk, repaymentRate } from './portfolio.ts';

const flexible = (id: string, principalPaise: number, disbursedOn: string) => {
  const definition: LoanDefinition = { id, memberId: `m-${id}`, principalPaise, disbursedOn, terms: { kind: 'flexible', ratePercentPerMonth: '2', period: 'monthly' } };
  const events: LoanEvent[] = [{ id: `${id}-d`, type: 'disbursement', date: disbursedOn, amountPaise: principalPaise }];
  return { definition, events };
};

const asOf = '2024-06-10';
const loans = [
  flexible('current', 100000, '2024-05-10'), // first charge due today: not overdue
  flexible('d9', 200000, '2024-05-01'), // charge of 1 Jun unpaid: 9 days
  flexible('d31', 300000, '2024-04-10'), // charge of 10 May unpaid: 31 days
  flexible('d121', 400000, '2024-01-10'), // charge of 10 Feb unpaid: 121 days
];
const closed = flexible('closed', 100000, '2024-01-10');
closed.events.push({ id: 'c-r', type: 'repayment', date: '2024-02-10', amountPaise: 102000 });
const states = [...loans, closed].map((l) => replayLoan(l.definition, l.events, asOf));

describe('portfolio at risk', () => {
  it('buckets each open loan’s whole outstanding principal by its oldest overdue amount', () => {
    const par = portfolioAtRisk(states);
    expect(par.loans).toBe(4);
    expect(par.totalOutstandingPaise).toBe(1000000);
    expect(par.current).toEqual({ loans: 1, principalPaise: 100000, percent: '10.00' });
    expect(par.buckets).toEqual({
      '1-30': { loans: 1, principalPaise: 200000, percent: '20.00' },
      '31-60': { loans: 1, principalPaise: 300000, percent: '30.00' },
      '61-90': { loans: 0, principalPaise: 0, percent: '0.00' },
      '>90': { loans: 1, principalPaise: 400000, percent: '40.00' },
    });
    expect(par.atRisk).toEqual({ loans: 3, principalPaise: 900000, percent: '90.00' });
  });

  it('an empty portfolio is 0.00 everywhere', () => {
    expect(portfolioAtRisk([]).atRisk).toEqual({ loans: 0, principalPaise: 0, percent: '0.00' });
  });
});

describe('overdue list', () => {
  it('lists open loans with something overdue, longest first', () => {
    const rows = overdueList(states);
    expect(rows.map((r) => [r.loanId, r.daysPastDue, r.ageing, r.sinceDate])).toEqual([
      ['d121', 121, '>90', '2024-02-10'],
      ['d31', 31, '31-60', '2024-05-10'],
      ['d9', 9, '1-30', '2024-06-01'],
    ]);
    // d121: Feb..May charges of 80.00 overdue; 10 Jun's is due today
    expect(rows[0]).toMatchObject({ overdueInterestPaise: 4 * 8000, overduePrincipalPaise: 0, principalOutstandingPaise: 400000, memberId: 'm-d121' });
  });
});

describe('repayment rate and demand–collection–balance', () => {
  const l = flexible('L', 500000, '2024-01-10');
  l.events.push({ id: 'r1', type: 'repayment', date: '2024-02-10', amountPaise: 30000 });

  it('a month fully paid: interest due 100.00 collected; the principal paid beyond dues is a prepayment', () => {
    expect(demandCollection(l, '2024-02-01', '2024-02-29')).toEqual({
      loanId: 'L', memberId: 'm-L', demandPaise: 10000, collectedPaise: 10000, prepaidPaise: 20000, balancePaise: 0,
    });
  });

  it('a month unpaid: demand 96.00, nothing collected; arrears carry into the next month’s demand', () => {
    expect(demandCollection(l, '2024-03-01', '2024-03-31')).toMatchObject({ demandPaise: 9600, collectedPaise: 0, balancePaise: 9600 });
    expect(demandCollection(l, '2024-04-01', '2024-04-30')).toMatchObject({ demandPaise: 9600 * 2, collectedPaise: 0 });
  });

  it('rate over several loans, exact then rounded half-even', () => {
    const rows = [demandCollection(l, '2024-02-01', '2024-03-31')];
    expect(repaymentRate(rows)).toEqual({ demandPaise: 19600, collectedPaise: 10000, percent: '51.02' });
    expect(repaymentRate([{ demandPaise: 3, collectedPaise: 2 }]).percent).toBe('66.67');
    expect(repaymentRate([]).percent).toBeNull();
    expect(percentOf(1, 8)).toBe('12.50');
    expect(percentOf(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)).toBe('100.00');
  });
});
