/**
 * Outbox and group operations on the phone's store. The rule for every money-carrying write: the command is in
 * IndexedDB (strict durability, transaction committed) before the screen says "saved".
 */
import { getSyncMeta, fieldDb, setMeta, type FieldDb, type SyncMeta } from './db.ts';
import type { RecordedMeeting } from '@khata/core/meeting';
import type { CommandType, LocalGroup, LogEntry, MeetingReceipt, OutboxCommand, Refusal } from './model.ts';
import type { SyncStore } from './sync.ts';

export function newId(): string {
  return crypto.randomUUID();
}

export interface NewCommand {
  id?: string;
  type: CommandType;
  payload: unknown;
  shgId: string;
  meetingId: string;
  businessDate: string;
  receipt?: MeetingReceipt;
  recorded?: RecordedMeeting;
  replaces?: string;
}

/**
 * Writes a command to the outbox and resolves only once IndexedDB has committed it. When it fixes a refused
 * command, the refused one is marked replaced (and logged) in the same transaction.
 */
export async function enqueueCommand(input: NewCommand, db: FieldDb = fieldDb(), now = Date.now()): Promise<OutboxCommand> {
  const command: OutboxCommand = {
    id: input.id ?? newId(),
    type: input.type,
    payload: input.payload,
    shgId: input.shgId,
    meetingId: input.meetingId,
    businessDate: input.businessDate,
    deviceTime: new Date(now).toISOString(),
    createdAt: now,
    state: 'waiting',
    attempts: 0,
    ...(input.receipt ? { receipt: input.receipt } : {}),
    ...(input.recorded ? { recorded: input.recorded } : {}),
    ...(input.replaces ? { replaces: input.replaces } : {}),
  };
  await db.transaction('rw', db.outbox, db.log, async () => {
    await db.outbox.add(command);
    if (input.replaces) {
      const old = await db.outbox.get(input.replaces);
      if (old) {
        await db.outbox.put({ ...old, state: 'replaced', replacedBy: command.id });
        await db.log.add({ at: new Date(now).toISOString(), kind: 'replaced', commandId: old.id, shgId: old.shgId, reason: command.id, command: old });
      }
    }
  });
  return command;
}

/** Gives up a refused command, with her reason; the command stays in the log with it. */
export async function discardCommand(id: string, reason: string, db: FieldDb = fieldDb(), now = Date.now()): Promise<void> {
  await db.transaction('rw', db.outbox, db.log, async () => {
    const c = await db.outbox.get(id);
    if (!c || c.state !== 'refused') throw new Error('only a refused record can be discarded');
    const discarded: OutboxCommand = { ...c, state: 'discarded', discardReason: reason };
    await db.outbox.put(discarded);
    await db.log.add({ at: new Date(now).toISOString(), kind: 'discarded', commandId: id, shgId: c.shgId, reason, command: discarded });
  });
}

export async function logEntries(db: FieldDb = fieldDb()): Promise<LogEntry[]> {
  return db.log.orderBy('seq').reverse().toArray();
}

/** The Dexie store behind the sync engine. */
export function dexieSyncStore(db: FieldDb = fieldDb()): SyncStore {
  return {
    async waiting() {
      return (await db.outbox.where('state').equals('waiting').toArray()).sort((a, b) => a.createdAt - b.createdAt);
    },
    async applied() {
      return (await db.outbox.where('state').equals('applied').primaryKeys()) as string[];
    },
    async groupIds() {
      return (await db.groups.toCollection().primaryKeys()) as string[];
    },
    async markTried(ids, at) {
      await db.transaction('rw', db.outbox, async () => {
        for (const id of ids) {
          const c = await db.outbox.get(id);
          if (c && c.state === 'waiting') await db.outbox.put({ ...c, attempts: c.attempts + 1, lastTriedAt: at });
        }
      });
    },
    async markApplied(id, answer, at) {
      await db.transaction('rw', db.outbox, async () => {
        const c = await db.outbox.get(id);
        if (!c || (c.state !== 'waiting' && c.state !== 'refused')) return;
        await db.outbox.put({ ...c, state: 'applied', appliedAt: at, ...(answer.serverSeq === undefined ? {} : { serverSeq: answer.serverSeq }), result: answer.result });
      });
    },
    async markRefused(id, refusal: Refusal, at) {
      await db.transaction('rw', db.outbox, db.log, async () => {
        const c = await db.outbox.get(id);
        if (!c || c.state !== 'waiting') return;
        await db.outbox.put({ ...c, state: 'refused', refusal });
        await db.log.add({ at: new Date(at).toISOString(), kind: 'refused', commandId: id, shgId: c.shgId, reason: refusal.code });
      });
    },
    async applyPull(groups, removed, cursor, covered) {
      await db.transaction('rw', db.groups, db.outbox, db.meta, db.log, async () => {
        if (groups.length) await db.groups.bulkPut(groups);
        for (const shgId of removed) {
          await db.groups.delete(shgId);
          await db.log.add({ at: new Date().toISOString(), kind: 'removed-group', shgId });
        }
        for (const id of covered) {
          const c = await db.outbox.get(id);
          if (c && c.state === 'applied') await db.outbox.put({ ...c, state: 'synced' });
        }
        const sync = await getSyncMeta(db);
        await setMeta('sync', { ...sync, cursor }, db);
      });
    },
    getSync: () => getSyncMeta(db),
    async setSync(patch: Partial<SyncMeta>) {
      await db.transaction('rw', db.meta, async () => {
        await setMeta('sync', { ...(await getSyncMeta(db)), ...patch }, db);
      });
    },
  };
}

export async function loadGroup(shgId: string, db: FieldDb = fieldDb()): Promise<LocalGroup | undefined> {
  return db.groups.get(shgId);
}

/** Commands of one group that still count for its books on the phone (not refused, replaced or discarded). */
export async function pendingForGroup(shgId: string, db: FieldDb = fieldDb()): Promise<OutboxCommand[]> {
  const all = await db.outbox.where('shgId').equals(shgId).toArray();
  return all.filter((c) => c.state === 'waiting' || c.state === 'applied').sort((a, b) => a.createdAt - b.createdAt);
}
