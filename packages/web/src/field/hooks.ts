import { liveQuery } from 'dexie';
import { createContext, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import { getSyncMeta, fieldDb, type SyncMeta } from './db.ts';
import type { Session } from './model.ts';
import type { EngineState, SyncEngine } from './sync.ts';

/** A Dexie query kept live: re-runs when the tables it read change (a sync, a save in another tab). */
export function useLive<T>(query: () => Promise<T>, deps: readonly unknown[]): { value: T | undefined; error: unknown } {
  const [state, setState] = useState<{ value: T | undefined; error: unknown }>({ value: undefined, error: undefined });
  useEffect(() => {
    const sub = liveQuery(query).subscribe({
      next: (value) => setState({ value, error: undefined }),
      error: (error: unknown) => setState((s) => ({ value: s.value, error })),
    });
    return () => sub.unsubscribe();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return state;
}

export interface OutboxCounts {
  waiting: number;
  applied: number;
  refused: number;
  sync: SyncMeta;
}

export function useOutboxCounts(): OutboxCounts | undefined {
  return useLive(async () => {
    const db = fieldDb();
    const [waiting, applied, refused, sync] = await Promise.all([
      db.outbox.where('state').equals('waiting').count(),
      db.outbox.where('state').equals('applied').count(),
      db.outbox.where('state').equals('refused').count(),
      getSyncMeta(db),
    ]);
    return { waiting, applied, refused, sync };
  }, []).value;
}

export interface FieldContextValue {
  session: Session;
  engine: SyncEngine;
  lock(): void;
  signOut(): Promise<void>;
  /** The token expired: sign in again (same bookkeeper), keeping everything. */
  signInAgain(): void;
  nativeDigits: boolean;
  setNativeDigits(on: boolean): void;
}

export const FieldContext = createContext<FieldContextValue | undefined>(undefined);

export function useField(): FieldContextValue {
  const ctx = useContext(FieldContext);
  if (!ctx) throw new Error('useField outside the field app');
  return ctx;
}

export function useEngineState(engine: SyncEngine): EngineState {
  return useSyncExternalStore(
    (cb) => engine.subscribe(cb),
    () => engine.getState(),
  );
}
