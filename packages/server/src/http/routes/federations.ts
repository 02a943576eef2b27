import { sql } from 'kysely';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorCode, isoDate, KhataError, problem, uuid } from '@khata/core';
import type { Database } from '../../db/pool.ts';
import { authorizeNode, readablePaths } from '../../access.ts';
import { todayIn } from '../../business-date.ts';
import { federationReconciliation } from '../../reports/reconciliation.ts';
import { fedRead } from '../../use-cases/federation-books.ts';
import { requireActor } from '../app.ts';

const idParams = z.object({ id: uuid });

/** One federation: who belongs, its committee, sub-committees, meetings, and the loans it made and took. */
async function federationDetail(db: Database, id: string) {
  const f = fedRead(db);
  const federation = await f
    .selectFrom('federation as fd')
    .innerJoin('node as n', 'n.id', 'fd.node_id')
    .select(['n.id', 'n.name', 'n.code', 'n.parent_id as parentId', 'n.nrlm_code as nrlmCode', 'fd.level', 'fd.formed_on as formedOn', 'fd.registered_as as registeredAs', 'fd.registration_number as registrationNumber', 'fd.status'])
    .where('fd.node_id', '=', id)
    .executeTakeFirst();
  if (!federation) throw new KhataError(problem(ErrorCode.NotFound, 'id', 'no such federation'));
  const [members, ec, committees, committeeMembers, meetings, loans] = await Promise.all([
    f
      .selectFrom('federation_membership as m')
      .innerJoin('node as n', 'n.id', 'm.member_node_id')
      .select(['m.id', 'm.member_node_id as memberId', 'n.name', 'n.code', 'n.kind', 'm.since', 'm.until', 'm.share_capital_paise as shareCapitalPaise', 'm.membership_fee_paise as membershipFeePaise'])
      .where('m.federation_id', '=', id)
      .orderBy('m.since')
      .orderBy('n.name')
      .execute(),
    f
      .selectFrom('federation_ec_member as ec')
      .innerJoin('member as p', 'p.id', 'ec.person_id')
      .innerJoin('node as n', 'n.id', 'ec.represents_node_id')
      .select(['ec.id', 'ec.person_id as personId', 'p.name', 'ec.represents_node_id as representsId', 'n.name as representsName', 'ec.role', 'ec.from_date as from', 'ec.to_date as to'])
      .where('ec.federation_id', '=', id)
      .orderBy('ec.from_date')
      .execute(),
    f.selectFrom('federation_sub_committee').select(['id', 'name', 'purpose', 'formed_on as formedOn', 'dissolved_on as dissolvedOn']).where('federation_id', '=', id).orderBy('name').execute(),
    f
      .selectFrom('federation_sub_committee_member as s')
      .innerJoin('federation_sub_committee as c', 'c.id', 's.sub_committee_id')
      .innerJoin('member as p', 'p.id', 's.person_id')
      .select(['s.sub_committee_id', 's.person_id as personId', 'p.name', 's.role'])
      .where('c.federation_id', '=', id)
      .execute(),
    f
      .selectFrom('federation_meeting as m')
      .select([
        'm.id',
        'm.kind',
        'm.date',
        'm.place',
        'm.decisions',
        sql<Array<{ personId: string; representsId: string }>>`coalesce((select json_agg(json_build_object('personId', a.person_id, 'representsId', a.represents_node_id)) from federation_meeting_attendance a where a.meeting_id = m.id), '[]')`.as('attendance'),
      ])
      .where('m.federation_id', '=', id)
      .orderBy('m.date', 'desc')
      .limit(500)
      .execute(),
    sql<{ id: string; fund: string; role: 'lender' | 'borrower'; counterpartId: string; counterpartName: string; principalPaise: number; disbursedOn: string; status: string; outstandingPaise: string; passUpPercent: string; onLendingPassUpPercent: string }>`
      select il.id, il.fund, case when il.lender_entity_id = e.id then 'lender' else 'borrower' end as role,
             cn.id as "counterpartId", cn.name as "counterpartName", l.principal_paise as "principalPaise",
             to_char(l.disbursed_on, 'YYYY-MM-DD') as "disbursedOn", l.status,
             coalesce((select -sum(b.balance_paise) from loan_balance b join account a on a.id = b.account_id
                        where b.loan_id = il.id and a.entity_id = il.borrower_entity_id
                          and a.path in ('liabilities:loans:vo-cif','liabilities:loans:other','liabilities:cif:from-federation')), 0) as "outstandingPaise",
             il.pass_up_percent as "passUpPercent", il.on_lending_pass_up_percent as "onLendingPassUpPercent"
        from entity e
        join institution_loan il on il.lender_entity_id = e.id or il.borrower_entity_id = e.id
        join loan l on l.id = il.id
        join entity ce on ce.id = case when il.lender_entity_id = e.id then il.borrower_entity_id else il.lender_entity_id end
        join node cn on cn.id = ce.node_id
       where e.node_id = ${id}
       order by l.disbursed_on, il.id`.execute(db),
  ]);
  return {
    federation,
    members,
    ec,
    subCommittees: committees.map((c) => ({ ...c, members: committeeMembers.filter((m) => m.sub_committee_id === c.id).map(({ sub_committee_id: _s, ...m }) => m) })),
    meetings,
    loans: loans.rows.map((l) => ({ ...l, outstandingPaise: Number(l.outstandingPaise) })),
  };
}

