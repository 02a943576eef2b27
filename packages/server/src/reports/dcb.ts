import { repaymentRate } from '@khata/core';
import type { Database } from '../db/pool.ts';
import { membersOf } from './ledger-data.ts';
import { dcbOf, loansOf, type LoanDcb } from './loan-data.ts';
import { col, entityInfo, periodSchema, resolvePeriod, totalsOf, type Report, type Row } from './report.ts';

export const dcbParams = periodSchema;

const columns = [
  col('membershipNumber', 'number'),
  col('memberName', 'text'),
  col('loans', 'number'),
  col('openingOverdue', 'money'),
  col('demand', 'money'),
  col('totalDue', 'money'),
  col('collection', 'money'),
  col('collectionAgainstDue', 'money'),
  col('advance', 'money'),
  col('closingOverdue', 'money'),
  col('outstanding', 'money'),
  col('repaymentRate', 'percent'),
];
const SUMMED = ['loans', 'openingOverdue', 'demand', 'totalDue', 'collection', 'collectionAgainstDue', 'advance', 'closingOverdue', 'outstanding'];

const rate = (d: { totalDue: number; againstDue: number }) => repaymentRate([{ demandPaise: d.totalDue, collectedPaise: d.againstDue }]).percent;

/**
 * Demand–collection–balance register for [from, to], one row per member with internal loans in the period
 * (principal and interest; penalties apart): overdue at the start (arrears), demand falling due within, total due,
 * collection (the part that paid dues, and the rest paid in advance), overdue at the end, principal outstanding.
 * closingOverdue = openingOverdue + demand − collectionAgainstDue; repayment rate = collectionAgainstDue / totalDue
 * (core/portfolio.ts, the same rule as the portfolio report).
 */
export async function dcb(db: Database, entityId: number, params: { from?: string | undefined; to?: string | undefined }): Promise<Report> {
  const entity = await entityInfo(db, entityId);
  const { from, to } = resolvePeriod(params);
  const [members, loans] = await Promise.all([membersOf(db, entityId), loansOf(db, entityId, 'internal')]);
  const byMember = new Map<string, LoanDcb & { loans: number }>();
  for (const loan of loans) {
    if (!loan.memberId) continue;
    const d = dcbOf(loan, from, to);
    if (d.totalDue === 0 && d.collection === 0 && d.outstanding === 0) continue;
    const a = byMember.get(loan.memberId) ?? { loans: 0, openingOverdue: 0, demand: 0, totalDue: 0, collection: 0, againstDue: 0, advance: 0, closingOverdue: 0, outstanding: 0 };
    a.loans += 1;
    for (const k of ['openingOverdue', 'demand', 'totalDue', 'collection', 'againstDue', 'advance', 'closingOverdue', 'outstanding'] as const) a[k] += d[k];
    byMember.set(loan.memberId, a);
  }
  const rows: Row[] = members
    .filter((m) => byMember.has(m.id))
    .map((m) => {
      const a = byMember.get(m.id)!;
      return {
        membershipNumber: m.membershipNumber,
        memberName: m.name,
        loans: a.loans,
        openingOverdue: a.openingOverdue,
        demand: a.demand,
        totalDue: a.totalDue,
        collection: a.collection,
        collectionAgainstDue: a.againstDue,
        advance: a.advance,
        closingOverdue: a.closingOverdue,
        outstanding: a.outstanding,
        repaymentRate: rate(a),
      };
    });
  const totals = totalsOf(rows, SUMMED);
  return {
    name: 'dcb',
    entityCode: entity.code,
    params: { from, to },
    columns,
    rows,
    totals: { membershipNumber: null, memberName: null, ...totals, repaymentRate: rate({ totalDue: totals.totalDue as number, againstDue: totals.collectionAgainstDue as number }) },
  };
}
