import { sql } from 'kysely';
import { attendanceByDay, eventDays } from '@khata/core/training';
import type { Database } from '../db/pool.ts';

/** Reads behind the training screens: modules, events under a node, one event with its attendance, who is trained. */

export async function listModules(db: Database, organisationId: number) {
  return db
    .selectFrom('training_module')
    .select(['id', 'code', 'name', 'required_days as requiredDays', 'description'])
    .where('organisation_id', '=', organisationId)
    .orderBy('name')
    .execute();
}

const likeAny = (paths: readonly string[]) => paths.map((p) => `${p}%`);

export async function listEvents(db: Database, organisationId: number, paths: readonly string[], options: { from?: string | undefined; to?: string | undefined } = {}) {
  if (paths.length === 0) return [];
  const { rows } = await sql<{
    id: string; kind: string; title: string; place: string | null; startDate: string; endDate: string; status: string; nodeId: string; nodeName: string; nodeKind: string;
    moduleCode: string | null; moduleName: string | null; trainers: string[]; participants: number; completed: number;
  }>`
    select e.id, e.kind, e.title, e.place, e.start_date::text as "startDate", e.end_date::text as "endDate", e.status,
           n.id as "nodeId", n.name as "nodeName", n.kind as "nodeKind", m.code as "moduleCode", m.name as "moduleName", e.trainers,
           (select count(*) from training_participant p where p.event_id = e.id)::int as participants,
           (select count(*) from training_participant p where p.event_id = e.id and p.completed)::int as completed
      from training_event e join node n on n.id = e.node_id left join training_module m on m.id = e.module_id
     where e.organisation_id = ${organisationId} and n.path like any(${likeAny(paths)}::text[])
       and (${options.from ?? null}::date is null or e.end_date >= ${options.from ?? null}::date)
       and (${options.to ?? null}::date is null or e.start_date <= ${options.to ?? null}::date)
     order by e.start_date desc, e.title
     limit 5000`.execute(db);
  return rows;
}

/** One event: its days, participants (with the name each is known by) and who was present each day. */
export async function eventDetail(db: Database, eventId: string) {
  const event = await db
    .selectFrom('training_event as e')
    .innerJoin('node as n', 'n.id', 'e.node_id')
    .leftJoin('training_module as m', 'm.id', 'e.module_id')
    .select([
      'e.id', 'e.kind', 'e.title', 'e.place', 'e.start_date as startDate', 'e.end_date as endDate', 'e.trainers', 'e.notes', 'e.status', 'e.completed_on as completedOn',
      'n.id as nodeId', 'n.name as nodeName', 'e.module_id as moduleId', 'm.code as moduleCode', 'm.name as moduleName', 'm.required_days as requiredDays',
    ])
    .where('e.id', '=', eventId)
    .executeTakeFirstOrThrow();
  const { rows: participants } = await sql<{ id: string; kind: string; name: string; memberId: string | null; cadreId: string | null; institutionId: string | null; institutionName: string | null; completed: boolean | null; attendedDays: number | null }>`
    select p.id, p.kind, coalesce(m.name, c.name, u.name, p.name) as name, p.member_id as "memberId", p.cadre_id as "cadreId",
           p.institution_id as "institutionId", i.name as "institutionName", p.completed, p.attended_days as "attendedDays"
      from training_participant p
      left join member m on m.id = p.member_id left join cadre c on c.id = p.cadre_id left join app_user u on u.id = p.user_id
      left join node i on i.id = p.institution_id
     where p.event_id = ${eventId}
     order by name, p.id`.execute(db);
  const present = await db.selectFrom('training_attendance').select(['participant_id as participantId', 'day']).where('event_id', '=', eventId).orderBy('day').execute();
  const days = eventDays(event.startDate, event.endDate);
  return {
    event,
    days,
    byDay: attendanceByDay(days, present),
    participants: participants.map((p) => ({ ...p, present: present.filter((a) => a.participantId === p.id).map((a) => a.day) })),
  };
}

/**
 * Who is trained in what under the given subtrees: every completion readiness reads (training_record, from an
 * event or recorded directly), and the completions of cadres and staff who are not SHG members.
 */
export async function listTrained(db: Database, organisationId: number, paths: readonly string[]) {
  if (paths.length === 0) return [];
  const { rows } = await sql<{ name: string; kind: string; institutionName: string | null; institutionKind: string | null; module: string; moduleName: string | null; completedOn: string; eventTitle: string | null }>`
    select coalesce(m.name, i.name) as name, case when r.member_id is null then 'institution' else 'member' end as kind,
           i.name as "institutionName", i.kind as "institutionKind", r.module, tm.name as "moduleName", r.completed_on::text as "completedOn", e.title as "eventTitle"
      from training_record r join node i on i.id = r.node_id left join member m on m.id = r.member_id
      left join training_module tm on tm.organisation_id = r.organisation_id and tm.code = r.module
      left join training_participant p on p.id = r.id left join training_event e on e.id = p.event_id
     where r.organisation_id = ${organisationId} and i.path like any(${likeAny(paths)}::text[])
    union all
    select coalesce(c.name, u.name, p.name), p.kind, null, null, tm.code, tm.name, e.completed_on::text, e.title
      from training_participant p join training_event e on e.id = p.event_id join training_module tm on tm.id = e.module_id join node n on n.id = e.node_id
      left join cadre c on c.id = p.cadre_id left join app_user u on u.id = p.user_id
     where p.organisation_id = ${organisationId} and p.completed and p.training_record_id is null and n.path like any(${likeAny(paths)}::text[])
     order by 7 desc, 1
     limit 20000`.execute(db);
  return rows;
}
