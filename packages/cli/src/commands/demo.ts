import { existsSync, readdirSync } from 'node:fs';
import { dataDirFrom, openDatabase, type Database } from '@khata/server';
import {
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
 * On first start, an empty database gets the demo organisation (the default demo, with a progress bar); afterwards
 * the demo's logins are printed again. A database holding any other organisation is left alone (no logins).
 */
export async function ensureDemoData(db: Database, options: { seed: number }): Promise<DemoLogin[]> {
  const organisations = await db.selectFrom('organisation').select(['id', 'code']).execute();
  if (organisations.length === 0) {
    const result = await generateDemo(db, { seed: options.seed, onProgress: progressPrinter(LABEL) });
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

/** `khata demo --data-dir DIR [--seed N] [--shgs N] [--months N]`: a new data directory filled with demo books. */
export async function demoCommand(args: ParsedArgs): Promise<number> {
  const dataDir = dataDirFrom(stringFlag(args, 'data-dir'));
  const seed = intFlag(args, 'seed', 1, 0, 2 ** 31 - 1);
  const shgs = intFlag(args, 'shgs', 20, 1, 1000);
  const months = intFlag(args, 'months', 12, 1, 60);
  if (!isEmptyDir(dataDir)) {
    throw new UsageError(`${dataDir} already holds data: khata demo only fills a new or empty data directory (choose another --data-dir)`);
  }
  if (process.env.DATABASE_URL) process.stderr.write('DATABASE_URL is ignored: the demo gets its own embedded PostgreSQL in the data directory\n');
  process.stderr.write(`Starting the embedded PostgreSQL in ${dataDir}\n`);
  const database = await openDatabase({ dataDir });
  try {
    const started = performance.now();
    const result = await generateDemo(database.db, { seed, shgs, months, onProgress: progressPrinter(LABEL) });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(`\nDemo data in ${dataDir} (seed ${seed}, ${seconds} s):\n  ${formatSummary(result.summary)}\n`);
    process.stdout.write('Logins (username / password — role):\n');
    process.stdout.write(formatLogins(result.logins));
    process.stdout.write(`Start Khata on it with: khata start --data-dir ${dataDir}\n`);
  } finally {
    await database.close();
  }
  return 0;
}
