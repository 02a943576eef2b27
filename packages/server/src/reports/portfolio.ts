import { z } from 'zod';
import { AGEING_BUCKETS, type AgeingBucket } from '@khata/core';
import type { Database } from '../db/pool.ts';
import { dcbOf, loansOf, stateOn } from './loan-data.ts';
import { asOfFields, col, entityInfo, percent, periodFields, resolvePeriod, type Report, type Row } from './report.ts';

export const portfolioParams = z
  .object({ ...periodFields, ...asOfFields })
  .refine((p) => !p.from || !p.to || p.from <= p.to, { message: 'from must not be after to', path: ['from'] });

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

/**
 * Portfolio quality of the internal loans.
 * Repayment rate over [from, to] (to = asOf): collected against dues / dues (arrears at the start plus demand in the
 * period); money paid in advance is left out of both.
 * Portfolio at risk as of `to`: each open loan's whole principal outstanding, in the bucket of its days past due
 * (current, 1-30, 31-60, 61-90, >90), as an amount and as a percentage of all principal outstanding.
 */
export async function portfolio(
  db: Database,
  entityId: number,
  params: { from?: string | undefined; to?: string | undefined; asOf?: string | undefined },
): Promise<Report> {
  const entity = await entityInfo(db, entityId);
  const { from, to } = resolvePeriod(params);
  const loans = (await loansOf(db, entityId, 'internal')).filter((l) => l.disbursedOn <= to && l.status !== 'cancelled');

  const r = { openingOverdue: 0, demand: 0, againstDue: 0, advance: 0, closingOverdue: 0 };
  const buckets = new Map<AgeingBucket, { loans: number; outstanding: number; overdue: number }>(AGEING_BUCKETS.map((b) => [b, { loans: 0, outstanding: 0, overdue: 0 }]));
  for (const loan of loans) {
    const d = dcbOf(loan, from, to);
    r.openingOverdue += d.openingOverdue;
    r.demand += d.demand;
    r.againstDue += d.againstDue;
    r.advance += d.advance;
    r.closingOverdue += d.closingOverdue;
    const s = stateOn(loan, to);
    if (!s || s.status !== 'open' || s.principalOutstandingPaise === 0) continue;
    const b = buckets.get(s.ageing)!;
    b.loans += 1;
    b.outstanding += s.principalOutstandingPaise;
    b.overdue += s.overdue.principalPaise + s.overdue.interestPaise;
  }
  const totalDue = r.openingOverdue + r.demand;
  const repaymentRate = percent(r.againstDue, totalDue);
  const outstanding = [...buckets.values()].reduce((s, b) => s + b.outstanding, 0);
  const atRisk = outstanding - buckets.get('current')!.outstanding;
  const parRows: Row[] = AGEING_BUCKETS.map((bucket) => {
    const b = buckets.get(bucket)!;
    return { bucket, loans: b.loans, outstanding: b.outstanding, overdue: b.overdue, percent: percent(b.outstanding, outstanding) };
  });
  const loansOpen = parRows.reduce((s, x) => s + (x.loans as number), 0);
  const overdueTotal = parRows.reduce((s, x) => s + (x.overdue as number), 0);
  return {
    name: 'portfolio',
    entityCode: entity.code,
    params: { from, to, asOf: to },
    columns: [],
    rows: [],
    totals: { outstanding, atRisk, atRiskPercent: percent(atRisk, outstanding), repaymentRate },
    sections: [
      {
        titleKey: 'repaymentRate',
        columns: repaymentColumns,
        rows: [{ openingOverdue: r.openingOverdue, demand: r.demand, totalDue, collectionAgainstDue: r.againstDue, advance: r.advance, closingOverdue: r.closingOverdue, repaymentRate }],
      },
      {
        titleKey: 'portfolioAtRisk',
        columns: parColumns,
        rows: parRows,
        totals: { bucket: null, loans: loansOpen, outstanding, overdue: overdueTotal, percent: percent(outstanding, outstanding) },
      },
    ],
  };
}
