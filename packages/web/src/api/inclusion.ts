/**
 * API client for households, coverage, social action and Panchayat demands (server: http/routes/inclusion.ts).
 * Lists also download as CSV or XLSX: `downloadUrl(path, format)` gives the link (the session cookie goes with it).
 */
import { enc, queryString, request, type Id, type IsoDate, type Opt } from '../api.ts';

export const INCLUSION_CATEGORIES = [
  'sc', 'st', 'pvtg', 'minority', 'single-woman', 'woman-headed-household', 'person-with-disability', 'landless',
  'migrant-labour', 'isolated-community', 'flood-prone', 'drought-prone', 'conflict-affected', 'elderly',
] as const;
export const SECC_DEPRIVATIONS = ['d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'auto-included'] as const;
export const POVERTY_STATUSES = ['poorest', 'poor', 'non-poor'] as const;
export const MOBILISATION_STATUSES = ['not-yet', 'in-shg', 'left'] as const;
export const DEMAND_CATEGORIES = [
  'water', 'sanitation', 'road', 'housing', 'health', 'education', 'nutrition', 'livelihood', 'social-security',
  'electricity', 'women-and-children', 'other',
] as const;
export const DEMAND_STATUSES = ['pending', 'accepted', 'rejected'] as const;
export const REPORT_PERIODS = ['month', 'quarter', 'year'] as const;
/** Default indicator codes and sets (core/social-action.ts); an organisation's own come with a `label`. */
export const DEFAULT_INDICATORS = [
  'immunisation-mother', 'immunisation-child', 'birth-registration', 'death-registration', 'sanitation', 'nutrition-garden',
  'medicinal-plants', 'child-protection', 'health-seeking', 'literacy', 'against-dowry', 'against-early-marriage', 'against-alcoholism',
] as const;
export const DEFAULT_INDICATOR_SETS = ['immunisation', 'registration', 'sanitation', 'nutrition-garden', 'medicinal-plants', 'child-protection', 'fourteen-point'] as const;

export type Category = (typeof INCLUSION_CATEGORIES)[number];
export type PovertyStatus = (typeof POVERTY_STATUSES)[number];
export type MobilisationStatus = (typeof MOBILISATION_STATUSES)[number];
export type DemandStatus = (typeof DEMAND_STATUSES)[number];
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

export interface Household {
  id: string;
  villageId: string;
  villageName: string;
  villageCode: string;
  registerNumber: string | null;
  headName: string | null;
  povertyStatus: PovertyStatus;
  seccDeprivations: string[];
  pipListed: boolean;
  pipVettedOn: IsoDate | null;
  categories: string[];
  status: MobilisationStatus;
  activeMembers: number;
  shgs: string[];
}

export interface HouseholdFilters {
  asOf?: IsoDate | undefined;
  status?: MobilisationStatus | undefined;
  povertyStatus?: PovertyStatus | 'poor-or-poorest' | undefined;
  category?: Category | undefined;
}

export interface CoverageFigure {
  total: number;
  mobilised: number;
  left: number;
  notYet: number;
  sharePercent: number | null;
}
export interface Coverage {
  asOf: IsoDate;
  ruleSet: { version: number; label: string; effectiveFrom: IsoDate };
  households: number;
  poor: CoverageFigure;
  poorest: CoverageFigure;
  byCategory: (CoverageFigure & { category: string })[];
  goals: { key: string; categories: string[]; goalPercent: number; mobilised: number; mobilisedTotal: number; sharePercent: number | null; met: boolean | null }[];
}

export interface ImportOutcome {
  status: 'applied' | 'duplicate';
  result: { created: number; updated: number; householdIds: string[] };
}

export interface Indicator {
  code: string;
  set: string;
  subject: 'member' | 'household' | 'either';
  label?: string;
}
export interface IndicatorRow {
  period: string;
  indicator: string;
  set: string | null;
  observed: number;
  met: number;
  sharePercent: number | null;
}
export interface SocialActionReport {
  from: IsoDate;
  to: IsoDate;
  period: ReportPeriod;
  rows: IndicatorRow[];
  drives: number;
}
export interface Drive {
  id: string;
  nodeId: string;
  placeName: string;
  name: string;
  heldOn: IsoDate;
  indicatorSet: string | null;
  venue: string | null;
  notes: string | null;
  observations: number;
  met: number;
}
export interface Demand {
  id: string;
  nodeId: string;
  submittedBy: string;
  submitterKind: string;
  gramPanchayat: string;
  gramPanchayatCode: string | null;
  planYear: string;
  category: string;
  description: string;
  submittedOn: IsoDate;
  estimatedPaise: number | null;
  status: DemandStatus;
  decidedOn: IsoDate | null;
  sanctionedPaise: number | null;
  outcomeNote: string | null;
}


export { listFileUrl as downloadUrl } from '../api.ts';

export const inclusionPaths = {
  households: (nodeId: Id) => `/api/nodes/${enc(nodeId)}/households`,
  coverage: (nodeId: Id) => `/api/nodes/${enc(nodeId)}/coverage`,
  outside: (nodeId: Id) => `/api/nodes/${enc(nodeId)}/coverage/outside`,
  socialAction: (nodeId: Id) => `/api/nodes/${enc(nodeId)}/social-action`,
  observations: (nodeId: Id) => `/api/nodes/${enc(nodeId)}/social-action/observations`,
  drives: (nodeId: Id) => `/api/nodes/${enc(nodeId)}/drives`,
  demands: (nodeId: Id) => `/api/nodes/${enc(nodeId)}/panchayat-demands`,
};

/** A file as base64 (the import's body). */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export const inclusionApi = {
  households: (nodeId: Id, filters: HouseholdFilters = {}, o: Opt = {}) =>
    request<{ asOf: IsoDate; households: Household[]; truncated: boolean }>('GET', `${inclusionPaths.households(nodeId)}${queryString({ ...filters })}`, o),
  importHouseholds: (nodeId: Id, commandId: string, file: string, o: Opt = {}) =>
    request<ImportOutcome>('POST', `${inclusionPaths.households(nodeId)}/import`, { body: { commandId, file }, ...o }),
  coverage: (nodeId: Id, asOf?: IsoDate, o: Opt = {}) =>
    request<{ coverage: Coverage }>('GET', `${inclusionPaths.coverage(nodeId)}${queryString({ asOf })}`, o).then((r) => r.coverage),
  outside: (nodeId: Id, asOf?: IsoDate, o: Opt = {}) =>
    request<{ asOf: IsoDate; households: Household[]; truncated: boolean }>('GET', `${inclusionPaths.outside(nodeId)}${queryString({ asOf })}`, o),
  indicators: (date?: IsoDate, o: Opt = {}) => request<{ indicators: Indicator[] }>('GET', `/api/social-action/indicators${queryString({ date })}`, o).then((r) => r.indicators),
  socialAction: (nodeId: Id, q: { from?: IsoDate | undefined; to?: IsoDate | undefined; period?: ReportPeriod | undefined } = {}, o: Opt = {}) =>
    request<{ report: SocialActionReport }>('GET', `${inclusionPaths.socialAction(nodeId)}${queryString(q)}`, o).then((r) => r.report),
  drives: (nodeId: Id, o: Opt = {}) => request<{ drives: Drive[] }>('GET', inclusionPaths.drives(nodeId), o).then((r) => r.drives),
  demands: (nodeId: Id, q: { status?: DemandStatus | undefined } = {}, o: Opt = {}) =>
    request<{ demands: Demand[] }>('GET', `${inclusionPaths.demands(nodeId)}${queryString(q)}`, o).then((r) => r.demands),
};
