import { existsSync } from 'node:fs';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorCode, KhataError, problem, type Problem } from '@khata/core';
import type { Database } from '../db/pool.ts';
import type { Actor } from '../access.ts';
import { actorFromToken } from '../auth/sessions.ts';
import { statusOf } from './error-status.ts';
import { translateDatabaseError } from '../db/errors.ts';
import { authRoutes } from './routes/auth.ts';
import { commandRoutes } from './routes/commands.ts';
import { readRoutes } from './routes/read.ts';
import { reportRoutes } from './routes/reports.ts';
import { syncRoutes } from './routes/sync.ts';
import { federationRoutes } from './routes/federations.ts';
import { readinessRoutes } from './routes/readiness.ts';
import { bankLinkageRoutes } from './routes/bank-linkage.ts';
import { misRoutes } from './routes/mis.ts';
import { inclusionRoutes } from './routes/inclusion.ts';
import { trainingRoutes } from './routes/training.ts';
import { cadresRoutes } from './routes/cadres.ts';
import { grainBanksRoutes } from './routes/grain-banks.ts';
import { producerGroupsRoutes } from './routes/producer-groups.ts';
import { microBusinessRoutes } from './routes/micro-business.ts';

export const SESSION_COOKIE = 'khata_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionToken: string | null;
  }
}

export interface AppOptions {
  db: Database;
  /** The built web app (packages/web/dist); served at / when present. */
  webDir?: string;
  logger?: boolean;
  /** Where the log lines go instead of stdout (tests read them to prove no personal data is logged). */
  logStream?: { write(line: string): void };
}

function tokenOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || null;
  return request.cookies[SESSION_COOKIE] ?? null;
}

/** The caller, or a 401. Every route that reads or writes data starts here. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new KhataError(problem(ErrorCode.Unauthenticated, undefined, 'sign in first'));
  return request.actor;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  // Logs carry method, route and status only: never bodies, query strings or personal data.
  const app = Fastify({
    logger:
      options.logger || options.logStream
        ? {
            serializers: { req: (r) => ({ method: r.method, url: r.routeOptions?.url ?? r.url.split('?')[0] }), res: (r) => ({ statusCode: r.statusCode }) },
            ...(options.logStream ? { stream: options.logStream } : {}),
          }
        : false,
    bodyLimit: 5 * 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Khata API', version: '0.1.0', description: 'Books and records of Self-Help Groups and their federations. Money is integer paise.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, cookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.decorateRequest('actor', null);
  app.decorateRequest('sessionToken', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const token = tokenOf(request);
    request.sessionToken = token;
    request.actor = token ? await actorFromToken(options.db, token) : null;
  });

  app.setErrorHandler((error, _request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const problems: Problem[] = error.validation.map((v) =>
        problem(ErrorCode.ValidationFailed, v.instancePath.replace(/^\//, '').replace(/\//g, '.') || undefined, v.message ?? 'invalid'),
      );
      return reply.status(400).send({ error: { code: ErrorCode.ValidationFailed, message: problems.map((p) => `${p.field ?? ''}: ${p.message}`).join('; '), field: problems[0]?.field, problems } });
    }
    const translated = translateDatabaseError(error);
    if (translated instanceof KhataError) {
      const first = translated.problems[0];
      return reply.status(statusOf(translated.code)).send({ error: { code: translated.code, message: translated.message, field: first?.field, problems: translated.problems } });
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status < 500) {
      return reply.status(status).send({ error: { code: ErrorCode.ValidationFailed, message: (error as Error).message } });
    }
    app.log.error({ err: { message: (error as Error).message, stack: (error as Error).stack } }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'INTERNAL', message: 'something went wrong; nothing was saved' } });
  });

  app.get('/api/health', { schema: { tags: ['system'] } }, async () => {
    await options.db.selectFrom('organisation').select('id').limit(1).execute();
    return { status: 'ok' };
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(authRoutes, { db: options.db });
  await app.register(commandRoutes, { db: options.db });
  await app.register(readRoutes, { db: options.db });
  await app.register(reportRoutes, { db: options.db });
  await app.register(syncRoutes, { db: options.db });
  await app.register(federationRoutes, { db: options.db });
  await app.register(readinessRoutes, { db: options.db });
  await app.register(bankLinkageRoutes, { db: options.db });
  await app.register(misRoutes, { db: options.db });
  await app.register(inclusionRoutes, { db: options.db });
  await app.register(trainingRoutes, { db: options.db });
  await app.register(cadresRoutes, { db: options.db });
  await app.register(grainBanksRoutes, { db: options.db });
  await app.register(producerGroupsRoutes, { db: options.db });
  await app.register(microBusinessRoutes, { db: options.db });

  if (options.webDir && existsSync(options.webDir)) {
    // Files are looked up per request, so a rebuilt web app is served without restarting.
    await app.register(fastifyStatic, { root: options.webDir });
    app.setNotFoundHandler((request, reply) => {
      if (request.url.startsWith('/api/')) return reply.status(404).send({ error: { code: ErrorCode.NotFound, message: 'no such endpoint' } });
      return reply.sendFile('index.html');
    });
  }
  return app;
}
