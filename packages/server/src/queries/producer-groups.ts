import { sql } from 'kysely';
import { ErrorCode, KhataError, problem } from '@khata/core';
import { PRODUCER_GROUP_ACCOUNTS as A } from '@khata/core/chart';
import { marginOf } from '@khata/core/producer-group';
import { stockRegister, type StockMovement, type StockUnit } from '@khata/core/stock';
import type { Database } from '../db/pool.ts';
import { tableOf } from './grain-bank.ts';

/**
 * Reads of the producer groups: the list under a node, one group (members with what each is owed and owes, its
 * producer companies, its cash and bank), its stock register, its movements, payments and expenses, the per-member
 * statement, and purchases / sales / margin per commodity (one group, or every group under a node). Every list also
 * as a table whose columns are the JSON keys.
 */

type Row = Record<string, string | number | boolean | null>;
const num = (v: unknown) => Number(v ?? 0);
const day = (column: string) => sql<string>`to_char(${sql.ref(column)}, 'YYYY-MM-DD')`;

export interface ProducerGroupSummary extends Row {
  id: string;
  name: string;
  code: string;
  parentId: string;
  parentName: string;
  commodity: string;
  unit: string;
  formedOn: string;
  status: string;
  memberCount: number;
  produceStock: number;
}

export async function listProducerGroups(db: Database, organisationId: number, paths: readonly string[]): Promise<ProducerGroupSummary[]> {
  if (paths.length === 0) return [];
  const rows = await db
    .selectFrom('producer_group as g')
    .innerJoin('node as n', 'n.id', 'g.node_id')
    .innerJoin('node as p', 'p.id', 'n.parent_id')
    .select([
      'n.id',
      'n.name',
      'n.code',
      'p.id as parentId',
      'p.name as parentName',
      'g.commodity',
      'g.unit',
      day('g.formed_on').as('formedOn'),
      'g.status',
      sql<number>`(select count(*) from producer_group_member m where m.group_id = g.node_id and m.until is null)::int`.as('memberCount'),
      sql<string>`coalesce((select sum(case when m.direction = 'in' then m.quantity else -m.quantity end) from produce_movement m where m.group_id = g.node_id and m.item_kind = 'produce'), 0)`.as('produceStock'),
    ])
    .where('n.organisation_id', '=', organisationId)
    .where((eb) => eb.or(paths.map((p) => eb('n.path', 'like', `${p}%`))))
    .orderBy('n.name')
    .limit(5000)
    .execute();
  return rows.map((r) => ({ ...r, status: String(r.status), produceStock: num(r.produceStock) }));
}

export const producerGroupsTable = (rows: readonly ProducerGroupSummary[]) =>
  tableOf('Producer groups', [['id'], ['name'], ['code'], ['parentName'], ['commodity'], ['unit'], ['formedOn', 'date'], ['status'], ['memberCount', 'number'], ['produceStock', 'number']], rows);

export async function loadProducerGroup(db: Database, id: string) {
  const group = await db
    .selectFrom('producer_group as g')
    .innerJoin('node as n', 'n.id', 'g.node_id')
    .innerJoin('entity as e', 'e.node_id', 'n.id')
    .select(['n.id', 'n.name', 'n.code', 'n.parent_id as parentId', 'g.commodity', 'g.unit', day('g.formed_on').as('formedOn'), 'g.registered_as as registeredAs', 'g.registration_number as registrationNumber', 'g.status', 'e.id as entityId'])
    .where('g.node_id', '=', id)
    .executeTakeFirst();
  if (!group) throw new KhataError(problem(ErrorCode.NotFound, 'id', 'no such producer group'));
  return group;
}

/** Balance of each member-tagged account of the group's books, per member (signed, debit positive), up to a date. */
async function memberBalances(db: Database, entityId: number, asOf?: string | null) {
  const rows = await sql<{ member_id: string; path: string; balance: string }>`
    select l.member_id, a.path, sum(l.amount_paise) as balance
      from journal_line l join account a on a.id = l.account_id
     where a.entity_id = ${entityId} and l.member_id is not null and a.path in (${A.payablesMembers}, ${A.advancesToMembers})
       ${asOf ? sql`and l.business_date <= ${asOf}` : sql``}
     group by l.member_id, a.path`.execute(db);
  const out = new Map<string, { payablePaise: number; advancePaise: number }>();
  for (const r of rows.rows) {
    const m = out.get(r.member_id) ?? { payablePaise: 0, advancePaise: 0 };
    if (r.path === A.payablesMembers) m.payablePaise = -num(r.balance);
    else m.advancePaise = num(r.balance);
    out.set(r.member_id, m);
  }
  return out;
}

