/**
 * Grain banks (an SHG's or a VO's): the list under a node, one bank with its stock and who may borrow, the stock
 * register per kind, members' grain loans and the movements. Shapes follow http/routes/grain-banks.ts; changes are
 * commands sent with api.command (create-grain-bank, receive-grain, lend-grain, repay-grain, record-grain-loss,
 * sell-grain, count-grain). Quantities are whole grams, money whole paise.
 */
import { enc, queryString, request, type Id, type IsoDate, type Opt } from '../api.ts';

export const DEFAULT_GRAIN_KINDS = ['rice', 'wheat', 'paddy', 'millet', 'maize', 'pulses'] as const;
export const GRAIN_RECEIPT_SOURCES = ['contribution', 'purchase', 'donation', 'other'] as const;
export const GRAIN_LOSS_REASONS = ['spoilage', 'rats', 'pests', 'moisture', 'theft', 'other'] as const;
export const GRAIN_MOVEMENT_KINDS = ['receipt', 'loan', 'repayment', 'sale', 'loss', 'count-gain', 'count-loss'] as const;

export interface GrainBankSummary {
  id: string;
  name: string;
  institutionId: string;
  institutionName: string;
  institutionKind: string;
  openedOn: IsoDate;
  valued: boolean;
  kinds: string;
  stockGrams: number;
  openLoans: number;
}

export interface GrainBank {
  id: string;
  name: string;
  institutionId: string;
  institutionName: string;
  institutionKind: string;
  openedOn: IsoDate;
  kinds: string[];
  valued: boolean;
  interestPercent: string;
}

export interface GrainRegisterRow {
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

export interface GrainBorrower {
  id: string;
  name: string;
  membershipNumber: number;
  shgName: string;
}

export interface GrainBankDetail {
  grainBank: GrainBank;
  asOf: IsoDate;
  stock: GrainRegisterRow[];
  members: GrainBorrower[];
}

export interface GrainLoan {
  loanId: string;
  memberId: string;
  memberName: string;
  membershipNumber: number;
  shgName: string;
  grain: string;
  issuedOn: IsoDate;
  dueOn: IsoDate | null;
  principalGrams: number;
  interestPercent: string;
  interestGrams: number;
  repaidGrams: number;
  outstandingGrams: number;
  overdue: boolean;
  status: 'open' | 'closed';
}

export interface GrainMovement {
  id: string;
  date: IsoDate;
  grain: string;
  kind: (typeof GRAIN_MOVEMENT_KINDS)[number];
  direction: 'in' | 'out';
  quantityGrams: number;
  valuePaise: number;
  amountPaise: number | null;
  pricePerKgPaise: number | null;
  detail: string | null;
  memberName: string | null;
}

export const grainBankPaths = {
  list: '/api/grain-banks',
  register: (id: Id) => `/api/grain-banks/${enc(id)}/register`,
  loans: (id: Id) => `/api/grain-banks/${enc(id)}/loans`,
  movements: (id: Id) => `/api/grain-banks/${enc(id)}/movements`,
};

export const grainBankApi = {
  list: (nodeId: Id, o: Opt = {}) => request<{ grainBanks: GrainBankSummary[] }>('GET', `/api/grain-banks${queryString({ nodeId: String(nodeId) })}`, o).then((r) => r.grainBanks),
  detail: (id: Id, o: Opt = {}) => request<GrainBankDetail>('GET', `/api/grain-banks/${enc(id)}`, o),
  register: (id: Id, p: { from?: IsoDate | undefined; to?: IsoDate | undefined } = {}, o: Opt = {}) =>
    request<{ from: IsoDate | null; to: IsoDate | null; rows: GrainRegisterRow[] }>('GET', `${grainBankPaths.register(id)}${queryString({ from: p.from, to: p.to })}`, o),
  loans: (id: Id, p: { asOf?: IsoDate | undefined; all?: boolean } = {}, o: Opt = {}) =>
    request<{ asOf: IsoDate; loans: GrainLoan[] }>('GET', `${grainBankPaths.loans(id)}${queryString({ asOf: p.asOf, all: p.all ? 'true' : undefined })}`, o),
  movements: (id: Id, o: Opt = {}) => request<{ movements: GrainMovement[] }>('GET', grainBankPaths.movements(id), o).then((r) => r.movements),
};
