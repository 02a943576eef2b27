import { daysBetween } from '@khata/core';
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
  col('since', 'date'),
  col('outstanding', 'money'),
];

/**
 * Members with overdue loans as of a date: what fell due before it and is unpaid (principal and interest), since
 * when (the oldest unpaid due date over her loans) and for how many days, and her principal outstanding.
 * Longest overdue first.
 */
export async function overdue(db: Database, entityId: number, params: { asOf?: string | undefined }): Promise<Report> {
  const entity = await entityInfo(db, entityId);
  const asOf = resolveAsOf(params);
  const [members, loans] = await Promise.all([membersOf(db, entityId), loansOf(db, entityId, 'internal')]);
  const byMember = new Map<string, { loans: number; principal: number; interest: number; since: string | null; outstanding: number }>();
  for (const loan of loans) {
    if (!loan.memberId) continue;
    const s = stateOn(loan, asOf);
    if (!s || s.status !== 'open') continue;
    const o = s.overdue;
    if (o.principalPaise + o.interestPaise === 0) continue;
    const m = byMember.get(loan.memberId) ?? { loans: 0, principal: 0, interest: 0, since: null, outstanding: 0 };
    m.loans += 1;
    m.principal += o.principalPaise;
    m.interest += o.interestPaise;
    if (o.sinceDate && (m.since === null || o.sinceDate < m.since)) m.since = o.sinceDate;
    m.outstanding += s.principalOutstandingPaise;
    byMember.set(loan.memberId, m);
  }
  const days = (since: string | null) => (since ? daysBetween(since, asOf) : 0);
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
        daysPastDue: days(o.since),
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
    totals: { membershipNumber: null, memberName: null, daysPastDue: null, since: null, ...totalsOf(rows, ['loans', 'overduePrincipal', 'overdueInterest', 'overdue', 'outstanding']) },
  };
}
