import path from 'node:path';
import { rmSync } from 'node:fs';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../db/embedded.ts';
import { createPool } from '../db/pool.ts';
import { migrate } from '../db/migrate.ts';

export const TEMPLATE = 'khata_test_template';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
  }
}

let embedded: EmbeddedDatabase | null = null;
let embeddedDir: string | null = null;

/** One PostgreSQL for the whole run: DATABASE_URL when given (CI runs both ways), else an embedded one. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    // One directory per run: parallel runs (several developers' terminals) must not share a server.
    const dir = path.resolve(`.tmp/test-pg-${process.pid}-${project.name}`);
    rmSync(dir, { recursive: true, force: true });
    embedded = await startEmbeddedDatabase(dir);
    embeddedDir = dir;
    adminUrl = embedded.url;
  }
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE}`);
  await admin.query(`create database ${TEMPLATE}`);
  await admin.end();
  const pool = createPool(withDatabase(adminUrl, TEMPLATE), 2);
  await migrate(pool);
  await pool.end();
  project.provide('adminUrl', adminUrl);
  return async () => {
    // Never let a stuck shutdown hold the run: PostgreSQL gets 20 s for a fast shutdown.
    await Promise.race([embedded?.stop(), new Promise((resolve) => setTimeout(resolve, 20_000).unref())]);
    if (embeddedDir) rmSync(embeddedDir, { recursive: true, force: true });
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
