import { sql } from 'kysely';
import { summariseObservations, type IndicatorPeriodRow, type ReportPeriod } from '@khata/core/social-action';
import type { Database } from '../db/pool.ts';
import type { Table } from '../export/table-file.ts';
import { rulesInForce } from '../queries/inclusion-rules.ts';

/*
 * The social action report of a node: for each indicator and period, the members or households observed under the
 * node and how many met it (each counted once per period, by the latest observation: core summariseObservations).
 * Counts only, no names. Indicators are ordered and grouped by the set in force at the end of the range.
 */

export interface SocialActionReport {
  from: string;
  to: string;
  period: ReportPeriod;
  rows: IndicatorPeriodRow[];
  drives: number;
}

export async function socialActionReport(db: Database, organisationId: number, path: string, range: { from: string; to: string; period: ReportPeriod }): Promise<SocialActionReport> {
  const [{ rows }, drives, rules] = await Promise.all([
    sql<{ indicator: string; subjectId: string; observedOn: string; met: boolean; seq: number }>`
      select o.indicator, coalesce(o.member_id, o.household_id) as "subjectId", o.observed_on as "observedOn", o.met, o.seq
        from social_action_observation o join node n on n.id = o.node_id
       where o.organisation_id = ${organisationId} and n.path like ${`${path}%`}
         and o.observed_on >= ${range.from} and o.observed_on <= ${range.to}`.execute(db),
    sql<{ n: number }>`
      select count(*)::int as n from social_action_drive d join node n on n.id = d.node_id
       where d.organisation_id = ${organisationId} and n.path like ${`${path}%`} and d.held_on >= ${range.from} and d.held_on <= ${range.to}`.execute(db),
    rulesInForce(db, organisationId, range.to),
  ]);
  return { ...range, rows: summariseObservations(rows, range.period, rules.body.socialAction.indicators), drives: drives.rows[0]?.n ?? 0 };
}

export function socialActionTable(r: SocialActionReport): Table {
  return {
    title: `Social action ${r.from} to ${r.to}`,
    columns: [
      { key: 'period', header: 'period' },
      { key: 'set', header: 'indicator_set' },
      { key: 'indicator', header: 'indicator' },
      { key: 'observed', header: 'observed', kind: 'number' },
      { key: 'met', header: 'met', kind: 'number' },
      { key: 'sharePercent', header: 'share_percent', kind: 'number' },
    ],
    rows: r.rows.map((row) => ({ ...row })),
  };
}
