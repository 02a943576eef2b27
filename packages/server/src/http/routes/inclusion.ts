import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { addDays, addMonths, ErrorCode, isoDate, KhataError, problem, uuid } from '@khata/core';
import { INCLUSION_CATEGORIES, MOBILISATION_STATUSES, POVERTY_STATUSES } from '@khata/core/inclusion';
import { DEMAND_STATUSES, REPORT_PERIODS } from '@khata/core/social-action';
import type { Database } from '../../db/pool.ts';
import { authorizeNode } from '../../access.ts';
import { todayIn } from '../../business-date.ts';
import { importHouseholdList } from '../../import/household-list.ts';
import { householdRows, householdTable } from '../../queries/households.ts';
import { rulesInForce } from '../../queries/inclusion-rules.ts';
import { demandRows, demandTable, driveRows, driveTable, observationRows, observationTable } from '../../queries/social-action.ts';
import { coverageReport, coverageTable, poorOutside } from '../../reports/coverage.ts';
import { socialActionReport, socialActionTable } from '../../reports/social-action.ts';
import { PLACE_KINDS } from '../../use-cases/import-households.ts';
import { requireActor } from '../app.ts';
import { listFormat, sendTable } from '../send-table.ts';

const idParams = z.object({ id: uuid });
const asOf = isoDate.optional();
const range = { from: isoDate.optional(), to: isoDate.optional() };

/** Coverage and the register are about the households of villages: a place (a village or above), not an institution. */
function assertPlace(kind: string): void {
  if (!(PLACE_KINDS as readonly string[]).includes(kind)) {
    throw new KhataError(problem(ErrorCode.ValidationFailed, 'id', 'households belong to villages: open a village or a place above it'));
  }
}

/** A range of dates: up to `to` (today by default), from 12 months before it unless given. */
function rangeOf(q: { from?: string | undefined; to?: string | undefined }): { from: string; to: string } {
  const to = q.to ?? todayIn();
  const from = q.from ?? addDays(addMonths(to, -12), 1);
  if (from > to) throw new KhataError(problem(ErrorCode.ValidationFailed, 'from', 'must not be after to'));
  return { from, to };
}

/**
 * Routes: the household register, coverage of the poor, social action and Panchayat demands. Thin: validate, scope
 * through access.ts (a node out of reach is not found), call a query or a report. Every list also comes as CSV or
 * XLSX (`?format=`), with a file name that never carries personal data.
 */
