import { sql } from 'kysely';
import { ruleSetInForce } from '@khata/core/rules';
import { computeHonorarium, honorariumRuleFor, monthBounds, reviewFigures, type AssignmentSpan, type HonorariumComputation, type HonorariumRule, type ReviewFigures } from '@khata/core/cadres';
import { eventDays } from '@khata/core/training';
import type { Database } from '../db/pool.ts';
import type { Tx } from '../ledger/post-entry.ts';
import { loadRuleSets, loadShgRecords } from './shg-records.ts';

/*
 * Reads behind the cadre screens and commands: a cadre's assignments, the honorarium a payer owes for a month
 * (rule + assignments + meetings → core), the review figures from the records, the registry list and her page.
 */

type Db = Database | Tx;
const q = (db: Db) => db as Database;

/** Her assignments (optionally only those paid by `payerId`), with the institution's kind and name. */
export async function assignmentsOf(db: Db, cadreId: string, payerId?: string) {
  let query = q(db)
    .selectFrom('cadre_assignment as a')
    .innerJoin('node as i', 'i.id', 'a.institution_id')
    .innerJoin('node as p', 'p.id', 'a.payer_id')
    .select(['a.id', 'a.institution_id', 'i.kind as institution_kind', 'i.name as institution_name', 'a.payer_id', 'p.name as payer_name', 'p.kind as payer_kind', 'a.from_date', 'a.to_date'])
    .where('a.cadre_id', '=', cadreId);
  if (payerId) query = query.where('a.payer_id', '=', payerId);
  return query.orderBy('a.from_date').orderBy('i.name').execute();
}

const spansOf = (rows: Awaited<ReturnType<typeof assignmentsOf>>): AssignmentSpan[] =>
  rows.map((a) => ({ institutionId: a.institution_id, institutionKind: a.institution_kind, institutionName: a.institution_name, from: a.from_date, to: a.to_date }));

export async function honorariumRules(db: Db, organisationId: number, payerIds?: readonly string[]): Promise<HonorariumRule[]> {
  let query = q(db).selectFrom('honorarium_rule').selectAll().where('organisation_id', '=', organisationId);
  if (payerIds) query = payerIds.length ? query.where('payer_id', 'in', [...payerIds]) : query.where(sql<boolean>`false`);
  const rows = await query.orderBy('effective_from').execute();
  return rows.map((r) => ({
    id: r.id,
    payerId: r.payer_id,
    cadreType: r.cadre_type,
    effectiveFrom: r.effective_from,
    fixedMonthlyPaise: r.fixed_monthly_paise,
    perGroupPaise: r.per_group_paise,
    perMeetingPaise: r.per_meeting_paise,
  }));
}

/** The month's honorarium a payer owes a cadre under its rule, or null when the payer has no rule for her type. */
export async function honorariumFor(db: Db, cadre: { id: string; cadre_type: string; organisation_id: number }, payerId: string, month: string): Promise<{ rule: HonorariumRule | null; computation: HonorariumComputation | null }> {
  const rule = honorariumRuleFor(await honorariumRules(db, cadre.organisation_id, [payerId]), payerId, cadre.cadre_type, month);
  if (!rule) return { rule: null, computation: null };
  const assignments = spansOf(await assignmentsOf(db, cadre.id, payerId));
  const { first, last } = monthBounds(month);
  const shgIds = [...new Set(assignments.filter((a) => a.institutionKind === 'shg').map((a) => a.institutionId))];
  const meetings = shgIds.length
    ? await q(db).selectFrom('meeting').select(['shg_id as shgId', 'date']).where('shg_id', 'in', shgIds).where('status', '=', 'recorded').where('date', '>=', first).where('date', '<=', last).execute()
    : [];
  return { rule, computation: computeHonorarium({ month, rule, assignments, meetings }) };
}

/**
 * A review's figures from the records: the meetings of the SHGs she keeps for the reviewer (grading's measure of
 * books up to date: recorded within the rule set's `grading.booksMaxDelayDays`), and her training attendance.
 */
