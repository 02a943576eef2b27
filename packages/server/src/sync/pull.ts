import { sql } from 'kysely';
import { allows, type Actor } from '../access.ts';
import type { Database } from '../db/pool.ts';
import type { Tx } from '../ledger/post-entry.ts';
import { loadGroupSnapshot } from '../use-cases/group-snapshot.ts';
import { MAX_DEVICE_GROUPS, RECENT_MEETINGS, type GroupState, type MeetingSummaryRow, type PullQuery, type PullResponse } from './protocol.ts';

/**
 * Command types that act at a node above the groups and change what every group below it holds (the loan
 * products offered). Any other command changes the group it acted on, and only that one.
 */
export const INHERITED_BY_GROUPS = ['define-loan-product'] as const;

export interface AssignedGroup {
  id: string;
  path: string;
}

/**
 * Changes for the device's groups since its cursor. The cursor is a transaction watermark: the xmin of the
 * snapshot the answer was decided in. Every transaction below it had ended, so a later pull that asks for
 * commands with `xid >= cursor` sees every command committed after this answer was decided, even one that took its
 * server_seq earlier. A group may come twice (harmless: it replaces the copy whole); none is missed.
 *
 * The groups a device holds: the SHGs (not closed) under her roles that allow writing, i.e. where she can record
 * meetings (a bookkeeper's role sits at her SHGs; a field officer's at a cluster), at most MAX_DEVICE_GROUPS, the
 * first by tree path (`limited` says when there were more).
 *
 * The watermark, the assigned groups and the touched ones come from one statement. The groups' states are read
 * after it, in one repeatable-read transaction (each group consistent in itself): they can only be newer than the
 * watermark, which costs at most a repeat in the next pull. A pull with nothing new is one statement.
 */
export async function pullChanges(db: Database, actor: Actor, query: PullQuery): Promise<PullResponse> {
  const patterns = writablePaths(actor).map((p) => `${p}%`);
  const inherited = [...INHERITED_BY_GROUPS];
  const head = await sql<{ xmin: string; xmax: string; groups: AssignedGroup[]; touched: Array<{ node_id: string; type: string }> | null }>`
    with assigned as (
      select n.id, n.path from node n join shg s on s.node_id = n.id
       where n.organisation_id = ${actor.organisationId} and s.status <> 'closed' and n.path like any(${patterns}::text[])
       order by n.path limit ${MAX_DEVICE_GROUPS + 1})
    select pg_snapshot_xmin(pg_current_snapshot())::text as xmin, pg_snapshot_xmax(pg_current_snapshot())::text as xmax,
           coalesce((select json_agg(a order by a.path) from assigned a), '[]') as groups,
           (select json_agg(t) from (
              select distinct c.node_id, c.type from command c
               where c.organisation_id = ${actor.organisationId} and c.xid >= ${String(query.cursor)}::xid8
                 and (c.node_id in (select id from assigned) or c.type = any(${inherited}::text[]))) t
             where ${String(query.cursor)}::bigint > 0) as touched`.execute(db);
  const row = head.rows[0]!;
  const limited = row.groups.length > MAX_DEVICE_GROUPS;
  const assigned = row.groups.slice(0, MAX_DEVICE_GROUPS);
  const assignedIds = new Set(assigned.map((g) => g.id));
  const have = query.have ? new Set(query.have) : null;
  const removed = have ? [...have].filter((id) => !assignedIds.has(id)) : [];
  // A cursor from the future (a restored database) cannot be trusted: everything again.
  const everything = query.cursor === 0 || query.cursor > Number(row.xmax);
  let wanted: AssignedGroup[];
  if (everything) {
    wanted = assigned;
  } else {
    const touched = row.touched ?? [];
    const isInherited = (type: string) => (INHERITED_BY_GROUPS as readonly string[]).includes(type);
    const direct = new Set(touched.filter((t) => !isInherited(t.type)).map((t) => t.node_id));
    const above = touched.filter((t) => isInherited(t.type)).map((t) => `/${t.node_id}/`);
    wanted = assigned.filter((g) => direct.has(g.id) || (have !== null && !have.has(g.id)) || above.some((p) => g.path.includes(p)));
  }
  const groups = wanted.length
    ? await db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute((tx) => loadGroupStates(tx, wanted))
    : [];
  return { cursor: Number(row.xmin), groups, removed, limited, groupLimit: MAX_DEVICE_GROUPS };
}

