import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorCode, isoDate, KhataError, problem, uuid } from '@khata/core';
import type { Database } from '../../db/pool.ts';
import { authorizeNode, readablePaths, type Actor } from '../../access.ts';
import { eventDetail, listEvents, listModules, listTrained } from '../../queries/training-queries.ts';
import { listFormat, sendTable } from '../send-table.ts';
import { requireActor } from '../app.ts';

async function scopePaths(db: Database, actor: Actor, nodeId: string | undefined): Promise<string[]> {
  return nodeId ? [(await authorizeNode(db, actor, nodeId, 'read')).path] : readablePaths(actor);
}

/**
 * Training: GET /api/training/modules, GET /api/training/events (under a node, ?format=csv|xlsx),
 * GET /api/training/events/:id (participants, attendance per day), GET /api/training/trained (who is trained in
 * what). Changes go through POST /api/commands (define-training-module, schedule-training-event,
 * add-training-participants, record-training-attendance, complete-training-event).
 */
export const trainingRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get('/api/training/modules', { schema: { tags: ['training'], querystring: z.object({ format: listFormat }) } }, async (request, reply) => {
    const actor = requireActor(request);
    const modules = await listModules(db, actor.organisationId);
    if (request.query.format !== 'json') {
      return sendTable(
        reply,
        { title: 'Training modules', columns: [{ key: 'code', header: 'code' }, { key: 'name', header: 'name' }, { key: 'requiredDays', header: 'required_days', kind: 'number' }, { key: 'description', header: 'description' }], rows: modules },
        request.query.format,
        'training-modules',
      );
    }
    return { modules };
  });

  app.get(
    '/api/training/events',
    { schema: { tags: ['training'], querystring: z.object({ nodeId: uuid.optional(), from: isoDate.optional(), to: isoDate.optional(), format: listFormat }) } },
    async (request, reply) => {
      const actor = requireActor(request);
      const events = await listEvents(db, actor.organisationId, await scopePaths(db, actor, request.query.nodeId), { from: request.query.from, to: request.query.to });
      if (request.query.format !== 'json') {
        return sendTable(
          reply,
          {
            title: 'Training and events',
            columns: [
              { key: 'title', header: 'title' },
              { key: 'kind', header: 'kind' },
              { key: 'moduleCode', header: 'module' },
              { key: 'startDate', header: 'start_date', kind: 'date' },
              { key: 'endDate', header: 'end_date', kind: 'date' },
              { key: 'place', header: 'place' },
              { key: 'nodeName', header: 'organised_by' },
              { key: 'trainersText', header: 'trainers' },
              { key: 'participants', header: 'participants', kind: 'number' },
              { key: 'completed', header: 'completed', kind: 'number' },
              { key: 'status', header: 'status' },
            ],
            rows: events.map(({ trainers, ...e }) => ({ ...e, trainersText: trainers.join('; ') })),
          },
          request.query.format,
          'training-events',
        );
      }
      return { events };
    },
  );

  app.get('/api/training/events/:id', { schema: { tags: ['training'], params: z.object({ id: uuid }) } }, async (request) => {
    const actor = requireActor(request);
    const nodeId = await db
      .selectFrom('training_event')
      .select('node_id')
      .where('id', '=', request.params.id)
      .where('organisation_id', '=', actor.organisationId)
      .executeTakeFirst()
      .then((r) => r?.node_id ?? null);
    if (!nodeId) throw new KhataError(problem(ErrorCode.NotFound, 'id', 'no such training event'));
    await authorizeNode(db, actor, nodeId, 'read');
    return eventDetail(db, request.params.id);
  });

  app.get('/api/training/trained', { schema: { tags: ['training'], querystring: z.object({ nodeId: uuid.optional(), format: listFormat }) } }, async (request, reply) => {
    const actor = requireActor(request);
    const trained = await listTrained(db, actor.organisationId, await scopePaths(db, actor, request.query.nodeId));
    if (request.query.format !== 'json') {
      return sendTable(
        reply,
        {
          title: 'Trained',
          columns: [
            { key: 'name', header: 'name' },
            { key: 'kind', header: 'kind' },
            { key: 'institutionName', header: 'institution' },
            { key: 'module', header: 'module' },
            { key: 'moduleName', header: 'module_name' },
            { key: 'completedOn', header: 'completed_on', kind: 'date' },
            { key: 'eventTitle', header: 'event' },
          ],
          rows: trained,
        },
        request.query.format,
        'trained',
      );
    }
    return { trained };
  });
};
