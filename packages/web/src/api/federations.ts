/**
 * Federations (VO, CLF, BLF), their reconciliation with each institution they have money with, readiness of a
 * village or cluster, SHG grading and the rule sets in force. Shapes follow the server's routes:
 * http/routes/federations.ts and http/routes/readiness.ts. The value lists below are what the server can send;
 * each has catalog labels (checked by federations.test.ts against core).
 */
import { enc, queryString, request, type Id, type IsoDate, type Opt } from '../api.ts';

export const FEDERATION_LEVELS = ['vo', 'clf', 'blf'] as const;
export type FederationLevel = (typeof FEDERATION_LEVELS)[number];
export const FEDERATION_STATUSES = ['active', 'dormant', 'closed'] as const;
export const EC_ROLES = ['representative', 'president', 'vice-president', 'secretary', 'treasurer'] as const;
export const SUB_COMMITTEE_ROLES = ['convenor', 'member'] as const;
export const FEDERATION_MEETING_KINDS = ['ec', 'gb'] as const;
export const LOAN_FUNDS = ['cif', 'vrf'] as const;
export const POSITION_CATEGORIES = ['cif-principal', 'cif-interest', 'vrf-principal', 'vrf-interest', 'grants', 'share-capital', 'membership-fees'] as const;
export type PositionCategory = (typeof POSITION_CATEGORIES)[number];
export const DIFFERENCE_CAUSES = ['in-transit', 'receipt-for-corrected-meeting', 'missing-partner', 'reversed-on-one-side', 'amounts-differ', 'unlinked-entry', 'unlinked-loan'] as const;
export type DifferenceCause = (typeof DIFFERENCE_CAUSES)[number];
export const POSITION_KEY_KINDS = ['transfer', 'meeting', 'entry', 'loan'] as const;

export interface FederationSummary {
  id: string;
  name: string;
  code: string;
  parentId: string | null;
  level: FederationLevel;
  formedOn: IsoDate;
  status: string;
  memberCount: number;
}

export interface FederationMembership {
  id: string;
  memberId: string;
  name: string;
  code: string;
  kind: string;
  since: IsoDate;
  /** The day it left (leave-federation); null while it belongs. */
  until: IsoDate | null;
  shareCapitalPaise: number;
  membershipFeePaise: number;
}

export interface EcMember {
  id: string;
  personId: string;
  name: string;
  representsId: string;
  representsName: string;
  role: (typeof EC_ROLES)[number];
  from: IsoDate;
  to: IsoDate | null;
}

export interface SubCommittee {
  id: string;
  name: string;
  purpose: string | null;
  formedOn: IsoDate;
  dissolvedOn: IsoDate | null;
  members: { personId: string; name: string; role: (typeof SUB_COMMITTEE_ROLES)[number] }[];
}

export interface FederationMeeting {
  id: string;
  kind: (typeof FEDERATION_MEETING_KINDS)[number];
  date: IsoDate;
  place: string | null;
  decisions: { no: number; text: string }[];
  attendance: { personId: string; representsId: string }[];
}

export interface InstitutionLoan {
  id: string;
  fund: (typeof LOAN_FUNDS)[number];
  /** The federation's side: it lent (to a member) or borrowed (from above). */
  role: 'lender' | 'borrower';
  counterpartId: string;
  counterpartName: string;
  principalPaise: number;
  disbursedOn: IsoDate;
  status: string;
  outstandingPaise: number;
  passUpPercent: string;
  onLendingPassUpPercent: string;
}

export interface FederationDetail {
  federation: {
    id: string;
    name: string;
    code: string;
    parentId: string | null;
    nrlmCode: string | null;
    level: FederationLevel;
    formedOn: IsoDate;
    registeredAs: string | null;
    registrationNumber: string | null;
    status: string;
  };
  members: FederationMembership[];
  ec: EcMember[];
  subCommittees: SubCommittee[];
  meetings: FederationMeeting[];
  loans: InstitutionLoan[];
}

export interface ReconciliationCategory {
  category: PositionCategory;
  federationPaise: number;
  counterpartPaise: number;
  differencePaise: number;
}

