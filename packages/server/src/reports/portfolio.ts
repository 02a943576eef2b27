import { z } from 'zod';
import { PAR_BUCKETS, portfolioAtRisk, repaymentRate, type LoanState } from '@khata/core';
import type { Database } from '../db/pool.ts';
import { dcbOf, loansOf, stateOn, type LoanWithEvents } from './loan-data.ts';
import { asOfFields, col, entityInfo, resolvePeriod, type Report, type Row, periodParams } from './report.ts';

export const portfolioParams = periodParams(asOfFields);

const repaymentColumns = [
  col('openingOverdue', 'money'),
  col('demand', 'money'),
  col('totalDue', 'money'),
  col('collectionAgainstDue', 'money'),
  col('advance', 'money'),
  col('closingOverdue', 'money'),
  col('repaymentRate', 'percent'),
];
const parColumns = [col('bucket', 'text'), col('loans', 'number'), col('outstanding', 'money'), col('overdue', 'money'), col('percent', 'percent')];

export interface PortfolioFigures {
  /** Sums of the loans' demand–collection–balance over [from, to]. */
  r: { openingOverdue: number; demand: number; totalDue: number; againstDue: number; advance: number; closingOverdue: number };
  /** The loans' states on `to` (those disbursed by then, not cancelled). */
  states: LoanState[];
  rate: string | null;
  par: ReturnType<typeof portfolioAtRisk>;
}

/**
 * The portfolio figures of a set of internal loans (one group's, or many groups' together: the consolidated MIS
 * uses this same path, so its figures are the groups' own summed).
 */
export function portfolioOfLoans(allLoans: readonly LoanWithEvents[], from: string, to: string): PortfolioFigures {
  const loans = allLoans.filter((l) => l.disbursedOn <= to && l.status !== 'cancelled');
  const r = { openingOverdue: 0, demand: 0, totalDue: 0, againstDue: 0, advance: 0, closingOverdue: 0 };
  const states: LoanState[] = [];
  for (const loan of loans) {
    const d = dcbOf(loan, from, to);
    for (const k of Object.keys(r) as (keyof typeof r)[]) r[k] += d[k];
    const s = stateOn(loan, to);
    if (s) states.push(s);
  }
  const rate = repaymentRate([{ demandPaise: r.totalDue, collectedPaise: r.againstDue }]).percent;
  return { r, states, rate, par: portfolioAtRisk(states) };
}

/**
 * Portfolio quality of the internal loans (core/portfolio.ts).
 * Repayment rate over [from, to] (to = asOf): collected against dues / dues (arrears at the start plus what fell
 * due in the period), principal and interest; money paid in advance is left out of both.
 * Portfolio at risk as of `to`: each open loan's whole principal outstanding, in the bucket of its days past due
 * (current, 1-30, 31-60, 61-90, >90), as an amount and as a percentage of all principal outstanding; with the
 * overdue amounts of the loans in each bucket.
 */
export async function portfolio(
  db: Database,
  entityId: number,
  params: { from?: string | undefined; to?: string | undefined; asOf?: string | undefined },
): Promise<Report> {
  const entity = await entityInfo(db, entityId);
  const { from, to } = resolvePeriod(params);
  const { r, states, rate, par } = portfolioOfLoans(await loansOf(db, entityId, 'internal'), from, to);
  const open = states.filter((s) => s.status === 'open' && s.principalOutstandingPaise > 0);
  const overdueIn = (bucket: string) => open.filter((s) => s.ageing === bucket).reduce((t, s) => t + s.overdue.principalPaise + s.overdue.interestPaise, 0);
  const parRows: Row[] = [
    { bucket: 'current', loans: par.current.loans, outstanding: par.current.principalPaise, overdue: overdueIn('current'), percent: par.current.percent },
    ...PAR_BUCKETS.map((bucket) => {
      const b = par.buckets[bucket];
      return { bucket, loans: b.loans, outstanding: b.principalPaise, overdue: overdueIn(bucket), percent: b.percent };
    }),
  ];
  return {
    name: 'portfolio',
    entityCode: entity.code,
    params: { from, to, asOf: to },
    columns: [],
    rows: [],
    totals: { outstanding: par.totalOutstandingPaise, atRisk: par.atRisk.principalPaise, atRiskPercent: par.atRisk.percent, repaymentRate: rate },
    sections: [
      {
        titleKey: 'repaymentRate',
        columns: repaymentColumns,
        rows: [{ openingOverdue: r.openingOverdue, demand: r.demand, totalDue: r.totalDue, collectionAgainstDue: r.againstDue, advance: r.advance, closingOverdue: r.closingOverdue, repaymentRate: rate }],
      },
      {
        titleKey: 'portfolioAtRisk',
        columns: parColumns,
        rows: parRows,
        totals: { bucket: null, loans: par.loans, outstanding: par.totalOutstandingPaise, overdue: parRows.reduce((t, x) => t + (x.overdue as number), 0), percent: par.totalOutstandingPaise === 0 ? '0.00' : '100.00' },
      },
    ],
  };
}
