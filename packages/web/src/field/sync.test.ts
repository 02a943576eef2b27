import { describe, expect, it } from 'vitest';
import { ApiError } from '../api.ts';
import { EMPTY_SYNC, type SyncMeta } from './db.ts';
import type { LocalGroup, OutboxCommand, Refusal } from './model.ts';
import type { PullResponse, PushCommand, PushResponse, SyncTransport } from './remote.ts';
import { BACKOFF_CAP_MS, backoffDelay, runSync, SyncEngine, type SyncStore } from './sync.ts';

class MemoryStore implements SyncStore {
  outbox = new Map<string, OutboxCommand>();
  groups = new Map<string, LocalGroup>();
  sync: SyncMeta = { ...EMPTY_SYNC };
  add(id: string, createdAt: number, shgId = 'g1') {
    this.outbox.set(id, { id, type: 'record-meeting', payload: { n: id }, shgId, meetingId: id, businessDate: '2026-11-23', deviceTime: 'x', createdAt, state: 'waiting', attempts: 0 });
  }
  async waiting() {
    return [...this.outbox.values()].filter((c) => c.state === 'waiting').sort((a, b) => a.createdAt - b.createdAt);
  }
  async applied() {
    return [...this.outbox.values()].filter((c) => c.state === 'applied').map((c) => c.id);
  }
  async groupIds() {
    return [...this.groups.keys()];
  }
  async markTried(ids: string[], at: number) {
    for (const id of ids) {
      const c = this.outbox.get(id)!;
      this.outbox.set(id, { ...c, attempts: c.attempts + 1, lastTriedAt: at });
    }
  }
  async markApplied(id: string, a: { serverSeq?: number; result?: unknown }) {
    this.outbox.set(id, { ...this.outbox.get(id)!, state: 'applied', ...a });
  }
  async markRefused(id: string, refusal: Refusal) {
    this.outbox.set(id, { ...this.outbox.get(id)!, state: 'refused', refusal });
  }
  async applyPull(groups: LocalGroup[], removed: string[], cursor: number, covered: string[]) {
    for (const g of groups) this.groups.set(g.shgId, g);
    for (const id of removed) this.groups.delete(id);
    for (const id of covered) this.outbox.set(id, { ...this.outbox.get(id)!, state: 'synced' });
    this.sync.cursor = cursor;
  }
  async getSync() {
    return { ...this.sync };
  }
  async setSync(patch: Partial<SyncMeta>) {
    this.sync = { ...this.sync, ...patch };
  }
}

/** A server with idempotency: applies each id once, refuses what `refuse` says, can lose answers or fail. */
class FakeServer implements SyncTransport {
  applied = new Map<string, number>();
  seq = 0;
  pushes: string[][] = [];
  batches: number[] = [];
  lastBatch = 0;
  pulls: number[] = [];
  haves: string[][] = [];
  loseNextAnswer = false;
  down = false;
  refuse = new Set<string>();
  groups: unknown[] = [{ shgId: 'g1', profile: { name: 'Durga SHG' }, members: [], balances: { cashPaise: 100 } }];
  removed: string[] = [];
  async push(commands: PushCommand[], batch: number): Promise<PushResponse> {
    if (this.down) throw new ApiError(0, { code: 'NETWORK', message: 'offline' });
    if (batch <= this.lastBatch) {
      throw new ApiError(409, { code: 'CONFLICT', message: 'stale', field: 'batch', problems: [{ code: 'CONFLICT', field: 'batch', message: 'stale', params: { reason: 'STALE_BATCH', lastBatch: this.lastBatch } }] });
    }
    this.lastBatch = batch;
    this.batches.push(batch);
    this.pushes.push(commands.map((c) => c.id));
    const results = commands.map((c) => {
      if (this.refuse.has(c.id)) return { id: c.id, status: 'refused' as const, error: { code: 'DUPLICATE_MEETING', message: 'dup', serverHolds: { date: '2026-11-23' } } };
      const before = this.applied.get(c.id);
      if (before !== undefined) return { id: c.id, status: 'duplicate' as const, serverSeq: before };
      this.applied.set(c.id, ++this.seq);
      return { id: c.id, status: 'applied' as const, serverSeq: this.seq };
    });
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      throw new ApiError(0, { code: 'NETWORK', message: 'connection reset' });
    }
    return { results, cursor: this.seq };
  }
  async pull(cursor: number, have: string[]): Promise<PullResponse> {
    if (this.down) throw new ApiError(0, { code: 'NETWORK', message: 'offline' });
    this.pulls.push(cursor);
    this.haves.push(have);
    return { groups: this.groups, removed: this.removed, cursor: this.seq + 100 };
  }
}

