/**
 * Requests waiting for a second person (maker–checker): loan and member-exit write-offs (request-write-off) and fund
 * releases (request-fund-release), decided with decide-approval. Shapes follow GET /api/approvals
 * (http/routes/read.ts) and the payloads the request commands store.
 */
import { queryString, request, type IsoDate, type Opt } from '../api.ts';

export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];
export const APPROVAL_KINDS = ['fund-release', 'loan-write-off', 'member-exit-write-off'] as const;
export const GRANT_FUNDS = ['rf', 'start-up', 'vrf', 'cif', 'other'] as const;
export type GrantFund = (typeof GRANT_FUNDS)[number];

/** request-fund-release's payload: the release exactly as it will be posted. */
export interface FundReleasePayload {
  release: { transferId: string; fund: GrantFund; giverId: string; receiverId: string; date: IsoDate; amountPaise: number; paidFrom: 'bank' | 'cash'; receivedInto: 'bank' | 'cash'; reference?: string | null };
  note: string | null;
  ruleSet: { id: string | null; version: number; label: string };
  giver: { id: string; name: string; kind: string };
  receiver: { id: string; name: string; kind: string };
}

/** request-write-off's payload (a member's loan, or the shortfall at a member's exit). */
export interface WriteOffPayload {
  reason: string;
  asOf: IsoDate;
  memberId: string;
  loanId?: string;
  principalOutstandingPaise?: number;
  interestDuePaise?: number;
  penaltyDuePaise?: number;
  savingsPaise?: number;
  duesPaise?: number;
  shortfallPaise?: number;
}

export interface Approval {
  id: string;
  kind: string;
  nodeId: string;
  nodeName: string;
  payload: FundReleasePayload | WriteOffPayload;
  status: ApprovalStatus;
  requestedAt: string;
  /** The requester's name. */
  requestedBy: string;
  decidedAt: string | null;
  decisionNote: string | null;
  /** The caller made this request: someone else must decide it. */
  mine?: boolean;
  /** The caller may decide it: pending, not hers, and she may approve at its node. */
  canDecide: boolean;
}

export const isFundRelease = (a: Approval): a is Approval & { payload: FundReleasePayload } => a.kind === 'fund-release';

/** The amount a request is about: the release, the loan's principal outstanding, or the shortfall at an exit. */
export function approvalAmountPaise(a: Approval): number | null {
  if (isFundRelease(a)) return a.payload.release.amountPaise;
  const p = a.payload as WriteOffPayload;
  return p.principalOutstandingPaise ?? p.shortfallPaise ?? null;
}

export const approvalsApi = {
  list: (status: ApprovalStatus = 'pending', o: Opt = {}) => request<{ approvals: Approval[] }>('GET', `/api/approvals${queryString({ status })}`, o).then((r) => r.approvals),
};
