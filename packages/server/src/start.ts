import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './http/app.ts';
import { openDatabase, type OpenDatabase } from './open-database.ts';

export interface KhataServer {
  app: FastifyInstance;
  database: OpenDatabase;
  url: string;
  stop(): Promise<void>;
}

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/** Opens the database and serves API and web app on one port. */
export async function startKhata(options: { dataDir: string; databaseUrl?: string; port: number; host?: string; logger?: boolean }): Promise<KhataServer> {
  const database = await openDatabase({ dataDir: options.dataDir, databaseUrl: options.databaseUrl });
  const app = await buildApp({ db: database.db, webDir: WEB_DIST, logger: options.logger ?? false });
  await app.listen({ port: options.port, host: options.host ?? '0.0.0.0' });
  let stopped = false;
  return {
    app,
    database,
    url: `http://localhost:${options.port}`,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await app.close();
      await database.close();
    },
  };
}
