import { daysBetween, overdueList, type LoanState } from '@khata/core';
import type { Database } from '../db/pool.ts';
import { membersOf } from './ledger-data.ts';
import { loansOf, stateOn } from './loan-data.ts';
import { asOfSchema, col, entityInfo, resolveAsOf, totalsOf, type Report, type Row } from './report.ts';

export const overdueParams = asOfSchema;

const columns = [
  col('membershipNumber', 'number'),
  col('memberName', 'text'),
  col('loans', 'number'),
  col('overduePrincipal', 'money'),
  col('overdueInterest', 'money'),
  col('overdue', 'money'),
  col('daysPastDue', 'number'),
  col('ageing', 'text'),
  col('since', 'date'),
  col('outstanding', 'money'),
];

/**
 * Members with overdue loans as of a date (core's overdue list, by member): what fell due before it and is unpaid
 * (principal and interest), since when (the oldest unpaid due date over her loans), for how many days and in which
 * ageing bucket, and her principal outstanding on those loans. Longest overdue first.
 */
export async function overdue(db: Database, entityId: number, params: { asOf?: string | undefined }): Promise<Report> {
  const entity = await entityInfo(db, entityId);
  const asOf = resolveAsOf(params);
  const [members, loans] = await Promise.all([membersOf(db, entityId), loansOf(db, entityId, 'internal')]);
  const states = loans.map((l) => stateOn(l, asOf)).filter((s): s is LoanState => s !== null);
  const byMember = new Map<string, { loans: number; principal: number; interest: number; since: string; ageing: string; outstanding: number }>();
  for (const o of overdueList(states)) {
    const m = byMember.get(o.memberId);
    if (!m) {
      byMember.set(o.memberId, { loans: 1, principal: o.overduePrincipalPaise, interest: o.overdueInterestPaise, since: o.sinceDate, ageing: o.ageing, outstanding: o.principalOutstandingPaise });
      continue;
    }
    // The list is longest overdue first: her first loan gives the date and the bucket.
    m.loans += 1;
    m.principal += o.overduePrincipalPaise;
    m.interest += o.overdueInterestPaise;
    m.outstanding += o.principalOutstandingPaise;
  }
  const rows: Row[] = members
    .filter((m) => byMember.has(m.id))
    .map((m) => {
      const o = byMember.get(m.id)!;
      return {
        membershipNumber: m.membershipNumber,
        memberName: m.name,
        loans: o.loans,
        overduePrincipal: o.principal,
        overdueInterest: o.interest,
        overdue: o.principal + o.interest,
        daysPastDue: daysBetween(o.since, asOf),
        ageing: o.ageing,
        since: o.since,
        outstanding: o.outstanding,
      };
    })
    .sort((a, b) => (b.daysPastDue as number) - (a.daysPastDue as number) || (a.membershipNumber as number) - (b.membershipNumber as number));
  return {
    name: 'overdue',
    entityCode: entity.code,
    params: { asOf },
    columns,
    rows,
    totals: { membershipNumber: null, memberName: null, daysPastDue: null, ageing: null, since: null, ...totalsOf(rows, ['loans', 'overduePrincipal', 'overdueInterest', 'overdue', 'outstanding']) },
  };
}
