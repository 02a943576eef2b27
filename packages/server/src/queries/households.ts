import { sql } from 'kysely';
import type { InclusionCategory, MobilisationStatus, PovertyStatus } from '@khata/core/inclusion';
import type { Database } from '../db/pool.ts';
import type { Table } from '../export/table-file.ts';

/*
 * The household register under a place, with each household's mobilisation on a date read from its women's
 * membership (core/inclusion.ts `mobilisationStatus`, in SQL): in an SHG when one of them is an active member on
 * the date, left when all who joined have left, not yet when none ever joined.
 */

export interface HouseholdFilters {
  status?: MobilisationStatus | undefined;
  povertyStatus?: PovertyStatus | 'poor-or-poorest' | undefined;
  category?: InclusionCategory | undefined;
  villageId?: string | undefined;
}

export interface HouseholdRow {
  id: string;
  villageId: string;
  villageName: string;
  villageCode: string;
  registerNumber: string | null;
  headName: string | null;
  povertyStatus: PovertyStatus;
  seccDeprivations: string[];
  pipListed: boolean;
  pipVettedOn: string | null;
  categories: string[];
  status: MobilisationStatus;
  activeMembers: number;
  /** The SHGs its women are active members of (group names, not people). */
  shgs: string[];
}

/** At most this many rows in one list (a district's register); `truncated` says when there were more. */
export const HOUSEHOLD_LIST_LIMIT = 20_000;

/** The rows, with their status on `asOf`, of every household in a village at or under `path`. */
export async function householdRows(db: Database, organisationId: number, path: string, asOf: string, filters: HouseholdFilters = {}, limit = HOUSEHOLD_LIST_LIMIT): Promise<{ households: HouseholdRow[]; truncated: boolean }> {
  const poverty =
    filters.povertyStatus === 'poor-or-poorest'
      ? sql`and hh."povertyStatus" in ('poor', 'poorest')`
      : filters.povertyStatus
        ? sql`and hh."povertyStatus" = ${filters.povertyStatus}`
        : sql``;
  const { rows } = await sql<HouseholdRow>`
    with hh as (
      select h.id, v.id as "villageId", v.name as "villageName", v.code as "villageCode", h.register_number as "registerNumber",
             h.head_name as "headName", h.poverty_status as "povertyStatus", h.secc_deprivations as "seccDeprivations",
             h.pip_listed as "pipListed", h.pip_vetted_on as "pipVettedOn", h.categories,
             coalesce(a.active, 0)::int as "activeMembers", coalesce(a.shgs, '{}') as shgs, coalesce(a.ever, false) as ever
        from household h
        join node v on v.id = h.village_node_id
        left join lateral (
          select count(*) filter (where m.joined_on <= ${asOf} and (m.left_on is null or m.left_on > ${asOf})) as active,
                 array_agg(distinct s.name order by s.name) filter (where m.joined_on <= ${asOf} and (m.left_on is null or m.left_on > ${asOf})) as shgs,
                 bool_or(m.joined_on <= ${asOf}) as ever
            from member m join node s on s.id = m.shg_id
           where m.household_id = h.id
        ) a on true
       where h.organisation_id = ${organisationId} and v.path like ${`${path}%`}
    )
    select hh.id, hh."villageId", hh."villageName", hh."villageCode", hh."registerNumber", hh."headName", hh."povertyStatus",
           hh."seccDeprivations", hh."pipListed", hh."pipVettedOn", hh.categories, hh."activeMembers", hh.shgs,
           case when hh."activeMembers" > 0 then 'in-shg' when hh.ever then 'left' else 'not-yet' end as status
      from hh
     where true
       ${filters.status ? sql`and (case when hh."activeMembers" > 0 then 'in-shg' when hh.ever then 'left' else 'not-yet' end) = ${filters.status}` : sql``}
       ${poverty}
       ${filters.category ? sql`and ${filters.category} = any(hh.categories)` : sql``}
       ${filters.villageId ? sql`and hh."villageId" = ${filters.villageId}` : sql``}
     order by hh."villageName", hh."villageId", hh."registerNumber" nulls last, hh."headName", hh.id
     limit ${limit + 1}`.execute(db);
  return { households: rows.slice(0, limit), truncated: rows.length > limit };
}

const list = (xs: readonly string[]) => xs.join(' ');

/**
 * The register as a file. The columns are the import's own (docs/household-list.md), so a list exported, corrected
 * in a spreadsheet and imported again updates the same households; the last three are for reading only.
 */
export function householdTable(rows: readonly HouseholdRow[], title = 'Households'): Table {
  return {
    title,
    columns: [
      { key: 'household_id', header: 'household_id' },
      { key: 'village_code', header: 'village_code' },
      { key: 'register_number', header: 'register_number' },
      { key: 'head_name', header: 'head_name' },
      { key: 'poverty_status', header: 'poverty_status' },
      { key: 'secc_deprivations', header: 'secc_deprivations' },
      { key: 'pip_listed', header: 'pip_listed' },
      { key: 'pip_vetted_on', header: 'pip_vetted_on', kind: 'date' },
      { key: 'categories', header: 'categories' },
      { key: 'village', header: 'village' },
      { key: 'mobilisation', header: 'mobilisation' },
      { key: 'active_members', header: 'active_members', kind: 'number' },
    ],
    rows: rows.map((h) => ({
      household_id: h.id,
      village_code: h.villageCode,
      register_number: h.registerNumber,
      head_name: h.headName,
      poverty_status: h.povertyStatus,
      secc_deprivations: list(h.seccDeprivations),
      pip_listed: h.pipListed ? 'yes' : 'no',
      pip_vetted_on: h.pipVettedOn,
      categories: list(h.categories),
      village: h.villageName,
      mobilisation: h.status,
      active_members: h.activeMembers,
    })),
  };
}