const clock = () => {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
};

describe('backoff', () => {
  it('grows exponentially with jitter between half and all of the step, capped', () => {
    expect(backoffDelay(0)).toBe(0);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, () => 0))).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, () => 1))).toEqual([2000, 4000, 8000, 16000]);
    expect(backoffDelay(30, () => 1)).toBe(BACKOFF_CAP_MS);
    for (let i = 0; i < 50; i++) {
      const d = backoffDelay(5);
      expect(d).toBeGreaterThanOrEqual(16_000);
      expect(d).toBeLessThanOrEqual(32_000);
    }
  });
});

describe('runSync', () => {
  it('sends waiting commands oldest first in batches, then pulls and marks them synced', async () => {
    const store = new MemoryStore();
    for (let i = 0; i < 12; i++) store.add(`c${String(i).padStart(2, '0')}`, 100 - i);
    const server = new FakeServer();
    const run = await runSync(store, server, clock().now);
    expect(run).toMatchObject({ status: 'ok', sent: 12, applied: 12, refused: 0, groups: 1 });
    expect(server.pushes.map((b) => b.length)).toEqual([10, 2]);
    expect(server.pushes[0]![0]).toBe('c11'); // oldest first
    expect([...store.outbox.values()].every((c) => c.state === 'synced')).toBe(true);
    expect(store.groups.get('g1')?.name).toBe('Durga SHG');
    expect(store.groups.get('g1')?.cashPaise).toBe(100);
    expect(store.sync.cursor).toBe(112);
    expect(server.pulls).toEqual([0]);
    expect(store.sync.lastSyncAt).not.toBeNull();
  });

  it('a lost answer is resent with the same id and the server applies it once', async () => {
    const store = new MemoryStore();
    store.add('a', 1);
    const server = new FakeServer();
    server.loseNextAnswer = true;
    const c = clock();
    const first = await runSync(store, server, c.now, () => 0.5);
    expect(first).toMatchObject({ status: 'failed', error: 'NETWORK' });
    expect(store.outbox.get('a')!.state).toBe('waiting');
    expect(store.sync.failures).toBe(1);
    expect(store.sync.nextAttemptAt).toBe(c.now() + 1500);
    const second = await runSync(store, server, c.now);
    expect(second).toMatchObject({ status: 'ok', applied: 1 });
    expect(server.pushes).toEqual([['a'], ['a']]);
    expect(server.applied.size).toBe(1);
    expect(store.outbox.get('a')!.state).toBe('synced');
    expect(store.outbox.get('a')!.attempts).toBe(2);
    expect(store.sync.failures).toBe(0);
  });

  it('keeps refused commands with the reason and never sends them again by itself', async () => {
    const store = new MemoryStore();
    store.add('ok', 1);
    store.add('dup', 2);
    const server = new FakeServer();
    server.refuse.add('dup');
    await runSync(store, server);
    expect(store.outbox.get('dup')).toMatchObject({ state: 'refused', refusal: { code: 'DUPLICATE_MEETING', serverHolds: { date: '2026-11-23' } } });
    await runSync(store, server);
    expect(server.pushes).toEqual([['ok', 'dup']]);
  });

  it('no network: nothing is dropped, failures back off, no pull', async () => {
    const store = new MemoryStore();
    store.add('a', 1);
    const server = new FakeServer();
    server.down = true;
    for (let i = 0; i < 3; i++) await runSync(store, server, clock().now, () => 1);
    expect(store.sync.failures).toBe(3);
    expect(store.outbox.get('a')!.state).toBe('waiting');
    expect(store.outbox.get('a')!.attempts).toBe(3); // tried each time, kept each time
    expect(server.pulls).toEqual([]);
  });

  it('an expired sign-in stops without counting as a failure', async () => {
    const store = new MemoryStore();
    store.add('a', 1);
    const transport: SyncTransport = {
      push: async () => {
        throw new ApiError(401, { code: 'UNAUTHENTICATED', message: 'sign in' });
      },
      pull: async () => ({ groups: [], removed: [], cursor: 0 }),
    };
    expect(await runSync(store, transport)).toEqual({ status: 'unauthenticated' });
    expect(store.outbox.get('a')!.state).toBe('waiting');
    expect(store.sync.failures).toBe(0);
  });

  it('removes groups she is no longer assigned to', async () => {
    const store = new MemoryStore();
    const server = new FakeServer();
    await runSync(store, server);
    expect(store.groups.has('g1')).toBe(true);
    server.groups = [];
    server.removed = ['g1'];
    await runSync(store, server);
    expect(store.groups.has('g1')).toBe(false);
    expect(server.pulls).toEqual([0, 100]);
    expect(server.haves).toEqual([[], ['g1']]);
  });

  it('numbers every push, retries included, and repairs a counter the phone lost (sign-out, restore)', async () => {
    const store = new MemoryStore();
    const server = new FakeServer();
    store.add('a', 1);
    server.loseNextAnswer = true;
    await runSync(store, server);
    await runSync(store, server);
    expect(server.batches).toEqual([1, 2]);
    expect(store.sync.batch).toBe(2);
    store.sync.batch = 0; // the phone forgot; the server remembers 2
    store.add('b', 2);
    expect(await runSync(store, server)).toMatchObject({ status: 'ok', applied: 1 });
    expect(server.batches).toEqual([1, 2, 3]);
    expect(store.outbox.get('b')!.state).toBe('synced');
  });

  it('a whole batch refused by the server (not a network failure) shows each command with the reason', async () => {
    const store = new MemoryStore();
    store.add('a', 1);
    const transport: SyncTransport = {
      push: async () => {
        throw new ApiError(400, { code: 'VALIDATION_FAILED', message: 'bad envelope', field: 'commands.0.businessDate' });
      },
      pull: async () => ({ groups: [], removed: [], cursor: 5 }),
    };
    expect(await runSync(store, transport)).toMatchObject({ status: 'ok', refused: 1 });
    expect(store.outbox.get('a')!.refusal).toMatchObject({ code: 'VALIDATION_FAILED', field: 'commands.0.businessDate' });
  });
});

