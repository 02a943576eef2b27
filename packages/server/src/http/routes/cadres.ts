import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { CADRE_STATUSES, monthBounds, monthSchema } from '@khata/core/cadres';
import { ErrorCode, isoDate, KhataError, problem, uuid } from '@khata/core';
import type { Database } from '../../db/pool.ts';
import { authorizeNode, readablePaths, type Actor } from '../../access.ts';
import type { Table } from '../../export/table-file.ts';
import { importCadreListFile } from '../../import/cadre-list.ts';
import { cadreDetail, cadreReadable, honorariumFor, honorariumRules, listCadres, reviewFiguresFor } from '../../queries/cadre-queries.ts';
import { cadreTypes, honorariumOwed } from '../../use-cases/cadre-support.ts';
import { listFormat, sendTable } from '../send-table.ts';
import { requireActor } from '../app.ts';

const idParams = z.object({ id: uuid });

/** The subtrees a list covers: the given node (checked) or everything the caller reads. */
async function scopePaths(db: Database, actor: Actor, nodeId: string | undefined): Promise<string[]> {
  return nodeId ? [(await authorizeNode(db, actor, nodeId, 'read')).path] : readablePaths(actor);
}

async function readableCadre(db: Database, actor: Actor, cadreId: string) {
  if (!(await cadreReadable(db, actor.organisationId, readablePaths(actor), cadreId))) throw new KhataError(problem(ErrorCode.NotFound, undefined, 'not found'));
  const row = await db.selectFrom('cadre').selectAll().where('id', '=', cadreId).executeTakeFirstOrThrow();
  return row;
}

export function cadreTable(rows: Awaited<ReturnType<typeof listCadres>>): Table {
  return {
    title: 'Cadres',
    columns: [
      { key: 'name', header: 'name' },
      { key: 'cadreType', header: 'cadre_type' },
      { key: 'status', header: 'status' },
      { key: 'phone', header: 'phone' },
      { key: 'joinedOn', header: 'joined_on', kind: 'date' },
      { key: 'leftOn', header: 'left_on', kind: 'date' },
      { key: 'nodeName', header: 'registered_at' },
      { key: 'shgName', header: 'member_of_shg' },
      { key: 'serves', header: 'serves' },
      { key: 'paidBy', header: 'paid_by' },
      { key: 'owedPaise', header: 'honorarium_owed', kind: 'money' },
    ],
    rows,
  };
}

/**
 * Cadres: GET /api/cadre-types, GET /api/cadres (registry, filters, ?format=csv|xlsx), GET /api/cadres/:id (her
 * page), GET /api/cadres/:id/honorarium-preview, GET /api/cadres/:id/review-figures, GET /api/honorarium-rules,
 * POST /api/nodes/:id/cadres/import (a CSV or XLSX list). Changes go through POST /api/commands (register-cadre,
 * assign-cadre, end-cadre-assignment, change-cadre-status, record-cadre-certification, define-cadre-type,
 * set-honorarium-rule, accrue-honorarium, pay-honorarium, review-cadre, import-cadre-list).
 */