/** Paths of the nodes where the actor's roles allow writing (recording meetings). */
function writablePaths(actor: Actor): string[] {
  return actor.roles.filter((r) => allows({ ...actor, roles: [r] }, r.nodePath, 'write')).map((r) => r.nodePath);
}

/** Full states of the given groups: one statement for profiles, members, recent meetings and products, one per group for the books. */
export async function loadGroupStates(tx: Tx, groups: AssignedGroup[]): Promise<GroupState[]> {
  if (groups.length === 0) return [];
  const rows = await sql<GroupRow>`
    select n.id, n.code, n.name, s.formed_on, s.status, s.meeting_frequency, s.meeting_day, s.compulsory_savings_paise,
      (select coalesce(json_agg(json_build_object('id', m.id, 'membershipNumber', m.membership_number, 'name', m.name, 'joinedOn', m.joined_on)
                                order by m.membership_number), '[]')
         from member m where m.shg_id = n.id and m.status = 'active') as members,
      (select coalesce(json_agg(x order by x.date desc, x.recorded_at desc), '[]')
         from (select mt.id, mt.date, mt.payload, mt.closing_cash_paise, mt.recorded_at from meeting mt
                where mt.shg_id = n.id and mt.status = 'recorded' order by mt.date desc, mt.recorded_at desc limit ${RECENT_MEETINGS}) x) as meetings,
      (select coalesce(json_agg(json_build_object('id', p.id, 'name', p.name, 'terms', p.terms) order by p.name, p.id), '[]')
         from loan_product p where p.active and p.node_id::text = any(string_to_array(trim(both '/' from n.path), '/'))) as products
    from node n join shg s on s.node_id = n.id
    where n.id = any(${groups.map((g) => g.id)}::uuid[])`.execute(tx);
  const states: GroupState[] = [];
  for (const g of groups) {
    const p = rows.rows.find((x) => x.id === g.id)!;
    const { snapshot } = await loadGroupSnapshot(tx, g.id, { lock: false });
    const activeIds = new Set(p.members.map((m) => m.id));
    states.push({
      id: g.id,
      code: p.code,
      name: p.name,
      formedOn: p.formed_on,
      status: p.status,
      meetingFrequency: p.meeting_frequency,
      meetingDay: p.meeting_day,
      savingsRule: { compulsoryPaise: Number(p.compulsory_savings_paise) },
      lockedThrough: snapshot.lockedThrough,
      members: p.members,
      loans: snapshot.loans,
      externalLoans: snapshot.externalLoans,
      cashPaise: snapshot.cashPaise,
      bankPaise: snapshot.bankPaise,
      savingsByMember: Object.fromEntries(Object.entries(snapshot.savingsByMember).filter(([id]) => activeIds.has(id))),
      meetingDates: snapshot.existingMeetingDates.filter((d) => snapshot.lockedThrough === null || d > snapshot.lockedThrough).sort(),
      recentMeetings: p.meetings.map(summaryOf),
      loanProducts: p.products,
    });
  }
  return states;
}

interface GroupRow {
  id: string;
  code: string;
  name: string;
  formed_on: string;
  status: string;
  meeting_frequency: string;
  meeting_day: number | null;
  compulsory_savings_paise: number;
  members: GroupState['members'];
  meetings: Array<{ id: string; date: string; payload: MeetingPayload; closing_cash_paise: number }>;
  products: GroupState['loanProducts'];
}

interface MeetingPayload {
  attendance?: Array<{ status: string }>;
  savings?: Array<{ compulsoryPaise: number; voluntaryPaise: number }>;
  repayments?: Array<{ amountPaise: number }>;
  disbursements?: Array<{ principalPaise: number }>;
}

function summaryOf(m: { id: string; date: string; payload: MeetingPayload; closing_cash_paise: number }): MeetingSummaryRow {
  const p = m.payload;
  const attendance = p.attendance ?? [];
  return {
    id: m.id,
    date: m.date,
    present: attendance.filter((a) => a.status !== 'absent').length,
    absent: attendance.filter((a) => a.status === 'absent').length,
    savingsPaise: (p.savings ?? []).reduce((t, s) => t + s.compulsoryPaise + s.voluntaryPaise, 0),
    repaymentsPaise: (p.repayments ?? []).reduce((t, r) => t + r.amountPaise, 0),
    disbursementsPaise: (p.disbursements ?? []).reduce((t, d) => t + d.principalPaise, 0),
    closingCashPaise: m.closing_cash_paise,
    payload: m.payload,
  };
}
