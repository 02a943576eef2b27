import { sql } from 'kysely';
import { addMonths, PAR_BUCKETS } from '@khata/core';
import { ruleSetInForce, type RuleSet } from '@khata/core/rules';
import { functionalShg } from '@khata/core/readiness';
import { todayIn } from '../business-date.ts';
import type { Database } from '../db/pool.ts';
import { loansOfEntities, type LoanWithEvents } from '../reports/loan-data.ts';
import { portfolioOfLoans } from '../reports/portfolio.ts';
import { resolvePeriod } from '../reports/report.ts';
import { loadRuleSets, loadShgRecords } from './shg-records.ts';
import { BUCKET_COLUMN, fundFlowParts, headBalances, loansOfBalances, savingsOf, shgFacts, vrfOwedByShgs, type FundFlowRow, type MisNode, type ShgUnit } from './mis.ts';

/*
 * Per-SHG facts of the consolidated MIS (migration 066, decision 0010). One row per SHG and date: the figures the MIS
 * sums, computed here by the per-SHG code path (the same functions as before: the maintained balances, core's loan
 * replay through portfolioOfLoans, core's functional test), so a place's MIS is an aggregate query over the facts of
 * the SHGs under it. Triggers delete a fact as soon as something it was computed from changes; a missing fact, or
 * one for a day that had not ended when it was computed, is (re)computed here, on demand, for those SHGs only.
 */

/** A fact row as stored (column names of mis_shg_fact). */
export interface ShgFactRow {
  shg_node_id: string;
  as_of: string;
  computed_on: string;
  computed_at: string;
  rule_set: string;
  active_members: number;
  poorest: number;
  poor: number;
  non_poor: number;
  categories: Record<string, number>;
  has_bank_account: boolean;
  in_vo: boolean;
  grade: 'A' | 'B' | 'C' | null;
  functional: boolean;
  rf_received: boolean;
  cif_received: boolean;
  bank_linked: boolean;
  savings_compulsory_paise: number;
  savings_total_paise: number;
  loans_internal_paise: number;
  loans_bank_paise: number;
  loans_federation_paise: number;
  loans_other_paise: number;
  opening_overdue_paise: number;
  demand_paise: number;
  total_due_paise: number;
  collected_paise: number;
  advance_paise: number;
  closing_overdue_paise: number;
  par_loans: number;
  par_outstanding_paise: number;
  current_loans: number;
  current_paise: number;
  par_1_30_loans: number;
  par_1_30_paise: number;
  par_31_60_loans: number;
  par_31_60_paise: number;
  par_61_90_loans: number;
  par_61_90_paise: number;
  par_over_90_loans: number;
  par_over_90_paise: number;
  at_risk_loans: number;
  at_risk_paise: number;
  fund_flows: FundFlowRow[];
}

/** How a fact names the rule set its functional test used. */
export const ruleSetKey = (r: Pick<RuleSet, 'id' | 'version'>): string => `${r.id ?? 'built-in'}:${r.version}`;

/** The last event date of a loan: after it, the loan's state no longer changes but for the passing of time. */
export function lastEventDate(loan: LoanWithEvents): string {
  let last = loan.disbursedOn;
  for (const e of loan.events) if ((e as { date?: string }).date && (e as { date: string }).date > last) last = (e as { date: string }).date;
  return last;
}

/** The loans a period from `from` needs: a loan closed for good before it (status closed, no event since) adds nothing to any figure. */
export function openIn(loans: readonly LoanWithEvents[], from: string): LoanWithEvents[] {
  return loans.filter((l) => !(l.status === 'closed' && lastEventDate(l) < from));
}

/** The units (node, entity) of the given SHGs. */
async function unitsOf(db: Database, ids: readonly string[]): Promise<ShgUnit[]> {
  const { rows } = await sql<{ node_id: string; entity_id: number; name: string; code: string; path: string; status: string; formed_on: string }>`
    select n.id as node_id, e.id as entity_id, n.name, n.code, n.path, s.status, s.formed_on::text as formed_on
      from node n join shg s on s.node_id = n.id join entity e on e.node_id = n.id
     where n.id = any(${[...ids]}::uuid[])`.execute(db);
  return rows.map((r) => ({
    nodeId: r.node_id,
    entityId: r.entity_id,
    name: r.name,
    code: r.code,
    path: r.path,
    childId: r.node_id,
    status: r.status,
    formedOn: r.formed_on,
    preExisting: false,
    joinedOn: r.formed_on,
  }));
}

