import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorCode, isoDate, KhataError, problem, uuid } from '@khata/core';
import type { Database } from '../../db/pool.ts';
import { authorizeNode, readablePaths } from '../../access.ts';
import { todayIn } from '../../business-date.ts';
import {
  grainBankMembers,
  grainBanksTable,
  grainLoans,
  grainLoansTable,
  grainMovements,
  grainMovementsTable,
  grainRegister,
  grainRegisterTable,
  listGrainBanks,
  loadGrainBank,
} from '../../queries/grain-bank.ts';
import { requireActor } from '../app.ts';
import { listFormat, sendTable } from '../send-table.ts';

const idParams = z.object({ id: uuid });

/**
 * Grain banks: GET /api/grain-banks?nodeId= (those under a node, or in reach), GET /api/grain-banks/:id (the bank,
 * its stock per kind, who may borrow), …/register?from=&to= (stock register per kind), …/loans?asOf=&all= (members'
 * grain loans and what is owed), …/movements. Every list also as ?format=csv|xlsx. Changes are commands
 * (create-grain-bank, receive-grain, lend-grain, repay-grain, record-grain-loss, sell-grain, count-grain).
 */
export const grainBanksRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  /** The bank, after checking its institution is within the caller's reach (404 otherwise). */
  const readable = async (request: { params: { id: string } } & Parameters<typeof requireActor>[0]) => {
    const actor = requireActor(request);
    const row = await db.selectFrom('grain_bank').select(['node_id', 'organisation_id']).where('id', '=', request.params.id).executeTakeFirst();
    if (!row || row.organisation_id !== actor.organisationId) throw new KhataError(problem(ErrorCode.NotFound, undefined, 'not found'));
    const node = await authorizeNode(db, actor, row.node_id, 'read');
    return { actor, node };
  };

  app.get('/api/grain-banks', { schema: { tags: ['grain-bank'], querystring: z.object({ nodeId: uuid.optional(), format: listFormat }) } }, async (request, reply) => {
    const actor = requireActor(request);
    const node = request.query.nodeId ? await authorizeNode(db, actor, request.query.nodeId, 'read') : null;
    const rows = await listGrainBanks(db, actor.organisationId, node ? [node.path] : readablePaths(actor));
    if (request.query.format !== 'json') return sendTable(reply, grainBanksTable(rows), request.query.format, `grain-banks-${node?.code ?? 'all'}`);
    return { grainBanks: rows };
  });

  app.get('/api/grain-banks/:id', { schema: { tags: ['grain-bank'], params: idParams, querystring: z.object({ asOf: isoDate.optional() }) } }, async (request) => {
    await readable(request);
    const asOf = request.query.asOf ?? todayIn();
    const bank = await loadGrainBank(db, request.params.id);
    const [stock, members] = await Promise.all([grainRegister(db, bank.id, { to: asOf }), grainBankMembers(db, bank.institutionId, bank.institutionKind, asOf)]);
    return { grainBank: bank, asOf, stock, members };
  });

  app.get(
    '/api/grain-banks/:id/register',
    { schema: { tags: ['grain-bank'], params: idParams, querystring: z.object({ from: isoDate.optional(), to: isoDate.optional(), format: listFormat }) } },
    async (request, reply) => {
      const { node } = await readable(request);
      const { from, to, format } = request.query;
      if (from && to && from > to) throw new KhataError(problem(ErrorCode.ValidationFailed, 'from', 'must not be after to'));
      const rows = await grainRegister(db, request.params.id, { from: from ?? null, to: to ?? null });
      if (format !== 'json') return sendTable(reply, grainRegisterTable(rows), format, `grain-register-${node.code}`);
      return { from: from ?? null, to: to ?? null, rows };
    },
  );

  app.get(
    '/api/grain-banks/:id/loans',
    { schema: { tags: ['grain-bank'], params: idParams, querystring: z.object({ asOf: isoDate.optional(), all: z.enum(['true', 'false']).optional(), format: listFormat }) } },
    async (request, reply) => {
      const { node } = await readable(request);
      const asOf = request.query.asOf ?? todayIn();
      const rows = await grainLoans(db, request.params.id, { asOf, all: request.query.all === 'true' });
      if (request.query.format !== 'json') return sendTable(reply, grainLoansTable(rows), request.query.format, `grain-loans-${node.code}-${asOf}`);
      return { asOf, loans: rows };
    },
  );

  app.get('/api/grain-banks/:id/movements', { schema: { tags: ['grain-bank'], params: idParams, querystring: z.object({ format: listFormat }) } }, async (request, reply) => {
    const { node } = await readable(request);
    const rows = await grainMovements(db, request.params.id);
    if (request.query.format !== 'json') return sendTable(reply, grainMovementsTable(rows), request.query.format, `grain-movements-${node.code}`);
    return { movements: rows };
  });
};
