import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorCode, KhataError, problem, uuid } from '@khata/core';
import type { Database } from '../../db/pool.ts';
import { authorizeNode } from '../../access.ts';
import { requireActor } from '../app.ts';
import { REPORT_NAMES, reportDefinition } from '../../reports/registry.ts';
import { entityOfNodeId } from '../../reports/report.ts';

const params = z.object({ id: uuid, name: z.string().max(60) });

/** Every parameter any report takes, as query strings; each report's own schema then checks what it needs. */
const query = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  asOf: z.string().optional(),
  memberId: z.string().optional(),
  account: z.string().optional(),
  byMonth: z.string().optional(),
});

/** Report routes: GET /api/shgs/:id/reports/:name → { report } (one file per report under reports/). */
export const reportRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/api/shgs/:id/reports/:name',
    {
      schema: {
        tags: ['reports'],
        description: `A report of the group's books: ${REPORT_NAMES.join(', ')}. Money is integer paise, dates YYYY-MM-DD, percentages decimal strings.`,
        params,
        querystring: query,
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await authorizeNode(db, actor, request.params.id, 'read');
      const definition = reportDefinition(request.params.name);
      if (!definition) throw new KhataError(problem(ErrorCode.NotFound, 'name', 'no such report'));
      const given = Object.fromEntries(Object.entries(request.query).filter(([, v]) => v !== undefined && v !== ''));
      const parsed = definition.params.safeParse(given);
      if (!parsed.success) {
        throw new KhataError(
          ...parsed.error.issues.map((i) => problem(ErrorCode.ValidationFailed, i.path.length ? i.path.map(String).join('.') : undefined, i.message)),
        );
      }
      const entityId = await entityOfNodeId(db, request.params.id);
      const report = await definition.run(db, entityId, parsed.data);
      // Reports show members' money: each read is in the audit log (ids and dates only, no names).
      await db
        .insertInto('audit_log')
        .values({
          organisation_id: actor.organisationId,
          user_id: actor.userId,
          action: `read-report:${definition.name}`,
          node_id: request.params.id,
          target_id: typeof given.memberId === 'string' ? given.memberId : null,
          command_id: null,
          detail: JSON.stringify(given),
        })
        .execute();
      return { report };
    },
  );
};
