import { formatDecimal, rational } from './decimal.ts';
import { AGEING_BUCKETS, loanRepayments, replayLoan, type AgeingBucket, type LoanDefinition, type LoanEvent, type LoanState } from './loans.ts';

/*
 * Portfolio quality of internal loans, from loan states: repayment rate, portfolio at risk, the overdue list.
 * Percentages are exact ratios rounded half-even to two decimals, as strings ("12.50"), never floats.
 */

/** part/whole as a percentage with two decimals; "0.00" when there is nothing to divide. */
export function percentOf(part: number, whole: number): string {
  return whole === 0 ? '0.00' : formatDecimal(rational(BigInt(part) * 100n, BigInt(whole)), 2);
}

export type ParBucket = Exclude<AgeingBucket, 'current'>;
export const PAR_BUCKETS = AGEING_BUCKETS.filter((b): b is ParBucket => b !== 'current');

export interface BucketFigures {
  loans: number;
  principalPaise: number;
  /** Share of the total outstanding principal. */
  percent: string;
}

export interface PortfolioAtRisk {
  loans: number;
  totalOutstandingPaise: number;
  current: BucketFigures;
  /** By the age of each loan's oldest overdue amount; a loan's whole outstanding principal is at risk. */
  buckets: Record<ParBucket, BucketFigures>;
  /** All loans with anything overdue (PAR 1+). */
  atRisk: BucketFigures;
}

/** Portfolio at risk over open loans (states taken on one date). */
export function portfolioAtRisk(states: readonly LoanState[]): PortfolioAtRisk {
  const open = states.filter((s) => s.status === 'open' && s.principalOutstandingPaise > 0);
  const total = open.reduce((t, s) => t + s.principalOutstandingPaise, 0);
  const figures = (pick: (s: LoanState) => boolean): BucketFigures => {
    const chosen = open.filter(pick);
    const principalPaise = chosen.reduce((t, s) => t + s.principalOutstandingPaise, 0);
    return { loans: chosen.length, principalPaise, percent: percentOf(principalPaise, total) };
  };
  return {
    loans: open.length,
    totalOutstandingPaise: total,
    current: figures((s) => s.ageing === 'current'),
    buckets: Object.fromEntries(PAR_BUCKETS.map((b) => [b, figures((s) => s.ageing === b)])) as Record<ParBucket, BucketFigures>,
    atRisk: figures((s) => s.ageing !== 'current'),
  };
}

export interface DemandCollection {
  demandPaise: number;
  collectedPaise: number;
}

export interface RepaymentRate extends DemandCollection {
  /** collected / demand; null when nothing was due. */
  percent: string | null;
}

/** Repayment rate: what was collected against what was due (prepayments are not counted as collection). */
export function repaymentRate(rows: readonly DemandCollection[]): RepaymentRate {
  const demandPaise = rows.reduce((t, r) => t + r.demandPaise, 0);
  const collectedPaise = rows.reduce((t, r) => t + r.collectedPaise, 0);
  return { demandPaise, collectedPaise, percent: demandPaise === 0 ? null : percentOf(collectedPaise, demandPaise) };
}

export interface DcbRow extends DemandCollection {
  loanId: string;
  memberId: string;
  /** Principal paid beyond what had fallen due (left out of the rate). */
  prepaidPaise: number;
  /** Due and still unpaid at the end of the period. */
  balancePaise: number;
}

/**
 * Demand–collection–balance of one loan over [from, to], principal and interest (penalties apart):
 * demand = what was due at any point in the period (arrears brought in plus what fell due), collection = what
 * repayments in the period paid of it, balance = what is still due at `to`.
 */
export function demandCollection(loan: { definition: LoanDefinition; events: readonly LoanEvent[] }, from: string, to: string): DcbRow {
  const end = replayLoan(loan.definition, loan.events, to);
  let collectedPaise = 0;
  let prepaidPaise = 0;
  for (const r of loanRepayments(loan.definition, loan.events, to)) {
    if (r.date < from) continue;
    const towardsDue =
      Math.min(r.allocation.interestPaise, r.dueBefore.interestPaise) + Math.min(r.allocation.principalPaise, r.dueBefore.principalPaise);
    collectedPaise += towardsDue;
    prepaidPaise += r.allocation.interestPaise + r.allocation.principalPaise - towardsDue;
  }
  const balancePaise = end.interestDuePaise + end.principalDuePaise;
  return {
    loanId: loan.definition.id,
    memberId: loan.definition.memberId,
    demandPaise: balancePaise + collectedPaise,
    collectedPaise,
    prepaidPaise,
    balancePaise,
  };
}

export interface OverdueRow {
  loanId: string;
  memberId: string;
  daysPastDue: number;
  ageing: AgeingBucket;
  sinceDate: string;
  overduePrincipalPaise: number;
  overdueInterestPaise: number;
  principalOutstandingPaise: number;
}

/** Open loans with anything overdue, the longest overdue first (then the largest outstanding). */
export function overdueList(states: readonly LoanState[]): OverdueRow[] {
  return states
    .filter((s) => s.status === 'open' && s.overdue.sinceDate !== null && s.overdue.daysPastDue > 0)
    .map((s) => ({
      loanId: s.loanId,
      memberId: s.memberId,
      daysPastDue: s.overdue.daysPastDue,
      ageing: s.ageing,
      sinceDate: s.overdue.sinceDate!,
      overduePrincipalPaise: s.overdue.principalPaise,
      overdueInterestPaise: s.overdue.interestPaise,
      principalOutstandingPaise: s.principalOutstandingPaise,
    }))
    .sort((a, b) => b.daysPastDue - a.daysPastDue || b.principalOutstandingPaise - a.principalOutstandingPaise);
}
