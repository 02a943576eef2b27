import { sql } from 'kysely';
import { computePlan, compareWithPlan, type PlanFigures, type ProgrammeCurrency } from '@khata/core/business-plan';
import type { Actor } from '../access.ts';
import type { Database } from '../db/pool.ts';
import { todayIn } from '../business-date.ts';
import { openIdentity, openText, type CaseRow, type PartnerRow } from './need-to-know.ts';

/*
 * Reads of the programme. Callers decide access first (need-to-know.ts) and log case reads; these only read.
 */

export interface PartnerSummary {
  id: string;
  name: string;
  code: string;
  country: string;
  currency: ProgrammeCurrency;
  nodeId: string;
  nodeName: string;
}

const month = (d: string) => d.slice(0, 7);

/** The full record of one case, for a user assigned to it. */
export async function caseRecord(db: Database, c: CaseRow & { partner: PartnerRow }) {
  const [assignments, plans, risks, support, workshops, visits, results] = await Promise.all([
    sql<{ id: string; userId: string; userName: string; from: string; to: string | null }>`
      select a.id, a.user_id as "userId", u.name as "userName", a.from_date as "from", a.to_date as "to"
        from mb_case_assignment a join app_user u on u.id = a.user_id where a.case_id = ${c.id} order by a.from_date, u.name`.execute(db),
    sql<{ id: string; version: number; drawnUpOn: string; startsIn: string; business: string; reason: string | null; figures: PlanFigures }>`
      select id, version, drawn_up_on as "drawnUpOn", starts_in as "startsIn", business, reason, figures
        from mb_plan_version where case_id = ${c.id} order by version desc`.execute(db),
    sql<{ id: string; risk: string; likelihood: string; mitigation: string; status: string; recordedOn: string }>`
      select id, risk, likelihood, mitigation, status, recorded_on as "recordedOn" from mb_risk where case_id = ${c.id}
       order by status, case likelihood when 'high' then 0 when 'medium' then 1 else 2 end, recorded_on`.execute(db),
    sql<{ id: string; kind: string; stakeholder: string; support: string; since: string; until: string | null }>`
      select id, kind, stakeholder, support, since, until from mb_support where case_id = ${c.id} order by since, stakeholder`.execute(db),
    sql<{ id: string; title: string; startsOn: string; days: number; daysAttended: number }>`
      select id, title, starts_on as "startsOn", days, days_attended as "daysAttended" from mb_workshop where case_id = ${c.id} order by starts_on`.execute(db),
    sql<{ id: string; visitedOn: string; visitedBy: string; notes_sealed: Buffer; next_steps_sealed: Buffer; nextVisitOn: string | null }>`
      select v.id, v.visited_on as "visitedOn", u.name as "visitedBy", v.notes_sealed, v.next_steps_sealed, v.next_visit_on as "nextVisitOn"
        from mb_coaching_visit v join app_user u on u.id = v.visited_by where v.case_id = ${c.id} order by v.visited_on desc`.execute(db),
    sql<{ month: string; unitsSold: number | null; salesMinor: number; costsMinor: number }>`
      select month, units_sold as "unitsSold", sales_minor as "salesMinor", costs_minor as "costsMinor"
        from mb_monthly_result where case_id = ${c.id} order by month`.execute(db),
  ]);
  const versions = plans.rows.map((p) => ({ version: p.version, startsIn: month(p.startsIn), figures: p.figures }));
  const compared = compareWithPlan(
    versions,
    results.rows.map((r) => ({ month: month(r.month), salesMinor: Number(r.salesMinor), costsMinor: Number(r.costsMinor) })),
  );
  return {
    case: {
      id: c.id,
      code: c.code,
      status: c.status,
      openedOn: c.opened_on,
      closedOn: c.closed_on,
      closingReason: c.closing_reason,
      businessKind: c.business_kind,
      partner: { id: c.partner.id, name: c.partner.name, code: c.partner.code, currency: c.partner.currency },
    },
    participant: openIdentity(c.identity_sealed),
    assignments: assignments.rows,
    plans: plans.rows.map((p) => {
      const computed = computePlan(p.figures);
      return { ...p, startsIn: month(p.startsIn), computed: computed.ok ? computed.value : null };
    }),
    risks: risks.rows,
    support: support.rows,
    workshops: workshops.rows,
    visits: visits.rows.map(({ notes_sealed, next_steps_sealed, ...v }) => ({ ...v, notes: openText(notes_sealed), nextSteps: openText(next_steps_sealed) })),
    results: compared.map((r) => ({ ...r, unitsSold: results.rows.find((x) => month(x.month) === r.month)?.unitsSold ?? null })),
  };
}

