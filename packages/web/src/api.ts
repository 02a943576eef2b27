/**
 * Typed client for the Khata HTTP API. Every call the web app makes goes through here.
 * The session is an httpOnly cookie (`khata_session`) set by login, so every request sends credentials
 * 'same-origin'. Failures become an ApiError carrying the server's stable error code (translated by the UI
 * through `error.<CODE>`), the field at fault and the list of problems.
 */

export type Language = 'en' | 'hi' | 'bn' | 'or';
export type IsoDate = string; // YYYY-MM-DD
export type Id = string | number;

export interface User {
  id: Id;
  name: string;
  language?: Language | string;
}

export interface RoleAtNode {
  nodeId: Id;
  nodeName: string;
  role: string;
}

export interface Me {
  user: User;
  roles: RoleAtNode[];
}

export const NODE_KINDS = ['organisation', 'state', 'district', 'block', 'cluster', 'village'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

/** Institutions that are nodes of their own (they keep books) but are not places. */
export const INSTITUTION_KINDS = ['vo', 'clf', 'blf', 'producer_group'] as const;
export type AnyNodeKind = NodeKind | (typeof INSTITUTION_KINDS)[number];

export interface NodeDetail {
  node: { id: Id; parentId: Id | null; kind: AnyNodeKind; name: string; code: string; nrlmCode: string | null; lgdCode: string | null };
  ancestors: { id: Id; kind: AnyNodeKind; name: string }[];
}

export interface OrgNode {
  id: Id;
  parentId: Id | null;
  kind: NodeKind;
  name: string;
  code: string;
  childCount: number;
  shgCount: number;
}

export const MEETING_FREQUENCIES = ['weekly', 'fortnightly', 'monthly'] as const;
export type MeetingFrequency = (typeof MEETING_FREQUENCIES)[number];
export const OFFICE_BEARER_ROLES = ['president', 'secretary', 'treasurer'] as const;
export const USER_ROLES = ['admin', 'manager', 'staff', 'bookkeeper', 'auditor'] as const;
export const SHG_STATUSES = ['active', 'dormant', 'closed'] as const;
export const MEMBER_STATUSES = ['active', 'left'] as const;
export const LOAN_STATUSES = ['open', 'closed', 'written-off'] as const;
export const LENDERS = ['bank', 'vo-cif', 'other'] as const;
export const LOAN_KINDS = ['flexible', 'scheduled', 'term-loan', 'cash-credit'] as const;

export interface ShgSummary {
  id: Id;
  code: string;
  name: string;
  nodeId: Id;
  villageName: string;
  formedOn: IsoDate;
  status: string;
  memberCount: number;
  meetingFrequency: MeetingFrequency;
}

export interface BankAccount {
  bankName: string;
  branch: string;
  accountNumberMasked: string;
}

export interface OfficeBearer {
  role: (typeof OFFICE_BEARER_ROLES)[number];
  memberId: Id;
  memberName: string;
  from: IsoDate;
  to: IsoDate | null;
}

export interface Shg {
  id: Id;
  code: string;
  name: string;
  formedOn: IsoDate;
  status: string;
  meetingFrequency: MeetingFrequency;
  meetingDay: string | number | null;
  compulsorySavingsPaise: number;
  bankAccounts: BankAccount[];
  officeBearers: OfficeBearer[];
  memberCount: number;
  cashPaise: number;
  bankPaise: number;
}

export interface Member {
  id: Id;
  membershipNumber: string | number;
  name: string;
  joinedOn: IsoDate;
  status: 'active' | 'left';
  compulsorySavingsPaise: number;
  voluntarySavingsPaise: number;
  loanOutstandingPaise: number;
}

export interface MeetingSummary {
  id: Id;
  date: IsoDate;
  present: number;
  absent: number;
  savingsPaise: number;
  repaymentsPaise: number;
  disbursementsPaise: number;
  cashDifferencePaise: number | null;
  reversed: boolean;
}

export interface MeetingDetail {
  id: Id;
  shgId: Id;
  date: IsoDate;
  attendance: { memberId: Id; memberName: string; status: string }[];
  members: {
    memberId: Id;
    memberName: string;
    compulsoryPaise: number;
    voluntaryPaise: number;
    repaymentPaise: number;
    finesPaise: number;
    disbursedPaise: number;
    withdrawalPaise?: number;
  }[];
  otherReceipts: { kind: string; amountPaise: number }[];
  expenses: { kind: string; amountPaise: number }[];
  bankDepositPaise: number;
  bankWithdrawalPaise: number;
  cashCountedPaise: number | null;
  closingCashPaise: number;
  cashDifferencePaise: number | null;
  status?: string;
}

export interface InternalLoan {
  id: Id;
  memberId: Id;
  memberName: string;
  disbursedOn: IsoDate;
  principalPaise: number;
  outstandingPaise: number;
  /** Not yet sent by every server version: shown as '—' when absent. */
  interestDuePaise?: number;
  status: string;
  daysPastDue?: number;
  kind: 'flexible' | 'scheduled';
  purpose?: string;
}

export interface ExternalLoan {
  id: Id;
  lender: (typeof LENDERS)[number];
  lenderName: string;
  sanctionedOn: IsoDate;
  principalPaise: number;
  outstandingPaise: number;
  kind: 'term-loan' | 'cash-credit';
  limitPaise: number | null;
}

export interface Loans {
  internal: InternalLoan[];
  external: ExternalLoan[];
}

export type ColumnKind = 'text' | 'money' | 'date' | 'number' | 'percent';
export interface ReportColumn {
  key: string;
  kind: ColumnKind;
}
export type ReportValue = string | number | boolean | null | undefined;
export type ReportRow = Record<string, ReportValue>;

export interface ReportSection {
  titleKey: string;
  columns: ReportColumn[];
  rows: ReportRow[];
  totals?: ReportRow;
}

export interface Report {
  name: string;
  entityCode: string;
  params: Record<string, ReportValue>;
  columns: ReportColumn[];
  rows: ReportRow[];
  totals?: ReportRow;
  sections?: ReportSection[];
}

export interface ReportParams {
  from?: IsoDate;
  to?: IsoDate;
  asOf?: IsoDate;
  memberId?: string;
}

export interface ProblemBody {
  code: string;
  field?: string;
  message: string;
  params?: Record<string, string | number>;
}

export interface ErrorBody {
  code: string;
  message: string;
  field?: string;
  problems?: ProblemBody[];
}

/** Codes the client itself produces (no server answer, or an answer that is not our error shape). */
export const ClientErrorCode = { Network: 'NETWORK', Unknown: 'UNKNOWN', Required: 'REQUIRED' } as const;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly problems: ProblemBody[];
  constructor(status: number, body: ErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.field = body.field;
    this.problems = body.problems ?? [];
  }
}