export interface ReconciliationDifference extends ReconciliationCategory {
  cause: DifferenceCause;
  /** English text of the cause (the screens use the catalog instead). */
  message: string;
  date: IsoDate;
  key: { kind: (typeof POSITION_KEY_KINDS)[number]; id: string };
  entryIds: number[];
}

export interface ReconciliationPair {
  counterpart: { id: string; name: string; code: string; kind: string };
  relation: 'below' | 'above';
  categories: ReconciliationCategory[];
  differences: ReconciliationDifference[];
  matched: boolean;
}

export interface FederationReconciliation {
  federation: { id: string; name: string; code: string; level: FederationLevel };
  asOf: IsoDate;
  levelBelow: ReconciliationCategory[];
  pairs: ReconciliationPair[];
  inTransitPaise: number;
  matched: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Readiness
// ---------------------------------------------------------------------------------------------------------------

/** Every rule a readiness reason can cite (its dotted path in the rule set): core/readiness.ts. */
export const READINESS_RULES = [
  'functional.windowMonths',
  'functional.maxMissedMeetings',
  'functional.maxMissedSavings',
  'preExistingShg.minPoorMemberPercent',
  'voFormation.minShgs',
  'voFormation.minMembersPerShg',
  'voFormation.minMembersPerSpecialShg',
  'voFormation.savingsFrequency',
  'voFormation.trainingModule',
  'clfFormation.minVos',
  'clfFormation.maxVos',
  'clfFormation.minShgsPerVo',
  'clfFormation.maxShgsPerVo',
  'clfFormation.ecMeetingMonths',
  'clfFormation.maxMissedEcMeetings',
  'clfFormation.trainingModule',
] as const;

export interface Reason {
  rule: string;
  subjectId?: string;
  subjectName?: string;
  /** English text (the screens render `reason.<rule>` from the params instead). */
  message: string;
  params: Record<string, string | number>;
}

export interface ScreeningVerdict {
  shgId: string;
  eligible: boolean;
  members: number;
  poorMembers: number;
  percent: string;
  requiredPercent: number;
  reasons: Reason[];
}

export interface FunctionalVerdict {
  shgId: string;
  name: string;
  functional: boolean;
  window: { from: IsoDate; through: IsoDate; months: number };
  expectedMeetings: number;
  meetingsHeld: number;
  missedMeetings: IsoDate[];
  missedSavings: IsoDate[];
  reasons: Reason[];
}

export interface GroupReadiness {
  id: string;
  name: string;
  qualifies: boolean;
  reasons: Reason[];
  /** An SHG under the VO trigger. */
  activeMembers?: number;
  trained?: boolean;
  /** A VO under the CLF trigger. */
  shgCount?: number;
  ecMeetingsExpected?: number;
  ecMeetingsHeld?: number;
}

export interface RuleSetRef {
  id: string | null;
  version: number;
  effectiveFrom: IsoDate;
  label?: string;
}

export interface TriggerReport {
  level: 'vo' | 'clf';
  asOf: IsoDate;
  ruleSet: RuleSetRef;
  met: boolean;
  required: number;
  qualifying: number;
  summary: string;
  reasons: Reason[];
  notes: Reason[];
  groups: GroupReadiness[];
}

export interface ReadinessReport {
  node: { id: string; kind: string; name: string };
  asOf: IsoDate;
  ruleSet: RuleSetRef;
  trigger: TriggerReport | null;
  shgs: (FunctionalVerdict & { screening: ScreeningVerdict | null })[];
}

// ---------------------------------------------------------------------------------------------------------------
// Grading
// ---------------------------------------------------------------------------------------------------------------

export const GRADING_STAGES = ['before-rf', 'before-cif', 'other'] as const;
export type GradingStage = (typeof GRADING_STAGES)[number];
export const STAGE_TIMINGS = ['early', 'on-time', 'late'] as const;
export const INDICATOR_KEYS = ['meetings', 'attendance', 'savings', 'lending', 'repayment', 'books'] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];
export const NORMS = ['meetings', 'savings', 'lending', 'repayment', 'books'] as const;
export const GRADES = ['A', 'B', 'C'] as const;
export const MEASURE_UNITS = ['periods', 'attendances', 'paise', 'meetings'] as const;

