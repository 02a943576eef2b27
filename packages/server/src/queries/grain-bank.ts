import { sql } from 'kysely';
import { ErrorCode, KhataError, problem } from '@khata/core';
import { grainLoanPosition } from '@khata/core/grain-bank';
import { stockRegister, type StockMovement } from '@khata/core/stock';
import type { Database } from '../db/pool.ts';
import type { CellKind, Table } from '../export/table-file.ts';

/**
 * Reads of the grain banks: the list under a node, one bank with its stock, the stock register per kind for a
 * period, members' grain loans with what is still owed, and the movements. Each list also as a table (CSV/XLSX):
 * columns named as the JSON keys, so an export's rows are the JSON rows.
 */

type Row = Record<string, string | number | boolean | null>;

/** A table whose headers are the JSON keys (money in rupees in the file, paise in JSON). */
export function tableOf(title: string, columns: ReadonlyArray<readonly [string, CellKind?]>, rows: readonly Row[]): Table {
  return { title, columns: columns.map(([key, kind]) => ({ key, header: key, ...(kind ? { kind } : {}) })), rows };
}

export interface GrainBankSummary extends Row {
  id: string;
  name: string;
  institutionId: string;
  institutionName: string;
  institutionKind: string;
  openedOn: string;
  valued: boolean;
  kinds: string;
  stockGrams: number;
  openLoans: number;
}

export async function listGrainBanks(db: Database, organisationId: number, paths: readonly string[]): Promise<GrainBankSummary[]> {
  if (paths.length === 0) return [];
  const rows = await db
    .selectFrom('grain_bank as b')
    .innerJoin('node as n', 'n.id', 'b.node_id')
    .select([
      'b.id',
      'b.name',
      'n.id as institutionId',
      'n.name as institutionName',
      'n.kind as institutionKind',
      sql<string>`to_char(b.opened_on, 'YYYY-MM-DD')`.as('openedOn'),
      'b.valued',
      'b.kinds',
      sql<string>`coalesce((select sum(case when m.direction = 'in' then m.quantity_grams else -m.quantity_grams end) from grain_movement m where m.grain_bank_id = b.id), 0)`.as('stockGrams'),
      sql<number>`(select count(*) from grain_loan l where l.grain_bank_id = b.id and l.status = 'open')::int`.as('openLoans'),
    ])
    .where('b.organisation_id', '=', organisationId)
    .where((eb) => eb.or(paths.map((p) => eb('n.path', 'like', `${p}%`))))
    .orderBy('n.name')
    .limit(5000)
    .execute();
  return rows.map((r) => ({ ...r, kinds: r.kinds.join(', '), stockGrams: Number(r.stockGrams) }));
}

export const grainBanksTable = (rows: readonly GrainBankSummary[]) =>
  tableOf('Grain banks', [['id'], ['name'], ['institutionName'], ['institutionKind'], ['openedOn', 'date'], ['valued'], ['kinds'], ['stockGrams', 'number'], ['openLoans', 'number']], rows);

export async function loadGrainBank(db: Database, id: string) {
  const bank = await db
    .selectFrom('grain_bank as b')
    .innerJoin('node as n', 'n.id', 'b.node_id')
    .select(['b.id', 'b.name', 'b.node_id as institutionId', 'n.name as institutionName', 'n.kind as institutionKind', sql<string>`to_char(b.opened_on, 'YYYY-MM-DD')`.as('openedOn'), 'b.kinds', 'b.valued', 'b.interest_percent as interestPercent'])
    .where('b.id', '=', id)
    .executeTakeFirst();
  if (!bank) throw new KhataError(problem(ErrorCode.NotFound, 'id', 'no such grain bank'));
  return bank;
}

/** The bank's id for an institution (an SHG or VO node), or null. */
export async function grainBankOfNode(db: Database, nodeId: string): Promise<string | null> {
  const row = await db.selectFrom('grain_bank').select('id').where('node_id', '=', nodeId).executeTakeFirst();
  return row?.id ?? null;
}