/**
 * The facts of some SHGs as of one date, by the per-SHG code path: balances from the maintained tables, the
 * internal loans replayed by core through the portfolio report's own portfolioOfLoans (one SHG at a time), the
 * per-SHG records of shgFacts, the SHG's part of the fund flows, core's functional test under `ruleSet`.
 */
export async function computeShgFacts(db: Database, units: readonly ShgUnit[], asOf: string, ruleSet: RuleSet, today = todayIn()): Promise<ShgFactRow[]> {
  if (units.length === 0) return [];
  const entityIds = units.map((u) => u.entityId);
  const { from, to } = resolvePeriod({ asOf });
  const [balances, vrf, loansByEntity, facts, flows, records] = await Promise.all([
    headBalances(db, entityIds, asOf),
    vrfOwedByShgs(db, entityIds, asOf),
    loansOfEntities(db, entityIds, 'internal'),
    shgFacts(db, { shgs: [...units] }, asOf),
    fundFlowParts(db, new Map(entityIds.map((id) => [id, 'shg'] as const)), null, asOf),
    loadShgRecords(db, units.map((u) => u.nodeId), asOf, { since: addMonths(asOf, -ruleSet.body.functional.windowMonths) }),
  ]);
  const functional = new Set(records.filter((r) => functionalShg(r, asOf, ruleSet.body).functional).map((r) => r.id));
  const computedAt = new Date().toISOString();
  return units.map((u, i) => {
    const f = facts[i]!;
    const b = balances.get(u.entityId);
    const savings = savingsOf(b);
    const loans = loansOfBalances(b, vrf.get(u.entityId) ?? 0);
    const { r, par } = portfolioOfLoans(openIn(loansByEntity.get(u.entityId) ?? [], from), from, to);
    const buckets = Object.fromEntries(
      PAR_BUCKETS.flatMap((k) => [
        [`${BUCKET_COLUMN[k]}_loans`, par.buckets[k].loans],
        [`${BUCKET_COLUMN[k]}_paise`, par.buckets[k].principalPaise],
      ]),
    ) as Pick<ShgFactRow, 'par_1_30_loans' | 'par_1_30_paise' | 'par_31_60_loans' | 'par_31_60_paise' | 'par_61_90_loans' | 'par_61_90_paise' | 'par_over_90_loans' | 'par_over_90_paise'>;
    return {
      shg_node_id: u.nodeId,
      as_of: asOf,
      computed_on: today,
      computed_at: computedAt,
      rule_set: ruleSetKey(ruleSet),
      active_members: f.activeMembers,
      poorest: f.poverty.poorest,
      poor: f.poverty.poor,
      non_poor: f.poverty['non-poor'],
      categories: f.categories,
      has_bank_account: f.hasBankAccount,
      in_vo: f.inVo,
      grade: f.grade,
      functional: functional.has(u.nodeId),
      rf_received: f.receipts.some((x) => x.fund === 'rf' && x.amountPaise > 0),
      cif_received: f.receipts.some((x) => x.fund === 'cif'),
      bank_linked: f.bankLoans.length > 0,
      savings_compulsory_paise: savings.compulsoryPaise,
      savings_total_paise: savings.totalPaise,
      loans_internal_paise: loans.internal,
      loans_bank_paise: loans.bank,
      loans_federation_paise: loans.federation,
      loans_other_paise: loans.other,
      opening_overdue_paise: r.openingOverdue,
      demand_paise: r.demand,
      total_due_paise: r.totalDue,
      collected_paise: r.againstDue,
      advance_paise: r.advance,
      closing_overdue_paise: r.closingOverdue,
      par_loans: par.loans,
      par_outstanding_paise: par.totalOutstandingPaise,
      current_loans: par.current.loans,
      current_paise: par.current.principalPaise,
      ...buckets,
      at_risk_loans: par.atRisk.loans,
      at_risk_paise: par.atRisk.principalPaise,
      fund_flows: flows.get(u.entityId) ?? [],
    };
  });
}

/** SHGs refreshed per transaction: the batch loaders read them together. */
export const FACT_BATCH = 250;

/**
 * Computes and stores the facts of the given SHGs as of `asOf`. The figures are read in one repeatable-read
 * snapshot; an SHG whose books changed in a transaction that snapshot did not see (a write racing with the refresh)
 * is not stored: it stays missing and the next pass computes it again. Returns the SHGs stored.
 */
