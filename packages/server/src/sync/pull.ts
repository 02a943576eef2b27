import { sql } from 'kysely';
import type { LoanTerms } from '@khata/core';
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
 * The groups a device of this user holds: the SHGs (not closed) under her roles that allow writing, i.e. where she
 * can record meetings. A bookkeeper's role sits at her SHGs; a field officer's at a cluster. Capped at
 * MAX_DEVICE_GROUPS, the first by tree path.
 */
export async function assignedGroups(db: Database | Tx, actor: Actor): Promise<{ groups: AssignedGroup[]; limited: boolean }> {
  const paths = actor.roles.filter((r) => allows({ ...actor, roles: [r] }, r.nodePath, 'write')).map((r) => r.nodePath);
  if (paths.length === 0) return { groups: [], limited: false };
  const rows = await db
    .selectFrom('node as n')
    .innerJoin('shg as s', 's.node_id', 'n.id')
    .select(['n.id', 'n.path'])
    .where('n.organisation_id', '=', actor.organisationId)
    .where('s.status', '<>', 'closed')
    .where((eb) => eb.or(paths.map((p) => eb('n.path', 'like', `${p}%`))))
    .orderBy('n.path')
    .limit(MAX_DEVICE_GROUPS + 1)
    .execute();
  return { groups: rows.slice(0, MAX_DEVICE_GROUPS), limited: rows.length > MAX_DEVICE_GROUPS };
}

/**
 * Changes for the device's groups since its cursor. The cursor is a transaction watermark: the xmin of the
 * snapshot the answer was read in. Every transaction below it had ended, so a later pull that asks for commands
 * with `xid >= cursor` sees every command committed after this answer was read, even one that took its
 * server_seq earlier. A group may come twice (harmless: it replaces the copy whole); none is missed.
 */
export async function pullChanges(db: Database, actor: Actor, query: PullQuery): Promise<PullResponse> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (tx) => {
      // The first statement fixes the transaction's snapshot: the watermark and the data are read in the same one.
      const snap = await sql<{ xmin: string; xmax: string }>`
        select pg_snapshot_xmin(pg_current_snapshot())::text as xmin, pg_snapshot_xmax(pg_current_snapshot())::text as xmax`.execute(tx);
      const xmin = Number(snap.rows[0]!.xmin);
      const xmax = Number(snap.rows[0]!.xmax);
      // A cursor from the future (a restored database) cannot be trusted: start again from nothing.
      const cursor = query.cursor > xmax ? 0 : query.cursor;
      const { groups: assigned, limited } = await assignedGroups(tx, actor);
      const assignedIds = new Set(assigned.map((g) => g.id));
      const have = query.have ? new Set(query.have) : null;
      const removed = have ? [...have].filter((id) => !assignedIds.has(id)) : [];

      let wanted: AssignedGroup[];
      if (cursor === 0) {
        wanted = assigned;
      } else {
        const touched = assigned.length
          ? await sql<{ node_id: string; type: string }>`
              select distinct node_id, type from command
               where organisation_id = ${actor.organisationId} and xid >= ${String(cursor)}::xid8
                 and (node_id = any(${assigned.map((g) => g.id)}::uuid[]) or type = any(${[...INHERITED_BY_GROUPS]}::text[]))`.execute(tx)
          : { rows: [] };
        const direct = new Set(touched.rows.filter((r) => !(INHERITED_BY_GROUPS as readonly string[]).includes(r.type)).map((r) => r.node_id));
        const above = touched.rows.filter((r) => (INHERITED_BY_GROUPS as readonly string[]).includes(r.type)).map((r) => `/${r.node_id}/`);
        wanted = assigned.filter((g) => direct.has(g.id) || (have !== null && !have.has(g.id)) || above.some((p) => g.path.includes(p)));
      }
      return { cursor: xmin, groups: await loadGroupStates(tx, wanted), removed, limited, groupLimit: MAX_DEVICE_GROUPS };
    });
}

/** Full states of the given groups, read in a few statements (one per group for the books, the rest batched). */
export async function loadGroupStates(tx: Tx, groups: AssignedGroup[]): Promise<GroupState[]> {
  if (groups.length === 0) return [];
  const ids = groups.map((g) => g.id);
  const ancestors = [...new Set(groups.flatMap((g) => g.path.split('/').filter(Boolean)))];
  const [profiles, members, meetings, products] = await Promise.all([
    tx
      .selectFrom('node as n')
      .innerJoin('shg as s', 's.node_id', 'n.id')
      .select(['n.id', 'n.code', 'n.name', 's.formed_on', 's.status', 's.meeting_frequency', 's.meeting_day', 's.compulsory_savings_paise'])
      .where('n.id', 'in', ids)
      .execute(),
    tx
      .selectFrom('member')
      .select(['id', 'shg_id', 'membership_number', 'name', 'joined_on'])
      .where('shg_id', 'in', ids)
      .where('status', '=', 'active')
      .orderBy('membership_number')
      .execute(),
    sql<{ id: string; shg_id: string; date: string; payload: MeetingPayload; closing_cash_paise: number }>`
      select id, shg_id, date, payload, closing_cash_paise from (
        select m.*, row_number() over (partition by shg_id order by date desc, recorded_at desc) as rn
          from meeting m where m.shg_id = any(${ids}::uuid[]) and m.status = 'recorded') x
       where rn <= ${RECENT_MEETINGS} order by shg_id, date desc`.execute(tx),
    tx.selectFrom('loan_product').select(['id', 'name', 'terms', 'node_id']).where('node_id', 'in', ancestors).where('active', '=', true).orderBy('name').execute(),
  ]);
  const states: GroupState[] = [];
  for (const g of groups) {
    const p = profiles.find((x) => x.id === g.id)!;
    const { snapshot } = await loadGroupSnapshot(tx, g.id, { lock: false });
    const active = members.filter((m) => m.shg_id === g.id);
    const activeIds = new Set(active.map((m) => m.id));
    states.push({
      id: g.id,
      code: p.code,
      name: p.name,
      formedOn: p.formed_on,
      status: p.status,
      meetingFrequency: p.meeting_frequency,
      meetingDay: p.meeting_day,
      savingsRule: { compulsoryPaise: p.compulsory_savings_paise },
      lockedThrough: snapshot.lockedThrough,
      members: active.map((m) => ({ id: m.id, membershipNumber: m.membership_number, name: m.name, joinedOn: m.joined_on })),
      loans: snapshot.loans,
      externalLoans: snapshot.externalLoans,
      cashPaise: snapshot.cashPaise,
      bankPaise: snapshot.bankPaise,
      savingsByMember: Object.fromEntries(Object.entries(snapshot.savingsByMember).filter(([id]) => activeIds.has(id))),
      meetingDates: snapshot.existingMeetingDates.filter((d) => snapshot.lockedThrough === null || d > snapshot.lockedThrough).sort(),
      recentMeetings: meetings.rows.filter((m) => m.shg_id === g.id).map(summaryOf),
      loanProducts: products.filter((x) => g.path.includes(`/${x.node_id}/`)).map((x) => ({ id: x.id, name: x.name, terms: x.terms as LoanTerms })),
    });
  }
  return states;
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
  };
}
