import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { DB } from './schema.ts';

const INT8 = 20;
const DATE = 1082;

/** BIGINT (paise) is parsed explicitly: a safe integer or an error, never a silently rounded float. */
function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError('bigint value outside the safe integer range');
  return n;
}

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8) return parseInt8;
    if (oid === DATE) return (text: string) => text; // business dates stay 'YYYY-MM-DD', no time zone shift
    return pg.types.getTypeParser(oid, format);
  },
} as unknown as pg.CustomTypesConfig;

export function createPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, types });
  pool.on('error', () => {}); // idle client errors (server restart) surface on the next query instead
  return pool;
}

export type Database = Kysely<DB>;

export function createDatabase(pool: pg.Pool): Database {
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}
