/**
 * API client for community professionals (server: http/routes/cadres.ts): the registry, a cadre's page, honorarium
 * previews, review figures, rules, import of a list. Writes are commands (api.command). Lists download as CSV or
 * XLSX through `cadresPaths` + `downloadUrl` (the session cookie goes with the link).
 */
import { enc, queryString, request, type Id, type IsoDate, type Opt } from '../api.ts';

export const BUILT_IN_CADRE_TYPES = ['bookkeeper', 'crp', 'bank-mitra', 'vrp', 'community-mobiliser'] as const;
export const CADRE_STATUSES = ['active', 'inactive', 'left'] as const;
export const REVIEW_INDICATORS = ['books-on-time', 'meetings-recorded', 'training-attendance'] as const;
export const HONORARIUM_BASES = ['fixed-monthly', 'per-group', 'per-meeting'] as const;
export type CadreStatus = (typeof CADRE_STATUSES)[number];

export interface CadreType {
  code: string;
  name: string | null;
  builtIn: boolean;
}

export interface CadreSummary {
  id: string;
  name: string;
  phone: string | null;
  cadreType: string;
  status: CadreStatus;
  joinedOn: IsoDate;
  leftOn: IsoDate | null;
  nodeId: string;
  nodeName: string;
  memberId: string | null;
  shgName: string | null;
  serves: string;
  paidBy: string;
  owedPaise: number;
}

export interface Institution {
  id: string;
  name: string;
  code: string;
  kind: string;
}

export interface HonorariumLine {
  basis: (typeof HONORARIUM_BASES)[number];
  count: number;
  ratePaise: number;
  amountPaise: number;
  text: string;
}

export interface ReviewIndicator {
  key: (typeof REVIEW_INDICATORS)[number];
  numerator: number;
  denominator: number;
  percent: string | null;
  text: string;
}

export interface ReviewFigures {
  from: IsoDate;
  to: IsoDate;
  maxDelayDays: number;
  indicators: ReviewIndicator[];
  groups: Array<{ id: string; name: string; meetings: number; onTime: number; late: Array<{ date: IsoDate; delayDays: number }> }>;
}

export interface CadreDetail {
  cadre: { id: string; name: string; phone: string | null; cadreType: string; status: CadreStatus; joinedOn: IsoDate; leftOn: IsoDate | null; nodeId: string; nodeName: string; memberId: string | null; shgId: string | null; shgName: string | null };
  history: Array<{ status: CadreStatus; onDate: IsoDate; reason: string | null }>;
  certifications: Array<{ id: string; name: string; issuedBy: string | null; issuedOn: IsoDate; validUntil: IsoDate | null }>;
  assignments: Array<{ id: string; institutionId: string; institutionName: string; institutionKind: string; payerId: string; payerName: string; from: IsoDate; to: IsoDate | null }>;
  trainings: Array<{ eventId: string; title: string; kind: string; moduleCode: string | null; moduleName: string | null; startDate: IsoDate; endDate: IsoDate; attendedDays: number | null; completed: boolean | null; status: string }>;
  honorarium: Array<{ payerId: string; payerName: string; accruedPaise: number; paidPaise: number; owedPaise: number }>;
  accruals: Array<{ id: string; payerId: string; payerName: string; month: string; amountPaise: number; detail: { lines: HonorariumLine[]; explanation: string }; accruedOn: IsoDate; entryId: number }>;
  payments: Array<{ id: string; payerId: string; payerName: string; amountPaise: number; paidOn: IsoDate; paidFrom: 'cash' | 'bank'; reference: string | null; entryId: number }>;
  reviews: Array<{ id: string; reviewerId: string; reviewerName: string; from: IsoDate; to: IsoDate; rating: number; notes: string | null; indicators: ReviewFigures; reviewedBy: string }>;
}

export interface HonorariumPreview {
  rule: { id: string; effectiveFrom: IsoDate; fixedMonthlyPaise: number; perGroupPaise: number; perMeetingPaise: number } | null;
  computation: { month: string; amountPaise: number; lines: HonorariumLine[]; explanation: string } | null;
  accrued: { id: string; amountPaise: number } | null;
  owedPaise: number;
}

export interface HonorariumRule {
  id: string;
  payerId: string;
  payerName: string;
  cadreType: string;
  effectiveFrom: IsoDate;
  fixedMonthlyPaise: number;
  perGroupPaise: number;
  perMeetingPaise: number;
}

export interface CadreFilters {
  cadreType?: string | undefined;
  status?: CadreStatus | undefined;
}

export interface CadreImportOutcome {
  status: 'applied' | 'duplicate';
  imported: number;
  cadreIds: string[];
}


export { listFileUrl as downloadUrl } from '../api.ts';

export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export const cadresPaths = {
  list: '/api/cadres',
  rules: '/api/honorarium-rules',
};

export const cadresApi = {
  types: (o: Opt = {}) => request<{ types: CadreType[] }>('GET', '/api/cadre-types', o).then((r) => r.types),
  list: (nodeId: Id, f: CadreFilters = {}, o: Opt = {}) =>
    request<{ cadres: CadreSummary[] }>('GET', `/api/cadres${queryString({ nodeId: String(nodeId), cadreType: f.cadreType, status: f.status })}`, o).then((r) => r.cadres),
  detail: (id: Id, o: Opt = {}) => request<CadreDetail>('GET', `/api/cadres/${enc(id)}`, o),
  institutions: (nodeId: Id, o: Opt = {}) =>
    request<{ institutions: Institution[] }>('GET', `/api/cadre-institutions${queryString({ nodeId: String(nodeId) })}`, o).then((r) => r.institutions),
  honorariumPreview: (id: Id, payerId: Id, month: string, o: Opt = {}) =>
    request<HonorariumPreview>('GET', `/api/cadres/${enc(id)}/honorarium-preview${queryString({ payerId: String(payerId), month })}`, o),
  reviewFigures: (id: Id, reviewerId: Id, from: IsoDate, to: IsoDate, o: Opt = {}) =>
    request<{ figures: ReviewFigures }>('GET', `/api/cadres/${enc(id)}/review-figures${queryString({ reviewerId: String(reviewerId), from, to })}`, o).then((r) => r.figures),
  rules: (nodeId: Id, o: Opt = {}) => request<{ rules: HonorariumRule[] }>('GET', `/api/honorarium-rules${queryString({ nodeId: String(nodeId) })}`, o).then((r) => r.rules),
  importList: (nodeId: Id, file: string, o: Opt = {}) => request<CadreImportOutcome>('POST', `/api/nodes/${enc(nodeId)}/cadres/import`, { body: { file }, ...o }),
};