export async function reviewFiguresFor(db: Db, cadre: { id: string; member_id: string | null; organisation_id: number }, reviewerId: string, from: string, to: string): Promise<ReviewFigures> {
  const rules = ruleSetInForce(await loadRuleSets(db, cadre.organisation_id), to).body;
  const assignments = await assignmentsOf(db, cadre.id, reviewerId);
  const shgAssignments = assignments.filter((a) => a.institution_kind === 'shg');
  const shgIds = [...new Set(shgAssignments.map((a) => a.institution_id))];
  const records = await loadShgRecords(db, shgIds, to);
  const groups = records.map((g) => ({
    id: g.id,
    name: g.name,
    spans: shgAssignments.filter((a) => a.institution_id === g.id).map((a) => ({ from: a.from_date, to: a.to_date })),
    meetings: g.meetings.map((m) => ({ date: m.date, recordedOn: m.recordedOn })),
  }));
  // Training days she was enrolled for in the period (as a cadre, or as a member when she is one), and attended.
  const { rows } = await sql<{ id: string; start_date: string; end_date: string; attended: string[] }>`
    select p.id, e.start_date, e.end_date,
           coalesce((select array_agg(a.day::text) from training_attendance a where a.participant_id = p.id), '{}') as attended
      from training_participant p join training_event e on e.id = p.event_id
     where (p.cadre_id = ${cadre.id} or (${cadre.member_id}::uuid is not null and p.member_id = ${cadre.member_id}::uuid))
       and e.start_date <= ${to}::date and e.end_date >= ${from}::date`.execute(db);
  let enrolledDays = 0;
  let attendedDays = 0;
  for (const r of rows) {
    const days = eventDays(r.start_date, r.end_date).filter((d) => d >= from && d <= to);
    enrolledDays += days.length;
    attendedDays += new Set(r.attended.filter((d) => days.includes(d))).size;
  }
  return reviewFigures({ from, to, maxDelayDays: rules.grading.booksMaxDelayDays, groups, training: { enrolledDays, attendedDays } });
}

export interface CadreListFilters {
  paths: string[];
  organisationId: number;
  cadreType?: string | undefined;
  status?: string | undefined;
  institutionId?: string | undefined;
}

/** The registry under the given subtrees: each cadre with where she is registered, what she serves, money owed. */
export async function listCadres(db: Database, f: CadreListFilters) {
  if (f.paths.length === 0) return [];
  let query = db
    .selectFrom('cadre as c')
    .innerJoin('node as n', 'n.id', 'c.node_id')
    .leftJoin('member as m', 'm.id', 'c.member_id')
    .leftJoin('node as s', 's.id', 'm.shg_id')
    .select([
      'c.id',
      'c.name',
      'c.phone',
      'c.cadre_type as cadreType',
      'c.status',
      'c.joined_on as joinedOn',
      'c.left_on as leftOn',
      'c.node_id as nodeId',
      'n.name as nodeName',
      'c.member_id as memberId',
      's.name as shgName',
      sql<string>`coalesce((select string_agg(i.name, '; ' order by i.name) from cadre_assignment a join node i on i.id = a.institution_id
                             where a.cadre_id = c.id and a.to_date is null), '')`.as('serves'),
      sql<string>`coalesce((select string_agg(distinct p.name, '; ') from cadre_assignment a join node p on p.id = a.payer_id
                             where a.cadre_id = c.id and a.to_date is null), '')`.as('paidBy'),
      sql<number>`(coalesce((select sum(amount_paise) from honorarium_accrual h where h.cadre_id = c.id), 0)
                 - coalesce((select sum(amount_paise) from honorarium_payment h where h.cadre_id = c.id), 0))::bigint`.as('owedPaise'),
    ])
    .where('c.organisation_id', '=', f.organisationId)
    .where((eb) =>
      eb.or([
        ...f.paths.map((p) => eb('n.path', 'like', `${p}%`)),
        // Also the cadres who serve, or are paid by, an institution within reach.
        sql<boolean>`exists (select 1 from cadre_assignment a join node x on x.id in (a.institution_id, a.payer_id)
                              where a.cadre_id = c.id and x.path like any(${f.paths.map((p) => `${p}%`)}::text[]))`,
      ]),
    );
  if (f.cadreType) query = query.where('c.cadre_type', '=', f.cadreType);
  if (f.status) query = query.where('c.status', '=', f.status as 'active');
  if (f.institutionId) query = query.where(sql<boolean>`exists (select 1 from cadre_assignment a where a.cadre_id = c.id and a.institution_id = ${f.institutionId})`);
  const rows = await query.orderBy('c.name').orderBy('c.id').limit(10_000).execute();
  return rows.map((r) => ({ ...r, owedPaise: Number(r.owedPaise) }));
}

