import { existsSync, readdirSync } from 'node:fs';
import { dataDirFrom, openDatabase, type Database } from '@khata/server';
import { addDays } from '@khata/core/dates';
import { todayIn } from '@khata/server/src/business-date.ts';
import {
  DEMO_END_DATE,
  DEMO_LOGINS,
  DEMO_ORGANISATION_CODE,
  generateDemo,
  type DemoLogin,
  type DemoSummary,
} from '@khata/server/src/demo/generate-demo.ts';
import { intFlag, stringFlag, UsageError, type ParsedArgs } from '../args.ts';
import { progressPrinter } from '../progress.ts';

export type { DemoLogin };
export { DEMO_LOGINS };

const LABEL = 'Generating the demo';

/**
 * The demo's year ends yesterday (never before DEMO_END_DATE), so a first start shows groups that are meeting, not
 * groups that stopped weeks ago: the MIS, readiness and PAR "as of today" then read like a working programme.
 * Tests keep the fixed DEMO_END_DATE; the same seed and end date always give the same books.
 */
export function demoEndDate(today: string = todayIn()): string {
  const yesterday = addDays(today, -1);
  return yesterday > DEMO_END_DATE ? yesterday : DEMO_END_DATE;
}

/**
 * On first start, an empty database gets the demo organisation (the default demo, with a progress bar); afterwards
 * the demo's logins are printed again. A database holding any other organisation is left alone (no logins).
 */
export async function ensureDemoData(db: Database, options: { seed: number }): Promise<DemoLogin[]> {
  const organisations = await db.selectFrom('organisation').select(['id', 'code']).execute();
  if (organisations.length === 0) {
    const result = await generateDemo(db, { seed: options.seed, endDate: demoEndDate(), onProgress: progressPrinter(LABEL) });
    return result.logins;
  }
  const demo = organisations.find((o) => o.code === DEMO_ORGANISATION_CODE);
  if (!demo) return [];
  const users = new Set((await db.selectFrom('app_user').select('username').where('organisation_id', '=', demo.id).execute()).map((u) => u.username));
  return DEMO_LOGINS.filter((l) => users.has(l.username));
}

function isEmptyDir(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

export function formatLogins(logins: readonly DemoLogin[]): string {
  return logins.map((l) => `  ${l.username.padEnd(18)} / ${l.password.padEnd(16)} — ${l.description}\n`).join('');
}

function formatSummary(s: DemoSummary): string {
  const n = (x: number) => x.toLocaleString('en-IN');
  return `${n(s.shgs)} SHGs, ${n(s.members)} members, ${n(s.meetings)} meetings, ${n(s.loans)} loans, ${n(s.journalEntries)} journal entries, ${n(s.journalLines)} journal lines`;
}

/** `khata demo --data-dir DIR [--seed N] [--shgs N] [--months N] [--end YYYY-MM-DD]`: a new data directory filled with demo books. */
export async function demoCommand(args: ParsedArgs): Promise<number> {
  const dataDir = dataDirFrom(stringFlag(args, 'data-dir'));
  const seed = intFlag(args, 'seed', 1, 0, 2 ** 31 - 1);
  const shgs = intFlag(args, 'shgs', 20, 1, 1000);
  const months = intFlag(args, 'months', 12, 1, 60);
  const endDate = stringFlag(args, 'end') ?? demoEndDate();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(endDate) || endDate < DEMO_END_DATE) throw new UsageError(`--end must be a date YYYY-MM-DD on or after ${DEMO_END_DATE}`);
  if (!isEmptyDir(dataDir)) {
    throw new UsageError(`${dataDir} already holds data: khata demo only fills a new or empty data directory (choose another --data-dir)`);
  }
  if (process.env.DATABASE_URL) process.stderr.write('DATABASE_URL is ignored: the demo gets its own embedded PostgreSQL in the data directory\n');
  process.stderr.write(`Starting the embedded PostgreSQL in ${dataDir}\n`);
  const database = await openDatabase({ dataDir });
  try {
    const started = performance.now();
    const result = await generateDemo(database.db, { seed, shgs, months, endDate, onProgress: progressPrinter(LABEL) });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(`\nDemo data in ${dataDir} (seed ${seed}, up to ${endDate}, ${seconds} s):\n  ${formatSummary(result.summary)}\n`);
    process.stdout.write('Logins (username / password — role):\n');
    process.stdout.write(formatLogins(result.logins));
    process.stdout.write(`Start Khata on it with: khata start --data-dir ${dataDir}\n`);
  } finally {
    await database.close();
  }
  return 0;
}
