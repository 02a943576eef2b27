import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../http/app.ts';
import { freshDatabase, type TestDatabase } from './database.ts';
import { setServerContext } from '../server-context.ts';
import { registerAllHandlers } from '../commands/registry.ts';
import { createOrganisation } from '../use-cases/create-organisation.ts';

export interface TestApp {
  t: TestDatabase;
  app: FastifyInstance;
  organisationId: number;
  rootNodeId: string;
  /** Signs in and returns a function that calls the API as that user (bearer token). */
  as(username: string, password: string): Promise<Caller>;
  admin: Caller;
  close(): Promise<void>;
}

export type Caller = {
  get(url: string): Promise<{ status: number; body: any }>;
  /** GET of a file (CSV, XLSX): the status, content type and the bytes as they came. */
  getFile(url: string): Promise<{ status: number; contentType: string; body: Buffer }>;
  post(url: string, body: unknown): Promise<{ status: number; body: any }>;
  command(type: string, payload: unknown, id?: string): Promise<{ status: number; body: any }>;
};

export async function testApp(): Promise<TestApp> {
  const t = await freshDatabase();
  setServerContext({ secretKey: randomBytes(32), dataDir: '.tmp' });
  registerAllHandlers();
  const app = await buildApp({ db: t.db });
  const org = await createOrganisation(t.db, { code: 'TEST', name: 'Test NGO', admin: { username: 'admin', name: 'Admin', password: 'admin-pass-1' } });
  const as = async (username: string, password: string): Promise<Caller> => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password, device: { id: 'test-device' } } });
    if (res.statusCode !== 200) throw new Error(`login failed for ${username}: ${res.body}`);
    const token = res.json().token as string;
    const headers = { authorization: `Bearer ${token}` };
    const call = async (method: 'GET' | 'POST', url: string, payload?: unknown) => {
      const r = await app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
      return { status: r.statusCode, body: r.body ? r.json() : null };
    };
    return {
      get: (url) => call('GET', url),
      getFile: async (url) => {
        const r = await app.inject({ method: 'GET', url, headers });
        return { status: r.statusCode, contentType: String(r.headers['content-type'] ?? ''), body: r.rawPayload };
      },
      post: (url, body) => call('POST', url, body),
      command: (type, payload, id = randomUUID()) => call('POST', '/api/commands', { id, type, payload }),
    };
  };
  const admin = await as('admin', 'admin-pass-1');
  return {
    t,
    app,
    organisationId: org.organisationId,
    rootNodeId: org.rootNodeId,
    as,
    admin,
    close: async () => {
      await app.close();
      await t.drop();
    },
  };
}
