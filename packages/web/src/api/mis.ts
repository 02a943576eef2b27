import { enc, queryString, request, type Id, type IsoDate, type Opt } from '../api.ts';

/** The consolidated MIS of a place (GET /api/nodes/:id/mis). Money in paise, percentages as decimal strings. */

export const MIS_FUNDS = ['rf', 'cif', 'start-up', 'vrf', 'other'] as const;
export const MIS_LOAN_SOURCES = ['internal', 'bank', 'federation', 'other'] as const;
export const MIS_FUNNEL_STEPS = ['formed', 'functional', 'graded', 'rf-received', 'cif-received', 'bank-linked'] as const;
export const PAR_BUCKETS = ['1-30', '31-60', '61-90', '>90'] as const;
export type ParBucket = (typeof PAR_BUCKETS)[number];

export interface MisFundRow {
  fund: (typeof MIS_FUNDS)[number];
  level: 'shg' | 'vo' | 'clf' | 'blf';
  institutions: number;
  receivedPaise: number;
  repaidPaise: number;
}

export interface MisPoint {
  date: IsoDate;
  savingsPaise: number;
  internalLoansPaise: number;
  externalLoansPaise: number;
  atRiskPaise: number;
  atRiskPercent: string;
  buckets: Record<ParBucket, number>;
}

export interface MisBreakdownRow {
  id: string;
  kind: string;
  name: string;
  code: string;
  shgs: number;
  members: number;
  savingsPaise: number;
  internalLoansPaise: number;
  externalLoansPaise: number;
  atRiskPercent: string;
  repaymentRate: string | null;
}

export interface Mis {
  node: { id: string; kind: string; name: string; code: string; nrlmCode: string | null; lgdCode: string | null };
  asOf: IsoDate;
  shgs: { total: number; active: number; dormant: number; closed: number; preExisting: number; bankAccounts: number; inVo: number };
  members: { active: number; poverty: Record<'poorest' | 'poor' | 'non-poor', number>; categories: Record<string, number> };
  savings: { compulsoryPaise: number; voluntaryPaise: number; totalPaise: number };
  loansOutstanding: Record<(typeof MIS_LOAN_SOURCES)[number], number> & { externalPaise: number; totalPaise: number };
  portfolio: {
    from: IsoDate;
    to: IsoDate;
    openingOverduePaise: number;
    demandPaise: number;
    totalDuePaise: number;
    collectedPaise: number;
    advancePaise: number;
    closingOverduePaise: number;
    repaymentRate: string | null;
    par: {
      loans: number;
      outstandingPaise: number;
      currentPaise: number;
      currentPercent: string;
      buckets: Record<ParBucket, { loans: number; principalPaise: number; percent: string }>;
      atRiskPaise: number;
      atRiskPercent: string;
    };
  };
  funds: MisFundRow[];
  grades: { A: number; B: number; C: number; notGraded: number };
  funnel: Array<{ step: (typeof MIS_FUNNEL_STEPS)[number]; shgs: number }>;
  ruleSet: { id: string | null; version: number; effectiveFrom: IsoDate };
  federations: Array<{ level: 'vo' | 'clf' | 'blf'; count: number; memberInstitutions: number; lentOutstandingPaise: number; cifOwedPaise: number }>;
  series: MisPoint[];
  breakdown: MisBreakdownRow[];
}

export const misApi = {
  mis: (nodeId: Id, asOf: IsoDate | undefined, o: Opt = {}) => request<{ mis: Mis }>('GET', `/api/nodes/${enc(nodeId)}/mis${queryString({ asOf })}`, o),
  /** The NRLM monthly progress report as a download (the browser sends the session cookie). */
  mprUrl: (nodeId: Id, month: string, format: 'csv' | 'xlsx') => `/api/nodes/${enc(nodeId)}/mpr${queryString({ month, format })}`,
};