export interface Indicator {
  key: IndicatorKey;
  norm: string;
  weight: number;
  numerator: number;
  denominator: number;
  unit: (typeof MEASURE_UNITS)[number];
  percent: string | null;
  fullMarksAtPercent: number;
  points: string;
  pointsHundredths: number;
  explanation: string;
}

export interface NormResult {
  norm: (typeof NORMS)[number];
  met: boolean;
  percent: string | null;
  thresholdPercent: number;
  explanation: string;
}

export interface ShgGrading {
  shgId: string;
  name: string;
  asOf: IsoDate;
  window: { from: IsoDate; through: IsoDate };
  ruleSet: RuleSetRef;
  stage: { stage: Exclude<GradingStage, 'other'>; from: IsoDate; to: IsoDate; timing: (typeof STAGE_TIMINGS)[number] } | null;
  indicators: Indicator[];
  score: string;
  scoreHundredths: number;
  grade: (typeof GRADES)[number];
  gradeExplanation: string;
  bankCreditEligible: boolean;
  panchasutra: { score: number; norms: NormResult[] };
}

/** A stored grading round. */
export interface GradingRound {
  id: string;
  stage: GradingStage;
  asOf: IsoDate;
  score: string;
  grade: (typeof GRADES)[number];
  panchasutraScore: number;
  /** The full computation as stored when the round was graded. */
  grading: ShgGrading;
  ruleSetId: string | null;
  ruleSetVersion: number;
  gradedBy: string;
  gradedAt: string;
  signedOffBy: string | null;
  signedOffAt: string | null;
  signOffNote: string | null;
  /** The caller may sign it off: not yet signed off, and someone else graded it. */
  canSignOff: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Rule sets
// ---------------------------------------------------------------------------------------------------------------

export type RuleBody = Record<string, Record<string, unknown>>;

export interface StoredRuleSet {
  id: string;
  version: number;
  effectiveFrom: IsoDate;
  body: RuleBody;
  createdBy: string;
  createdAt: string;
}

export interface RuleSets {
  asOf: IsoDate;
  inForce: RuleSetRef;
  ruleSets: StoredRuleSet[];
  defaults: RuleBody;
}

// ---------------------------------------------------------------------------------------------------------------

export const federationApi = {
  /** Federations in reach, or in the subtree of a node. */
  list: (nodeId?: Id, o: Opt = {}) =>
    request<{ federations: FederationSummary[] }>('GET', `/api/federations${queryString({ nodeId: nodeId === undefined ? undefined : String(nodeId) })}`, o).then((r) => r.federations),
  detail: (id: Id, o: Opt = {}) => request<FederationDetail>('GET', `/api/federations/${enc(id)}`, o),
  reconciliation: (id: Id, asOf?: IsoDate, o: Opt = {}) =>
    request<{ reconciliation: FederationReconciliation }>('GET', `/api/federations/${enc(id)}/reconciliation${queryString({ asOf })}`, o).then((r) => r.reconciliation),
  readiness: (nodeId: Id, asOf?: IsoDate, o: Opt = {}) => request<ReadinessReport>('GET', `/api/nodes/${enc(nodeId)}/readiness${queryString({ asOf })}`, o),
  /** The grading the records give today (or as of a date): a preview, nothing is stored. */
  grading: (shgId: Id, params: { asOf?: IsoDate; stage?: GradingStage } = {}, o: Opt = {}) =>
    request<{ grading: ShgGrading }>('GET', `/api/shgs/${enc(shgId)}/grading${queryString(params)}`, o).then((r) => r.grading),
  gradings: (shgId: Id, o: Opt = {}) => request<{ gradings: GradingRound[] }>('GET', `/api/shgs/${enc(shgId)}/gradings`, o).then((r) => r.gradings),
  ruleSets: (asOf?: IsoDate, o: Opt = {}) => request<RuleSets>('GET', `/api/rule-sets${queryString({ asOf })}`, o),
};
