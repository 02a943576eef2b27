import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorCode, KhataError, isoDate, problem, uuid } from '@khata/core';
import type { Database } from '../../db/pool.ts';
import { authorizeNode } from '../../access.ts';
import { requireActor } from '../app.ts';
import { todayIn } from '../../business-date.ts';
import { consolidatedMis, type MisNode } from '../../queries/mis.ts';
import { MPR_MONTH, nrlmMpr, mprFile } from '../../export/nrlm-mpr.ts';

const idParams = z.object({ id: uuid });
const PLACES = ['organisation', 'state', 'district', 'block', 'cluster', 'village'];

async function placeNode(db: Database, request: Parameters<typeof requireActor>[0], id: string): Promise<MisNode> {
  const actor = requireActor(request);
  const node = await authorizeNode(db, actor, id, 'read');
  if (!PLACES.includes(node.kind)) {
    throw new KhataError(problem(ErrorCode.ValidationFailed, 'id', 'the MIS is for a place of the tree (organisation, state, district, block, cluster or village)'));
  }
  return node;
}

/**
 * Consolidated MIS of a place (the sum of its institutions' own books and records) and the NRLM monthly progress
 * report built from the same figures. Scoped like every read: a node out of reach is not found.
 */
export const misRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/api/nodes/:id/mis',
    {
      schema: {
        tags: ['mis'],
        description: 'Consolidated MIS of a place as of a date (default today): SHGs, members, savings, loans by source, repayment rate and PAR, funds, grades, readiness funnel, 12-month series, breakdown by child.',
        params: idParams,
        querystring: z.object({ asOf: isoDate.optional() }),
      },
    },
    async (request) => {
      const node = await placeNode(db, request, request.params.id);
      return { mis: await consolidatedMis(db, node, request.query.asOf ?? todayIn()) };
    },
  );

  app.get(
    '/api/nodes/:id/mpr',
    {
      schema: {
        tags: ['mis'],
        description: 'NRLM monthly progress report (2013-14 state MPR cells, financial assistance by SHG category) for a month, with the location codes; CSV, XLSX or JSON.',
        params: idParams,
        querystring: z.object({ month: z.string().regex(MPR_MONTH, 'must be a month YYYY-MM'), format: z.enum(['json', 'csv', 'xlsx']).default('json') }),
      },
    },
    async (request, reply) => {
      const node = await placeNode(db, request, request.params.id);
      const mpr = await nrlmMpr(db, node, request.query.month);
      if (request.query.format === 'json') return { mpr };
      const file = await mprFile(mpr, request.query.format);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.name}"`)
        .header('cache-control', 'no-store')
        .send(file.body);
    },
  );
};
