import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { isoDate, uuid } from '@khata/core';
import type { Database } from '../../db/pool.ts';
import { authorizeNode, readablePaths, type Actor } from '../../access.ts';
import { resolvePeriod } from '../../reports/report.ts';
import {
  listProducerGroups,
  loadProducerGroup,
  PG_MOVEMENT_KINDS,
  pgCandidates,
  pgExpenses,
  pgMargin,
  pgMarginTable,
  pgMembersTable,
  pgMovements,
  pgMovementsTable,
  pgPayments,
  pgPaymentsTable,
  pgStatement,
  pgStatementTable,
  pgStockRegister,
  pgStockTable,
  producerGroupDetail,
  producerGroupMembers,
  producerGroupsTable,
} from '../../queries/producer-groups.ts';
import { tableOf } from '../../queries/grain-bank.ts';
import { requireActor } from '../app.ts';
import { listFormat, sendTable } from '../send-table.ts';

const idParams = z.object({ id: uuid });
const period = { from: isoDate.optional(), to: isoDate.optional() };

/**
 * Producer groups: GET /api/producer-groups?nodeId= (those under a node, or in reach), …/commodities?nodeId=&from=&to=
 * (purchases, sales and margin per commodity over every group under a node), and per group: /:id (members with
 * their dues, producer companies, cash and bank), /:id/members, /:id/candidates (SHG members who may join),
 * /:id/stock?from=&to= (stock register per item), /:id/movements?kind=, /:id/payments, /:id/expenses,
 * /:id/statement?from=&to= (per member: supplied, paid, due), /:id/margin?from=&to=. Every list also as
 * ?format=csv|xlsx. Its trial balance, income and expenditure and the other statements of its books come from the
 * generic report route (GET /api/shgs/:id/reports/:name works for any node that keeps books).
 */
