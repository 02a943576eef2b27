/**
 * Bank linkage: loan applications of SHGs with their eligibility, the bank's decision, the pendency report and the
 * interest subvention claims report. Shapes follow packages/server/src/http/routes/bank-linkage.ts. Writes are
 * commands: submit-loan-application, record-bank-decision, receive-external-loan (with applicationId),
 * record-subvention-credit.
 */
import { enc, queryString, request, type Id, type IsoDate, type Opt } from '../api.ts';

export const APPLICATION_PRODUCTS = ['term-loan', 'cash-credit'] as const;
export type ApplicationProduct = (typeof APPLICATION_PRODUCTS)[number];
export const APPLICATION_STATUSES = ['submitted', 'sanctioned', 'rejected', 'disbursed'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export const PENDENCY_BUCKETS = ['0-15', '16-30', '31-60', 'over-60'] as const;
export type PendencyBucket = (typeof PENDENCY_BUCKETS)[number];

export interface ApplicationSummary {
  id: string;
  shgId: string;
  shgName: string;
  shgCode: string;
  villageName: string | null;
  bankName: string;
  branchName: string | null;
  product: ApplicationProduct;
  amountRequestedPaise: number;
  purpose: string | null;
  submittedOn: IsoDate;
  dose: number;
  doseLimitPaise: number;
  eligible: boolean;
  reasonCount: number;
  status: ApplicationStatus;
  decidedOn: IsoDate | null;
  sanctionedPaise: number | null;
  disbursedOn: IsoDate | null;
  loanId: string | null;
}

export interface EligibilityCheck {
  /** The rule (dotted path in the rule set). */
  rule: string;
  met: boolean;
  /** The server's English sentence (shown when the app has no words for the rule). */
  message: string;
  params: Record<string, string | number>;
}

export interface Eligibility {
  eligible: boolean;
  date: IsoDate;
  ruleSet: { id: string | null; version: number; effectiveFrom: IsoDate; label: string };
  ageMonths: number;
  corpus: { savingsPaise: number; interestPaise: number; revolvingFundPaise: number; corpusPaise: number };
  dose: { dose: number; rule: string; limitPaise: number; basis: 'corpus-multiple' | 'dose-minimum' | 'collateral-free-limit'; corpusMultiple: number | null; explanation: string };
  checks: EligibilityCheck[];
  reasons: EligibilityCheck[];
}

export interface ApplicationDetail {
  id: string;
  shgId: string;
  shgName: string;
  shgCode: string;
  bankName: string;
  branchName: string | null;
  product: ApplicationProduct;
  amountRequestedPaise: number;
  purpose: string | null;
  submittedOn: IsoDate;
  submittedBy: string;
  dose: number;
  corpusPaise: number;
  doseLimitPaise: number;
  eligible: boolean;
  eligibility: Eligibility;
  ruleSetVersion: number;
  status: ApplicationStatus;
  decidedOn: IsoDate | null;
  decidedBy: string | null;
  sanctionedPaise: number | null;
  sanctionedRatePercent: string | null;
  sanctionedTermMonths: number | null;
  rejectionReason: string | null;
  overrideReason: string | null;
  loanId: string | null;
  disbursedOn: IsoDate | null;
}

export interface SubventionCredit {
  id: string;
  periodFrom: IsoDate;
  periodTo: IsoDate;
  creditedOn: IsoDate;
  amountPaise: number;
  computedPaise: number;
  promptPayee: boolean;
}

export interface ApplicationLoan {
  id: string;
  kind: ApplicationProduct;
  disbursedOn: IsoDate;
  principalPaise: number;
  limitPaise: number | null;
  annualRatePercent: string;
  reference: string | null;
  status: string;
  outstandingPaise: number;
  subventionCredits: SubventionCredit[];
}

export interface PendencyRow extends ApplicationSummary {
  ageDays: number;
  bucket: PendencyBucket;
}

export interface PendencyReport {
  asOf: IsoDate;
  buckets: Array<{ bucket: PendencyBucket; submitted: number; sanctioned: number; count: number; amountPaise: number }>;
  total: { submitted: number; sanctioned: number; count: number; amountPaise: number };
  rows: PendencyRow[];
}

interface ClaimMoney {
  outstandingPaise: number;
  interestChargedPaise: number;
  interestAtSubventedRatePaise: number;
  subventionPaise: number;
  promptExtraPaise: number;
  claimablePaise: number;
  creditedPaise: number;
}

export interface ClaimRow extends ClaimMoney {
  bank: string;
  branch: string | null;
  shgId: string;
  shgName: string;
  shgCode: string;
  loanId: string;
  reference: string | null;
  applicationId: string | null;
  product: ApplicationProduct;
  disbursedOn: IsoDate;
  sanctionedPaise: number;
  annualRatePercent: string;
  days: number;
  promptPayee: boolean;
  promptExplanation: string;
}

export interface ClaimsReport {
  from: IsoDate;
  to: IsoDate;
  asOf: IsoDate;
  banks: Array<ClaimMoney & { bank: string; loans: number; promptPayees: number }>;
  rows: ClaimRow[];
  totals: ClaimMoney & { loans: number; promptPayees: number };
}

export type ListFormat = 'csv' | 'xlsx';

export const bankLinkageApi = {
  applications: (nodeId: Id, status: ApplicationStatus | undefined, o: Opt = {}) =>
    request<{ applications: ApplicationSummary[] }>('GET', `/api/bank-linkage/applications${queryString({ nodeId: String(nodeId), status })}`, o).then((r) => r.applications),
  applicationsUrl: (nodeId: Id, status: ApplicationStatus | undefined, format: ListFormat) => `/api/bank-linkage/applications${queryString({ nodeId: String(nodeId), status, format })}`,
  application: (id: Id, o: Opt = {}) => request<{ application: ApplicationDetail; loan: ApplicationLoan | null }>('GET', `/api/bank-linkage/applications/${enc(id)}`, o),
  eligibility: (shgId: Id, date: IsoDate, product: ApplicationProduct, amountPaise: number | undefined, o: Opt = {}) =>
    request<{ eligibility: Eligibility }>('GET', `/api/bank-linkage/eligibility${queryString({ shgId: String(shgId), date, product, amountPaise })}`, o).then((r) => r.eligibility),
  pendency: (nodeId: Id, asOf: IsoDate | undefined, o: Opt = {}) =>
    request<{ pendency: PendencyReport }>('GET', `/api/bank-linkage/pendency${queryString({ nodeId: String(nodeId), asOf })}`, o).then((r) => r.pendency),
  pendencyUrl: (nodeId: Id, asOf: IsoDate | undefined, format: ListFormat) => `/api/bank-linkage/pendency${queryString({ nodeId: String(nodeId), asOf, format })}`,
  claims: (nodeId: Id, period: { from?: IsoDate | undefined; to?: IsoDate | undefined }, o: Opt = {}) =>
    request<{ claims: ClaimsReport }>('GET', `/api/bank-linkage/claims${queryString({ nodeId: String(nodeId), from: period.from, to: period.to })}`, o).then((r) => r.claims),
  claimsUrl: (nodeId: Id, period: { from?: IsoDate | undefined; to?: IsoDate | undefined }, format: ListFormat) =>
    `/api/bank-linkage/claims${queryString({ nodeId: String(nodeId), from: period.from, to: period.to, format })}`,
};