export interface PgMemberRow extends Row {
  membershipId: string;
  memberId: string;
  name: string;
  membershipNumber: number;
  shgId: string;
  shgName: string;
  since: string;
  until: string | null;
  shareCapitalPaise: number;
  payablePaise: number;
  advancePaise: number;
}

export async function producerGroupMembers(db: Database, id: string, entityId: number): Promise<PgMemberRow[]> {
  const [rows, dues] = await Promise.all([
    db
      .selectFrom('producer_group_member as pm')
      .innerJoin('member as m', 'm.id', 'pm.member_id')
      .innerJoin('node as s', 's.id', 'm.shg_id')
      .select(['pm.id', 'pm.member_id', 'm.name', 'm.membership_number', 's.id as shg_id', 's.name as shg_name', day('pm.since').as('since'), sql<string | null>`to_char(pm.until, 'YYYY-MM-DD')`.as('until'), 'pm.share_capital_paise'])
      .where('pm.group_id', '=', id)
      .orderBy('s.name')
      .orderBy('m.membership_number')
      .execute(),
    memberBalances(db, entityId),
  ]);
  return rows.map((r) => ({
    membershipId: r.id,
    memberId: r.member_id,
    name: r.name,
    membershipNumber: r.membership_number,
    shgId: r.shg_id,
    shgName: r.shg_name,
    since: r.since,
    until: r.until,
    shareCapitalPaise: r.share_capital_paise,
    payablePaise: dues.get(r.member_id)?.payablePaise ?? 0,
    advancePaise: dues.get(r.member_id)?.advancePaise ?? 0,
  }));
}

export const pgMembersTable = (rows: readonly PgMemberRow[]) =>
  tableOf('Members', [['memberId'], ['name'], ['membershipNumber', 'number'], ['shgName'], ['since', 'date'], ['until', 'date'], ['shareCapitalPaise', 'money'], ['payablePaise', 'money'], ['advancePaise', 'money']], rows);

/** SHG members the group may admit: active members of SHGs under the place it serves, not already in it. */
export async function pgCandidates(db: Database, id: string) {
  const rows = await sql<{ id: string; name: string; membershipNumber: number; shgName: string }>`
    select m.id, m.name, m.membership_number as "membershipNumber", s.name as "shgName"
      from node g join node p on p.id = g.parent_id
      join node s on s.kind = 'shg' and s.path like p.path || '%'
      join member m on m.shg_id = s.id and m.status = 'active'
     where g.id = ${id}
       and not exists (select 1 from producer_group_member pm where pm.group_id = g.id and pm.member_id = m.id and pm.until is null)
     order by s.name, m.membership_number
     limit 2000`.execute(db);
  return rows.rows;
}

export async function producerGroupDetail(db: Database, id: string) {
  const group = await loadProducerGroup(db, id);
  const [members, companies, money] = await Promise.all([
    producerGroupMembers(db, id, group.entityId),
    db
      .selectFrom('producer_company_membership')
      .select(['id', 'company_name as companyName', 'registration_number as registrationNumber', day('since').as('since'), 'share_capital_paise as shareCapitalPaise'])
      .where('group_id', '=', id)
      .orderBy('since')
      .execute(),
    sql<{ path: string; balance: string }>`
      select a.path, coalesce(sum(l.amount_paise), 0) as balance from account a left join journal_line l on l.account_id = a.id
       where a.entity_id = ${group.entityId} and a.path in (${A.cash}, ${A.bank}) group by a.path`.execute(db),
  ]);
  const balance = (path: string) => num(money.rows.find((r) => r.path === path)?.balance);
  const { entityId: _e, ...rest } = group;
  return { group: rest, members, companies, cashPaise: balance(A.cash), bankPaise: balance(A.bank) };
}

async function movementsOf(db: Database, id: string, to?: string | null): Promise<Array<StockMovement & { itemKind: string; unit: StockUnit }>> {
  let q = db
    .selectFrom('produce_movement')
    .select(['item', 'item_kind', 'unit', day('date').as('date'), 'direction', 'quantity', 'value_paise'])
    .where('group_id', '=', id)
    .orderBy('date')
    .orderBy('seq');
  if (to) q = q.where('date', '<=', to);
  const rows = await q.execute();
  return rows.map((r) => ({ item: `${r.item_kind}:${r.item}`, itemKind: r.item_kind, unit: r.unit, date: r.date, direction: r.direction, quantity: r.quantity, valuePaise: r.value_paise }));
}