/**
 * Federations: GET /api/federations (those in reach), GET /api/federations/:id (members, EC, sub-committees,
 * meetings, loans), GET /api/federations/:id/reconciliation?asOf= (its books against each counterpart's).
 * Changes go through POST /api/commands (create-federation, admit-federation-member, appoint-ec-member,
 * form-sub-committee, record-federation-meeting, release-fund, lend-to-member-institution,
 * repay-institution-loan, receive-meeting-repayment).
 */
export const federationRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get('/api/federations', { schema: { tags: ['federation'], querystring: z.object({ nodeId: uuid.optional() }) } }, async (request) => {
    const actor = requireActor(request);
    const paths = request.query.nodeId ? [(await authorizeNode(db, actor, request.query.nodeId, 'read')).path] : readablePaths(actor);
    if (paths.length === 0) return { federations: [] };
    const federations = await fedRead(db)
      .selectFrom('federation as fd')
      .innerJoin('node as n', 'n.id', 'fd.node_id')
      .select([
        'n.id',
        'n.name',
        'n.code',
        'n.parent_id as parentId',
        'fd.level',
        'fd.formed_on as formedOn',
        'fd.status',
        sql<number>`(select count(*) from federation_membership m where m.federation_id = fd.node_id and m.until is null)::int`.as('memberCount'),
      ])
      .where('n.organisation_id', '=', actor.organisationId)
      .where((eb) => eb.or(paths.map((p) => eb('n.path', 'like', `${p}%`))))
      .orderBy('n.name')
      .limit(5000)
      .execute();
    return { federations };
  });

  app.get('/api/federations/:id', { schema: { tags: ['federation'], params: idParams } }, async (request) => {
    const actor = requireActor(request);
    await authorizeNode(db, actor, request.params.id, 'read');
    return federationDetail(db, request.params.id);
  });

  app.get(
    '/api/federations/:id/reconciliation',
    {
      schema: {
        tags: ['federation'],
        description: 'The federation’s books against each institution it has money with, per position, to the paisa, with the cause of every difference.',
        params: idParams,
        querystring: z.object({ asOf: isoDate.optional() }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await authorizeNode(db, actor, request.params.id, 'read');
      const asOf = request.query.asOf ?? todayIn();
      const report = await federationReconciliation(db, request.params.id, asOf);
      await db
        .insertInto('audit_log')
        .values({ organisation_id: actor.organisationId, user_id: actor.userId, action: 'read-report:federation-reconciliation', node_id: request.params.id, target_id: null, command_id: null, detail: JSON.stringify({ asOf }) })
        .execute();
      return { reconciliation: report };
    },
  );
};
