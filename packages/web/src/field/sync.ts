/**
 * The sync engine: sends the outbox, then pulls what changed since the cursor.
 *
 * - Commands go in the order they were written, in small batches, each with the id made on the phone. A command
 *   whose answer is lost is sent again with the same id: the server answers "duplicate" with its stored result,
 *   so nothing is applied twice.
 * - Applied: the server has it; its copy of the group comes with the next pull, and until then the phone keeps
 *   showing its own plan (optimistic). Refused: kept, under "needs attention", never sent again by itself.
 * - Failures (no network, server busy) wait and retry with exponential backoff and jitter; an expired sign-in
 *   stops the engine until she signs in again. Nothing waiting is ever dropped.
 */
import { ApiError } from '../api.ts';
import type { SyncMeta } from './db.ts';
import { groupFromPull, type LocalGroup, type OutboxCommand, type Refusal } from './model.ts';
import { isTransient, staleBatch, type PushCommand, type PushResponse, type SyncTransport } from './remote.ts';

export const BATCH_SIZE = 10;
export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_CAP_MS = 5 * 60_000;
export const PERIOD_MS = 60_000;

/**
 * Delay before the next attempt after `failures` failures in a row: exponential (2 s, 4 s, 8 s … capped at
 * 5 minutes) with "equal jitter" (half fixed, half random), so phones that lost the network together do not all
 * come back in the same second.
 */
export function backoffDelay(failures: number, random: () => number = Math.random): number {
  if (failures <= 0) return 0;
  const exp = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(failures - 1, 20));
  return Math.round(exp / 2 + random() * (exp / 2));
}

/** What the engine needs from the phone's store (Dexie in the app, memory in tests). */
export interface SyncStore {
  /** Waiting commands, oldest first. */
  waiting(): Promise<OutboxCommand[]>;
  /** Ids of commands the server accepted whose group has not come back yet. */
  applied(): Promise<string[]>;
  /** The groups the phone holds. */
  groupIds(): Promise<string[]>;
  markTried(ids: string[], at: number): Promise<void>;
  markApplied(id: string, answer: { serverSeq?: number; result?: unknown }, at: number): Promise<void>;
  markRefused(id: string, refusal: Refusal, at: number): Promise<void>;
  /** One transaction: replace the groups sent, delete the removed ones, mark `covered` synced, move the cursor. */
  applyPull(groups: LocalGroup[], removed: string[], cursor: number, covered: string[]): Promise<void>;
  getSync(): Promise<SyncMeta>;
  setSync(patch: Partial<SyncMeta>): Promise<void>;
}

export type SyncRun =
  | { status: 'ok'; sent: number; applied: number; refused: number; groups: number; removed: number }
  | { status: 'failed'; error: string; transient: true }
  | { status: 'unauthenticated' };

const toPush = (c: OutboxCommand): PushCommand => ({ id: c.id, type: c.type, payload: c.payload, businessDate: c.businessDate, deviceTime: c.deviceTime });

function errorCode(e: unknown): string {
  return e instanceof ApiError ? e.code : 'UNKNOWN';
}