export const inclusionRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/api/nodes/:id/households',
    {
      schema: {
        tags: ['inclusion'],
        params: idParams,
        querystring: z.object({
          asOf,
          status: z.enum(MOBILISATION_STATUSES).optional(),
          povertyStatus: z.enum([...POVERTY_STATUSES, 'poor-or-poorest']).optional(),
          category: z.enum(INCLUSION_CATEGORIES).optional(),
          villageId: uuid.optional(),
          format: listFormat,
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const node = await authorizeNode(db, actor, request.params.id, 'read');
      const { format, asOf: date, ...filters } = request.query;
      const on = date ?? todayIn();
      const { households, truncated } = await householdRows(db, actor.organisationId, node.path, on, filters);
      if (format !== 'json') return sendTable(reply, householdTable(households), format, `households-${node.code}-${on}`);
      return { asOf: on, households, truncated };
    },
  );

  app.post(
    '/api/nodes/:id/households/import',
    {
      schema: {
        tags: ['inclusion'],
        params: idParams,
        body: z.strictObject({
          /** The client's id for this import (a UUID): sending the same file again with it is safe. */
          commandId: uuid,
          /** The CSV or XLSX file, base64. */
          file: z.string().min(1, 'choose a file').max(7_000_000, 'the file is too large (at most about 5 MB)'),
        }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const data = Buffer.from(request.body.file, 'base64');
      if (data.length === 0) throw new KhataError(problem(ErrorCode.ValidationFailed, 'file', 'the file is empty'));
      return importHouseholdList(db, actor, { nodeId: request.params.id, commandId: request.body.commandId, data });
    },
  );

  app.get('/api/nodes/:id/coverage', { schema: { tags: ['inclusion'], params: idParams, querystring: z.object({ asOf, format: listFormat }) } }, async (request, reply) => {
    const actor = requireActor(request);
    const node = await authorizeNode(db, actor, request.params.id, 'read');
    assertPlace(node.kind);
    const report = await coverageReport(db, actor.organisationId, node.path, request.query.asOf ?? todayIn());
    if (request.query.format !== 'json') return sendTable(reply, coverageTable(report), request.query.format, `coverage-${node.code}-${report.asOf}`);
    return { node: { id: node.id, kind: node.kind, name: node.name }, coverage: report };
  });

  app.get('/api/nodes/:id/coverage/outside', { schema: { tags: ['inclusion'], params: idParams, querystring: z.object({ asOf, format: listFormat }) } }, async (request, reply) => {
    const actor = requireActor(request);
    const node = await authorizeNode(db, actor, request.params.id, 'read');
    assertPlace(node.kind);
    const on = request.query.asOf ?? todayIn();
    const { households, truncated } = await poorOutside(db, actor.organisationId, node.path, on);
    if (request.query.format !== 'json') return sendTable(reply, { ...householdTable(households), title: 'Poor households outside SHGs' }, request.query.format, `outside-shgs-${node.code}-${on}`);
    return { asOf: on, households, truncated };
  });

  app.get('/api/social-action/indicators', { schema: { tags: ['social action'], querystring: z.object({ date: isoDate.optional() }) } }, async (request) => {
    const actor = requireActor(request);
    const rules = await rulesInForce(db, actor.organisationId, request.query.date ?? todayIn());
    return { ruleSet: { version: rules.version, label: rules.label, effectiveFrom: rules.effectiveFrom }, indicators: rules.body.socialAction.indicators };
  });

  app.get(
    '/api/nodes/:id/social-action',
    { schema: { tags: ['social action'], params: idParams, querystring: z.object({ ...range, period: z.enum(REPORT_PERIODS).default('month'), format: listFormat }) } },
    async (request, reply) => {
      const actor = requireActor(request);
      const node = await authorizeNode(db, actor, request.params.id, 'read');
      const report = await socialActionReport(db, actor.organisationId, node.path, { ...rangeOf(request.query), period: request.query.period });
      if (request.query.format !== 'json') return sendTable(reply, socialActionTable(report), request.query.format, `social-action-${node.code}-${report.from}-${report.to}`);
      return { node: { id: node.id, kind: node.kind, name: node.name }, report };
    },
  );

  app.get(
    '/api/nodes/:id/social-action/observations',
    { schema: { tags: ['social action'], params: idParams, querystring: z.object({ ...range, driveId: uuid.optional(), format: listFormat }) } },
    async (request, reply) => {
      const actor = requireActor(request);
      const node = await authorizeNode(db, actor, request.params.id, 'read');
      const r = rangeOf(request.query);
      const observations = await observationRows(db, actor.organisationId, node.path, { ...r, driveId: request.query.driveId });
      if (request.query.format !== 'json') return sendTable(reply, observationTable(observations), request.query.format, `observations-${node.code}-${r.from}-${r.to}`);
      return { ...r, observations };
    },
  );

  app.get('/api/nodes/:id/drives', { schema: { tags: ['social action'], params: idParams, querystring: z.object({ ...range, format: listFormat }) } }, async (request, reply) => {
    const actor = requireActor(request);
    const node = await authorizeNode(db, actor, request.params.id, 'read');
    const drives = await driveRows(db, actor.organisationId, node.path, request.query);
    if (request.query.format !== 'json') return sendTable(reply, driveTable(drives), request.query.format, `drives-${node.code}`);
    return { drives };
  });

  app.get(
    '/api/nodes/:id/panchayat-demands',
    {
      schema: {
        tags: ['social action'],
        params: idParams,
        querystring: z.object({ status: z.enum(DEMAND_STATUSES).optional(), planYear: z.string().regex(/^\d{4}-\d{2}$/, 'must be a year such as 2026-27').optional(), format: listFormat }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const node = await authorizeNode(db, actor, request.params.id, 'read');
      const demands = await demandRows(db, actor.organisationId, node.path, request.query);
      if (request.query.format !== 'json') return sendTable(reply, demandTable(demands), request.query.format, `panchayat-demands-${node.code}`);
      return { demands };
    },
  );
};
