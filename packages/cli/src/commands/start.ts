import { existsSync, statSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dataDirFrom, startKhata, startMisRefresher } from '@khata/server';
import { intFlag, stringFlag, type ParsedArgs } from '../args.ts';
import { ensureDemoData, formatLogins } from './demo.ts';

const WEB_PACKAGE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the web app when its build is missing or older than its sources (a fresh clone, or after a pull). */
export function ensureWebBuilt(): void {
  const dist = path.join(WEB_PACKAGE, 'dist', 'index.html');
  const sources = ['src', 'sw', 'public', 'index.html', 'vite.config.ts'].map((p) => path.join(WEB_PACKAGE, p)).filter((p) => existsSync(p));
  const newest = Math.max(...sources.map((p) => (statSync(p).isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)));
  if (existsSync(dist) && statSync(dist).mtimeMs >= newest) return;
  process.stderr.write('Building the web app…\n');
  // Always a production build, whoever asks (vitest sets NODE_ENV=test, which would build React for development
  // and leave the service worker unregistered).
  const result = spawnSync('npx', ['vite', 'build', '--mode', 'production', '--logLevel', 'warn'], {
    cwd: WEB_PACKAGE,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error('the web app did not build');
}

export async function startCommand(args: ParsedArgs): Promise<number> {
  const port = intFlag(args, 'port', Number(process.env.PORT ?? 8080), 1, 65535);
  const dataDir = dataDirFrom(stringFlag(args, 'data-dir'));
  ensureWebBuilt();
  process.stderr.write(process.env.DATABASE_URL ? 'Using the PostgreSQL at DATABASE_URL\n' : `Starting the embedded PostgreSQL in ${dataDir}\n`);
  const server = await startKhata({ dataDir, databaseUrl: process.env.DATABASE_URL, port, logger: process.env.KHATA_LOG === '1' });
  const logins = await ensureDemoData(server.database.db, { seed: 1 });
  // The MIS facts of every SHG, kept ready in the background (decision 0010); KHATA_MIS_REFRESH=0 turns it off.
  const refresher = process.env.KHATA_MIS_REFRESH === '0' ? undefined : startMisRefresher(server.database.db, { log: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(`\nKhata is running at ${server.url}  (API docs: ${server.url}/api/docs)\n`);
  if (logins.length) {
    process.stdout.write('Demo logins (username / password — role):\n');
    process.stdout.write(formatLogins(logins));
  }
  process.stdout.write('Press Ctrl-C to stop.\n');
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.stderr.write('\nStopping Khata and its database…\n');
      void refresher?.stop();
      server.stop().then(resolve, resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
