import { sql } from 'kysely';
import { addDays, addMonths, type AccountKind } from '@khata/core';
import type { Database } from '../db/pool.ts';
import { paiseOf } from './report.ts';

/** Journal reads shared by the reports. Every figure is a sum of lines; period balances only speed up whole months. */

export interface LedgerLine {
  entryId: number;
  lineNo: number;
  date: string;
  narration: string;
  sourceType: string;
  /** The entry reverses another one. */
  reversal: boolean;
  account: string;
  kind: AccountKind;
  amount: number;
  memberId: string | null;
  loanId: string | null;
}

export interface LineQuery {
  from?: string | undefined;
  to?: string | undefined;
  /** Accounts or their parents: 'liabilities:savings' takes in 'liabilities:savings:compulsory'. */
  accounts?: readonly string[];
  memberId?: string;
  /** Only lines tagged with a member (or with a loan). */
  memberTagged?: boolean;
  loanTagged?: boolean;
}

/** Lines of one entity's books, in date and entry order. */
export async function ledgerLines(db: Database, entityId: number, q: LineQuery = {}): Promise<LedgerLine[]> {
  let query = db
    .selectFrom('journal_line as l')
    .innerJoin('account as a', 'a.id', 'l.account_id')
    .innerJoin('journal_entry as e', 'e.id', 'l.entry_id')
    .select([
      'l.entry_id',
      'l.line_no',
      'l.business_date',
      'e.narration',
      'e.source_type',
      'e.reverses_entry_id',
      'a.path',
      'a.kind',
      'l.amount_paise',
      'l.member_id',
      'l.loan_id',
    ])
    .where('a.entity_id', '=', entityId)
    .orderBy('l.business_date')
    .orderBy('l.entry_id')
    .orderBy('l.line_no');
  if (q.from) query = query.where('l.business_date', '>=', q.from);
  if (q.to) query = query.where('l.business_date', '<=', q.to);
  if (q.memberId) query = query.where('l.member_id', '=', q.memberId);
  if (q.memberTagged) query = query.where('l.member_id', 'is not', null);
  if (q.loanTagged) query = query.where('l.loan_id', 'is not', null);
  const accounts = q.accounts;
  if (accounts && accounts.length > 0) {
    query = query.where((eb) => eb.or(accounts.flatMap((p) => [eb('a.path', '=', p), eb('a.path', 'like', `${p}:%`)])));
  }
  const rows = await query.execute();
  return rows.map((r) => ({
    entryId: r.entry_id,
    lineNo: r.line_no,
    date: r.business_date,
    narration: r.narration,
    sourceType: r.source_type,
    reversal: r.reverses_entry_id !== null,
    account: r.path,
    kind: r.kind,
    amount: r.amount_paise,
    memberId: r.member_id,
    loanId: r.loan_id,
  }));
}

/** Is `path` the account `parent` or one below it? */
export function under(path: string, parent: string): boolean {
  return path === parent || path.startsWith(`${parent}:`);
}

export interface AccountBalance {
  accountId: number;
  entityId: number;
  account: string;
  kind: AccountKind;
  /** Signed: debit balances positive. */
  balance: number;
}

/**
 * The first day from which lines must be read for a balance as of `asOf`: whole months before it come from the
 * period balances. When `asOf` is a month's last day, that month is whole too.
 */
function linesFrom(asOf: string): string {
  const monthStart = `${asOf.slice(0, 7)}-01`;
  const nextMonth = addMonths(monthStart, 1);
  return addDays(asOf, 1) === nextMonth ? nextMonth : monthStart;
}

/**
 * Every account's balance as of `asOf` (inclusive; all time when null): period balances for whole months plus the
 * lines of the partial month. Accounts without lines are included with 0. Ordered by entity, then path.
 * `entityIds` null means every entity of the database.
 */