export interface PgStockRow extends Row {
  itemKind: string;
  item: string;
  unit: string;
  opening: number;
  in: number;
  out: number;
  closing: number;
  openingValuePaise: number;
  inValuePaise: number;
  outValuePaise: number;
  closingValuePaise: number;
}

/** The stock register per item (the commodity first, then inputs) for a period: opening, in, out, closing, at cost. */
export async function pgStockRegister(db: Database, id: string, period: { from?: string | null; to?: string | null }): Promise<PgStockRow[]> {
  const group = await loadProducerGroup(db, id);
  const moves = await movementsOf(db, id, period.to);
  const units = new Map(moves.map((m) => [m.item, m.unit]));
  return stockRegister(moves, period, [`produce:${group.commodity}`]).map((r) => {
    const [itemKind, item] = r.item.split(':') as [string, string];
    return {
      itemKind,
      item,
      unit: units.get(r.item) ?? group.unit,
      opening: r.openingQuantity,
      in: r.inQuantity,
      out: r.outQuantity,
      closing: r.closingQuantity,
      openingValuePaise: r.openingValuePaise,
      inValuePaise: r.inValuePaise,
      outValuePaise: r.outValuePaise,
      closingValuePaise: r.closingValuePaise,
    };
  });
}

export const pgStockTable = (rows: readonly PgStockRow[]) =>
  tableOf(
    'Stock',
    [['itemKind'], ['item'], ['unit'], ['opening', 'number'], ['in', 'number'], ['out', 'number'], ['closing', 'number'], ['openingValuePaise', 'money'], ['inValuePaise', 'money'], ['outValuePaise', 'money'], ['closingValuePaise', 'money']],
    rows,
  );

export const PG_MOVEMENT_KINDS = ['procurement', 'issue', 'aggregation', 'sale'] as const;

export interface PgMovementRow extends Row {
  id: string;
  date: string;
  kind: string;
  itemKind: string;
  item: string;
  unit: string;
  quantity: number;
  pricePaise: number | null;
  amountPaise: number;
  valuePaise: number;
  grade: string | null;
  terms: string | null;
  counterparty: string | null;
  memberId: string | null;
  memberName: string | null;
}

export async function pgMovements(db: Database, id: string, kind?: (typeof PG_MOVEMENT_KINDS)[number], limit = 2000): Promise<PgMovementRow[]> {
  let q = db
    .selectFrom('produce_movement as g')
    .leftJoin('member as m', 'm.id', 'g.member_id')
    .select(['g.id', day('g.date').as('date'), 'g.kind', 'g.item_kind', 'g.item', 'g.unit', 'g.quantity', 'g.price_paise', 'g.amount_paise', 'g.value_paise', 'g.grade', 'g.terms', 'g.counterparty', 'g.member_id', 'm.name as member_name'])
    .where('g.group_id', '=', id)
    .orderBy('g.date', 'desc')
    .orderBy('g.seq', 'desc')
    .limit(limit);
  if (kind) q = q.where('g.kind', '=', kind);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    date: r.date,
    kind: r.kind,
    itemKind: r.item_kind,
    item: r.item,
    unit: r.unit,
    quantity: r.quantity,
    pricePaise: r.price_paise,
    amountPaise: r.amount_paise,
    valuePaise: r.value_paise,
    grade: r.grade,
    terms: r.terms,
    counterparty: r.counterparty,
    memberId: r.member_id,
    memberName: r.member_name,
  }));
}

export const pgMovementsTable = (rows: readonly PgMovementRow[]) =>
  tableOf(
    'Movements',
    [['id'], ['date', 'date'], ['kind'], ['itemKind'], ['item'], ['unit'], ['quantity', 'number'], ['pricePaise', 'money'], ['amountPaise', 'money'], ['valuePaise', 'money'], ['grade'], ['terms'], ['counterparty'], ['memberName']],
    rows,
  );

export interface PgPaymentRow extends Row {
  id: string;
  date: string;
  memberId: string;
  memberName: string;
  amountPaise: number;
  recoveredPaise: number;
  paidFrom: string;
}

