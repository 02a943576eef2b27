import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { freshDatabase, type TestDatabase } from '../testing/database.ts';
import { setServerContext } from '../server-context.ts';
import { registerAllHandlers } from '../commands/registry.ts';
import { buildApp } from '../http/app.ts';
import { generateDemo, type DemoResult } from './generate-demo.ts';

export interface SmallDemo {
  t: TestDatabase;
  app: FastifyInstance;
  result: DemoResult;
  /** GET as the demo's administrator. */
  get(url: string): Promise<{ status: number; body: any }>;
}

/**
 * A small demo (every chapter, a few SHGs) generated once for a test file, with the API signed in as the demo's
 * administrator. Call at the top of the file; the fields are filled before the first test runs.
 */
export function useSmallDemo(options: { seed: number; shgs: number; months: number }, timeoutMs = 240_000): SmallDemo {
  let token = '';
  const demo = {
    async get(url: string) {
      const r = await demo.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
      return { status: r.statusCode, body: r.json() };
    },
  } as SmallDemo;
  beforeAll(async () => {
    setServerContext({ secretKey: randomBytes(32), dataDir: '.tmp' });
    registerAllHandlers();
    demo.t = await freshDatabase();
    demo.result = await generateDemo(demo.t.db, options);
    demo.app = await buildApp({ db: demo.t.db });
    const login = await demo.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'khata-admin', device: { id: 'test-device' } } });
    token = login.json().token;
  }, timeoutMs);
  afterAll(async () => {
    await demo.app?.close();
    await demo.t?.drop();
  });
  return demo;
}