/** A cadre's page: her record, history, certifications, assignments, trainings, honorarium and reviews. */
export async function cadreDetail(db: Database, cadreId: string) {
  const cadre = await db
    .selectFrom('cadre as c')
    .innerJoin('node as n', 'n.id', 'c.node_id')
    .leftJoin('member as m', 'm.id', 'c.member_id')
    .leftJoin('node as s', 's.id', 'm.shg_id')
    .select(['c.id', 'c.name', 'c.phone', 'c.cadre_type as cadreType', 'c.status', 'c.joined_on as joinedOn', 'c.left_on as leftOn', 'c.node_id as nodeId', 'n.name as nodeName', 'c.member_id as memberId', 'm.shg_id as shgId', 's.name as shgName', 'c.organisation_id'])
    .where('c.id', '=', cadreId)
    .executeTakeFirstOrThrow();
  const [history, certifications, assignments, trainings, accruals, payments, reviews] = await Promise.all([
    db.selectFrom('cadre_status_change').select(['status', 'on_date as onDate', 'reason']).where('cadre_id', '=', cadreId).orderBy('on_date').orderBy('id').execute(),
    db.selectFrom('cadre_certification').select(['id', 'name', 'issued_by as issuedBy', 'issued_on as issuedOn', 'valid_until as validUntil']).where('cadre_id', '=', cadreId).orderBy('issued_on').execute(),
    assignmentsOf(db, cadreId),
    sql<{ eventId: string; title: string; kind: string; moduleCode: string | null; moduleName: string | null; startDate: string; endDate: string; attendedDays: number | null; completed: boolean | null; status: string }>`
      select e.id as "eventId", e.title, e.kind, tm.code as "moduleCode", tm.name as "moduleName", e.start_date::text as "startDate", e.end_date::text as "endDate",
             coalesce(p.attended_days, (select count(*) from training_attendance a where a.participant_id = p.id))::int as "attendedDays", p.completed, e.status
        from training_participant p join training_event e on e.id = p.event_id left join training_module tm on tm.id = e.module_id
       where p.cadre_id = ${cadreId} or (${cadre.memberId}::uuid is not null and p.member_id = ${cadre.memberId}::uuid)
       order by e.start_date`.execute(db),
    db
      .selectFrom('honorarium_accrual as h')
      .innerJoin('node as p', 'p.id', 'h.payer_id')
      .select(['h.id', 'h.payer_id as payerId', 'p.name as payerName', sql<string>`to_char(h.month, 'YYYY-MM')`.as('month'), 'h.amount_paise as amountPaise', 'h.detail', 'h.accrued_on as accruedOn', 'h.entry_id as entryId'])
      .where('h.cadre_id', '=', cadreId)
      .orderBy('h.month')
      .execute(),
    db
      .selectFrom('honorarium_payment as h')
      .innerJoin('node as p', 'p.id', 'h.payer_id')
      .select(['h.id', 'h.payer_id as payerId', 'p.name as payerName', 'h.amount_paise as amountPaise', 'h.paid_on as paidOn', 'h.paid_from as paidFrom', 'h.reference', 'h.entry_id as entryId'])
      .where('h.cadre_id', '=', cadreId)
      .orderBy('h.paid_on')
      .execute(),
    db
      .selectFrom('cadre_review as r')
      .innerJoin('node as n', 'n.id', 'r.reviewer_id')
      .innerJoin('app_user as u', 'u.id', 'r.reviewed_by')
      .select(['r.id', 'r.reviewer_id as reviewerId', 'n.name as reviewerName', 'r.period_from as from', 'r.period_to as to', 'r.rating', 'r.notes', 'r.indicators', 'u.name as reviewedBy'])
      .where('r.cadre_id', '=', cadreId)
      .orderBy('r.period_to', 'desc')
      .execute(),
  ]);
  const payers = [...new Map(assignments.map((a) => [a.payer_id, a.payer_name])).entries()];
  const honorarium = payers.map(([payerId, payerName]) => {
    const accrued = accruals.filter((a) => a.payerId === payerId).reduce((t, a) => t + a.amountPaise, 0);
    const paid = payments.filter((p) => p.payerId === payerId).reduce((t, p) => t + p.amountPaise, 0);
    return { payerId, payerName, accruedPaise: accrued, paidPaise: paid, owedPaise: accrued - paid };
  });
  const { organisation_id: _o, ...rest } = cadre;
  return {
    cadre: rest,
    history,
    certifications,
    assignments: assignments.map((a) => ({ id: a.id, institutionId: a.institution_id, institutionName: a.institution_name, institutionKind: a.institution_kind, payerId: a.payer_id, payerName: a.payer_name, from: a.from_date, to: a.to_date })),
    trainings: trainings.rows,
    honorarium,
    accruals,
    payments,
    reviews,
  };
}

/**
 * Whether the caller may see a cadre: her registration node is within reach, or an institution she serves or that
 * pays her is. Otherwise she reads as not found.
 */
export async function cadreReadable(db: Database, organisationId: number, paths: readonly string[], cadreId: string): Promise<boolean> {
  if (paths.length === 0) return false;
  const patterns = paths.map((p) => `${p}%`);
  const { rows } = await sql<{ ok: boolean }>`
    select exists (
      select 1 from cadre c join node n on n.id = c.node_id
       where c.id = ${cadreId} and c.organisation_id = ${organisationId}
         and (n.path like any(${patterns}::text[])
              or exists (select 1 from cadre_assignment a join node x on x.id in (a.institution_id, a.payer_id)
                          where a.cadre_id = c.id and x.path like any(${patterns}::text[])))) as ok`.execute(db);
  return rows[0]?.ok === true;
}