/** Reads the `{error:{...}}` body of a failed response; anything else becomes UNKNOWN (or UNAUTHENTICATED on 401). */
export function toApiError(status: number, body: unknown): ApiError {
  const error = (body as { error?: unknown } | null)?.error as Partial<ErrorBody> | undefined;
  if (error && typeof error.code === 'string') {
    return new ApiError(status, {
      code: error.code,
      message: typeof error.message === 'string' ? error.message : error.code,
      ...(typeof error.field === 'string' ? { field: error.field } : {}),
      ...(Array.isArray(error.problems) ? { problems: error.problems } : {}),
    });
  }
  const code = status === 401 ? 'UNAUTHENTICATED' : ClientErrorCode.Unknown;
  return new ApiError(status, { code, message: `HTTP ${status}` });
}

/** Called on any 401 from a call other than login, so the app can show the login screen. */
let onUnauthenticated: (() => void) | undefined;
export function setUnauthenticatedHandler(handler: (() => void) | undefined): void {
  onUnauthenticated = handler;
}

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;
let fetchImpl: FetchLike = (input, init) => fetch(input, init);
/** For unit tests only. */
export function setFetch(f: FetchLike): void {
  fetchImpl = f;
}

export function queryString(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export async function request<T>(method: string, path: string, options: { body?: unknown; signal?: AbortSignal | undefined; quiet401?: boolean } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetchImpl(path, {
      method,
      credentials: 'same-origin',
      headers: options.body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (e) {
    if ((e as { name?: string }).name === 'AbortError') throw e;
    throw new ApiError(0, { code: ClientErrorCode.Network, message: String(e) });
  }
  if (response.status === 204) return undefined as T;
  let body: unknown = undefined;
  const text = await response.text();
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  if (!response.ok) {
    const error = toApiError(response.status, body);
    if (response.status === 401 && !options.quiet401) onUnauthenticated?.();
    throw error;
  }
  return body as T;
}

export const enc = (id: Id) => encodeURIComponent(String(id));

export type ListQuery = Record<string, string | number | undefined | null>;
/** A list as a file: the same endpoint and filters with `format=csv|xlsx` (the session cookie goes with the link). */
export function listFileUrl(path: string, format: 'csv' | 'xlsx', query: ListQuery = {}): string {
  return `${path}${queryString({ ...query, format })}`;
}
export type Opt = { signal?: AbortSignal | undefined };

export interface CommandOutcome<R = unknown> {
  status: 'applied' | 'duplicate';
  result: R;
}

export const api = {
  /** Sends one command through the one write door; the id makes a resend safe (crypto.randomUUID per attempt of a form). */
  command: <R = unknown>(type: string, payload: unknown, id: string = crypto.randomUUID(), o: Opt = {}) =>
    request<CommandOutcome<R>>('POST', '/api/commands', { body: { id, type, payload }, ...o }),
  login: (username: string, password: string) =>
    request<{ user: User }>('POST', '/api/auth/login', { body: { username, password }, quiet401: true }),
  logout: () => request<void>('POST', '/api/auth/logout', { quiet401: true }),
  me: (o: Opt = {}) => request<Me>('GET', '/api/me', { signal: o.signal, quiet401: true }),
  node: (id: Id, o: Opt = {}) => request<NodeDetail>('GET', `/api/nodes/${enc(id)}`, o),
  nodes: (parentId?: Id, o: Opt = {}) =>
    request<{ nodes: OrgNode[] }>('GET', `/api/nodes${queryString({ parentId: parentId === undefined ? undefined : String(parentId) })}`, o).then((r) => r.nodes),
  shgs: (nodeId: Id, o: Opt = {}) =>
    request<{ shgs: ShgSummary[] }>('GET', `/api/shgs${queryString({ nodeId: String(nodeId) })}`, o).then((r) => r.shgs),
  shg: (id: Id, o: Opt = {}) => request<{ shg: Shg }>('GET', `/api/shgs/${enc(id)}`, o).then((r) => r.shg),
  members: (shgId: Id, o: Opt = {}) =>
    request<{ members: Member[] }>('GET', `/api/shgs/${enc(shgId)}/members`, o).then((r) => r.members),
  meetings: (shgId: Id, o: Opt = {}) =>
    request<{ meetings: MeetingSummary[] }>('GET', `/api/shgs/${enc(shgId)}/meetings`, o).then((r) => r.meetings),
  meeting: (id: Id, o: Opt = {}) => request<{ meeting: MeetingDetail }>('GET', `/api/meetings/${enc(id)}`, o).then((r) => r.meeting),
  loans: (shgId: Id, o: Opt = {}) => request<Loans>('GET', `/api/shgs/${enc(shgId)}/loans`, o),
  report: (shgId: Id, name: string, params: ReportParams = {}, o: Opt = {}) =>
    request<{ report: Report }>(
      'GET',
      `/api/shgs/${enc(shgId)}/reports/${encodeURIComponent(name)}${queryString({ from: params.from, to: params.to, asOf: params.asOf, memberId: params.memberId })}`,
      o,
    ).then((r) => r.report),
};
