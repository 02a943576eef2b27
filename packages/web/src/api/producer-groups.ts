/**
 * Producer groups: the list under a node, purchases / sales / margin per commodity under a node, and per group its
 * members (with what each is owed and owes), stock register, movements, payments, expenses, member statement and
 * margin. Shapes follow http/routes/producer-groups.ts; changes are commands sent with api.command
 * (create-producer-group, admit-producer-group-member, procure-inputs, issue-inputs, aggregate-produce,
 * sell-produce, pay-producer-member, record-producer-group-expense, join-producer-company).
 * Quantities are whole grams, millilitres or pieces (the group's unit); money whole paise.
 */
import { enc, queryString, request, type Id, type IsoDate, type Opt } from '../api.ts';

export const COMMODITIES = ['dairy', 'agriculture', 'incense-sticks', 'jute', 'makhana', 'fisheries', 'banana', 'honey'] as const;
export const STOCK_UNITS = ['g', 'ml', 'unit'] as const;
export type StockUnit = (typeof STOCK_UNITS)[number];
export const PG_EXPENSE_KINDS = ['processing', 'transport', 'storage', 'wages', 'bank-charges', 'meeting', 'other'] as const;
export const PG_MOVEMENT_KINDS = ['procurement', 'issue', 'aggregation', 'sale'] as const;

export interface ProducerGroupSummary {
  id: string;
  name: string;
  code: string;
  parentId: string;
  parentName: string;
  commodity: string;
  unit: StockUnit;
  formedOn: IsoDate;
  status: string;
  memberCount: number;
  produceStock: number;
}

export interface PgMember {
  membershipId: string;
  memberId: string;
  name: string;
  membershipNumber: number;
  shgId: string;
  shgName: string;
  since: IsoDate;
  until: IsoDate | null;
  shareCapitalPaise: number;
  payablePaise: number;
  advancePaise: number;
}

export interface ProducerGroupDetail {
  group: { id: string; name: string; code: string; parentId: string; commodity: string; unit: StockUnit; formedOn: IsoDate; registeredAs: string | null; registrationNumber: string | null; status: string };
  members: PgMember[];
  companies: Array<{ id: string; companyName: string; registrationNumber: string | null; since: IsoDate; shareCapitalPaise: number }>;
  cashPaise: number;
  bankPaise: number;
}

export interface PgStockRow {
  itemKind: 'produce' | 'input';
  item: string;
  unit: StockUnit;
  opening: number;
  in: number;
  out: number;
  closing: number;
  openingValuePaise: number;
  inValuePaise: number;
  outValuePaise: number;
  closingValuePaise: number;
}

export interface PgMovement {
  id: string;
  date: IsoDate;
  kind: (typeof PG_MOVEMENT_KINDS)[number];
  itemKind: 'produce' | 'input';
  item: string;
  unit: StockUnit;
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

export interface PgPayment {
  id: string;
  date: IsoDate;
  memberId: string;
  memberName: string;
  amountPaise: number;
  recoveredPaise: number;
  paidFrom: string;
}

export interface PgExpense {
  id: string;
  date: IsoDate;
  kind: string;
  amountPaise: number;
  paidFrom: string;
  note: string | null;
}

export interface PgStatementRow {
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

export interface PgMarginRow {
  commodity: string;
  unit: StockUnit;
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

type Period = { from?: IsoDate | undefined; to?: IsoDate | undefined };

export const pgPaths = {
  list: '/api/producer-groups',
  commodities: '/api/producer-groups/commodities',
  members: (id: Id) => `/api/producer-groups/${enc(id)}/members`,
  stock: (id: Id) => `/api/producer-groups/${enc(id)}/stock`,
  movements: (id: Id) => `/api/producer-groups/${enc(id)}/movements`,
  payments: (id: Id) => `/api/producer-groups/${enc(id)}/payments`,
  expenses: (id: Id) => `/api/producer-groups/${enc(id)}/expenses`,
  statement: (id: Id) => `/api/producer-groups/${enc(id)}/statement`,
  margin: (id: Id) => `/api/producer-groups/${enc(id)}/margin`,
};

export const producerGroupApi = {
  list: (nodeId: Id, o: Opt = {}) => request<{ producerGroups: ProducerGroupSummary[] }>('GET', `${pgPaths.list}${queryString({ nodeId: String(nodeId) })}`, o).then((r) => r.producerGroups),
  commodities: (nodeId: Id, p: Period = {}, o: Opt = {}) =>
    request<{ from: IsoDate; to: IsoDate; rows: PgMarginRow[] }>('GET', `${pgPaths.commodities}${queryString({ nodeId: String(nodeId), from: p.from, to: p.to })}`, o),
  detail: (id: Id, o: Opt = {}) => request<ProducerGroupDetail>('GET', `/api/producer-groups/${enc(id)}`, o),
  candidates: (id: Id, o: Opt = {}) =>
    request<{ candidates: Array<{ id: string; name: string; membershipNumber: number; shgName: string }> }>('GET', `/api/producer-groups/${enc(id)}/candidates`, o).then((r) => r.candidates),
  stock: (id: Id, p: Period = {}, o: Opt = {}) => request<{ rows: PgStockRow[] }>('GET', `${pgPaths.stock(id)}${queryString({ from: p.from, to: p.to })}`, o).then((r) => r.rows),
  movements: (id: Id, kind?: (typeof PG_MOVEMENT_KINDS)[number], o: Opt = {}) =>
    request<{ movements: PgMovement[] }>('GET', `${pgPaths.movements(id)}${queryString({ kind })}`, o).then((r) => r.movements),
  payments: (id: Id, o: Opt = {}) => request<{ payments: PgPayment[] }>('GET', pgPaths.payments(id), o).then((r) => r.payments),
  expenses: (id: Id, o: Opt = {}) => request<{ expenses: PgExpense[] }>('GET', pgPaths.expenses(id), o).then((r) => r.expenses),
  statement: (id: Id, p: Period = {}, o: Opt = {}) =>
    request<{ from: IsoDate; to: IsoDate; rows: PgStatementRow[] }>('GET', `${pgPaths.statement(id)}${queryString({ from: p.from, to: p.to })}`, o),
  margin: (id: Id, p: Period = {}, o: Opt = {}) => request<{ from: IsoDate; to: IsoDate; rows: PgMarginRow[] }>('GET', `${pgPaths.margin(id)}${queryString({ from: p.from, to: p.to })}`, o),
};

export { listFileUrl as exportUrl } from '../api.ts';
