/**
 * Keeps the MIS facts (decision 0010) ready before anyone asks: for every organisation, the facts of every SHG as
 * of today and of the 11 month ends before, computing only the missing and stale ones. Without it the first reader
 * of a district's MIS after a month end (or on a new day) waits while thousands of SHGs are computed; with it the
 * server does that work in the background, a batch at a time.
 */
import { sql } from 'kysely';
import type { Database } from '../db/pool.ts';
import { todayIn } from '../business-date.ts';
import { ensureFacts } from '../queries/mis-facts.ts';
import { seriesDates } from '../queries/mis.ts';

export interface RefreshOutcome {
  organisations: number;
  computed: number;
}

export async function refreshMisFacts(db: Database, options: { today?: string; onOrganisation?: (done: number, total: number, computed: number) => void } = {}): Promise<RefreshOutcome> {
  const today = options.today ?? todayIn();
  const roots = (
    await sql<{ organisation_id: number; path: string }>`
      select organisation_id, path from node where parent_id is null and kind = 'organisation' order by organisation_id`.execute(db)
  ).rows;
  let computed = 0;
  for (const [i, root] of roots.entries()) {
    computed += await ensureFacts(db, root, seriesDates(today), today);
    options.onOrganisation?.(i + 1, roots.length, computed);
  }
  return { organisations: roots.length, computed };
}

export interface Refresher {
  stop(): Promise<void>;
}


/**
 * Runs the refresh soon after start and then every `everyMs` (30 minutes by default), never two at once. A failure
 * is logged as a count-free line and retried at the next turn; it never stops the server.
 */
export function startMisRefresher(db: Database, options: { everyMs?: number; firstAfterMs?: number; log?: (line: string) => void } = {}): Refresher {
  const log = options.log ?? (() => {});
  let running: Promise<void> | undefined;
  let stopped = false;
  const turn = () => {
    if (running || stopped) return;
    const started = Date.now();
    running = refreshMisFacts(db)
      .then((r) => {
        if (r.computed > 0) log(`MIS facts: ${r.computed} computed in ${Date.now() - started} ms`);
      })
      .catch((error: unknown) => {
        if (!stopped) log(`MIS facts refresh failed: ${(error as Error).message}`);
      })
      .finally(() => {
        running = undefined;
      });
  };
  const first = setTimeout(turn, options.firstAfterMs ?? 5_000);
  const every = setInterval(turn, options.everyMs ?? 30 * 60_000);
  first.unref();
  every.unref();
  return {
    // Stopping does not wait for a turn in progress (at district scale it can take minutes): the database closing
    // under it ends it, and what it stored so far stays valid.
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(every);
    },
  };
}
