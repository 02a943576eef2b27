import type { ColumnType, Generated, Kysely, Transaction } from 'kysely';
import type { Database } from '../db/pool.ts';
import type { DB, HouseholdTable } from '../db/schema.ts';
import type { Tx } from '../ledger/post-entry.ts';

/** Kysely's view of the tables of migration 070 (inclusion, social action, Panchayat demands). */
type DefaultNow = ColumnType<Date, Date | string | undefined, never>;

export interface InclusionTables {
  household: HouseholdTable & {
    register_number: string | null;
    updated_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  };
  social_action_drive: {
    id: string;
    organisation_id: number;
    node_id: string;
    name: string;
    held_on: string;
    indicator_set: string | null;
    venue: string | null;
    notes: string | null;
    recorded_by: string;
    command_id: string | null;
    created_at: DefaultNow;
  };
  social_action_observation: {
    id: string;
    organisation_id: number;
    node_id: string;
    indicator: string;
    observed_on: string;
    member_id: string | null;
    household_id: string | null;
    meeting_id: string | null;
    drive_id: string | null;
    met: boolean;
    note: string | null;
    rule_set_version: number;
    seq: Generated<number>;
    command_id: string;
    created_at: DefaultNow;
  };
  panchayat_demand: {
    id: string;
    organisation_id: number;
    node_id: string;
    gram_panchayat: string;
    gram_panchayat_code: string | null;
    plan_year: string;
    category: string;
    description: string;
    submitted_on: string;
    estimated_paise: number | null;
    status: ColumnType<'pending' | 'accepted' | 'rejected', 'pending' | 'accepted' | 'rejected' | undefined, 'pending' | 'accepted' | 'rejected'>;
    decided_on: string | null;
    sanctioned_paise: number | null;
    outcome_note: string | null;
    submitted_by: string;
    decided_by: string | null;
    command_id: string | null;
    created_at: DefaultNow;
  };
}
export type InclusionDB = Omit<DB, 'household'> & InclusionTables;

/** The same connection or transaction, seeing the tables of migration 070. */
export const incl = (db: Database | Tx): Kysely<InclusionDB> => db as unknown as Kysely<InclusionDB>;
export const inclTx = (tx: Tx): Transaction<InclusionDB> => tx as unknown as Transaction<InclusionDB>;
