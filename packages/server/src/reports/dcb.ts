import type { Database } from '../db/pool.ts';
import { membersOf } from './ledger-data.ts';
import { dcbOf, loansOf } from './loan-data.ts';
import { col, entityInfo, percent, periodSchema, resolvePeriod, totalsOf, type Report, type Row } from './report.ts';

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

/**
 * Demand–collection–balance register for [from, to], one row per member with internal loans in the period:
 * overdue at the start (arrears), demand falling due within, total due, collection (and the part of it that paid
 * dues; the rest is advance), overdue at the end and principal outstanding.
 * closingOverdue = openingOverdue + demand − collectionAgainstDue; repayment rate = collectionAgainstDue / totalDue.
 */
export async function dcb(db: Database, entityId: number, params: { from?: string | undefined; to?: string | undefined }): Promise<Report> {
  const entity = await entityInfo(db, entityId);
  const { from, to } = resolvePeriod(params);
  const [members, loans] = await Promise.all([membersOf(db, entityId), loansOf(db, entityId, 'internal')]);
  const byMember = new Map<string, Record<'loans' | 'openingOverdue' | 'demand' | 'collection' | 'againstDue' | 'advance' | 'closingOverdue' | 'outstanding', number>>();
  for (const loan of loans) {
    if (loan.disbursedOn > to || loan.status === 'cancelled' || !loan.memberId) continue;
    const d = dcbOf(loan, from, to);
    if (d.openingOverdue === 0 && d.demand === 0 && d.collection === 0 && d.closingOverdue === 0 && d.outstanding === 0) continue;
    const a = byMember.get(loan.memberId) ?? { loans: 0, openingOverdue: 0, demand: 0, collection: 0, againstDue: 0, advance: 0, closingOverdue: 0, outstanding: 0 };
    a.loans += 1;
    a.openingOverdue += d.openingOverdue;
    a.demand += d.demand;
    a.collection += d.collection;
    a.againstDue += d.againstDue;
    a.advance += d.advance;
    a.closingOverdue += d.closingOverdue;
    a.outstanding += d.outstanding;
    byMember.set(loan.memberId, a);
  }
  const rows: Row[] = members
    .filter((m) => byMember.has(m.id))
    .map((m) => {
      const a = byMember.get(m.id)!;
      const totalDue = a.openingOverdue + a.demand;
      return {
        membershipNumber: m.membershipNumber,
        memberName: m.name,
        loans: a.loans,
        openingOverdue: a.openingOverdue,
        demand: a.demand,
        totalDue,
        collection: a.collection,
        collectionAgainstDue: a.againstDue,
        advance: a.advance,
        closingOverdue: a.closingOverdue,
        outstanding: a.outstanding,
        repaymentRate: percent(a.againstDue, totalDue),
      };
    });
  const totals = totalsOf(rows, SUMMED);
  return {
    name: 'dcb',
    entityCode: entity.code,
    params: { from, to },
    columns,
    rows,
    totals: { membershipNumber: null, memberName: null, ...totals, repaymentRate: percent(totals.collectionAgainstDue as number, totals.totalDue as number) },
  };
}