export async function refreshShgFacts(db: Database, shgIds: readonly string[], asOf: string, ruleSet: RuleSet, today = todayIn()): Promise<number> {
  let stored = 0;
  for (let i = 0; i < shgIds.length; i += FACT_BATCH) {
    const batch = shgIds.slice(i, i + FACT_BATCH);
    const { snapshot, rows } = await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (tx) => {
        const snap = (await sql<{ s: string }>`select pg_current_snapshot()::text as s`.execute(tx)).rows[0]!.s;
        return { snapshot: snap, rows: await computeShgFacts(tx, await unitsOf(tx, batch), asOf, ruleSet, today) };
      });
    stored += await db.transaction().execute(async (tx) => {
      // Wait for any writer of these SHGs still in progress (it holds its touch row), then leave out the SHGs
      // changed by a transaction the snapshot did not see.
      await sql`insert into mis_shg_touch (shg_node_id, xid) select unnest(${batch}::uuid[]), '1'::xid8 on conflict do nothing`.execute(tx);
      await sql`select shg_node_id from mis_shg_touch where shg_node_id = any(${batch}::uuid[]) for share`.execute(tx);
      const moved = await sql<{ shg_node_id: string }>`
        select shg_node_id from mis_shg_touch where shg_node_id = any(${batch}::uuid[]) and not pg_visible_in_snapshot(xid, ${snapshot}::pg_snapshot)`.execute(tx);
      const skip = new Set(moved.rows.map((r) => r.shg_node_id));
      const keep = rows.filter((r) => !skip.has(r.shg_node_id));
      if (keep.length === 0) return 0;
      const ids = keep.map((r) => r.shg_node_id);
      await sql`delete from mis_shg_fact where shg_node_id = any(${ids}::uuid[]) and as_of = ${asOf}::date`.execute(tx);
      await sql`insert into mis_shg_fact select * from jsonb_populate_recordset(null::mis_shg_fact, ${JSON.stringify(keep)}::jsonb)`.execute(tx);
      return keep.length;
    });
  }
  return stored;
}

/** The SHGs under a node (all, at any depth) whose facts for the given dates are missing or stale, by date. */
export async function staleFacts(db: Database, node: Pick<MisNode, 'organisation_id' | 'path'>, dates: ReadonlyArray<{ date: string; ruleSet: string }>, today = todayIn()): Promise<Map<string, string[]>> {
  const { rows } = await sql<{ node_id: string; as_of: string }>`
    select n.id as node_id, d.as_of::text as as_of
      from node n
      cross join unnest(${dates.map((d) => d.date)}::date[], ${dates.map((d) => d.ruleSet)}::text[]) as d(as_of, rule_set)
      left join mis_shg_fact f on f.shg_node_id = n.id and f.as_of = d.as_of
     where n.organisation_id = ${node.organisation_id} and n.path like ${`${node.path}%`} and n.kind = 'shg'
       and (f.shg_node_id is null or f.rule_set <> d.rule_set or (f.computed_on <= f.as_of and ${today}::date > f.as_of))`.execute(db);
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.as_of, [...(out.get(r.as_of) ?? []), r.node_id]);
  return out;
}

/**
 * Makes the facts of every SHG under the node fresh for the given dates: computes the missing and stale ones (the
 * first MIS after a month end, or after meetings were recorded, does this work once for the SHGs concerned).
 * Returns how many facts were computed.
 */
export async function ensureFacts(db: Database, node: Pick<MisNode, 'organisation_id' | 'path'>, dates: readonly string[], today = todayIn()): Promise<number> {
  const ruleSets = await loadRuleSets(db, node.organisation_id);
  const inForce = new Map(dates.map((d) => [d, ruleSetInForce(ruleSets, d)]));
  const wanted = dates.map((d) => ({ date: d, ruleSet: ruleSetKey(inForce.get(d)!) }));
  let computed = 0;
  for (let pass = 0; pass < 5; pass++) {
    const stale = await staleFacts(db, node, wanted, today);
    if (stale.size === 0) return computed;
    for (const [date, ids] of stale) computed += await refreshShgFacts(db, ids, date, inForce.get(date)!, today);
  }
  throw new Error('the MIS facts kept changing while they were computed; try again');
}