async function movementsOf(db: Database, id: string, to?: string | null): Promise<StockMovement[]> {
  let q = db
    .selectFrom('grain_movement')
    .select(['grain', sql<string>`to_char(date, 'YYYY-MM-DD')`.as('date'), 'direction', 'quantity_grams', 'value_paise'])
    .where('grain_bank_id', '=', id)
    .orderBy('date')
    .orderBy('seq');
  if (to) q = q.where('date', '<=', to);
  const rows = await q.execute();
  return rows.map((r) => ({ item: r.grain, date: r.date, direction: r.direction, quantity: r.quantity_grams, valuePaise: r.value_paise }));
}

export interface GrainRegisterRow extends Row {
  grain: string;
  openingGrams: number;
  inGrams: number;
  outGrams: number;
  closingGrams: number;
  openingValuePaise: number;
  inValuePaise: number;
  outValuePaise: number;
  closingValuePaise: number;
}

/** The stock register per kind for a period: opening, in, out, closing (grams, and value in a valued bank). */
export async function grainRegister(db: Database, id: string, period: { from?: string | null; to?: string | null }): Promise<GrainRegisterRow[]> {
  const bank = await loadGrainBank(db, id);
  const rows = stockRegister(await movementsOf(db, id, period.to), period, bank.kinds);
  return rows.map((r) => ({
    grain: r.item,
    openingGrams: r.openingQuantity,
    inGrams: r.inQuantity,
    outGrams: r.outQuantity,
    closingGrams: r.closingQuantity,
    openingValuePaise: r.openingValuePaise,
    inValuePaise: r.inValuePaise,
    outValuePaise: r.outValuePaise,
    closingValuePaise: r.closingValuePaise,
  }));
}

export const grainRegisterTable = (rows: readonly GrainRegisterRow[]) =>
  tableOf(
    'Grain stock register',
    [['grain'], ['openingGrams', 'number'], ['inGrams', 'number'], ['outGrams', 'number'], ['closingGrams', 'number'], ['openingValuePaise', 'money'], ['inValuePaise', 'money'], ['outValuePaise', 'money'], ['closingValuePaise', 'money']],
    rows,
  );

export interface GrainLoanRow extends Row {
  loanId: string;
  memberId: string;
  memberName: string;
  membershipNumber: number;
  shgName: string;
  grain: string;
  issuedOn: string;
  dueOn: string | null;
  principalGrams: number;
  interestPercent: string;
  interestGrams: number;
  repaidGrams: number;
  outstandingGrams: number;
  overdue: boolean;
  status: string;
}

/** Members' grain loans as of a date: lent, interest in kind, returned, still owed (open ones, or all). */
export async function grainLoans(db: Database, id: string, options: { asOf: string; all?: boolean }): Promise<GrainLoanRow[]> {
  const rows = await db
    .selectFrom('grain_loan as l')
    .innerJoin('member as m', 'm.id', 'l.member_id')
    .innerJoin('node as s', 's.id', 'm.shg_id')
    .select([
      'l.id',
      'l.member_id',
      'm.name',
      'm.membership_number',
      's.name as shg_name',
      'l.grain',
      sql<string>`to_char(l.issued_on, 'YYYY-MM-DD')`.as('issued_on'),
      sql<string | null>`to_char(l.due_on, 'YYYY-MM-DD')`.as('due_on'),
      'l.principal_grams',
      'l.interest_percent',
      'l.interest_grams',
      'l.cost_paise',
      sql<string>`coalesce((select sum(r.principal_grams) from grain_movement r where r.loan_id = l.id and r.kind = 'repayment' and r.date <= ${options.asOf}), 0)`.as('principal_back'),
      sql<string>`coalesce((select sum(r.interest_grams) from grain_movement r where r.loan_id = l.id and r.kind = 'repayment' and r.date <= ${options.asOf}), 0)`.as('interest_back'),
    ])
    .where('l.grain_bank_id', '=', id)
    .where('l.issued_on', '<=', options.asOf)
    .orderBy('s.name')
    .orderBy('m.membership_number')
    .orderBy('l.issued_on')
    .execute();
  const out = rows.map((r) => {
    const repaid = { principalGrams: Number(r.principal_back), interestGrams: Number(r.interest_back) };
    const position = grainLoanPosition({ principalGrams: r.principal_grams, interestGrams: r.interest_grams, costPaise: r.cost_paise }, repaid);
    return {
      loanId: r.id,
      memberId: r.member_id,
      memberName: r.name,
      membershipNumber: r.membership_number,
      shgName: r.shg_name,
      grain: r.grain,
      issuedOn: r.issued_on,
      dueOn: r.due_on,
      principalGrams: r.principal_grams,
      interestPercent: r.interest_percent,
      interestGrams: r.interest_grams,
      repaidGrams: repaid.principalGrams + repaid.interestGrams,
      outstandingGrams: position.outstandingGrams,
      overdue: position.outstandingGrams > 0 && r.due_on !== null && r.due_on < options.asOf,
      status: position.outstandingGrams === 0 ? 'closed' : 'open',
    };
  });
  return options.all ? out : out.filter((r) => r.outstandingGrams > 0);
}

