import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { freshDatabase, type TestDatabase } from '../testing/database.ts';
import { createDatabase, createPool, type Database } from '../db/pool.ts';
import { setServerContext } from '../server-context.ts';
import { registerAllHandlers } from '../commands/registry.ts';
import { buildApp } from '../http/app.ts';
import { createOrganisation } from '../use-cases/create-organisation.ts';
import { prepareWorld, runSeed, type SeedReport, type SimWorld } from './simulation/run-seed.ts';

/**
 * The seeded sync simulation (no browser): many devices against the real server over a network that drops,
 * duplicates, reorders and delays requests and answers, with device restarts. At the end every command the
 * server accepted is applied exactly once, the books balance, devices agree with the server, and nothing in any
 * outbox was lost. KHATA_SIM_SEEDS sets how many seeds (500 by default), KHATA_SIM_SEED runs one (with its trace
 * when KHATA_SIM_TRACE=1), KHATA_SIM_BASE the first seed of the run (random by default, printed).
 */
const FILE = 'packages/server/src/sync/simulation.test.ts';
const one = process.env.KHATA_SIM_SEED ? Number(process.env.KHATA_SIM_SEED) : null;
const count = Number(process.env.KHATA_SIM_SEEDS ?? 500);
const base = Number(process.env.KHATA_SIM_BASE ?? Math.floor(Math.random() * 1_000_000_000));
/** Seeds run side by side (each in its own groups): the database works while Node waits. */
const PARALLEL = Number(process.env.KHATA_SIM_PARALLEL ?? 4);

let t: TestDatabase;
let app: FastifyInstance;
let pool: pg.Pool;
let db: Database;
let world: SimWorld;
beforeAll(async () => {
  t = await freshDatabase();
  // The simulation checks logic, not crash durability: commits need not wait for the disk (visibility and
  // transaction ids are unchanged). A pool of its own, wide enough for the seeds that run side by side.
  const url = new URL(t.url);
  url.searchParams.set('options', '-c synchronous_commit=off');
  pool = createPool(url.toString(), 12);
  db = createDatabase(pool);
  setServerContext({ secretKey: randomBytes(32), dataDir: '.tmp' });
  registerAllHandlers();
  app = await buildApp({ db });
  const org = await createOrganisation(db, { code: 'SIM', name: 'Simulation NGO', admin: { username: 'admin', name: 'Admin', password: 'admin-pass-1' } });
  world = await prepareWorld(app, db, org.rootNodeId);
});
afterAll(async () => {
  await app?.close();
  await db?.destroy();
  await t?.drop();
});

const replay = (seed: number) => `KHATA_SIM_SEED=${seed} KHATA_SIM_TRACE=1 npx vitest run --project server ${FILE}`;

describe('sync simulation', () => {
  it(`keeps every device and the server in agreement (${one !== null ? `seed ${one}` : `${count} seeds`})`, async () => {
    const seeds = one !== null ? [one] : Array.from({ length: count }, (_, i) => base + i);
    if (one === null) console.log(`sync simulation: seeds ${base}..${base + count - 1} (KHATA_SIM_BASE=${base})`);
    const started = Date.now();
    const reports: SeedReport[] = [];
    const failures: Array<{ seed: number; problem: string }> = [];
    let next = 0;
    const worker = async () => {
      while (next < seeds.length) {
        const seed = seeds[next++]!;
        try {
          const trace: string[] = [];
          const r = await runSeed(world, seed, one !== null ? (line) => trace.push(line) : undefined);
          if (one !== null && (process.env.KHATA_SIM_TRACE || r.violations.length)) console.log(trace.join('\n'));
          reports.push(r);
          if (r.violations.length) failures.push({ seed, problem: r.violations.slice(0, 5).join('\n    ') });
        } catch (error) {
          failures.push({ seed, problem: (error as Error).stack ?? String(error) });
        }
      }
    };
    await Promise.all(Array.from({ length: one !== null ? 1 : PARALLEL }, worker));

    const sum = (pick: (r: SeedReport) => number) => reports.reduce((t, r) => t + pick(r), 0);
    const refused: Record<string, number> = {};
    for (const r of reports) for (const [code, n] of Object.entries(r.refused)) refused[code] = (refused[code] ?? 0) + n;
    console.log(
      `sync simulation: ${reports.length} seeds in ${((Date.now() - started) / 1000).toFixed(1)} s; ${sum((r) => r.devices)} devices, ` +
        `${sum((r) => r.meetings)} meetings queued, ${sum((r) => r.accepted)} accepted, refused ${JSON.stringify(refused)}; ` +
        `${sum((r) => r.requests)} requests served, ${sum((r) => r.dropped)} dropped, ${sum((r) => r.duplicated)} duplicated, ` +
        `${sum((r) => r.staleBatches)} stale batches, ${sum((r) => r.restarts)} restarts`,
    );
    if (failures.length) {
      const text = failures.slice(0, 10).map((f) => `seed ${f.seed}:\n    ${f.problem}\n  replay: ${replay(f.seed)}`).join('\n');
      expect.fail(`${failures.length} of ${seeds.length} seeds failed\n${text}`);
    }
    // The simulation must really exercise the hard cases, or it proves little.
    if (one === null && count >= 100) {
      expect(refused.DUPLICATE_MEETING ?? 0).toBeGreaterThan(0);
      expect(refused.INSUFFICIENT_CASH ?? 0).toBeGreaterThan(0);
      expect(sum((r) => r.staleBatches)).toBeGreaterThan(0);
      expect(sum((r) => r.restarts)).toBeGreaterThan(0);
    }
  }, 900_000);
});
