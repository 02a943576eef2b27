/**
 * The phone's store (IndexedDB through Dexie). One database per phone, holding one bookkeeper's groups:
 * signing out deletes it whole. Writes that carry money (the outbox) use strict durability, so a command the
 * screen has confirmed is on disk even if the phone dies the next second.
 */
import Dexie, { type EntityTable } from 'dexie';
import type { LocalGroup, LogEntry, OutboxCommand, PinRecord, Session } from './model.ts';

export const DB_NAME = 'khata-field';

export interface MetaRow {
  key: string;
  value: unknown;
}

export type FieldDb = Dexie & {
  meta: EntityTable<MetaRow, 'key'>;
  groups: EntityTable<LocalGroup, 'shgId'>;
  outbox: EntityTable<OutboxCommand, 'id'>;
  log: EntityTable<LogEntry, 'seq'>;
};

function open(): FieldDb {
  const db = new Dexie(DB_NAME, { chromeTransactionDurability: 'strict' }) as FieldDb;
  db.version(1).stores({
    meta: 'key',
    groups: 'shgId',
    outbox: 'id, state, shgId, createdAt',
    log: '++seq, at, commandId',
  });
  return db;
}

let current: FieldDb | undefined;
export function fieldDb(): FieldDb {
  current ??= open();
  return current;
}

/** Deletes the whole store (sign-out): groups, outbox, log, session, PIN. */
export async function deleteFieldDb(): Promise<void> {
  const db = fieldDb();
  db.close();
  await Dexie.delete(DB_NAME);
  current = undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Meta values
// ---------------------------------------------------------------------------------------------------------------

export interface SyncMeta {
  cursor: number;
  /** The number of the last push this phone sent (the server takes one device's pushes in increasing order). */
  batch: number;
  /** The server said her roles reach more groups than a phone holds. */
  limited: boolean;
  lastSyncAt: string | null;
  lastAttemptAt: string | null;
  lastError: string | null;
  /** Consecutive failed attempts (backoff grows with it). */
  failures: number;
  nextAttemptAt: number | null;
}

export const EMPTY_SYNC: SyncMeta = { cursor: 0, batch: 0, limited: false, lastSyncAt: null, lastAttemptAt: null, lastError: null, failures: 0, nextAttemptAt: null };

export interface PinFailures {
  count: number;
  lockedUntil: number;
}

export interface MetaValues {
  session: Session;
  pin: PinRecord;
  sync: SyncMeta;
  pinFailures: PinFailures;
  persisted: boolean;
}

export async function getMeta<K extends keyof MetaValues>(key: K, db: FieldDb = fieldDb()): Promise<MetaValues[K] | undefined> {
  const row = await db.meta.get(key);
  return row?.value as MetaValues[K] | undefined;
}

export async function setMeta<K extends keyof MetaValues>(key: K, value: MetaValues[K], db: FieldDb = fieldDb()): Promise<void> {
  await db.meta.put({ key, value });
}

export async function getSyncMeta(db: FieldDb = fieldDb()): Promise<SyncMeta> {
  return { ...EMPTY_SYNC, ...((await getMeta('sync', db)) ?? {}) };
}
