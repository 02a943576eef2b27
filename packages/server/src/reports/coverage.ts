import { computeCoverage, type Coverage, type MobilisationStatus } from '@khata/core/inclusion';
import type { Database } from '../db/pool.ts';
import type { Table } from '../export/table-file.ts';
import { householdRows, type HouseholdRow } from '../queries/households.ts';
import { rulesInForce, type RulesInForce } from '../queries/inclusion-rules.ts';

/*
 * Coverage of the poor by SHGs at a place (core/inclusion.ts computeCoverage): the poor and the poorest of the poor,
 * total against mobilised, by priority category, and the goals of the rules in force on the date. Figures only:
 * no names. The list of poor households still outside any SHG (for the field team) is separate and carries names.
 */

export interface CoverageReport extends Coverage {
  asOf: string;
  ruleSet: { version: number; label: string; effectiveFrom: string };
}

export async function coverageReport(db: Database, organisationId: number, path: string, asOf: string): Promise<CoverageReport> {
  const [{ households, truncated }, rules] = await Promise.all([householdRows(db, organisationId, path, asOf, {}, Number.MAX_SAFE_INTEGER - 1), rulesInForce(db, organisationId, asOf)]);
  void truncated;
  return { asOf, ruleSet: ruleSetRef(rules), ...computeCoverage(households, rules.body.inclusion) };
}

const ruleSetRef = (r: RulesInForce) => ({ version: r.version, label: r.label, effectiveFrom: r.effectiveFrom });

/** Poor households (poor and poorest) not in an SHG on the date: never mobilised, or all their women have left. */
export async function poorOutside(db: Database, organisationId: number, path: string, asOf: string): Promise<{ households: HouseholdRow[]; truncated: boolean }> {
  const [notYet, left] = await Promise.all(
    (['not-yet', 'left'] as MobilisationStatus[]).map((status) => householdRows(db, organisationId, path, asOf, { status, povertyStatus: 'poor-or-poorest' })),
  );
  const households = [...notYet!.households, ...left!.households].sort(
    (a, b) =>
      a.villageName.localeCompare(b.villageName) ||
      a.villageId.localeCompare(b.villageId) ||
      // The poorest first: the field team starts there.
      (a.povertyStatus === b.povertyStatus ? 0 : a.povertyStatus === 'poorest' ? -1 : 1) ||
      (a.registerNumber ?? '\uffff').localeCompare(b.registerNumber ?? '\uffff') ||
      (a.headName ?? '').localeCompare(b.headName ?? '') ||
      a.id.localeCompare(b.id),
  );
  return { households, truncated: notYet!.truncated || left!.truncated };
}

/** The coverage figures as one table: the poor, the poorest, each category, then each goal. */
export function coverageTable(c: CoverageReport): Table {
  const figure = (group: string, f: { total: number; mobilised: number; left: number; notYet: number; sharePercent: number | null }) => ({
    group,
    total: f.total,
    mobilised: f.mobilised,
    left: f.left,
    not_yet: f.notYet,
    share_percent: f.sharePercent,
    goal_percent: null,
    met: null,
  });
  return {
    title: `Coverage ${c.asOf}`,
    columns: [
      { key: 'group', header: 'group' },
      { key: 'total', header: 'total', kind: 'number' },
      { key: 'mobilised', header: 'mobilised', kind: 'number' },
      { key: 'left', header: 'left', kind: 'number' },
      { key: 'not_yet', header: 'not_yet', kind: 'number' },
      { key: 'share_percent', header: 'share_percent', kind: 'number' },
      { key: 'goal_percent', header: 'goal_percent', kind: 'number' },
      { key: 'met', header: 'met' },
    ],
    rows: [
      figure('poor', c.poor),
      figure('poorest', c.poorest),
      ...c.byCategory.map((b) => figure(`category:${b.category}`, b)),
      ...c.goals.map((g) => ({
        group: `goal:${g.key}`,
        total: g.mobilisedTotal,
        mobilised: g.mobilised,
        left: null,
        not_yet: null,
        share_percent: g.sharePercent,
        goal_percent: g.goalPercent,
        met: g.met === null ? null : g.met ? 'yes' : 'no',
      })),
    ],
  };
}