export const grainLoansTable = (rows: readonly GrainLoanRow[]) =>
  tableOf(
    'Grain loans',
    [
      ['loanId'],
      ['memberName'],
      ['membershipNumber', 'number'],
      ['shgName'],
      ['grain'],
      ['issuedOn', 'date'],
      ['dueOn', 'date'],
      ['principalGrams', 'number'],
      ['interestPercent'],
      ['interestGrams', 'number'],
      ['repaidGrams', 'number'],
      ['outstandingGrams', 'number'],
      ['overdue'],
      ['status'],
    ],
    rows,
  );

export interface GrainMovementRow extends Row {
  id: string;
  date: string;
  grain: string;
  kind: string;
  direction: string;
  quantityGrams: number;
  valuePaise: number;
  amountPaise: number | null;
  pricePerKgPaise: number | null;
  detail: string | null;
  memberName: string | null;
}

/** The register's movements, newest first (at most `limit`). */
export async function grainMovements(db: Database, id: string, limit = 1000): Promise<GrainMovementRow[]> {
  const rows = await db
    .selectFrom('grain_movement as g')
    .leftJoin('member as m', 'm.id', 'g.member_id')
    .select([
      'g.id',
      sql<string>`to_char(g.date, 'YYYY-MM-DD')`.as('date'),
      'g.grain',
      'g.kind',
      'g.direction',
      'g.quantity_grams',
      'g.value_paise',
      'g.amount_paise',
      'g.price_per_kg_paise',
      sql<string | null>`coalesce(g.source, g.reason)`.as('detail'),
      'm.name as member_name',
    ])
    .where('g.grain_bank_id', '=', id)
    .orderBy('g.date', 'desc')
    .orderBy('g.seq', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    date: r.date,
    grain: r.grain,
    kind: r.kind,
    direction: r.direction,
    quantityGrams: r.quantity_grams,
    valuePaise: r.value_paise,
    amountPaise: r.amount_paise,
    pricePerKgPaise: r.price_per_kg_paise,
    detail: r.detail,
    memberName: r.member_name,
  }));
}

export const grainMovementsTable = (rows: readonly GrainMovementRow[]) =>
  tableOf(
    'Grain movements',
    [['id'], ['date', 'date'], ['grain'], ['kind'], ['direction'], ['quantityGrams', 'number'], ['valuePaise', 'money'], ['amountPaise', 'money'], ['pricePerKgPaise', 'money'], ['detail'], ['memberName']],
    rows,
  );

/** Members who may borrow from the bank: its SHG's active members, or the active members of its VO's member SHGs. */
export async function grainBankMembers(db: Database, institutionId: string, kind: string, asOf: string) {
  if (kind === 'shg') {
    return db
      .selectFrom('member as m')
      .innerJoin('node as s', 's.id', 'm.shg_id')
      .select(['m.id', 'm.name', 'm.membership_number as membershipNumber', 's.name as shgName'])
      .where('m.shg_id', '=', institutionId)
      .where('m.status', '=', 'active')
      .orderBy('m.membership_number')
      .execute();
  }
  const rows = await sql<{ id: string; name: string; membershipNumber: number; shgName: string }>`
    select m.id, m.name, m.membership_number as "membershipNumber", s.name as "shgName"
      from federation_membership fm join member m on m.shg_id = fm.member_node_id join node s on s.id = m.shg_id
     where fm.federation_id = ${institutionId} and fm.since <= ${asOf} and (fm.until is null or fm.until >= ${asOf}) and m.status = 'active'
     order by s.name, m.membership_number`.execute(db);
  return rows.rows;
}
