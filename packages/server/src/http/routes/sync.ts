import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorCode, KhataError, problem } from '@khata/core';
import type { Database } from '../../db/pool.ts';
import { requireActor } from '../app.ts';
import { pullQuerySchema, pushBodySchema } from '../../sync/protocol.ts';
import { pushCommands } from '../../sync/push.ts';
import { pullChanges } from '../../sync/pull.ts';
import { deflateResponse, inflateRequest } from '../../sync/gzip.ts';
import { messageSenderFromEnv } from '../../messages/sender.ts';
import { startMessageDelivery } from '../../messages/deliver.ts';

/**
 * The field app's sync (src/sync/README.md): push a batch of queued commands, pull the device's groups
 * changed since its cursor. Both take and give gzip. Member receipts queued by a push are delivered in the
 * background by the configured sender (KHATA_MESSAGE_SENDER, every KHATA_MESSAGE_INTERVAL_MS, 10 s by default)
 * once the server listens (tests that only inject requests start no delivery).
 */
export const syncRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.post(
    '/api/sync/push',
    { schema: { tags: ['sync'], body: pushBodySchema }, preParsing: inflateRequest, onSend: deflateResponse },
    async (request) => {
      const actor = requireActor(request);
      if (actor.deviceId && actor.deviceId !== request.body.deviceId) {
        throw new KhataError(problem(ErrorCode.ValidationFailed, 'deviceId', 'is not the device this session was opened on'));
      }
      return pushCommands(db, actor, request.body, {
        onError: (error) => request.log.error({ err: { message: (error as Error).message } }, 'sync push: command left unanswered'),
      });
    },
  );

  app.get('/api/sync/pull', { schema: { tags: ['sync'], querystring: pullQuerySchema }, onSend: deflateResponse }, async (request) => {
    const actor = requireActor(request);
    return pullChanges(db, actor, request.query);
  });

  const sender = messageSenderFromEnv(process.env, app.log);
  if (sender) {
    let delivery: { stop(): Promise<void> } | null = null;
    app.addHook('onListen', async () => {
      delivery = startMessageDelivery(db, sender, { log: app.log, intervalMs: Number(process.env.KHATA_MESSAGE_INTERVAL_MS) || 10_000 });
    });
    app.addHook('onClose', async () => {
      await delivery?.stop();
    });
  }
};
