import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/pool.ts';

/** Routes: mis (thin: validate, scope through access.ts, call a query or use case). */
export const misRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  void app;
  void db;
};