/** One full attempt: push everything waiting, then pull. Records the outcome (and the backoff) in the store. */
export async function runSync(store: SyncStore, transport: SyncTransport, now: () => number = Date.now, random: () => number = Math.random): Promise<SyncRun> {
  const started = now();
  await store.setSync({ lastAttemptAt: new Date(started).toISOString() });
  let applied = 0;
  let refused = 0;
  let sent = 0;
  const fail = async (e: unknown): Promise<SyncRun> => {
    if (e instanceof ApiError && e.status === 401) {
      await store.setSync({ lastError: 'UNAUTHENTICATED', nextAttemptAt: null });
      return { status: 'unauthenticated' };
    }
    const meta = await store.getSync();
    const failures = meta.failures + 1;
    await store.setSync({ failures, lastError: errorCode(e), nextAttemptAt: now() + backoffDelay(failures, random) });
    return { status: 'failed', error: errorCode(e), transient: true };
  };

  /** Sends with the next batch number, written down before it leaves; a lost counter is repaired from the server's answer. */
  const push = async (commands: PushCommand[]): Promise<PushResponse> => {
    for (let attempt = 0; ; attempt++) {
      const batchNo = (await store.getSync()).batch + 1;
      await store.setSync({ batch: batchNo });
      try {
        return await transport.push(commands, batchNo);
      } catch (e) {
        const stale = staleBatch(e);
        if (!stale || attempt > 0) throw e;
        await store.setSync({ batch: Math.max(stale.lastBatch, batchNo) });
      }
    }
  };

  try {
    const waiting = await store.waiting();
    for (let i = 0; i < waiting.length; i += BATCH_SIZE) {
      const batch = waiting.slice(i, i + BATCH_SIZE);
      await store.markTried(batch.map((c) => c.id), now());
      let response: PushResponse;
      try {
        response = await push(batch.map(toPush));
      } catch (e) {
        if (isTransient(e) || (e instanceof ApiError && e.status === 401) || staleBatch(e)) throw e;
        // The server refused the whole batch (not one command): each command is shown with that reason.
        const error = e instanceof ApiError ? e : undefined;
        for (const c of batch) {
          await store.markRefused(c.id, { code: error?.code ?? 'UNKNOWN', message: error?.message ?? String(e), ...(error?.field ? { field: error.field } : {}), ...(error?.problems.length ? { problems: error.problems } : {}) }, now());
          refused++;
        }
        continue;
      }
      sent += batch.length;
      const byId = new Map(response.results.map((r) => [r.id, r]));
      for (const c of batch) {
        const r = byId.get(c.id);
        if (!r) continue; // no answer for it: still waiting, sent again next time with the same id
        if (r.status === 'applied' || r.status === 'duplicate') {
          await store.markApplied(c.id, { ...(r.serverSeq === undefined ? {} : { serverSeq: r.serverSeq }), result: r.result }, now());
          applied++;
        } else {
          await store.markRefused(c.id, r.error ?? { code: 'UNKNOWN', message: 'refused' }, now());
          refused++;
        }
      }
    }

    // Everything the server accepted before this pull started is in what it sends back.
    const covered = await store.applied();
    let cursor = (await store.getSync()).cursor;
    const have = await store.groupIds();
    const pulledAt = new Date(now()).toISOString();
    let groups = 0;
    let removedCount = 0;
    for (let page = 0; page < 50; page++) {
      const pulled = await transport.pull(cursor, have);
      const next = typeof pulled.cursor === 'number' ? pulled.cursor : cursor;
      const list = (pulled.groups ?? []).map((g) => groupFromPull(g, pulledAt)).filter((g) => g.shgId !== '');
      const removed = (pulled.removed ?? []).map(String);
      await store.applyPull(list, removed, next, page === 0 ? covered : []);
      groups += list.length;
      removedCount += removed.length;
      cursor = next;
      if (page === 0) await store.setSync({ limited: pulled.limited === true });
      if (!pulled.more) break;
    }
    await store.setSync({ failures: 0, lastError: null, nextAttemptAt: null, lastSyncAt: new Date(now()).toISOString() });
    return { status: 'ok', sent, applied, refused, groups, removed: removedCount };
  } catch (e) {
    return fail(e);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The engine in the app: when to try
// ---------------------------------------------------------------------------------------------------------------

export interface EngineState {
  online: boolean;
  running: boolean;
  needsSignIn: boolean;
  lastRun: SyncRun | null;
}

export interface EngineOptions {
  periodMs?: number;
  now?: () => number;
  random?: () => number;
  /** Serialises runs across tabs (navigator.locks) when available. */
  lock?: <T>(fn: () => Promise<T>) => Promise<T>;
  isOnline?: () => boolean;
}

/**
 * Tries when the phone comes online ('online' event), every minute while online (unless backing off), right
 * after a meeting is saved, and when she taps "Sync now". One run at a time; a request during a run runs once more after it.
 */
export class SyncEngine {
  private state: EngineState;
  private listeners = new Set<(s: EngineState) => void>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<SyncRun | null> | null = null;
  private again = false;
  private readonly opts: Required<Omit<EngineOptions, 'lock'>> & Pick<EngineOptions, 'lock'>;

  constructor(
    private readonly store: SyncStore,
    private readonly transport: SyncTransport,
    options: EngineOptions = {},
  ) {
    this.opts = {
      periodMs: options.periodMs ?? PERIOD_MS,
      now: options.now ?? Date.now,
      random: options.random ?? Math.random,
      isOnline: options.isOnline ?? (() => (typeof navigator === 'undefined' ? true : navigator.onLine)),
      lock: options.lock,
    };
    this.state = { online: this.opts.isOnline(), running: false, needsSignIn: false, lastRun: null };
  }

  private readonly onOnline = () => {
    this.set({ online: true });
    void this.store.setSync({ nextAttemptAt: null, failures: 0 }).then(() => this.trigger());
  };
  private readonly onOffline = () => this.set({ online: false });

  start(): void {
    this.stopped = false;
    if (typeof window !== 'undefined') {
      window.addEventListener('online', this.onOnline);
      window.addEventListener('offline', this.onOffline);
    }
    this.timer = setInterval(() => void this.tick(), Math.min(this.opts.periodMs, 15_000));
    void this.trigger();
  }

  stop(): void {
    if (typeof window !== 'undefined') {
      window.removeEventListener('online', this.onOnline);
      window.removeEventListener('offline', this.onOffline);
    }
    if (this.timer) clearInterval(this.timer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.timer = undefined;
    this.retryTimer = undefined;
    this.stopped = true;
  }
  private stopped = false;

  /** After a failure: one more try exactly when the backoff ends (the periodic tick is only a safety net). */
  private async scheduleRetry(): Promise<void> {
    const meta = await this.store.getSync();
    if (this.stopped || meta.nextAttemptAt === null) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.tick(), Math.max(0, meta.nextAttemptAt - this.opts.now()) + 50);
  }

  getState(): EngineState {
    return this.state;
  }

  subscribe(listener: (s: EngineState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(patch: Partial<EngineState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l(this.state);
  }

  private lastPeriodic = 0;
  /** The timer: a run when the backoff allows it, or once a period. */
  private async tick(): Promise<void> {
    const online = this.opts.isOnline();
    if (online !== this.state.online) this.set({ online });
    if (!online || this.state.needsSignIn || this.running) return;
    const meta = await this.store.getSync();
    const now = this.opts.now();
    if (meta.nextAttemptAt !== null) {
      if (now >= meta.nextAttemptAt) void this.trigger();
      return;
    }
    if (now - this.lastPeriodic >= this.opts.periodMs) void this.trigger();
  }

  /** Asks for a run now (after a save, "Sync now", coming online). Ignored while offline or signed out. */
  async trigger(options: { force?: boolean } = {}): Promise<SyncRun | null> {
    const online = this.opts.isOnline();
    if (online !== this.state.online) this.set({ online });
    if ((!online && !options.force) || this.state.needsSignIn) return null;
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      this.set({ running: true });
      let run: SyncRun | null = null;
      try {
        do {
          this.again = false;
          this.lastPeriodic = this.opts.now();
          const once = () => runSync(this.store, this.transport, this.opts.now, this.opts.random);
          run = this.opts.lock ? await this.opts.lock(once) : await once();
          this.set({ lastRun: run, needsSignIn: run.status === 'unauthenticated' });
        } while (this.again && run.status === 'ok');
      } finally {
        this.running = null;
        this.set({ running: false });
      }
      if (run?.status === 'failed') void this.scheduleRetry();
      return run;
    })();
    return this.running;
  }

  /** After signing in again. */
  resume(): void {
    this.set({ needsSignIn: false });
    void this.trigger();
  }
}