export const producerGroupsRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  /** The group after checking it is within the caller's reach (404 otherwise, and for a node that is no group). */
  const readable = async (actor: Actor, id: string) => {
    const node = await authorizeNode(db, actor, id, 'read');
    const group = await loadProducerGroup(db, id);
    return { node, group };
  };

  app.get('/api/producer-groups', { schema: { tags: ['producer-group'], querystring: z.object({ nodeId: uuid.optional(), format: listFormat }) } }, async (request, reply) => {
    const actor = requireActor(request);
    const node = request.query.nodeId ? await authorizeNode(db, actor, request.query.nodeId, 'read') : null;
    const rows = await listProducerGroups(db, actor.organisationId, node ? [node.path] : readablePaths(actor));
    if (request.query.format !== 'json') return sendTable(reply, producerGroupsTable(rows), request.query.format, `producer-groups-${node?.code ?? 'all'}`);
    return { producerGroups: rows };
  });

  app.get('/api/producer-groups/commodities', { schema: { tags: ['producer-group'], querystring: z.object({ nodeId: uuid.optional(), ...period, format: listFormat }) } }, async (request, reply) => {
    const actor = requireActor(request);
    const node = request.query.nodeId ? await authorizeNode(db, actor, request.query.nodeId, 'read') : null;
    const p = resolvePeriod(request.query);
    const rows = await pgMargin(db, actor.organisationId, { paths: node ? [node.path] : readablePaths(actor) }, p);
    if (request.query.format !== 'json') return sendTable(reply, pgMarginTable(rows), request.query.format, `producer-commodities-${node?.code ?? 'all'}-${p.from}-${p.to}`);
    return { ...p, rows };
  });

  app.get('/api/producer-groups/:id', { schema: { tags: ['producer-group'], params: idParams } }, async (request) => {
    await readable(requireActor(request), request.params.id);
    return producerGroupDetail(db, request.params.id);
  });

  app.get('/api/producer-groups/:id/members', { schema: { tags: ['producer-group'], params: idParams, querystring: z.object({ format: listFormat }) } }, async (request, reply) => {
    const { node, group } = await readable(requireActor(request), request.params.id);
    const rows = await producerGroupMembers(db, group.id, group.entityId);
    if (request.query.format !== 'json') return sendTable(reply, pgMembersTable(rows), request.query.format, `producer-group-members-${node.code}`);
    return { members: rows };
  });

  app.get('/api/producer-groups/:id/candidates', { schema: { tags: ['producer-group'], params: idParams } }, async (request) => {
    await readable(requireActor(request), request.params.id);
    return { candidates: await pgCandidates(db, request.params.id) };
  });

  app.get('/api/producer-groups/:id/stock', { schema: { tags: ['producer-group'], params: idParams, querystring: z.object({ ...period, format: listFormat }) } }, async (request, reply) => {
    const { node } = await readable(requireActor(request), request.params.id);
    const { from, to, format } = request.query;
    if (from && to && from > to) resolvePeriod({ from, to });
    const rows = await pgStockRegister(db, request.params.id, { from: from ?? null, to: to ?? null });
    if (format !== 'json') return sendTable(reply, pgStockTable(rows), format, `producer-group-stock-${node.code}`);
    return { from: from ?? null, to: to ?? null, rows };
  });

  app.get(
    '/api/producer-groups/:id/movements',
    { schema: { tags: ['producer-group'], params: idParams, querystring: z.object({ kind: z.enum(PG_MOVEMENT_KINDS).optional(), format: listFormat }) } },
    async (request, reply) => {
      const { node } = await readable(requireActor(request), request.params.id);
      const rows = await pgMovements(db, request.params.id, request.query.kind);
      if (request.query.format !== 'json') return sendTable(reply, pgMovementsTable(rows), request.query.format, `producer-group-${request.query.kind ?? 'movements'}-${node.code}`);
      return { movements: rows };
    },
  );

  app.get('/api/producer-groups/:id/payments', { schema: { tags: ['producer-group'], params: idParams, querystring: z.object({ format: listFormat }) } }, async (request, reply) => {
    const { node } = await readable(requireActor(request), request.params.id);
    const rows = await pgPayments(db, request.params.id);
    if (request.query.format !== 'json') return sendTable(reply, pgPaymentsTable(rows), request.query.format, `producer-group-payments-${node.code}`);
    return { payments: rows };
  });

  app.get('/api/producer-groups/:id/expenses', { schema: { tags: ['producer-group'], params: idParams, querystring: z.object({ format: listFormat }) } }, async (request, reply) => {
    const { node } = await readable(requireActor(request), request.params.id);
    const rows = await pgExpenses(db, request.params.id);
    if (request.query.format !== 'json') {
      return sendTable(reply, tableOf('Expenses', [['id'], ['date', 'date'], ['kind'], ['amountPaise', 'money'], ['paidFrom'], ['note']], rows), request.query.format, `producer-group-expenses-${node.code}`);
    }
    return { expenses: rows };
  });

  app.get('/api/producer-groups/:id/statement', { schema: { tags: ['producer-group'], params: idParams, querystring: z.object({ ...period, format: listFormat }) } }, async (request, reply) => {
    const { node } = await readable(requireActor(request), request.params.id);
    const p = resolvePeriod(request.query);
    const rows = await pgStatement(db, request.params.id, p);
    if (request.query.format !== 'json') return sendTable(reply, pgStatementTable(rows), request.query.format, `producer-group-statement-${node.code}-${p.from}-${p.to}`);
    return { ...p, rows };
  });

  app.get('/api/producer-groups/:id/margin', { schema: { tags: ['producer-group'], params: idParams, querystring: z.object({ ...period, format: listFormat }) } }, async (request, reply) => {
    const actor = requireActor(request);
    const { node } = await readable(actor, request.params.id);
    const p = resolvePeriod(request.query);
    const rows = await pgMargin(db, actor.organisationId, { groupId: request.params.id }, p);
    if (request.query.format !== 'json') return sendTable(reply, pgMarginTable(rows), request.query.format, `producer-group-margin-${node.code}-${p.from}-${p.to}`);
    return { ...p, rows };
  });
};
