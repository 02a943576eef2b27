/**
 * The field app's calls to the server. A phone signs in as a device and gets a bearer token (never the office
 * cookie); every later call carries `Authorization: Bearer <token>`. Failures become ApiError with the server's
 * code, as in the office client.
 */
import { ApiError, ClientErrorCode, toApiError } from '../api.ts';
import type { CommandType, Refusal } from './model.ts';

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;
let fetchImpl: FetchLike = (input, init) => fetch(input, init);
/** For unit tests only. */
export function setFieldFetch(f: FetchLike): void {
  fetchImpl = f;
}

async function call<T>(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: BodyInit; encoding?: string; signal?: AbortSignal } = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined || options.rawBody !== undefined) headers['Content-Type'] = 'application/json';
  if (options.encoding) headers['Content-Encoding'] = options.encoding;
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await fetchImpl(path, {
      method,
      credentials: 'omit',
      cache: 'no-store',
      headers,
      ...(options.rawBody !== undefined ? { body: options.rawBody } : options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (e) {
    throw new ApiError(0, { code: ClientErrorCode.Network, message: String(e) });
  }
  if (response.status === 204) return undefined as T;
  let body: unknown;
  try {
    const text = await response.text();
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) throw toApiError(response.status, body);
  return body as T;
}

export interface DeviceLogin {
  user: { id: string; name: string; language?: string };
  token: string;
  expiresAt: string;
}

export function deviceLogin(username: string, password: string, deviceId: string): Promise<DeviceLogin> {
  return call<DeviceLogin>('POST', '/api/auth/login', { body: { username, password, device: { id: deviceId } } });
}

/** A recorded meeting as the server shows it (GET /api/meetings/:id): what a correction starts from. */
export interface MeetingDetailDto {
  id: string;
  shgId: string;
  date: string;
  status?: string;
  attendance: { memberId: string; status: string }[];
  members: { memberId: string; compulsoryPaise: number; voluntaryPaise: number; withdrawalPaise?: number; repaymentPaise: number; finesPaise: number; disbursedPaise: number }[];
  otherReceipts: { kind: string; amountPaise: number }[];
  expenses: { kind: string; amountPaise: number }[];
  bankDepositPaise: number;
  bankWithdrawalPaise: number;
  cashCountedPaise: number | null;
  decisions?: string[];
}

export function fetchMeeting(token: string, meetingId: string): Promise<MeetingDetailDto> {
  return call<{ meeting: MeetingDetailDto }>('GET', `/api/meetings/${encodeURIComponent(meetingId)}`, { token }).then((r) => r.meeting);
}

export function deviceLogout(token: string): Promise<void> {
  return call<void>('POST', '/api/auth/logout', { token });
}

export interface PushCommand {
  id: string;
  type: CommandType;
  payload: unknown;
  businessDate: string;
  deviceTime: string;
}

export interface PushResult {
  id: string;
  status: 'applied' | 'duplicate' | 'refused';
  serverSeq?: number;
  result?: unknown;
  error?: Refusal;
}

export interface PushResponse {
  /** One answer per command processed, in the order sent; a command without one is sent again. */
  results: PushResult[];
  cursor?: number;
}

export interface PullResponse {
  groups: unknown[];
  removed: string[];
  cursor: number;
  /** The user's roles reach more groups than a device holds: only the first ones came. */
  limited?: boolean;
  /** When the server pages a large first download. */
  more?: boolean;
}

export interface SyncTransport {
  /** `batch`: a number raised on every push this device sends (retries included), kept on the phone. */
  push(commands: PushCommand[], batch: number): Promise<PushResponse>;
  /** `have`: the groups the phone holds (newly assigned ones come whole, unassigned ones come back as removed). */
  pull(cursor: number, have: string[]): Promise<PullResponse>;
}

/** The server took a later batch from this device already (its batch counter was lost, e.g. after sign-out). */
export function staleBatch(error: unknown): { lastBatch: number } | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const p = [...error.problems, { code: error.code, field: error.field, message: error.message }].find(
    (x) => x.field === 'batch' || (x as { params?: { reason?: unknown } }).params?.reason === 'STALE_BATCH',
  ) as { params?: { lastBatch?: unknown } } | undefined;
  if (!p) return null;
  const last = Number(p.params?.lastBatch ?? 0);
  return { lastBatch: Number.isSafeInteger(last) && last > 0 ? last : 0 };
}

/** gzip for the request body where the browser can (CompressionStream): a week's meeting is ~1 KB on 2G. */
async function gzipBody(json: string): Promise<{ body: BodyInit; encoding?: string }> {
  if (typeof CompressionStream === 'undefined' || json.length < 200) return { body: json };
  try {
    const stream = new Blob([json]).stream().pipeThrough(new CompressionStream('gzip'));
    return { body: await new Response(stream).arrayBuffer(), encoding: 'gzip' };
  } catch {
    return { body: json };
  }
}

/** A refusal from an HTTP error body (one command sent alone). */
export function refusalOf(error: ApiError, serverHolds?: unknown): Refusal {
  return {
    code: error.code,
    message: error.message,
    ...(error.field ? { field: error.field } : {}),
    ...(error.problems.length ? { problems: error.problems } : {}),
    ...(serverHolds === undefined ? {} : { serverHolds }),
  };
}

/** Errors worth trying again later: no network, timeouts, the server busy or failing. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  return error.status === 0 || error.status === 408 || error.status === 429 || error.status >= 500;
}

/**
 * The transport over the sync API (gzip both ways). A server without /api/sync/push (older) gets each command
 * through POST /api/commands instead: the same ids, the same idempotency.
 */
export function deviceTransport(token: string, deviceId: string): SyncTransport {
  let pushEndpoint: 'sync' | 'commands' = 'sync';
  const pushOne = async (c: PushCommand): Promise<PushResult> => {
    try {
      const r = await call<{ status: 'applied' | 'duplicate'; serverSeq?: number; result?: unknown }>('POST', '/api/commands', {
        token,
        body: { ...c, deviceId },
      });
      return { id: c.id, status: r.status, ...(r.serverSeq === undefined ? {} : { serverSeq: r.serverSeq }), result: r.result };
    } catch (e) {
      if (e instanceof ApiError && !isTransient(e) && e.status !== 401) return { id: c.id, status: 'refused', error: refusalOf(e) };
      throw e;
    }
  };
  return {
    async push(commands, batch) {
      if (pushEndpoint === 'sync') {
        try {
          const { body, encoding } = await gzipBody(JSON.stringify({ deviceId, batch, commands }));
          return await call<PushResponse>('POST', '/api/sync/push', { token, rawBody: body, ...(encoding ? { encoding } : {}) });
        } catch (e) {
          if (!(e instanceof ApiError && e.status === 404 && e.code === 'NOT_FOUND' && e.field === undefined && /endpoint/i.test(e.message))) throw e;
          pushEndpoint = 'commands';
        }
      }
      const results: PushResult[] = [];
      for (const c of commands) results.push(await pushOne(c));
      return { results };
    },
    pull(cursor, have) {
      const q = new URLSearchParams({ cursor: String(cursor), have: have.join(',') });
      return call<PullResponse>('GET', `/api/sync/pull?${q}`, { token });
    },
  };
}
