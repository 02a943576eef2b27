import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../db/pool.ts';

/** Report routes: filled in by reports/ (one file per report). */
export const reportRoutes: FastifyPluginAsyncZod<{ db: Database }> = async () => {};