export interface MyCase {
  id: string;
  code: string;
  status: string;
  openedOn: string;
  businessKind: string | null;
  participantName: string;
  partnerName: string;
  currency: ProgrammeCurrency;
  lastVisitOn: string | null;
  nextVisitOn: string | null;
}

/** The cases the actor is assigned to today (for a case worker's "my cases"). */
export async function myCases(db: Database, actor: Actor, on = todayIn()): Promise<MyCase[]> {
  const { rows } = await sql<Omit<MyCase, 'participantName'> & { identity_sealed: Buffer }>`
    select c.id, c.code, c.status, c.opened_on as "openedOn", c.business_kind as "businessKind", c.identity_sealed,
           p.name as "partnerName", p.currency,
           (select max(v.visited_on) from mb_coaching_visit v where v.case_id = c.id) as "lastVisitOn",
           (select v.next_visit_on from mb_coaching_visit v where v.case_id = c.id order by v.visited_on desc limit 1) as "nextVisitOn"
      from mb_case c join mb_partner p on p.id = c.partner_id
     where c.organisation_id = ${actor.organisationId}
       and exists (select 1 from mb_case_assignment a where a.case_id = c.id and a.user_id = ${actor.userId}
                      and a.from_date <= ${on} and (a.to_date is null or a.to_date >= ${on}))
     order by c.status = 'closed', c.code`.execute(db);
  return rows.map(({ identity_sealed, ...r }) => ({ ...r, participantName: openIdentity(identity_sealed).name }));
}

/** What a partner's programme managers see to assign cases: codes, status, dates and assigned workers; no participant data. */
export async function partnerCases(db: Database, partnerId: string) {
  const { rows } = await sql<{
    id: string;
    code: string;
    status: string;
    openedOn: string;
    closedOn: string | null;
    assignments: Array<{ assignmentId: string; userId: string; userName: string; from: string; to: string | null }>;
  }>`
    select c.id, c.code, c.status, c.opened_on as "openedOn", c.closed_on as "closedOn",
           coalesce((select json_agg(json_build_object('assignmentId', a.id, 'userId', a.user_id, 'userName', u.name,
                                                       'from', a.from_date, 'to', a.to_date) order by a.from_date)
                       from mb_case_assignment a join app_user u on u.id = a.user_id where a.case_id = c.id), '[]') as assignments
      from mb_case c where c.partner_id = ${partnerId} order by c.code`.execute(db);
  return rows;
}

/** A partner's people in the programme (for assigning). */
export async function partnerWorkers(db: Database, partnerId: string) {
  const { rows } = await sql<{ roleId: string; userId: string; name: string; role: string; from: string; to: string | null; openCases: number }>`
    select r.id as "roleId", r.user_id as "userId", u.name, r.role, r.from_date as "from", r.to_date as "to",
           (select count(*)::int from mb_case_assignment a join mb_case c on c.id = a.case_id
             where a.user_id = r.user_id and c.partner_id = r.partner_id and c.status <> 'closed' and a.to_date is null) as "openCases"
      from mb_programme_role r join app_user u on u.id = r.user_id
     where r.partner_id = ${partnerId} order by r.role, u.name, r.from_date`.execute(db);
  return rows;
}

/** Partners the actor may see: in their tree reach (at or below a node they read) or where they hold a programme role. */
export async function visiblePartners(db: Database, actor: Actor, paths: string[], partnerIds: string[]): Promise<PartnerSummary[]> {
  const patterns = paths.map((p) => `${p}%`);
  const { rows } = await sql<PartnerSummary>`
    select p.id, p.name, p.code, p.country, p.currency, p.node_id as "nodeId", n.name as "nodeName"
      from mb_partner p join node n on n.id = p.node_id
     where p.organisation_id = ${actor.organisationId}
       and (n.path like any(${patterns}::text[]) or p.id = any(${partnerIds}::uuid[]))
     order by p.name`.execute(db);
  return rows;
}
