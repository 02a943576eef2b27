import { sql } from 'kysely';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorCode, KhataError, problem, uuid } from '@khata/core';
import { addMonthsTo, yearMonth } from '@khata/core/business-plan';
import type { Database } from '../../db/pool.ts';
import { allows, authorizeNode, readablePaths } from '../../access.ts';
import { todayIn } from '../../business-date.ts';
import { listFormat, sendTable } from '../send-table.ts';
import { requireActor } from '../app.ts';
import { logCaseRead, programmeRolesOf, requireAssignedCase, requirePartnerReader, requirePartnerRunner } from '../../micro-business/need-to-know.ts';
import { caseRecord, myCases, partnerCases, partnerWorkers, visiblePartners } from '../../micro-business/queries.ts';
import { programmeReport, programmeReportTable } from '../../micro-business/report.ts';

const idParams = z.object({ id: uuid });
const formatQuery = z.object({ format: listFormat });

/**
 * The micro-business programme (survivors of trafficking). Need-to-know (micro-business/need-to-know.ts): a case
 * is read only by a user assigned to it, every read is in the audit log, and case data is never in a URL (ids
 * only), a log line, an error message or a field device's pull. Writes go through POST /api/commands.
 *
 *   GET /api/micro-business/access                  the caller's programme roles and whether she has cases
 *   GET /api/micro-business/partners[?nodeId]       partners in reach (no case data)
 *   GET /api/micro-business/cases                   my cases (assigned to me today), with her name on screen only
 *   GET /api/micro-business/cases/:id               one case, whole (assigned users only; audited)
 *   GET /api/micro-business/partners/:id/cases      case codes, status and assigned workers, for those who assign
 *   GET /api/micro-business/partners/:id/workers    the partner's case workers and managers
 *   GET /api/micro-business/partners/:id/users      the organisation's active users, to grant a programme role to
 *   GET /api/micro-business/report?nodeId|partnerId&month   aggregate counts, small cells "<11"
 */