export const cadresRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get('/api/cadre-types', { schema: { tags: ['cadres'] } }, async (request) => {
    const actor = requireActor(request);
    return { types: await cadreTypes(db, actor.organisationId) };
  });

  app.get(
    '/api/cadres',
    {
      schema: {
        tags: ['cadres'],
        description: 'The cadre registry within reach (or under nodeId): registered there, or serving or paid by an institution there.',
        querystring: z.object({
          nodeId: uuid.optional(),
          cadreType: z.string().max(40).optional(),
          status: z.enum(CADRE_STATUSES).optional(),
          institutionId: uuid.optional(),
          format: listFormat,
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { nodeId, cadreType, status, institutionId, format } = request.query;
      const paths = await scopePaths(db, actor, nodeId);
      const cadres = await listCadres(db, { paths, organisationId: actor.organisationId, cadreType, status, institutionId });
      if (format !== 'json') return sendTable(reply, cadreTable(cadres), format, 'cadres');
      return { cadres };
    },
  );

  app.get(
    '/api/cadre-institutions',
    { schema: { tags: ['cadres'], description: 'Institutions under nodeId a cadre can serve or be paid by (SHGs, VOs, CLFs, BLFs, producer groups).', querystring: z.object({ nodeId: uuid }) } },
    async (request) => {
      const actor = requireActor(request);
      const node = await authorizeNode(db, actor, request.query.nodeId, 'read');
      const institutions = await db
        .selectFrom('node')
        .select(['id', 'name', 'code', 'kind'])
        .where('organisation_id', '=', actor.organisationId)
        .where('kind', 'in', ['shg', 'vo', 'clf', 'blf', 'producer_group'])
        .where('path', 'like', `${node.path}%`)
        .orderBy('kind')
        .orderBy('name')
        .limit(5000)
        .execute();
      return { institutions };
    },
  );

  app.get('/api/cadres/:id', { schema: { tags: ['cadres'], params: idParams } }, async (request) => {
    const actor = requireActor(request);
    await readableCadre(db, actor, request.params.id);
    return cadreDetail(db, request.params.id);
  });

  app.get(
    '/api/cadres/:id/honorarium-preview',
    { schema: { tags: ['cadres'], description: 'What accrue-honorarium would post for the month, and what is owed.', params: idParams, querystring: z.object({ payerId: uuid, month: monthSchema }) } },
    async (request) => {
      const actor = requireActor(request);
      const cadre = await readableCadre(db, actor, request.params.id);
      await authorizeNode(db, actor, request.query.payerId, 'read');
      const { rule, computation } = await honorariumFor(db, cadre, request.query.payerId, request.query.month);
      const accrued = await db
        .selectFrom('honorarium_accrual')
        .select(['id', 'amount_paise as amountPaise'])
        .where('cadre_id', '=', cadre.id)
        .where('payer_id', '=', request.query.payerId)
        .where('month', '=', monthBounds(request.query.month).first)
        .executeTakeFirst();
      return { rule, computation, accrued: accrued ?? null, owedPaise: await honorariumOwed(db, cadre.id, request.query.payerId) };
    },
  );

  app.get(
    '/api/cadres/:id/review-figures',
    {
      schema: {
        tags: ['cadres'],
        description: 'The indicators a review by reviewerId would record for the period, computed from the records now.',
        params: idParams,
        querystring: z.object({ reviewerId: uuid, from: isoDate, to: isoDate }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const cadre = await readableCadre(db, actor, request.params.id);
      await authorizeNode(db, actor, request.query.reviewerId, 'read');
      if (request.query.to < request.query.from) throw new KhataError(problem(ErrorCode.ValidationFailed, 'to', 'is before the start of the period'));
      return { figures: await reviewFiguresFor(db, cadre, request.query.reviewerId, request.query.from, request.query.to) };
    },
  );

  app.get(
    '/api/honorarium-rules',
    { schema: { tags: ['cadres'], description: 'Honorarium rules of the payers under nodeId (every version).', querystring: z.object({ nodeId: uuid.optional(), format: listFormat }) } },
    async (request, reply) => {
      const actor = requireActor(request);
      const paths = await scopePaths(db, actor, request.query.nodeId);
      const payers = paths.length
        ? await db
            .selectFrom('node')
            .select(['id', 'name'])
            .where('organisation_id', '=', actor.organisationId)
            .where('kind', 'in', ['shg', 'vo', 'clf', 'blf'])
            .where((eb) => eb.or(paths.map((p) => eb('path', 'like', `${p}%`))))
            .execute()
        : [];
      const nameOf = new Map(payers.map((p) => [p.id, p.name]));
      const rules = (await honorariumRules(db, actor.organisationId, payers.map((p) => p.id))).map((r) => ({ ...r, payerName: nameOf.get(r.payerId) ?? '' }));
      if (request.query.format !== 'json') {
        return sendTable(
          reply,
          {
            title: 'Honorarium rules',
            columns: [
              { key: 'payerName', header: 'payer' },
              { key: 'cadreType', header: 'cadre_type' },
              { key: 'effectiveFrom', header: 'effective_from', kind: 'date' },
              { key: 'fixedMonthlyPaise', header: 'fixed_monthly', kind: 'money' },
              { key: 'perGroupPaise', header: 'per_group', kind: 'money' },
              { key: 'perMeetingPaise', header: 'per_meeting', kind: 'money' },
            ],
            rows: rules,
          },
          request.query.format,
          'honorarium-rules',
        );
      }
      return { rules };
    },
  );

  app.post(
    '/api/nodes/:id/cadres/import',
    {
      schema: {
        tags: ['cadres'],
        description: 'Imports a cadre list (docs/cadre-list.md) at the node, given as a CSV or XLSX file in base64. Every bad cell is reported as "row N, column X"; nothing is written unless every row is right. The same file at the same node is the same command (importing it again changes nothing).',
        params: idParams,
        body: z.strictObject({ file: z.string().min(1, 'choose a file').max(7_000_000, 'the file is too large (at most 5 MB)') }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await authorizeNode(db, actor, request.params.id, 'write');
      const data = Buffer.from(request.body.file, 'base64');
      return importCadreListFile(db, actor, { nodeId: request.params.id, data });
    },
  );
};