describe('SyncEngine', () => {
  it('runs on trigger when online, not when offline, and again once after a run asked for during one', async () => {
    const store = new MemoryStore();
    const server = new FakeServer();
    let online = false;
    const engine = new SyncEngine(store, server, { isOnline: () => online });
    expect(await engine.trigger()).toBeNull();
    online = true;
    store.add('a', 1);
    const p = engine.trigger();
    store.add('b', 2);
    void engine.trigger(); // during the run: one more run after it
    await p;
    await new Promise((r) => setTimeout(r, 0));
    expect(server.applied.size).toBe(2);
    expect(engine.getState()).toMatchObject({ online: true, running: false, needsSignIn: false });
  });

  it('after a failure, tries again when the backoff ends, with the same command id', async () => {
    const store = new MemoryStore();
    const server = new FakeServer();
    server.loseNextAnswer = true;
    store.add('a', 1);
    const engine = new SyncEngine(store, server, { isOnline: () => true, random: () => 0, periodMs: 3_600_000 });
    engine.start();
    await new Promise((r) => setTimeout(r, 1_400)); // first try at start, lost; backoff 1 s; second try
    engine.stop();
    expect(server.pushes).toEqual([['a'], ['a']]);
    expect(server.applied.size).toBe(1);
    expect(store.outbox.get('a')!.state).toBe('synced');
  });
});