export const microBusinessRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get('/api/micro-business/access', { schema: { tags: ['micro-business'] } }, async (request) => {
    const actor = requireActor(request);
    const roles = await programmeRolesOf(db, actor);
    const mine = await myCasesCount(db, actor.userId);
    const partners = await visiblePartners(db, actor, readablePaths(actor), roles.map((r) => r.partnerId));
    const nodes = await db.selectFrom('node').select(['id', 'path']).where('id', 'in', partners.length ? partners.map((p) => p.nodeId) : ['00000000-0000-0000-0000-000000000000']).execute();
    const runs = partners
      .filter((p) => roles.some((r) => r.partnerId === p.id && r.role === 'programme-manager') || allows(actor, nodes.find((n) => n.id === p.nodeId)?.path ?? '\u0000', 'administer'))
      .map((p) => ({ partnerId: p.id, name: p.name, currency: p.currency }));
    return {
      roles: roles.map((r) => ({ ...r, partnerName: partners.find((p) => p.id === r.partnerId)?.name ?? '' })),
      assignedCases: mine,
      runs,
      /** Whether to show the programme's screens at all (the top bar's "Cases" link): assigned cases, a programme role, or running a partner's programme as its node's administrator. */
      showCases: mine > 0 || roles.length > 0 || runs.length > 0,
    };
  });

  app.get('/api/micro-business/partners', { schema: { tags: ['micro-business'], querystring: z.object({ nodeId: uuid.optional(), format: listFormat }) } }, async (request, reply) => {
    const actor = requireActor(request);
    const roles = await programmeRolesOf(db, actor);
    const paths = request.query.nodeId ? [(await authorizeNode(db, actor, request.query.nodeId, 'read')).path] : readablePaths(actor);
    const partners = await visiblePartners(db, actor, paths, request.query.nodeId ? [] : roles.map((r) => r.partnerId));
    if (request.query.format !== 'json') {
      const table = {
        title: 'Programme partners',
        columns: [
          { key: 'name', header: 'Partner' },
          { key: 'code', header: 'Code' },
          { key: 'country', header: 'Country' },
          { key: 'currency', header: 'Currency' },
          { key: 'nodeName', header: 'Where' },
        ],
        rows: partners.map((p) => ({ ...p })),
      };
      return sendTable(reply, table, request.query.format, 'programme-partners');
    }
    return { partners };
  });

  app.get('/api/micro-business/cases', { schema: { tags: ['micro-business'], querystring: formatQuery } }, async (request, reply) => {
    const actor = requireActor(request);
    const cases = await myCases(db, actor);
    if (request.query.format !== 'json') {
      // A file leaves the system: it carries case codes, never her name.
      await logCaseRead(db, actor, cases.map((c) => c.id), 'export-case-list');
      const table = {
        title: 'My cases',
        columns: [
          { key: 'code', header: 'Case' },
          { key: 'status', header: 'Status' },
          { key: 'openedOn', header: 'Opened on', kind: 'date' as const },
          { key: 'businessKind', header: 'Business' },
          { key: 'partnerName', header: 'Partner' },
          { key: 'lastVisitOn', header: 'Last visit', kind: 'date' as const },
          { key: 'nextVisitOn', header: 'Next visit', kind: 'date' as const },
        ],
        rows: cases.map(({ participantName: _n, ...c }) => c),
      };
      return sendTable(reply, table, request.query.format, 'my-cases');
    }
    await logCaseRead(db, actor, cases.map((c) => c.id), 'read-case-list');
    return { cases };
  });

  app.get('/api/micro-business/cases/:id', { schema: { tags: ['micro-business'], params: idParams } }, async (request) => {
    const actor = requireActor(request);
    const c = await requireAssignedCase(db, actor, request.params.id);
    const record = await caseRecord(db, c);
    await logCaseRead(db, actor, [c.id], 'read-case', c.partner.node_id);
    return record;
  });

  app.get('/api/micro-business/partners/:id/cases', { schema: { tags: ['micro-business'], params: idParams, querystring: formatQuery } }, async (request, reply) => {
    const actor = requireActor(request);
    const partner = await requirePartnerRunner(db, actor, request.params.id);
    const cases = await partnerCases(db, partner.id);
    await db
      .insertInto('audit_log')
      .values({ organisation_id: actor.organisationId, user_id: actor.userId, action: 'read-case-metadata', node_id: partner.node_id, target_id: partner.id, command_id: null, detail: JSON.stringify({ cases: cases.length }) })
      .execute();
    if (request.query.format !== 'json') {
      const table = {
        title: 'Cases',
        columns: [
          { key: 'code', header: 'Case' },
          { key: 'status', header: 'Status' },
          { key: 'openedOn', header: 'Opened on', kind: 'date' as const },
          { key: 'closedOn', header: 'Closed on', kind: 'date' as const },
          { key: 'caseWorkers', header: 'Case workers now' },
        ],
        rows: cases.map(({ assignments: _a, ...c }) => ({ ...c, caseWorkers: _a.filter((a) => a.to === null || a.to >= todayIn()).map((a) => a.userName).join('; ') })),
      };
      return sendTable(reply, table, request.query.format, `cases-${partner.code}`);
    }
    return { partner: { id: partner.id, name: partner.name, code: partner.code, currency: partner.currency }, cases };
  });

  app.get('/api/micro-business/partners/:id/workers', { schema: { tags: ['micro-business'], params: idParams, querystring: formatQuery } }, async (request, reply) => {
    const actor = requireActor(request);
    const partner = await requirePartnerRunner(db, actor, request.params.id);
    const workers = await partnerWorkers(db, partner.id);
    if (request.query.format !== 'json') {
      const table = {
        title: 'Programme people',
        columns: [
          { key: 'name', header: 'Name' },
          { key: 'role', header: 'Role' },
          { key: 'from', header: 'From', kind: 'date' as const },
          { key: 'to', header: 'To', kind: 'date' as const },
          { key: 'openCases', header: 'Open cases', kind: 'number' as const },
        ],
        rows: workers,
      };
      return sendTable(reply, table, request.query.format, `programme-people-${partner.code}`);
    }
    return { workers };
  });

  // The organisation's active users, to give one of them a programme role (staff names only: no case data).
  app.get('/api/micro-business/partners/:id/users', { schema: { tags: ['micro-business'], params: idParams } }, async (request) => {
    const actor = requireActor(request);
    await requirePartnerRunner(db, actor, request.params.id);
    const users = await db
      .selectFrom('app_user')
      .select(['id', 'name', 'username'])
      .where('organisation_id', '=', actor.organisationId)
      .where('active', '=', true)
      .orderBy('name')
      .orderBy('username')
      .limit(5000)
      .execute();
    return { users };
  });

  app.get(
    '/api/micro-business/report',
    { schema: { tags: ['micro-business'], querystring: z.object({ nodeId: uuid.optional(), partnerId: uuid.optional(), month: yearMonth.optional(), format: listFormat }) } },
    async (request, reply) => {
      const actor = requireActor(request);
      const { nodeId, partnerId, format } = request.query;
      const month = request.query.month ?? addMonthsTo(todayIn().slice(0, 7), -1);
      let partners;
      if (partnerId) {
        const p = await requirePartnerReader(db, actor, partnerId);
        partners = await visiblePartners(db, actor, [], [p.id]);
      } else if (nodeId) {
        const node = await authorizeNode(db, actor, nodeId, 'read');
        partners = await visiblePartners(db, actor, [node.path], []);
      } else {
        throw new KhataError(problem(ErrorCode.ValidationFailed, 'nodeId', 'give a node or a partner'));
      }
      const report = await programmeReport(db, partners, month);
      await db
        .insertInto('audit_log')
        .values({ organisation_id: actor.organisationId, user_id: actor.userId, action: 'read-report:micro-business', node_id: nodeId ?? null, target_id: partnerId ?? null, command_id: null, detail: JSON.stringify({ month }) })
        .execute();
      if (format !== 'json') return sendTable(reply, programmeReportTable(report), format, `micro-business-${month}`);
      return { report };
    },
  );
};

async function myCasesCount(db: Database, userId: string): Promise<number> {
  const today = todayIn();
  const r = await sql<{ n: number }>`
    select count(*)::int as n from mb_case_assignment where user_id = ${userId} and from_date <= ${today} and (to_date is null or to_date >= ${today})`.execute(db);
  return r.rows[0]?.n ?? 0;
}
