import { z } from 'zod';
import { addDays, addMonths, SHG_ACCOUNTS } from '@khata/core';
import type { Database } from '../db/pool.ts';
import { ledgerLines, membersOf, type LedgerLine, type MemberRow } from './ledger-data.ts';
import { asOfFields, col, entityInfo, resolvePeriod, sides, totalsOf, type Report, type Row, type Section, periodParams } from './report.ts';

export const savingsRegisterParams = periodParams({ ...asOfFields, byMonth: z.union([z.boolean(), z.stringbool()]).optional() });

const COMPULSORY = SHG_ACCOUNTS.savingsCompulsory;
const VOLUNTARY = SHG_ACCOUNTS.savingsVoluntary;

const columns = [
  col('membershipNumber', 'number'),
  col('memberName', 'text'),
  col('status', 'text'),
  col('openingBalance', 'money'),
  col('compulsoryDeposited', 'money'),
  col('voluntaryDeposited', 'money'),
  col('withdrawn', 'money'),
  col('compulsoryBalance', 'money'),
  col('voluntaryBalance', 'money'),
  col('closingBalance', 'money'),
];
const MONEY = columns.filter((c) => c.kind === 'money').map((c) => c.key);

interface Tally {
  compulsory: number;
  voluntary: number;
}

/** One row per member for [from, to]: balances before, deposits and withdrawals within, balances after. */
function register(members: readonly MemberRow[], lines: readonly LedgerLine[], from: string, to: string): Row[] {
  const before = new Map<string, Tally>();
  const after = new Map<string, Tally>();
  const flows = new Map<string, { compulsory: number; voluntary: number; withdrawn: number }>();
  for (const l of lines) {
    if (l.date > to || !l.memberId) continue;
    const key = l.account === COMPULSORY ? 'compulsory' : l.account === VOLUNTARY ? 'voluntary' : null;
    if (!key) continue;
    const target = l.date < from ? before : after;
    for (const m of l.date < from ? [before, after] : [target]) {
      const t = m.get(l.memberId) ?? { compulsory: 0, voluntary: 0 };
      t[key] -= l.amount;
      m.set(l.memberId, t);
    }
    if (l.date >= from) {
      const f = flows.get(l.memberId) ?? { compulsory: 0, voluntary: 0, withdrawn: 0 };
      const s = sides(l.amount, l.reversal);
      f[key] += s.credit;
      f.withdrawn += s.debit;
      flows.set(l.memberId, f);
    }
  }
  return members
    .filter((m) => m.joinedOn <= to)
    .map((m) => {
      const b = before.get(m.id) ?? { compulsory: 0, voluntary: 0 };
      const a = after.get(m.id) ?? { compulsory: 0, voluntary: 0 };
      const f = flows.get(m.id) ?? { compulsory: 0, voluntary: 0, withdrawn: 0 };
      return {
        membershipNumber: m.membershipNumber,
        memberName: m.name,
        status: m.status,
        openingBalance: b.compulsory + b.voluntary,
        compulsoryDeposited: f.compulsory,
        voluntaryDeposited: f.voluntary,
        withdrawn: f.withdrawn,
        compulsoryBalance: a.compulsory,
        voluntaryBalance: a.voluntary,
        closingBalance: a.compulsory + a.voluntary,
      };
    });
}

/**
 * Savings register: members × compulsory and voluntary savings. Balances as of `to` (or `asOf`), deposits and
 * withdrawals over [from, to]; with `byMonth`, one section per calendar month of the period as well.
 */
export async function savingsRegister(
  db: Database,
  entityId: number,
  params: { from?: string | undefined; to?: string | undefined; asOf?: string | undefined; byMonth?: boolean | undefined },
): Promise<Report> {
  const entity = await entityInfo(db, entityId);
  const { from, to } = resolvePeriod(params);
  const [members, lines] = await Promise.all([membersOf(db, entityId), ledgerLines(db, entityId, { to, accounts: [COMPULSORY, VOLUNTARY], memberTagged: true })]);
  const rows = register(members, lines, from, to);
  const report: Report = {
    name: 'savings-register',
    entityCode: entity.code,
    params: { from, to, byMonth: params.byMonth ? 'true' : null },
    columns,
    rows,
    totals: { membershipNumber: null, memberName: null, status: null, ...totalsOf(rows, MONEY) },
  };
  if (params.byMonth) {
    const sections: Section[] = [];
    for (let start = `${from.slice(0, 7)}-01`; start <= to; start = addMonths(start, 1)) {
      const monthFrom = start < from ? from : start;
      const end = addDays(addMonths(start, 1), -1);
      const monthTo = end > to ? to : end;
      const monthRows = register(members, lines, monthFrom, monthTo);
      sections.push({ titleKey: start.slice(0, 7), columns, rows: monthRows, totals: { membershipNumber: null, memberName: null, status: null, ...totalsOf(monthRows, MONEY) } });
    }
    report.sections = sections;
  }
  return report;
}
