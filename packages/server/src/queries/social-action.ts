import { sql } from 'kysely';
import type { DemandStatus } from '@khata/core/social-action';
import type { Database } from '../db/pool.ts';
import type { Table } from '../export/table-file.ts';

/*
 * Social action lists under a node (by path): drives held at or under it, observations of members and households
 * under it, Panchayat demands of the SHGs and federations under it.
 */

export interface DriveRow {
  id: string;
  nodeId: string;
  placeName: string;
  name: string;
  heldOn: string;
  indicatorSet: string | null;
  venue: string | null;
  notes: string | null;
  observations: number;
  met: number;
}

export async function driveRows(db: Database, organisationId: number, path: string, range: { from?: string | undefined; to?: string | undefined }): Promise<DriveRow[]> {
  const { rows } = await sql<DriveRow>`
    select d.id, d.node_id as "nodeId", n.name as "placeName", d.name, d.held_on as "heldOn", d.indicator_set as "indicatorSet",
           d.venue, d.notes,
           (select count(*) from social_action_observation o where o.drive_id = d.id)::int as observations,
           (select count(*) from social_action_observation o where o.drive_id = d.id and o.met)::int as met
      from social_action_drive d join node n on n.id = d.node_id
     where d.organisation_id = ${organisationId} and n.path like ${`${path}%`}
       ${range.from ? sql`and d.held_on >= ${range.from}` : sql``}
       ${range.to ? sql`and d.held_on <= ${range.to}` : sql``}
     order by d.held_on desc, d.name, d.id
     limit 5000`.execute(db);
  return rows;
}

export function driveTable(rows: readonly DriveRow[]): Table {
  return {
    title: 'Drives',
    columns: [
      { key: 'heldOn', header: 'held_on', kind: 'date' },
      { key: 'name', header: 'name' },
      { key: 'placeName', header: 'place' },
      { key: 'indicatorSet', header: 'indicator_set' },
      { key: 'venue', header: 'venue' },
      { key: 'observations', header: 'observations', kind: 'number' },
      { key: 'met', header: 'met', kind: 'number' },
    ],
    rows: rows.map((r) => ({ ...r })),
  };
}

export interface ObservationRow {
  id: string;
  observedOn: string;
  indicator: string;
  subject: 'member' | 'household';
  /** The member's name or the household head's name (personal data: shown only to those who can read the node). */
  subjectName: string | null;
  groupName: string;
  occasion: 'meeting' | 'drive';
  driveName: string | null;
  met: boolean;
  note: string | null;
}

export async function observationRows(db: Database, organisationId: number, path: string, range: { from?: string | undefined; to?: string | undefined; driveId?: string | undefined }): Promise<ObservationRow[]> {
  const { rows } = await sql<ObservationRow>`
    select o.id, o.observed_on as "observedOn", o.indicator,
           case when o.member_id is not null then 'member' else 'household' end as subject,
           coalesce(m.name, h.head_name) as "subjectName", n.name as "groupName",
           case when o.meeting_id is not null then 'meeting' else 'drive' end as occasion,
           d.name as "driveName", o.met, o.note
      from social_action_observation o
      join node n on n.id = o.node_id
      left join member m on m.id = o.member_id
      left join household h on h.id = o.household_id
      left join social_action_drive d on d.id = o.drive_id
     where o.organisation_id = ${organisationId} and n.path like ${`${path}%`}
       ${range.from ? sql`and o.observed_on >= ${range.from}` : sql``}
       ${range.to ? sql`and o.observed_on <= ${range.to}` : sql``}
       ${range.driveId ? sql`and o.drive_id = ${range.driveId}` : sql``}
     order by o.observed_on desc, o.seq desc
     limit 20000`.execute(db);
  return rows;
}

export function observationTable(rows: readonly ObservationRow[]): Table {
  return {
    title: 'Observations',
    columns: [
      { key: 'observedOn', header: 'observed_on', kind: 'date' },
      { key: 'indicator', header: 'indicator' },
      { key: 'subject', header: 'subject' },
      { key: 'subjectName', header: 'name' },
      { key: 'groupName', header: 'group_or_village' },
      { key: 'occasion', header: 'occasion' },
      { key: 'driveName', header: 'drive' },
      { key: 'met', header: 'met' },
      { key: 'note', header: 'note' },
    ],
    rows: rows.map((r) => ({ ...r, met: r.met ? 'yes' : 'no' })),
  };
}

export interface DemandRow {
  id: string;
  nodeId: string;
  submittedBy: string;
  submitterKind: string;
  gramPanchayat: string;
  gramPanchayatCode: string | null;
  planYear: string;
  category: string;
  description: string;
  submittedOn: string;
  estimatedPaise: number | null;
  status: DemandStatus;
  decidedOn: string | null;
  sanctionedPaise: number | null;
  outcomeNote: string | null;
}

export async function demandRows(db: Database, organisationId: number, path: string, filters: { status?: DemandStatus | undefined; planYear?: string | undefined }): Promise<DemandRow[]> {
  const { rows } = await sql<DemandRow>`
    select p.id, p.node_id as "nodeId", n.name as "submittedBy", n.kind as "submitterKind", p.gram_panchayat as "gramPanchayat",
           p.gram_panchayat_code as "gramPanchayatCode", p.plan_year as "planYear", p.category, p.description,
           p.submitted_on as "submittedOn", p.estimated_paise as "estimatedPaise", p.status, p.decided_on as "decidedOn",
           p.sanctioned_paise as "sanctionedPaise", p.outcome_note as "outcomeNote"
      from panchayat_demand p join node n on n.id = p.node_id
     where p.organisation_id = ${organisationId} and n.path like ${`${path}%`}
       ${filters.status ? sql`and p.status = ${filters.status}` : sql``}
       ${filters.planYear ? sql`and p.plan_year = ${filters.planYear}` : sql``}
     order by p.submitted_on desc, n.name, p.id
     limit 5000`.execute(db);
  return rows;
}

export function demandTable(rows: readonly DemandRow[]): Table {
  return {
    title: 'Panchayat demands',
    columns: [
      { key: 'submittedOn', header: 'submitted_on', kind: 'date' },
      { key: 'submittedBy', header: 'submitted_by' },
      { key: 'gramPanchayat', header: 'gram_panchayat' },
      { key: 'planYear', header: 'plan_year' },
      { key: 'category', header: 'category' },
      { key: 'description', header: 'description' },
      { key: 'estimatedPaise', header: 'estimated', kind: 'money' },
      { key: 'status', header: 'status' },
      { key: 'decidedOn', header: 'decided_on', kind: 'date' },
      { key: 'sanctionedPaise', header: 'sanctioned', kind: 'money' },
      { key: 'outcomeNote', header: 'note' },
    ],
    rows: rows.map((r) => ({ ...r })),
  };
}
