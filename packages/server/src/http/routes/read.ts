import { sql } from 'kysely';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { isoDate, meetingDemand, uuid } from '@khata/core';
import { loadGroupSnapshot } from '../../use-cases/group-snapshot.ts';
import type { Database } from '../../db/pool.ts';
import { allows, authorizeNode, readablePaths } from '../../access.ts';
import { requireActor } from '../app.ts';
import { listFormat, sendTable } from '../send-table.ts';

/** The amount a request is about: a fund release's amount, a write-off's principal or shortfall. */
function approvalAmountPaise(payload: unknown): number | null {
  const p = payload as { release?: { amountPaise?: number }; principalOutstandingPaise?: number; shortfallPaise?: number } | null;
  return p?.release?.amountPaise ?? p?.principalOutstandingPaise ?? p?.shortfallPaise ?? null;
}
import { getShg, listMembers, listMeetings, getMeeting, listLoans } from '../../queries/shg-queries.ts';

const idParams = z.object({ id: uuid });

export const readRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get('/api/nodes', { schema: { tags: ['tree'], querystring: z.object({ parentId: uuid.optional() }) } }, async (request) => {
    const actor = requireActor(request);
    let q = db
      .selectFrom('node as n')
      .select([
        'n.id',
        'n.parent_id as parentId',
        'n.kind',
        'n.name',
        'n.code',
        'n.nrlm_code as nrlmCode',
        'n.lgd_code as lgdCode',
        sql<number>`(select count(*) from node c where c.parent_id = n.id and c.kind not in ('shg','vo','clf','blf','producer_group'))::int`.as('childCount'),
        sql<number>`(select count(*) from node s where s.path like n.path || '%' and s.kind = 'shg')::int`.as('shgCount'),
      ])
      .where('n.organisation_id', '=', actor.organisationId)
      .where('n.kind', 'not in', ['shg', 'vo', 'clf', 'blf', 'producer_group'])
      .orderBy('n.name');
    if (request.query.parentId) {
      await authorizeNode(db, actor, request.query.parentId, 'read');
      q = q.where('n.parent_id', '=', request.query.parentId);
    } else {
      q = q.where('n.id', 'in', actor.roles.map((r) => r.nodeId));
    }
    return { nodes: await q.execute() };
  });

  app.get('/api/nodes/:id', { schema: { tags: ['tree'], params: idParams } }, async (request) => {
    const actor = requireActor(request);
    const node = await authorizeNode(db, actor, request.params.id, 'read');
    // The way down from the highest node this caller can read, for the breadcrumb.
    const ancestors = await db
      .selectFrom('node')
      .select(['id', 'kind', 'name', 'path'])
      .where('organisation_id', '=', actor.organisationId)
      .where(sql<boolean>`${node.path} like path || '%'`)
      .where('id', '!=', node.id)
      .orderBy(sql`length(path)`)
      .execute();
    return {
      node: { id: node.id, parentId: node.parent_id, kind: node.kind, name: node.name, code: node.code, nrlmCode: node.nrlm_code, lgdCode: node.lgd_code },
      ancestors: ancestors.filter((a) => allows(actor, a.path, 'read')).map(({ id, kind, name }) => ({ id, kind, name })),
    };
  });

  app.get('/api/shgs', { schema: { tags: ['shg'], querystring: z.object({ nodeId: uuid.optional() }) } }, async (request) => {
    const actor = requireActor(request);
    const paths = request.query.nodeId ? [(await authorizeNode(db, actor, request.query.nodeId, 'read')).path] : readablePaths(actor);
    if (paths.length === 0) return { shgs: [] };
    const shgs = await db
      .selectFrom('node as n')
      .innerJoin('shg as s', 's.node_id', 'n.id')
      .innerJoin('node as v', 'v.id', 'n.parent_id')
      .select([
        'n.id',
        'n.code',
        'n.name',
        'n.parent_id as nodeId',
        'v.name as villageName',
        's.formed_on as formedOn',
        's.status',
        's.meeting_frequency as meetingFrequency',
        sql<number>`(select count(*) from member m where m.shg_id = n.id and m.status = 'active')::int`.as('memberCount'),
      ])
      .where('n.organisation_id', '=', actor.organisationId)
      .where((eb) => eb.or(paths.map((p) => eb('n.path', 'like', `${p}%`))))
      .orderBy('n.name')
      .limit(5000)
      .execute();
    return { shgs };
  });

  app.get('/api/shgs/:id', { schema: { tags: ['shg'], params: idParams } }, async (request) => {
    const actor = requireActor(request);
    await authorizeNode(db, actor, request.params.id, 'read');
    return { shg: await getShg(db, request.params.id) };
  });

  app.get('/api/shgs/:id/members', { schema: { tags: ['shg'], params: idParams } }, async (request) => {
    const actor = requireActor(request);
    await authorizeNode(db, actor, request.params.id, 'read');
    return { members: await listMembers(db, request.params.id) };
  });

  app.get('/api/shgs/:id/meetings', { schema: { tags: ['shg'], params: idParams } }, async (request) => {
    const actor = requireActor(request);
    await authorizeNode(db, actor, request.params.id, 'read');
    return { meetings: await listMeetings(db, request.params.id) };
  });

  app.get('/api/shgs/:id/loans', { schema: { tags: ['shg'], params: idParams } }, async (request) => {
    const actor = requireActor(request);
    await authorizeNode(db, actor, request.params.id, 'read');
    return listLoans(db, request.params.id);
  });

  app.get('/api/shgs/:id/demand', { schema: { tags: ['shg'], params: idParams, querystring: z.object({ date: isoDate }) } }, async (request) => {
    const actor = requireActor(request);
    await authorizeNode(db, actor, request.params.id, 'read');
    const group = await db.transaction().execute((tx) => loadGroupSnapshot(tx, request.params.id, { lock: false }));
    return { date: request.query.date, demand: meetingDemand(group.snapshot, request.query.date) };
  });

  app.get('/api/shgs/:id/loan-products', { schema: { tags: ['shg'], params: idParams } }, async (request) => {
    const actor = requireActor(request);
    const node = await authorizeNode(db, actor, request.params.id, 'read');
    // Products defined at this SHG or any node above it.
    const ancestors = node.path.split('/').filter(Boolean);
    const products = await db
      .selectFrom('loan_product')
      .select(['id', 'name', 'terms', 'node_id as nodeId'])
      .where('node_id', 'in', ancestors)
      .where('active', '=', true)
      .orderBy('name')
      .execute();
    return { products };
  });

  // GET /api/nodes/:id/households (the household register) lives with the inclusion routes (routes/inclusion.ts).

  app.get('/api/approvals', { schema: { tags: ['approvals'], querystring: z.object({ status: z.enum(['pending', 'approved', 'rejected']).default('pending'), format: listFormat }) } }, async (request, reply) => {
    const actor = requireActor(request);
    const paths = readablePaths(actor);
    // What a checker sees: requests under her reach, with who asked (by name) — never the member's details.
    const approvals = await db
      .selectFrom('approval_request as a')
      .innerJoin('node as n', 'n.id', 'a.node_id')
      .innerJoin('app_user as u', 'u.id', 'a.requested_by')
      .select(['a.id', 'a.kind', 'a.node_id as nodeId', 'n.name as nodeName', 'n.path', 'a.payload', 'a.status', 'a.requested_at as requestedAt', 'a.requested_by', 'u.name as requestedBy', 'a.decided_at as decidedAt', 'a.decision_note as decisionNote'])
      .where('a.organisation_id', '=', actor.organisationId)
      .where('a.status', '=', request.query.status)
      .where((eb) => (paths.length ? eb.or(paths.map((p) => eb('n.path', 'like', `${p}%`))) : eb.val(false)))
      .orderBy('a.requested_at')
      .limit(500)
      .execute();
    const list = approvals.map(({ path, requested_by, ...a }) => ({
      ...a,
      amountPaise: approvalAmountPaise(a.payload),
      mine: requested_by === actor.userId,
      canDecide: a.status === 'pending' && requested_by !== actor.userId && allows(actor, path, 'approve'),
    }));
    if (request.query.format === 'json') return { approvals: list };
    return sendTable(
      reply,
      {
        title: 'Approvals',
        columns: [
          { key: 'kind', header: 'Request' },
          { key: 'nodeName', header: 'Institution' },
          { key: 'amountPaise', header: 'Amount (Rs)', kind: 'money' },
          { key: 'requestedBy', header: 'Requested by' },
          { key: 'requestedAt', header: 'Requested at' },
          { key: 'status', header: 'Status' },
          { key: 'decidedAt', header: 'Decided at' },
          { key: 'decisionNote', header: 'Note' },
        ],
        rows: list.map((a) => ({ ...a, requestedAt: new Date(a.requestedAt).toISOString(), decidedAt: a.decidedAt ? new Date(a.decidedAt).toISOString() : null })),
      },
      request.query.format,
      `approvals-${request.query.status}`,
    );
  });

  app.get('/api/meetings/:id', { schema: { tags: ['shg'], params: idParams } }, async (request) => {
    const actor = requireActor(request);
    const meeting = await getMeeting(db, request.params.id, async (shgId) => {
      await authorizeNode(db, actor, shgId, 'read');
    });
    return { meeting };
  });
};
