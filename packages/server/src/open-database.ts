import { startEmbeddedDatabase, type EmbeddedDatabase } from './db/embedded.ts';
import { createDatabase, createPool, type Database } from './db/pool.ts';
import { migrate } from './db/migrate.ts';
import { loadSecretKey } from './secrets.ts';
import { setServerContext } from './server-context.ts';
import { registerAllHandlers } from './commands/registry.ts';
import type pg from 'pg';

export interface OpenDatabase {
  db: Database;
  pool: pg.Pool;
  url: string;
  embedded: EmbeddedDatabase | null;
  close(): Promise<void>;
}

/**
 * Opens Khata's database: DATABASE_URL when set, else the embedded PostgreSQL in the data directory (reusing
 * one a running server already started). Applies pending migrations and sets up the process context.
 */
export async function openDatabase(options: { dataDir: string; databaseUrl?: string; log?: (line: string) => void }): Promise<OpenDatabase> {
  const embedded = options.databaseUrl ? null : await startEmbeddedDatabase(options.dataDir, options.log);
  const url = options.databaseUrl ?? embedded!.url;
  const pool = createPool(url, 20);
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end();
    await embedded?.stop();
    throw error;
  }
  setServerContext({ secretKey: loadSecretKey(options.dataDir), dataDir: options.dataDir });
  registerAllHandlers();
  const db = createDatabase(pool);
  let closed = false;
  return {
    db,
    pool,
    url,
    embedded,
    close: async () => {
      if (closed) return;
      closed = true;
      await db.destroy();
      await embedded?.stop();
    },
  };
}
