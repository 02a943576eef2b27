import { sql, type ColumnType, type Generated, type JSONColumnType, type Kysely } from 'kysely';
import type { LoanEvent } from '@khata/core';
import type { MeetingFrequency, RuleSet, RuleSetBody } from '@khata/core/rules';
import type { MeetingRecord, MemberRecord, PovertyStatus, ShgRecords, TrainingRecord, VoRecords } from '@khata/core/readiness';
import type { DB } from '../db/schema.ts';
import type { Database } from '../db/pool.ts';
import type { Tx } from '../ledger/post-entry.ts';
import { loanDefinitionOf } from '../use-cases/group-snapshot.ts';
import { todayIn } from '../business-date.ts';

/*
 * The records readiness and grading are computed from (core/readiness.ts, core/grading.ts), prepared from the books
 * in a few queries: the groups, their members, their meetings (attendance and savings from each meeting's payload),
 * their internal loans with events, their training completions.
 */

// Kysely's view of migrations/030_rules-grading.sql (kept beside the queries until it joins db/schema.ts).
type DefaultNow = ColumnType<Date, Date | string | undefined, never>;
export interface RuleSetTable {
  id: string;
  organisation_id: number;
  version: number;
  effective_from: string;
  body: JSONColumnType<RuleSetBody, string, string>;
  created_by: string;
  created_at: DefaultNow;
}
export interface GradingTable {
  id: string;
  organisation_id: number;
  shg_id: string;
  stage: 'before-rf' | 'before-cif' | 'other';
  as_of: string;
  /** numeric(5,2): read as a string ("81.13"). */
  score: ColumnType<string, string, never>;
  grade: 'A' | 'B' | 'C';
  panchasutra_score: number;
  indicators: JSONColumnType<object, string, never>;
  rule_set_id: string | null;
  rule_set_version: number;
  graded_by: string;
  graded_at: DefaultNow;
  command_id: string | null;
  signed_off_by: ColumnType<string | null, string | null | undefined, string>;
  signed_off_at: ColumnType<Date | null, Date | string | null | undefined, Date | string>;
  sign_off_note: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface TrainingRecordTable {
  id: string;
  organisation_id: number;
  node_id: string;
  member_id: string | null;
  module: string;
  completed_on: string;
  recorded_by: string;
  recorded_at: DefaultNow;
  command_id: string | null;
}
export type RulesDB = DB & { rule_set: RuleSetTable; grading: GradingTable; training_record: TrainingRecordTable };
export type RulesDatabase = Kysely<RulesDB>;

/** The same connection or transaction, typed with the tables of migration 030. */
export const withRules = (db: Database | Tx): RulesDatabase => db as unknown as RulesDatabase;

// ---------------------------------------------------------------------------------------------------------------

/** Every version of the organisation's rules, oldest first. */
export async function loadRuleSets(db: Database | Tx, organisationId: number): Promise<RuleSet[]> {
  const rows = await withRules(db)
    .selectFrom('rule_set')
    .select(['id', 'version', 'effective_from', 'body'])
    .where('organisation_id', '=', organisationId)
    .orderBy('version')
    .execute();
  return rows.map((r) => ({ id: r.id, version: r.version, effectiveFrom: r.effective_from, body: r.body }));
}

interface PayloadRows {
  attendance: Array<{ memberId: string; status: string }> | null;
  savings: Array<{ memberId: string; compulsoryPaise: number; voluntaryPaise: number }> | null;
}

function activeOn(m: MemberRecord, date: string): boolean {
  return m.joinedOn <= date && (m.leftOn === null || m.leftOn > date);
}

/**
 * The records of the given SHGs (closed groups left out), for readiness and grading as of `asOf`. Loans (with
 * their events) only when asked: grading needs them, formation triggers do not.
 */
export async function loadShgRecords(
  db: Database | Tx,
  shgIds: readonly string[],
  asOf: string,
  /** since: only meetings on or after this date (a caller that looks at a window only, e.g. the functional test). */
  options: { loans?: boolean; since?: string } = {},
): Promise<ShgRecords[]> {
  if (shgIds.length === 0) return [];
  const r = withRules(db);
  const ids = [...shgIds];
  const [groups, members, meetings, trainings, loans] = await Promise.all([
    r
      .selectFrom('shg as s')
      .innerJoin('node as n', 'n.id', 's.node_id')
      .select(['n.id', 'n.name', 's.formed_on', 's.meeting_frequency', 's.compulsory_savings_paise', 's.group_type', 's.promoted_by'])
      .where('s.node_id', 'in', ids)
      .where('s.status', '<>', 'closed')
      .execute(),
    r
      .selectFrom('member as m')
      .leftJoin('household as h', 'h.id', 'm.household_id')
      .select(['m.id', 'm.shg_id', 'm.joined_on', 'm.left_on', sql<PovertyStatus>`coalesce(h.poverty_status, m.poverty_status)`.as('poverty_status')])
      .where('m.shg_id', 'in', ids)
      .execute(),
    // A meeting reached the books when it was first written down: the earliest recording of that date (a
    // correction does not restart the clock), and for a meeting written offline on a phone, the phone's time of
    // writing — a meeting synced a week later was still written at the meeting. A phone's clock is trusted only
    // between the meeting's date and the server's receipt.
    sql<{ shg_id: string; date: string; attendance: PayloadRows['attendance']; savings: PayloadRows['savings']; first_recorded_at: Date }>`
      select m.shg_id, m.date, m.payload -> 'attendance' as attendance, m.payload -> 'savings' as savings,
             (select min(case when c.device_time is null then x.recorded_at
                                 else least(x.recorded_at, greatest(c.device_time, x.date::timestamptz)) end)
                from meeting x left join command c on c.id = x.command_id
               where x.shg_id = m.shg_id and x.date = m.date) as first_recorded_at
        from meeting m
       where m.shg_id = any(${ids}::uuid[]) and m.status = 'recorded' and m.date <= ${asOf} and m.date >= ${options.since ?? '0001-01-01'}::date
       order by m.shg_id, m.date`.execute(r),
    r
      .selectFrom('training_record as t')
      .select(['t.node_id', 't.member_id', 't.module', 't.completed_on'])
      .where('t.node_id', 'in', ids)
      .execute(),
    options.loans
      ? sql<{ shg_id: string; loan: Parameters<typeof loanDefinitionOf>[0]; events: LoanEvent[] }>`
          select e.node_id as shg_id, to_jsonb(lo) as loan,
                 (select coalesce(json_agg(ev.event order by ev.seq), '[]') from loan_event ev where ev.loan_id = lo.id) as events
            from loan lo join entity e on e.id = lo.entity_id
           where e.node_id = any(${ids}::uuid[]) and lo.kind like 'internal-%' and lo.status <> 'cancelled' and lo.disbursed_on <= ${asOf}
           order by lo.disbursed_on, lo.id`.execute(r)
      : Promise.resolve({ rows: [] }),
  ]);

  const membersOf = new Map<string, MemberRecord[]>();
  for (const m of members) {
    const list = membersOf.get(m.shg_id) ?? [];
    list.push({ id: m.id, joinedOn: m.joined_on, leftOn: m.left_on, povertyStatus: m.poverty_status });
    membersOf.set(m.shg_id, list);
  }
  const compulsoryOf = new Map(groups.map((g) => [g.id, g.compulsory_savings_paise]));
  const meetingsOf = new Map<string, MeetingRecord[]>();
  for (const m of meetings.rows) {
    const compulsory = compulsoryOf.get(m.shg_id) ?? 0;
    const active = (membersOf.get(m.shg_id) ?? []).filter((x) => activeOn(x, m.date));
    const activeIds = new Set(active.map((x) => x.id));
    const paid = new Map<string, number>();
    let voluntary = 0;
    for (const s of m.savings ?? []) {
      paid.set(s.memberId, (paid.get(s.memberId) ?? 0) + s.compulsoryPaise);
      voluntary += s.voluntaryPaise;
    }
    const list = meetingsOf.get(m.shg_id) ?? [];
    list.push({
      date: m.date,
      present: (m.attendance ?? []).filter((a) => a.status !== 'absent' && activeIds.has(a.memberId)).length,
      members: active.length,
      savingsDuePaise: compulsory * active.length,
      savingsCollectedPaise: active.reduce((t, x) => t + Math.min(paid.get(x.id) ?? 0, compulsory), 0),
      voluntarySavingsPaise: voluntary,
      recordedOn: todayIn('Asia/Kolkata', new Date(m.first_recorded_at)),
    });
    meetingsOf.set(m.shg_id, list);
  }
  const trainingsOf = new Map<string, TrainingRecord[]>();
  for (const t of trainings) {
    const list = trainingsOf.get(t.node_id) ?? [];
    list.push({ module: t.module, completedOn: t.completed_on, memberId: t.member_id });
    trainingsOf.set(t.node_id, list);
  }
  const loansOf = new Map<string, ShgRecords['loans']>();
  for (const l of loans.rows) {
    const list = loansOf.get(l.shg_id) ?? [];
    list.push({ definition: loanDefinitionOf(l.loan), events: l.events });
    loansOf.set(l.shg_id, list);
  }
  return groups.map((g) => ({
    id: g.id,
    name: g.name,
    formedOn: g.formed_on,
    meetingFrequency: g.meeting_frequency as MeetingFrequency,
    compulsorySavingsPaise: g.compulsory_savings_paise,
    groupType: g.group_type === 'special' ? 'special' : 'regular',
    preExisting: g.promoted_by !== null && g.promoted_by.trim() !== '',
    members: membersOf.get(g.id) ?? [],
    meetings: meetingsOf.get(g.id) ?? [],
    loans: loansOf.get(g.id) ?? [],
    trainings: trainingsOf.get(g.id) ?? [],
  }));
}

/** The SHGs (not closed) anywhere under a tree node. */
export async function shgIdsUnder(db: Database | Tx, path: string): Promise<string[]> {
  const rows = await withRules(db)
    .selectFrom('node as n')
    .innerJoin('shg as s', 's.node_id', 'n.id')
    .select('n.id')
    .where('n.path', 'like', `${path}%`)
    .where('n.kind', '=', 'shg')
    .where('s.status', '<>', 'closed')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * The VOs under a cluster, for the CLF trigger, from the federation register (migration 040): formation date,
 * member SHGs on the date, EC meetings held up to it; and their training completions.
 */
export async function loadVoRecords(db: Database | Tx, clusterPath: string, asOf: string): Promise<VoRecords[]> {
  const r = withRules(db);
  const { rows: vos } = await sql<{ id: string; name: string; formed_on: string; shg_count: number; ec_dates: string[] }>`
    select n.id, n.name, f.formed_on::text as formed_on,
           (select count(*) from federation_membership m join node s on s.id = m.member_node_id
             where m.federation_id = f.node_id and s.kind = 'shg' and m.since <= ${asOf}::date
               and (m.until is null or m.until > ${asOf}::date))::int as shg_count,
           (select coalesce(json_agg(fm.date::text order by fm.date), '[]') from federation_meeting fm
             where fm.federation_id = f.node_id and fm.kind = 'ec' and fm.date <= ${asOf}::date) as ec_dates
      from federation f join node n on n.id = f.node_id
     where f.level = 'vo' and f.status <> 'closed' and n.path like ${`${clusterPath}%`}`.execute(r);
  if (vos.length === 0) return [];
  const trainings = await r
    .selectFrom('training_record')
    .select(['node_id', 'member_id', 'module', 'completed_on'])
    .where('node_id', 'in', vos.map((v) => v.id))
    .execute();
  return vos.map((v) => ({
    id: v.id,
    name: v.name,
    formedOn: v.formed_on,
    shgCount: v.shg_count,
    ecMeetingDates: v.ec_dates,
    trainings: trainings.filter((t) => t.node_id === v.id).map((t) => ({ module: t.module, completedOn: t.completed_on, memberId: t.member_id })),
  }));
}
