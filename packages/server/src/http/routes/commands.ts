import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { isoDate, uuid } from '@khata/core';
import type { Database } from '../../db/pool.ts';
import { applyCommand } from '../../commands/apply-command.ts';
import { requireActor } from '../app.ts';

const envelope = z.object({
  id: uuid,
  type: z.string().min(1).max(60),
  payload: z.unknown(),
  deviceId: z.string().max(100).nullish(),
  businessDate: isoDate.nullish(),
  deviceTime: z.iso.datetime({ offset: true }).nullish(),
});

/**
 * Every write goes through one door: a command with a client-made id. Sending it again is safe (the stored
 * result comes back with status "duplicate"). The command types and their payloads are listed in the docs.
 */
export const commandRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.post('/api/commands', { schema: { tags: ['commands'], body: envelope } }, async (request, reply) => {
    const actor = requireActor(request);
    const outcome = await applyCommand(db, actor, request.body);
    return reply.status(outcome.status === 'applied' ? 201 : 200).send(outcome);
  });
};