export async function pgPayments(db: Database, id: string): Promise<PgPaymentRow[]> {
  const rows = await db
    .selectFrom('producer_payment as p')
    .innerJoin('member as m', 'm.id', 'p.member_id')
    .select(['p.id', day('p.date').as('date'), 'p.member_id as memberId', 'm.name as memberName', 'p.amount_paise as amountPaise', 'p.recovered_paise as recoveredPaise', 'p.paid_from as paidFrom'])
    .where('p.group_id', '=', id)
    .orderBy('p.date', 'desc')
    .limit(5000)
    .execute();
  return rows;
}

export const pgPaymentsTable = (rows: readonly PgPaymentRow[]) =>
  tableOf('Payments', [['id'], ['date', 'date'], ['memberName'], ['amountPaise', 'money'], ['recoveredPaise', 'money'], ['paidFrom']], rows);

export async function pgExpenses(db: Database, id: string) {
  return db
    .selectFrom('producer_expense')
    .select(['id', day('date').as('date'), 'kind', 'amount_paise as amountPaise', 'paid_from as paidFrom', 'note'])
    .where('group_id', '=', id)
    .orderBy('date', 'desc')
    .limit(5000)
    .execute();
}

export interface PgStatementRow extends Row {
  memberId: string;
  memberName: string;
  shgName: string;
  suppliedQuantity: number;
  suppliedPaise: number;
  inputsPaise: number;
  paidPaise: number;
  recoveredPaise: number;
  duePaise: number;
  inputCreditDuePaise: number;
}

/**
 * Per member, for a period: produce she supplied (quantity and what the group owes for it), inputs she took, what
 * she was paid and what input credit was recovered; and, at the end of the period, what the group still owes her
 * and what she still owes for inputs (from the group's books).
 */
export async function pgStatement(db: Database, id: string, period: { from: string; to: string }): Promise<PgStatementRow[]> {
  const group = await loadProducerGroup(db, id);
  const [members, moves, payments, dues] = await Promise.all([
    producerGroupMembers(db, id, group.entityId),
    db
      .selectFrom('produce_movement')
      .select(['member_id', 'kind', sql<string>`sum(quantity)`.as('quantity'), sql<string>`sum(amount_paise)`.as('amount')])
      .where('group_id', '=', id)
      .where('member_id', 'is not', null)
      .where('date', '>=', period.from)
      .where('date', '<=', period.to)
      .groupBy(['member_id', 'kind'])
      .execute(),
    db
      .selectFrom('producer_payment')
      .select(['member_id', sql<string>`sum(amount_paise)`.as('amount'), sql<string>`sum(recovered_paise)`.as('recovered')])
      .where('group_id', '=', id)
      .where('date', '>=', period.from)
      .where('date', '<=', period.to)
      .groupBy('member_id')
      .execute(),
    memberBalances(db, group.entityId, period.to),
  ]);
  const seen = new Set<string>();
  return members
    .filter((m) => (seen.has(m.memberId) ? false : (seen.add(m.memberId), true)))
    .map((m) => {
      const agg = moves.find((x) => x.member_id === m.memberId && x.kind === 'aggregation');
      const inputs = moves.find((x) => x.member_id === m.memberId && x.kind === 'issue');
      const paid = payments.find((x) => x.member_id === m.memberId);
      return {
        memberId: m.memberId,
        memberName: m.name,
        shgName: m.shgName,
        suppliedQuantity: num(agg?.quantity),
        suppliedPaise: num(agg?.amount),
        inputsPaise: num(inputs?.amount),
        paidPaise: num(paid?.amount),
        recoveredPaise: num(paid?.recovered),
        duePaise: dues.get(m.memberId)?.payablePaise ?? 0,
        inputCreditDuePaise: dues.get(m.memberId)?.advancePaise ?? 0,
      };
    });
}

export const pgStatementTable = (rows: readonly PgStatementRow[]) =>
  tableOf(
    'Member statement',
    [['memberId'], ['memberName'], ['shgName'], ['suppliedQuantity', 'number'], ['suppliedPaise', 'money'], ['inputsPaise', 'money'], ['paidPaise', 'money'], ['recoveredPaise', 'money'], ['duePaise', 'money'], ['inputCreditDuePaise', 'money']],
    rows,
  );