export async function balancesAsOf(db: Database, entityIds: readonly number[] | null, asOf: string | null): Promise<AccountBalance[]> {
  if (entityIds !== null && entityIds.length === 0) return [];
  const cutoff = asOf === null ? null : linesFrom(asOf);
  const entityFilter = entityIds === null ? sql`true` : sql`a.entity_id in (${sql.join(entityIds)})`;
  const periodFilter = cutoff === null ? sql`true` : sql`b.period < ${cutoff}`;
  const lineFilter = cutoff === null ? sql`false` : sql`l.business_date >= ${cutoff} and l.business_date <= ${asOf}`;
  const { rows } = await sql<{ id: number; entity_id: number; path: string; kind: AccountKind; periods: string | null; lines: string | null }>`
    select a.id, a.entity_id, a.path, a.kind, p.total as periods, ln.total as lines
      from account a
      left join (select b.account_id, sum(b.debit_paise - b.credit_paise) as total
                   from account_period_balance b join account a on a.id = b.account_id
                  where ${entityFilter} and ${periodFilter}
                  group by b.account_id) p on p.account_id = a.id
      left join (select l.account_id, sum(l.amount_paise) as total
                   from journal_line l join account a on a.id = l.account_id
                  where ${entityFilter} and ${lineFilter}
                  group by l.account_id) ln on ln.account_id = a.id
     where ${entityFilter}
     order by a.entity_id, a.path`.execute(db);
  return rows.map((r) => ({
    accountId: r.id,
    entityId: r.entity_id,
    account: r.path,
    kind: r.kind,
    balance: paiseOf(r.periods) + paiseOf(r.lines),
  }));
}

/** Balances of one entity as a map path → signed balance (every account, zeros included). */
export async function balanceMap(db: Database, entityId: number, asOf: string | null): Promise<Map<string, AccountBalance>> {
  const rows = await balancesAsOf(db, [entityId], asOf);
  return new Map(rows.map((r) => [r.account, r]));
}

/** Movement of every account over [from, to]: closing minus the balance the day before `from`. */
export async function movements(db: Database, entityId: number, from: string, to: string): Promise<AccountBalance[]> {
  const [opening, closing] = await Promise.all([balanceMap(db, entityId, addDays(from, -1)), balancesAsOf(db, [entityId], to)]);
  return closing.map((c) => ({ ...c, balance: c.balance - (opening.get(c.account)?.balance ?? 0) }));
}

/** Sum of balances of the accounts under `parent`. */
export function sumUnder(balances: Iterable<AccountBalance>, parent: string): number {
  let total = 0;
  for (const b of balances) if (under(b.account, parent)) total += b.balance;
  return total;
}

/** Signed balance per member of the accounts under `parents`, as of `asOf` (inclusive), keyed member → account. */
export async function memberBalances(
  db: Database,
  entityId: number,
  parents: readonly string[],
  asOf: string | null,
): Promise<Map<string, Map<string, number>>> {
  let q = db
    .selectFrom('journal_line as l')
    .innerJoin('account as a', 'a.id', 'l.account_id')
    .select(['l.member_id', 'a.path', sql<string>`sum(l.amount_paise)`.as('total')])
    .where('a.entity_id', '=', entityId)
    .where('l.member_id', 'is not', null)
    .where((eb) => eb.or(parents.flatMap((p) => [eb('a.path', '=', p), eb('a.path', 'like', `${p}:%`)])))
    .groupBy(['l.member_id', 'a.path']);
  if (asOf) q = q.where('l.business_date', '<=', asOf);
  const out = new Map<string, Map<string, number>>();
  for (const r of await q.execute()) {
    const m = out.get(r.member_id!) ?? new Map<string, number>();
    m.set(r.path, paiseOf(r.total));
    out.set(r.member_id!, m);
  }
  return out;
}

export interface MemberRow {
  id: string;
  membershipNumber: number;
  name: string;
  status: string;
  joinedOn: string;
  leftOn: string | null;
}

/** The members of the SHG that keeps these books (none for a federation), by membership number. */
export async function membersOf(db: Database, entityId: number): Promise<MemberRow[]> {
  const rows = await db
    .selectFrom('member as m')
    .innerJoin('entity as e', 'e.node_id', 'm.shg_id')
    .select(['m.id', 'm.membership_number', 'm.name', 'm.status', 'm.joined_on', 'm.left_on'])
    .where('e.id', '=', entityId)
    .orderBy('m.membership_number')
    .execute();
  return rows.map((r) => ({ id: r.id, membershipNumber: r.membership_number, name: r.name, status: r.status, joinedOn: r.joined_on, leftOn: r.left_on }));
}
