/**
 * API client for the micro-business programme (server: http/routes/micro-business.ts). Case data is reached by id
 * only: no participant data ever goes into a URL. Lists also download as CSV or XLSX (`mbDownloadUrl`).
 */
import { enc, queryString, request, type Id, type IsoDate, type Opt } from '../api.ts';
import type { CashFlowMonth, PlanComputation, PlanFigures, ProgrammeCurrency, ResultAgainstPlan, ShownCount } from '@khata/core/business-plan';

export type { ProgrammeCurrency, ShownCount };
export const CASE_STATUSES = ['enrolled', 'planning', 'running', 'paused', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export type ProgrammeRole = 'case-worker' | 'programme-manager';

export interface ProgrammeAccess {
  roles: Array<{ partnerId: string; role: ProgrammeRole; partnerName: string }>;
  assignedCases: number;
  /** Partners whose programme the caller runs (assigns cases). */
  runs: Array<{ partnerId: string; name: string; currency: ProgrammeCurrency }>;
  showCases: boolean;
}

export interface Partner {
  id: string;
  name: string;
  code: string;
  country: string;
  currency: ProgrammeCurrency;
  nodeId: string;
  nodeName: string;
}

export interface MyCase {
  id: string;
  code: string;
  status: CaseStatus;
  openedOn: IsoDate;
  businessKind: string | null;
  participantName: string;
  partnerName: string;
  currency: ProgrammeCurrency;
  lastVisitOn: IsoDate | null;
  nextVisitOn: IsoDate | null;
}

export interface PlanVersion {
  id: string;
  version: number;
  drawnUpOn: IsoDate;
  startsIn: string;
  business: string;
  reason: string | null;
  figures: PlanFigures;
  computed: PlanComputation | null;
}

export interface CaseRecord {
  case: {
    id: string;
    code: string;
    status: CaseStatus;
    openedOn: IsoDate;
    closedOn: IsoDate | null;
    closingReason: string | null;
    businessKind: string | null;
    partner: { id: string; name: string; code: string; currency: ProgrammeCurrency };
  };
  participant: { name: string; phone: string | null; address: string | null; identityNumbers: Array<{ kind: string; number: string }>; story: string | null };
  assignments: Array<{ id: string; userId: string; userName: string; from: IsoDate; to: IsoDate | null }>;
  plans: PlanVersion[];
  risks: Array<{ id: string; risk: string; likelihood: 'low' | 'medium' | 'high'; mitigation: string; status: 'open' | 'handled'; recordedOn: IsoDate }>;
  support: Array<{ id: string; kind: string; stakeholder: string; support: string; since: IsoDate; until: IsoDate | null }>;
  workshops: Array<{ id: string; title: string; startsOn: IsoDate; days: number; daysAttended: number }>;
  visits: Array<{ id: string; visitedOn: IsoDate; visitedBy: string; notes: string; nextSteps: string; nextVisitOn: IsoDate | null }>;
  results: Array<ResultAgainstPlan & { unitsSold: number | null }>;
}

export interface PartnerCase {
  id: string;
  code: string;
  status: CaseStatus;
  openedOn: IsoDate;
  closedOn: IsoDate | null;
  assignments: Array<{ assignmentId: string; userId: string; userName: string; from: IsoDate; to: IsoDate | null }>;
}

export interface ProgrammeWorker {
  roleId: string;
  userId: string;
  name: string;
  role: ProgrammeRole;
  from: IsoDate;
  to: IsoDate | null;
  openCases: number;
}

export type ShownMoney = number | '<11' | null;
export interface ProgrammeReportRow {
  partnerId: string | null;
  name: string;
  code: string | null;
  nodeName: string | null;
  currency: ProgrammeCurrency | null;
  counts: Record<'enrolled' | 'planning' | 'running' | 'paused' | 'closed' | 'participants' | 'inProfit' | 'notInProfit' | 'reporting', ShownCount>;
  money: { averageSalesMinor: ShownMoney; averageProfitMinor: ShownMoney; averagePlannedProfitMinor: ShownMoney };
}
export interface ProgrammeReport {
  month: string;
  rows: ProgrammeReportRow[];
  total: ProgrammeReportRow | null;
  threshold: number;
}

export type { CashFlowMonth, PlanComputation };

export const mbPaths = {
  partners: '/api/micro-business/partners',
  cases: '/api/micro-business/cases',
  partnerCases: (id: Id) => `/api/micro-business/partners/${enc(id)}/cases`,
  workers: (id: Id) => `/api/micro-business/partners/${enc(id)}/workers`,
  report: '/api/micro-business/report',
};

export { listFileUrl as mbDownloadUrl } from '../api.ts';

export const microBusinessApi = {
  access: (o: Opt = {}) => request<ProgrammeAccess>('GET', '/api/micro-business/access', o),
  partners: (nodeId?: Id, o: Opt = {}) =>
    request<{ partners: Partner[] }>('GET', `${mbPaths.partners}${queryString({ nodeId: nodeId === undefined ? undefined : String(nodeId) })}`, o).then((r) => r.partners),
  myCases: (o: Opt = {}) => request<{ cases: MyCase[] }>('GET', mbPaths.cases, o).then((r) => r.cases),
  caseRecord: (id: Id, o: Opt = {}) => request<CaseRecord>('GET', `/api/micro-business/cases/${enc(id)}`, o),
  partnerCases: (partnerId: Id, o: Opt = {}) => request<{ cases: PartnerCase[] }>('GET', mbPaths.partnerCases(partnerId), o).then((r) => r.cases),
  workers: (partnerId: Id, o: Opt = {}) => request<{ workers: ProgrammeWorker[] }>('GET', mbPaths.workers(partnerId), o).then((r) => r.workers),
  /** The organisation's active users (staff), to give one of them a role in the partner's programme. */
  users: (partnerId: Id, o: Opt = {}) => request<{ users: Array<{ id: string; name: string; username: string }> }>('GET', `/api/micro-business/partners/${enc(partnerId)}/users`, o).then((r) => r.users),
  report: (params: { nodeId?: Id; partnerId?: Id; month?: string }, o: Opt = {}) =>
    request<{ report: ProgrammeReport }>(
      'GET',
      `${mbPaths.report}${queryString({ nodeId: params.nodeId === undefined ? undefined : String(params.nodeId), partnerId: params.partnerId === undefined ? undefined : String(params.partnerId), month: params.month })}`,
      o,
    ).then((r) => r.report),
};