export interface PgMarginRow extends Row {
  commodity: string;
  unit: string;
  groups: number;
  purchasedQuantity: number;
  purchasesPaise: number;
  soldQuantity: number;
  salesPaise: number;
  costOfProducePaise: number;
  inputSalesPaise: number;
  costOfInputsPaise: number;
  expensesPaise: number;
  marginPaise: number;
}

/**
 * Purchases (produce aggregated from members), sales, the cost of produce sold, inputs issued, expenses and the
 * margin, per commodity, for the producer groups under `paths` (or one group) in a period.
 */
export async function pgMargin(db: Database, organisationId: number, scope: { paths?: readonly string[]; groupId?: string }, period: { from: string; to: string }): Promise<PgMarginRow[]> {
  const where = scope.groupId ? sql`g.node_id = ${scope.groupId}` : sql`(${sql.join((scope.paths ?? []).map((p) => sql`n.path like ${`${p}%`}`), sql` or `)})`;
  if (!scope.groupId && (scope.paths ?? []).length === 0) return [];
  const rows = await sql<{
    commodity: string;
    unit: string;
    groups: number;
    purchased_quantity: string;
    purchases: string;
    sold_quantity: string;
    sales: string;
    cost_of_produce: string;
    input_sales: string;
    cost_of_inputs: string;
    expenses: string;
  }>`
    with g as (
      select g.node_id, g.commodity, g.unit from producer_group g join node n on n.id = g.node_id
       where g.organisation_id = ${organisationId} and ${where}),
    m as (
      select pm.group_id,
             sum(case when pm.kind = 'aggregation' then pm.quantity else 0 end) as purchased_quantity,
             sum(case when pm.kind = 'aggregation' then pm.amount_paise else 0 end) as purchases,
             sum(case when pm.kind = 'sale' then pm.quantity else 0 end) as sold_quantity,
             sum(case when pm.kind = 'sale' then pm.amount_paise else 0 end) as sales,
             sum(case when pm.kind = 'sale' then pm.value_paise else 0 end) as cost_of_produce,
             sum(case when pm.kind = 'issue' then pm.amount_paise else 0 end) as input_sales,
             sum(case when pm.kind = 'issue' then pm.value_paise else 0 end) as cost_of_inputs
        from produce_movement pm where pm.group_id in (select node_id from g) and pm.date between ${period.from} and ${period.to}
       group by pm.group_id),
    e as (
      select group_id, sum(amount_paise) as expenses from producer_expense
       where group_id in (select node_id from g) and date between ${period.from} and ${period.to} group by group_id)
    select g.commodity, min(g.unit) as unit, count(*)::int as groups,
           coalesce(sum(m.purchased_quantity), 0) as purchased_quantity, coalesce(sum(m.purchases), 0) as purchases,
           coalesce(sum(m.sold_quantity), 0) as sold_quantity, coalesce(sum(m.sales), 0) as sales,
           coalesce(sum(m.cost_of_produce), 0) as cost_of_produce, coalesce(sum(m.input_sales), 0) as input_sales,
           coalesce(sum(m.cost_of_inputs), 0) as cost_of_inputs, coalesce(sum(e.expenses), 0) as expenses
      from g left join m on m.group_id = g.node_id left join e on e.group_id = g.node_id
     group by g.commodity order by g.commodity`.execute(db);
  return rows.rows.map((r) => {
    const figures = {
      salesPaise: num(r.sales),
      costOfProducePaise: num(r.cost_of_produce),
      expensesPaise: num(r.expenses),
      inputSalesPaise: num(r.input_sales),
      costOfInputsPaise: num(r.cost_of_inputs),
    };
    return {
      commodity: r.commodity,
      unit: r.unit,
      groups: r.groups,
      purchasedQuantity: num(r.purchased_quantity),
      purchasesPaise: num(r.purchases),
      soldQuantity: num(r.sold_quantity),
      ...figures,
      marginPaise: marginOf(figures).marginPaise,
    };
  });
}

export const pgMarginTable = (rows: readonly PgMarginRow[]) =>
  tableOf(
    'Margin per commodity',
    [
      ['commodity'],
      ['unit'],
      ['groups', 'number'],
      ['purchasedQuantity', 'number'],
      ['purchasesPaise', 'money'],
      ['soldQuantity', 'number'],
      ['salesPaise', 'money'],
      ['costOfProducePaise', 'money'],
      ['inputSalesPaise', 'money'],
      ['costOfInputsPaise', 'money'],
      ['expensesPaise', 'money'],
      ['marginPaise', 'money'],
    ],
    rows,
  );
