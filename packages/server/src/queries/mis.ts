import { sql, type RawBuilder } from 'kysely';
import { addDays, addMonths, PAR_BUCKETS, percentOf, repaymentRate, type ParBucket } from '@khata/core';
import { ruleSetInForce } from '@khata/core/rules';
import type { Database } from '../db/pool.ts';
import { paiseOf, resolvePeriod } from '../reports/report.ts';
import { loadRuleSets } from './shg-records.ts';
import { ensureFacts, ruleSetKey } from './mis-facts.ts';
import { todayIn } from '../business-date.ts';

/*
 * The consolidated MIS of a place of the tree (organisation, state, district, block, cluster, village): the sum of
 * its institutions' own books and records. SHGs and federations (VO, CLF, BLF) are counted apart, so money lent by
 * a VO to its SHGs is not counted twice.
 *
 * Fast at scale (decision 0010): each SHG's figures as of a date are kept as facts (mis_shg_fact, computed by
 * mis-facts.ts through the per-SHG code path: the maintained balance tables, core's loan replay through the
 * portfolio report's portfolioOfLoans, the readiness route's loadShgRecords + core functionalShg), kept fresh by
 * triggers, and summed here by a few aggregate queries; the federations of the place are read live.
 */

export interface MisNode {
  id: string;
  organisation_id: number;
  kind: string;
  name: string;
  code: string;
  path: string;
  nrlm_code: string | null;
  lgd_code: string | null;
}

export const FUNDS = ['rf', 'cif', 'start-up', 'vrf', 'other'] as const;
export type Fund = (typeof FUNDS)[number];
export const LOAN_SOURCES = ['internal', 'bank', 'federation', 'other'] as const;
export type LoanSource = (typeof LOAN_SOURCES)[number];
export const FEDERATION_LEVELS = ['vo', 'clf', 'blf'] as const;
export const FUNNEL_STEPS = ['formed', 'functional', 'graded', 'rf-received', 'cif-received', 'bank-linked'] as const;
export const MPR_SHG_CATEGORIES = ['sc', 'st', 'minority', 'other', 'pwd'] as const;
export type MprShgCategory = (typeof MPR_SHG_CATEGORIES)[number];

// ---------------------------------------------------------------------------------------------------------------
// The institutions of a subtree
// ---------------------------------------------------------------------------------------------------------------

export interface ShgUnit {
  nodeId: string;
  entityId: number;
  name: string;
  code: string;
  path: string;
  /** The child of the MIS node this SHG lies under (itself when the node is its village). */
  childId: string;
  status: string;
  formedOn: string;
  /** Promoted earlier by someone else and brought in (pre-NRLM, revived). */
  preExisting: boolean;
  /** When it came into Khata's fold: the cut-off date of a pre-existing group, else its formation. */
  joinedOn: string;
}

export interface FederationUnit {
  nodeId: string;
  name: string;
  entityId: number;
  level: (typeof FEDERATION_LEVELS)[number];
  childId: string;
  formedOn: string;
  status: string;
}

export interface Scope {
  node: MisNode;
  shgs: ShgUnit[];
  federations: FederationUnit[];
  children: Array<{ id: string; kind: string; name: string; code: string }>;
}

const childOf = (node: MisNode, path: string): string => path.slice(node.path.length).split('/')[0] ?? '';

/** The SHGs and federations anywhere under the node, and the node's own children (for the breakdown). */
export async function loadScope(db: Database, node: MisNode): Promise<Scope> {
  const prefix = `${node.path}%`;
  const [shgs, feds, children] = await Promise.all([
    sql<{ node_id: string; entity_id: number; name: string; code: string; path: string; status: string; formed_on: string; promoted_by: string | null; started_with_cutoff_on: string | null }>`
      select n.id as node_id, e.id as entity_id, n.name, n.code, n.path, s.status, s.formed_on::text as formed_on, s.promoted_by,
             s.started_with_cutoff_on::text as started_with_cutoff_on
        from node n join shg s on s.node_id = n.id join entity e on e.node_id = n.id
       where n.organisation_id = ${node.organisation_id} and n.path like ${prefix} and n.kind = 'shg'
       order by n.name, n.id`.execute(db),
    sql<{ node_id: string; name: string; entity_id: number; level: FederationUnit['level']; path: string; formed_on: string; status: string }>`
      select n.id as node_id, n.name, e.id as entity_id, f.level, n.path, f.formed_on::text as formed_on, f.status
        from node n join federation f on f.node_id = n.id join entity e on e.node_id = n.id
       where n.organisation_id = ${node.organisation_id} and n.path like ${prefix}`.execute(db),
    db
      .selectFrom('node')
      .select(['id', 'kind', 'name', 'code'])
      .where('parent_id', '=', node.id)
      .where('kind', 'not in', ['producer_group'])
      .orderBy('name')
      .execute(),
  ]);
  return {
    node,
    shgs: shgs.rows.map((s) => {
      const preExisting = s.promoted_by !== null && s.promoted_by.trim() !== '';
      return {
        nodeId: s.node_id,
        entityId: s.entity_id,
        name: s.name,
        code: s.code,
        path: s.path,
        childId: childOf(node, s.path),
        status: s.status,
        formedOn: s.formed_on,
        preExisting,
        joinedOn: preExisting ? (s.started_with_cutoff_on ?? s.formed_on) : s.formed_on,
      };
    }),
    federations: feds.rows.map((f) => ({ nodeId: f.node_id, name: f.name, entityId: f.entity_id, level: f.level, childId: childOf(node, f.path), formedOn: f.formed_on, status: f.status })),
    children,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Balances from the maintained tables
// ---------------------------------------------------------------------------------------------------------------

/** The accounts the MIS reads (SHG and federation charts), as LIKE patterns. */
const MIS_ACCOUNTS = [
  'liabilities:savings:%',
  'assets:loans-to-members',
  'liabilities:loans:%',
  'equity:revolving-fund',
  'assets:loans-to-shgs',
  'assets:vrf-loans-to-shgs',
  'assets:loans-to-vos',
  'assets:loans-to-clfs',
  'liabilities:cif:%',
];

/** First day whose lines are read for a balance as of `asOf`: whole months before it come from period balances. */
function linesFrom(asOf: string): string {
  const monthStart = `${asOf.slice(0, 7)}-01`;
  const nextMonth = addMonths(monthStart, 1);
  return addDays(asOf, 1) === nextMonth ? nextMonth : monthStart;
}

/** Signed balances (debit positive) as of `asOf`, per entity and account path, of the accounts the MIS reads. */
export async function headBalances(db: Database, entityIds: readonly number[], asOf: string): Promise<Map<number, Map<string, number>>> {
  const out = new Map<number, Map<string, number>>();
  if (entityIds.length === 0) return out;
  const cutoff = linesFrom(asOf);
  const ids = [...entityIds];
  const { rows } = await sql<{ entity_id: number; path: string; total: string }>`
    with acc as (
      select a.id, a.entity_id, a.path from account a
       where a.entity_id = any(${ids}::int[]) and a.path like any(${MIS_ACCOUNTS}::text[])
    )
    select acc.entity_id, acc.path, sum(x.total)::text as total from (
      select b.account_id, sum(b.debit_paise - b.credit_paise) as total
        from account_period_balance b join acc on acc.id = b.account_id
       where b.period < ${cutoff}::date group by b.account_id
      union all
      select l.account_id, sum(l.amount_paise) as total
        from journal_line l join acc on acc.id = l.account_id
       where l.business_date >= ${cutoff}::date and l.business_date <= ${asOf}::date group by l.account_id
    ) x join acc on acc.id = x.account_id
    group by acc.entity_id, acc.path`.execute(db);
  for (const r of rows) {
    const m = out.get(r.entity_id) ?? new Map<string, number>();
    m.set(r.path, paiseOf(r.total));
    out.set(r.entity_id, m);
  }
  return out;
}

const sumWhere = (balances: Map<string, number> | undefined, pick: (path: string) => boolean): number => {
  let t = 0;
  for (const [p, v] of balances ?? []) if (pick(p)) t += v;
  return t;
};

export interface SavingsFigures {
  compulsoryPaise: number;
  voluntaryPaise: number;
  totalPaise: number;
}
export type LoansBySource = Record<LoanSource, number> & { externalPaise: number; totalPaise: number };

export function savingsOf(b: Map<string, number> | undefined): SavingsFigures {
  const compulsoryPaise = -sumWhere(b, (p) => p === 'liabilities:savings:compulsory');
  const totalPaise = -sumWhere(b, (p) => p.startsWith('liabilities:savings:'));
  return { compulsoryPaise, voluntaryPaise: totalPaise - compulsoryPaise, totalPaise };
}

/** Outstanding loans of SHGs by source: what members owe their groups, what groups owe outside lenders. */
export function loansOfBalances(b: Map<string, number> | undefined, vrfOtherPaise = 0): LoansBySource {
  const internal = sumWhere(b, (p) => p === 'assets:loans-to-members');
  const bank = -sumWhere(b, (p) => p === 'liabilities:loans:bank');
  const federation = -sumWhere(b, (p) => p === 'liabilities:loans:vo-cif') + vrfOtherPaise;
  const other = -sumWhere(b, (p) => p === 'liabilities:loans:other') - vrfOtherPaise;
  const externalPaise = bank + federation + other;
  return { internal, bank, federation, other, externalPaise, totalPaise: internal + externalPaise };
}

/**
 * What SHGs owe federations on VRF loans as of `asOf`, per entity: their books post those to
 * liabilities:loans:other, but the lender is a federation (institution_loan), so the MIS counts them with it.
 */
export async function vrfOwedByShgs(db: Database, entityIds: readonly number[], asOf: string): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (entityIds.length === 0) return out;
  const { rows } = await sql<{ entity_id: number; total: string }>`
    select a.entity_id, (-sum(l.amount_paise))::text as total
      from institution_loan il join journal_line l on l.loan_id = il.id join account a on a.id = l.account_id
     where il.borrower_entity_id = any(${[...entityIds]}::int[]) and a.entity_id = il.borrower_entity_id
       and a.path = 'liabilities:loans:other' and l.business_date <= ${asOf}::date
     group by a.entity_id`.execute(db);
  for (const r of rows) out.set(r.entity_id, paiseOf(r.total));
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Per-SHG facts (the MIS counts them; the MPR counts them by category and by month)
// ---------------------------------------------------------------------------------------------------------------

export interface FundReceipt {
  fund: Fund;
  kind: 'grant' | 'loan';
  date: string;
  amountPaise: number;
}

export interface ShgFacts {
  unit: ShgUnit;
  activeMembers: number;
  /** Active members in each inclusion category (her own or her household's). */
  categories: Record<string, number>;
  poverty: Record<'poorest' | 'poor' | 'non-poor', number>;
  hasBankAccount: boolean;
  meetingsHeld: number;
  /** The first meeting recorded in Khata (its books kept the standard way from then on). */
  firstMeetingOn: string | null;
  /** The first training the group or one of its members completed. */
  firstTrainingOn: string | null;
  grade: 'A' | 'B' | 'C' | null;
  panchasutraScore: number | null;
  /** Money received from programmes and federations (RF from the SHG's own books; the rest from fund transfers). */
  receipts: FundReceipt[];
  /** Bank loans taken (sanctioned on, amount). */
  bankLoans: Array<{ date: string; amountPaise: number }>;
  /** Member of a VO on asOf. */
  inVo: boolean;
}

/** NRLM's SHG categories: predominantly (≥ 50% of active members) SC, ST, minority, with disability; "other" when SC and ST are each below half. */
export function mprCategoriesOf(f: Pick<ShgFacts, 'activeMembers' | 'categories'>): MprShgCategory[] {
  const n = f.activeMembers;
  if (n === 0) return ['other'];
  const half = (k: string) => (f.categories[k] ?? 0) * 2 >= n;
  const out: MprShgCategory[] = [];
  if (half('sc')) out.push('sc');
  if (half('st')) out.push('st');
  if (half('minority')) out.push('minority');
  if (!half('sc') && !half('st')) out.push('other');
  if (half('person-with-disability')) out.push('pwd');
  return out;
}

export async function shgFacts(db: Database, scope: Pick<Scope, 'shgs'>, asOf: string): Promise<ShgFacts[]> {
  const ids = scope.shgs.map((s) => s.nodeId);
  const entityIds = scope.shgs.map((s) => s.entityId);
  if (ids.length === 0) return [];
  const [members, banks, meetings, trainings, grades, transfers, rf, bankLoans, vo] = await Promise.all([
    sql<{ shg_id: string; poverty: string; cats: string[] }>`
      select m.shg_id, coalesce(h.poverty_status, m.poverty_status) as poverty,
             array(select distinct c from unnest(m.categories || coalesce(h.categories, '{}')) c) as cats
        from member m left join household h on h.id = m.household_id
       where m.shg_id = any(${ids}::uuid[]) and m.joined_on <= ${asOf}::date and (m.left_on is null or m.left_on > ${asOf}::date)`.execute(db),
    sql<{ node_id: string }>`
      select distinct node_id from bank_account where node_id = any(${ids}::uuid[]) and (opened_on is null or opened_on <= ${asOf}::date)`.execute(db),
    sql<{ shg_id: string; n: number; first: string }>`
      select shg_id, count(*)::int as n, min(date)::text as first from meeting where shg_id = any(${ids}::uuid[]) and status = 'recorded' and date <= ${asOf}::date group by shg_id`.execute(db),
    sql<{ node_id: string; first: string }>`
      select node_id, min(completed_on)::text as first from training_record where node_id = any(${ids}::uuid[]) and completed_on <= ${asOf}::date group by node_id`.execute(db),
    sql<{ shg_id: string; grade: 'A' | 'B' | 'C'; panchasutra_score: number }>`
      select distinct on (shg_id) shg_id, grade, panchasutra_score from grading
       where shg_id = any(${ids}::uuid[]) and signed_off_by is not null and as_of <= ${asOf}::date
       order by shg_id, as_of desc, graded_at desc`.execute(db),
    sql<{ to_entity_id: number; kind: 'grant' | 'loan'; fund: string | null; business_date: string; amount_paise: string }>`
      select to_entity_id, kind, fund, business_date::text as business_date, amount_paise::text as amount_paise from fund_transfer
       where to_entity_id = any(${entityIds}::int[]) and kind in ('grant', 'loan') and business_date <= ${asOf}::date
         and coalesce(fund, 'other') <> 'rf' and not (kind = 'loan' and fund = 'cif')`.execute(db),
    // The Revolving Fund as the SHG's books have it: released by the programme or received at a meeting.
    sql<{ entity_id: number; business_date: string; total: string }>`
      select a.entity_id, l.business_date::text as business_date, (-sum(l.amount_paise))::text as total
        from journal_line l join account a on a.id = l.account_id
       where a.entity_id = any(${entityIds}::int[]) and a.path = 'equity:revolving-fund' and l.business_date <= ${asOf}::date
       group by a.entity_id, l.business_date having sum(l.amount_paise) <> 0`.execute(db),
    // Outside loans: from a bank (bank linkage) and CIF from a VO (lent through the federation or recorded by the SHG).
    sql<{ entity_id: number; lender: string; disbursed_on: string; principal_paise: string }>`
      select entity_id, lender, disbursed_on::text as disbursed_on, principal_paise::text as principal_paise from loan
       where entity_id = any(${entityIds}::int[]) and lender in ('bank', 'vo-cif') and kind like 'external-%' and status <> 'cancelled' and disbursed_on <= ${asOf}::date`.execute(db),
    sql<{ member_node_id: string }>`
      select distinct m.member_node_id from federation_membership m join federation f on f.node_id = m.federation_id
       where m.member_node_id = any(${ids}::uuid[]) and f.level = 'vo' and m.since <= ${asOf}::date and (m.until is null or m.until > ${asOf}::date)`.execute(db),
  ]);
  const facts = new Map<string, ShgFacts>();
  const byEntity = new Map<number, ShgFacts>();
  for (const unit of scope.shgs) {
    const f: ShgFacts = {
      unit,
      activeMembers: 0,
      categories: {},
      poverty: { poorest: 0, poor: 0, 'non-poor': 0 },
      hasBankAccount: false,
      meetingsHeld: 0,
      firstMeetingOn: null,
      firstTrainingOn: null,
      grade: null,
      panchasutraScore: null,
      receipts: [],
      bankLoans: [],
      inVo: false,
    };
    facts.set(unit.nodeId, f);
    byEntity.set(unit.entityId, f);
  }
  for (const m of members.rows) {
    const f = facts.get(m.shg_id)!;
    f.activeMembers++;
    f.poverty[m.poverty as keyof ShgFacts['poverty']]++;
    for (const c of m.cats) f.categories[c] = (f.categories[c] ?? 0) + 1;
  }
  for (const b of banks.rows) facts.get(b.node_id)!.hasBankAccount = true;
  for (const m of meetings.rows) Object.assign(facts.get(m.shg_id)!, { meetingsHeld: m.n, firstMeetingOn: m.first });
  for (const t of trainings.rows) facts.get(t.node_id)!.firstTrainingOn = t.first;
  for (const g of grades.rows) Object.assign(facts.get(g.shg_id)!, { grade: g.grade, panchasutraScore: g.panchasutra_score });
  for (const t of transfers.rows) {
    const fund = (FUNDS as readonly string[]).includes(t.fund ?? '') ? (t.fund as Fund) : 'other';
    byEntity.get(t.to_entity_id)!.receipts.push({ fund, kind: t.kind, date: t.business_date, amountPaise: paiseOf(t.amount_paise) });
  }
  for (const r of rf.rows) byEntity.get(r.entity_id)!.receipts.push({ fund: 'rf', kind: 'grant', date: r.business_date, amountPaise: paiseOf(r.total) });
  for (const l of bankLoans.rows) {
    const f = byEntity.get(l.entity_id)!;
    if (l.lender === 'bank') f.bankLoans.push({ date: l.disbursed_on, amountPaise: paiseOf(l.principal_paise) });
    else f.receipts.push({ fund: 'cif', kind: 'loan', date: l.disbursed_on, amountPaise: paiseOf(l.principal_paise) });
  }
  for (const v of vo.rows) facts.get(v.member_node_id)!.inVo = true;
  return scope.shgs.map((s) => facts.get(s.nodeId)!);
}

// ---------------------------------------------------------------------------------------------------------------
// Fund flows between institutions
// ---------------------------------------------------------------------------------------------------------------

export interface FundFlowRow {
  fund: Fund;
  /** The level of the institutions that received (and repay) it. */
  level: 'shg' | (typeof FEDERATION_LEVELS)[number];
  institutions: number;
  receivedPaise: number;
  /** Principal repaid (loans); RF returned (SHGs). */
  repaidPaise: number;
}

/**
 * Money received by the institutions of the scope over [from, to] (from null: since the beginning), by fund and by
 * the receiver's level, and what they repaid of it. An SHG's Revolving Fund is read from its own books (a release
 * by the programme and an RF received at a meeting alike); everything else from the fund transfers (one row per
 * movement between two institutions). An SHG's CIF likewise from its books (liabilities:loans:vo-cif: drawn and
 * repaid), so that a CIF loan the SHG recorded itself counts, and a repayment counts when the SHG made it.
 */
export async function fundFlows(db: Database, scope: Scope, from: string | null, to: string): Promise<FundFlowRow[]> {
  const levelOf = new Map<number, FundFlowRow['level']>([
    ...scope.shgs.map((s) => [s.entityId, 'shg'] as const),
    ...scope.federations.map((f) => [f.entityId, f.level] as const),
  ]);
  const parts = await fundFlowParts(db, levelOf, from, to);
  return mergeFundFlows([...parts.values()].flat());
}

/** Sums fund-flow rows by fund and level (the institutions of each part are distinct), in the report's order. */
export function mergeFundFlows(parts: Iterable<FundFlowRow>): FundFlowRow[] {
  const rows = new Map<string, FundFlowRow>();
  for (const p of parts) {
    const key = `${p.fund}|${p.level}`;
    const r = rows.get(key);
    if (!r) rows.set(key, { ...p });
    else {
      r.institutions += p.institutions;
      r.receivedPaise += p.receivedPaise;
      r.repaidPaise += p.repaidPaise;
    }
  }
  const levelOrder = ['shg', ...FEDERATION_LEVELS];
  return [...rows.values()].sort((a, b) => FUNDS.indexOf(a.fund) - FUNDS.indexOf(b.fund) || levelOrder.indexOf(a.level) - levelOrder.indexOf(b.level));
}

/**
 * The fund flows of `fundFlows`, per institution: each movement is counted for exactly one institution of the
 * given ones (the receiver of a grant or loan, the payer of a repayment), so the parts of disjoint sets of
 * institutions add up to the flows of their union (the MIS stores each SHG's part with its facts).
 */
export async function fundFlowParts(db: Database, levelOf: ReadonlyMap<number, FundFlowRow['level']>, from: string | null, to: string): Promise<Map<number, FundFlowRow[]>> {
  const ids = [...levelOf.keys()];
  const shgIds = ids.filter((id) => levelOf.get(id) === 'shg');
  if (ids.length === 0) return new Map();
  const after = from ?? '0001-01-01';
  const [transfers, links, rf] = await Promise.all([
    sql<{ kind: string; fund: string | null; from_entity_id: number; to_entity_id: number; amount_paise: string; detail: Record<string, unknown> }>`
      select kind, fund, from_entity_id, to_entity_id, amount_paise::text as amount_paise, detail from fund_transfer
       where (to_entity_id = any(${ids}::int[]) or from_entity_id = any(${ids}::int[]))
         and kind in ('grant', 'loan', 'repayment', 'meeting-receipt') and business_date >= ${after}::date and business_date <= ${to}::date`.execute(db),
    sql<{ id: string; fund: string }>`select id, fund from institution_loan where borrower_entity_id = any(${ids}::int[])`.execute(db),
    sql<{ entity_id: number; path: string; received: string; returned: string }>`
      select a.entity_id, a.path, sum(greatest(-l.amount_paise, 0))::text as received, sum(greatest(l.amount_paise, 0))::text as returned
        from journal_line l join account a on a.id = l.account_id
       where a.entity_id = any(${shgIds}::int[]) and a.path in ('equity:revolving-fund', 'liabilities:loans:vo-cif')
         and l.business_date >= ${after}::date and l.business_date <= ${to}::date
       group by a.entity_id, a.path`.execute(db),
  ]);
  const fundOfLoan = new Map(links.rows.map((l) => [l.id, l.fund]));
  const rows = new Map<string, FundFlowRow & { entityId: number; who: boolean }>();
  const row = (entityId: number, fund: string | null, level: FundFlowRow['level']) => {
    const f: Fund = (FUNDS as readonly string[]).includes(fund ?? '') ? (fund as Fund) : 'other';
    const key = `${entityId}|${f}|${level}`;
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { entityId, fund: f, level, institutions: 0, receivedPaise: 0, repaidPaise: 0, who: false }));
    return r;
  };
  for (const t of transfers.rows) {
    const amount = paiseOf(t.amount_paise);
    if (t.kind === 'grant' || t.kind === 'loan') {
      const level = levelOf.get(t.to_entity_id);
      if (!level || (level === 'shg' && ['rf', 'cif'].includes(t.fund ?? 'other'))) continue; // an SHG's RF and CIF: from its books below
      const r = row(t.to_entity_id, t.fund, level);
      r.receivedPaise += amount;
      r.who = true;
    } else if (t.kind === 'repayment') {
      const level = levelOf.get(t.from_entity_id);
      if (!level || (level === 'shg' && t.fund === 'cif')) continue;
      row(t.from_entity_id, t.fund, level).repaidPaise += Number((t.detail as { principalPaise?: number }).principalPaise ?? 0);
    } else {
      const level = levelOf.get(t.from_entity_id);
      if (!level) continue;
      for (const l of ((t.detail as { loans?: Array<{ loanId: string; principalPaise: number }> }).loans ?? [])) {
        const fund = fundOfLoan.get(l.loanId) ?? t.fund;
        if (level === 'shg' && fund === 'cif') continue;
        row(t.from_entity_id, fund, level).repaidPaise += l.principalPaise;
      }
    }
  }
  for (const r of rf.rows) {
    const received = paiseOf(r.received);
    const x = row(r.entity_id, r.path === 'equity:revolving-fund' ? 'rf' : 'cif', 'shg');
    x.receivedPaise += received;
    x.repaidPaise += paiseOf(r.returned);
    if (received > 0) x.who = true;
  }
  const out = new Map<number, FundFlowRow[]>();
  for (const { entityId, who, ...r } of rows.values()) {
    const list = out.get(entityId) ?? [];
    list.push({ ...r, institutions: who ? 1 : 0 });
    out.set(entityId, list);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The MIS
// ---------------------------------------------------------------------------------------------------------------

export interface ParFigures {
  loans: number;
  outstandingPaise: number;
  currentPaise: number;
  currentPercent: string;
  buckets: Record<ParBucket, { loans: number; principalPaise: number; percent: string }>;
  atRiskPaise: number;
  atRiskPercent: string;
}

export interface PortfolioMis {
  /** The repayment-rate period: the financial year up to asOf, as the portfolio report takes it by default. */
  from: string;
  to: string;
  openingOverduePaise: number;
  demandPaise: number;
  totalDuePaise: number;
  collectedPaise: number;
  advancePaise: number;
  closingOverduePaise: number;
  repaymentRate: string | null;
  par: ParFigures;
}

export interface MisPoint {
  date: string;
  savingsPaise: number;
  internalLoansPaise: number;
  externalLoansPaise: number;
  atRiskPaise: number;
  atRiskPercent: string;
  buckets: Record<ParBucket, number>;
}

export interface MisBreakdownRow {
  id: string;
  kind: string;
  name: string;
  code: string;
  shgs: number;
  members: number;
  savingsPaise: number;
  internalLoansPaise: number;
  externalLoansPaise: number;
  atRiskPercent: string;
  repaymentRate: string | null;
}

export interface Mis {
  node: { id: string; kind: string; name: string; code: string; nrlmCode: string | null; lgdCode: string | null };
  asOf: string;
  shgs: { total: number; active: number; dormant: number; closed: number; preExisting: number; bankAccounts: number; inVo: number };
  members: { active: number; poverty: Record<'poorest' | 'poor' | 'non-poor', number>; categories: Record<string, number> };
  savings: SavingsFigures;
  loansOutstanding: LoansBySource;
  portfolio: PortfolioMis;
  funds: FundFlowRow[];
  grades: { A: number; B: number; C: number; notGraded: number };
  funnel: Array<{ step: (typeof FUNNEL_STEPS)[number]; shgs: number }>;
  ruleSet: { id: string | null; version: number; effectiveFrom: string };
  federations: Array<{ level: (typeof FEDERATION_LEVELS)[number]; count: number; memberInstitutions: number; lentOutstandingPaise: number; cifOwedPaise: number }>;
  series: MisPoint[];
  breakdown: MisBreakdownRow[];
}

/** The fact columns of each PAR bucket (mis_shg_fact). */
export const BUCKET_COLUMN: Record<ParBucket, string> = { '1-30': 'par_1_30', '31-60': 'par_31_60', '61-90': 'par_61_90', '>90': 'par_over_90' };

/** Sums of fact columns (money in paise, counts). */
type Sums = Record<string, number>;

/** PAR figures from summed facts: core's percentages of the summed amounts (what portfolioAtRisk gives the loans together). */
function parOf(s: Sums): ParFigures {
  const whole = s.par_outstanding_paise ?? 0;
  return {
    loans: s.par_loans ?? 0,
    outstandingPaise: whole,
    currentPaise: s.current_paise ?? 0,
    currentPercent: percentOf(s.current_paise ?? 0, whole),
    buckets: Object.fromEntries(
      PAR_BUCKETS.map((b) => {
        const principalPaise = s[`${BUCKET_COLUMN[b]}_paise`] ?? 0;
        return [b, { loans: s[`${BUCKET_COLUMN[b]}_loans`] ?? 0, principalPaise, percent: percentOf(principalPaise, whole) }];
      }),
    ) as ParFigures['buckets'],
    atRiskPaise: s.at_risk_paise ?? 0,
    atRiskPercent: percentOf(s.at_risk_paise ?? 0, whole),
  };
}

const rateOf = (s: Sums): string | null => repaymentRate([{ demandPaise: s.total_due_paise ?? 0, collectedPaise: s.collected_paise ?? 0 }]).percent;
const externalOf = (s: Sums): number => (s.loans_bank_paise ?? 0) + (s.loans_federation_paise ?? 0) + (s.loans_other_paise ?? 0);

/** The fact columns the MIS sums. */
const SUMMED = [
  'active_members', 'poorest', 'poor', 'non_poor',
  'savings_compulsory_paise', 'savings_total_paise',
  'loans_internal_paise', 'loans_bank_paise', 'loans_federation_paise', 'loans_other_paise',
  'opening_overdue_paise', 'demand_paise', 'total_due_paise', 'collected_paise', 'advance_paise', 'closing_overdue_paise',
  'par_loans', 'par_outstanding_paise', 'current_loans', 'current_paise',
  ...PAR_BUCKETS.flatMap((b) => [`${BUCKET_COLUMN[b]}_loans`, `${BUCKET_COLUMN[b]}_paise`]),
  'at_risk_loans', 'at_risk_paise',
];
/** The SHGs the MIS counts, by condition (`scoped`: formed by asOf; `live`: formed by asOf and not closed). */
const COUNTED: Array<[string, string]> = [
  ['total', 'scoped'],
  ['active', "scoped and status = 'active'"],
  ['dormant', "scoped and status = 'dormant'"],
  ['closed', "scoped and status = 'closed'"],
  ['pre_existing', "scoped and promoted_by ~ '\\S'"],
  ['live', 'live'],
  ['bank_accounts', 'live and has_bank_account'],
  ['in_vo', 'live and in_vo'],
  ['grade_a', "live and grade = 'A'"],
  ['grade_b', "live and grade = 'B'"],
  ['grade_c', "live and grade = 'C'"],
  ['graded', 'live and grade is not null'],
  ['functional', 'live and functional'],
  ['rf_received', 'live and rf_received'],
  ['cif_received', 'live and cif_received'],
  ['bank_linked', 'live and bank_linked'],
];

/** The facts of the SHGs under the node as of `asOf`, summed per child of the node (one aggregate query). */
async function sumsByChild(db: Database, node: MisNode, asOf: string, fresh: RawBuilder<boolean>): Promise<Map<string, Sums>> {
  const columns = sql.raw(
    [
      ...COUNTED.map(([name, when]) => `count(*) filter (where ${when})::int as ${name}`),
      'count(*) filter (where fresh)::int as fresh',
      ...SUMMED.map((c) => `sum(${c})::text as ${c}`),
    ].join(',\n'),
  );
  const { rows } = await sql<Record<string, string | number>>`
    select child, ${columns} from (
      select split_part(substr(n.path, ${node.path.length + 1}), '/', 1) as child, s.status, s.promoted_by,
             s.formed_on <= ${asOf}::date as scoped, (s.formed_on <= ${asOf}::date and s.status <> 'closed') as live, ${fresh} as fresh, f.*
        from node n join shg s on s.node_id = n.id join mis_shg_fact f on f.shg_node_id = n.id and f.as_of = ${asOf}::date
       where n.organisation_id = ${node.organisation_id} and n.path like ${`${node.path}%`} and n.kind = 'shg'
    ) x
    group by child`.execute(db);
  const out = new Map<string, Sums>();
  for (const r of rows) {
    const sums: Sums = {};
    for (const [k, v] of Object.entries(r)) if (k !== 'child') sums[k] = typeof v === 'number' ? v : paiseOf(v);
    out.set(String(r.child), sums);
  }
  return out;
}

function addSums(into: Sums, s: Sums): Sums {
  for (const [k, v] of Object.entries(s)) into[k] = (into[k] ?? 0) + v;
  return into;
}

/** The month ends of the series: the 11 before asOf's month and asOf itself (its month's end when it is one). */
export function seriesDates(asOf: string, points = 12): string[] {
  const monthStart = `${asOf.slice(0, 7)}-01`;
  const dates: string[] = [];
  for (let k = points - 1; k >= 1; k--) dates.push(addDays(addMonths(monthStart, -k + 1), -1));
  dates.push(asOf);
  return dates;
}

/**
 * The consolidated MIS of a place as of a date: the per-SHG facts (mis-facts.ts; the missing or stale ones
 * computed first, for those SHGs only) summed by a few aggregate queries, plus the place's federations read live
 * (few institutions).
 */
export async function consolidatedMis(db: Database, node: MisNode, asOf: string, options: { series?: boolean } = {}): Promise<Mis> {
  const { from, to } = resolvePeriod({ asOf });
  const dates = options.series === false ? [] : seriesDates(asOf);
  const prior = dates.slice(0, -1);
  const prefix = `${node.path}%`;
  const under = sql`n.organisation_id = ${node.organisation_id} and n.path like ${prefix} and n.kind = 'shg'`;
  const ruleSets = await loadRuleSets(db, node.organisation_id);
  const ruleSet = ruleSetInForce(ruleSets, asOf);
  const today = todayIn();
  // A fact is fresh when it exists (the triggers delete stale ones), was not provisional when computed (or its day
  // has not passed yet), and used the rule set in force on its date (mis-facts.ts staleFacts, the same test).
  const freshAs = (key: string) => sql<boolean>`((f.computed_on > f.as_of or ${today}::date <= f.as_of) and f.rule_set = ${key})`;

  // Optimistically sum what is stored, counting the fresh facts on the way; when some are missing or stale,
  // compute those (for those SHGs only) and sum again.
  const read = () =>
    Promise.all([
      sql<{ n: number }>`select count(*)::int as n from node n where ${under}`.execute(db),
      sumsByChild(db, node, asOf, freshAs(ruleSetKey(ruleSet))),
      sql<{ key: string; n: number }>`
        select c.key, sum(c.value::int)::int as n
          from node n join mis_shg_fact f on f.shg_node_id = n.id and f.as_of = ${asOf}::date cross join jsonb_each_text(f.categories) c
         where ${under} group by c.key order by c.key`.execute(db),
      sql<{ fund: Fund; level: FundFlowRow['level']; institutions: number; received: string; repaid: string }>`
        select x.fund, x.level, sum(x.institutions)::int as institutions, sum(x."receivedPaise")::text as received, sum(x."repaidPaise")::text as repaid
          from node n join mis_shg_fact f on f.shg_node_id = n.id and f.as_of = ${asOf}::date
         cross join jsonb_to_recordset(f.fund_flows) as x(fund text, level text, institutions int, "receivedPaise" bigint, "repaidPaise" bigint)
         where ${under} group by x.fund, x.level`.execute(db),
      sql<Record<string, string>>`
        select f.as_of::text as as_of, count(*) filter (where (f.computed_on > f.as_of or ${today}::date <= f.as_of) and f.rule_set = d.rule_set)::text as fresh,
               sum(f.savings_total_paise)::text as savings, sum(f.loans_internal_paise)::text as internal,
               sum(f.loans_bank_paise + f.loans_federation_paise + f.loans_other_paise)::text as external,
               sum(f.at_risk_paise)::text as at_risk, sum(f.par_outstanding_paise)::text as outstanding,
               ${sql.raw(PAR_BUCKETS.map((b) => `sum(f.${BUCKET_COLUMN[b]}_paise)::text as "${b}"`).join(', '))}
          from unnest(${prior}::date[], ${prior.map((d) => ruleSetKey(ruleSetInForce(ruleSets, d)))}::text[]) as d(as_of, rule_set)
          join mis_shg_fact f on f.as_of = d.as_of join node n on n.id = f.shg_node_id
         where ${under} group by f.as_of`.execute(db),
    ]);
  let [count, byChild, categories, shgFlows, series] = await read();
  const freshAt = (rows: typeof series.rows) => count.rows[0]!.n === 0 || (rows.length === prior.length && rows.every((r) => Number(r.fresh) === count.rows[0]!.n));
  const allFresh = () => [...byChild.values()].reduce((t, x) => t + (x.fresh ?? 0), 0) === count.rows[0]!.n && freshAt(series.rows);
  if (!allFresh()) {
    await ensureFacts(db, node, [asOf, ...prior], today);
    [count, byChild, categories, shgFlows, series] = await read();
  }

  const [feds, children] = await Promise.all([
    sql<{ node_id: string; name: string; entity_id: number; level: FederationUnit['level']; formed_on: string; status: string }>`
      select n.id as node_id, n.name, e.id as entity_id, f.level, f.formed_on::text as formed_on, f.status
        from node n join federation f on f.node_id = n.id join entity e on e.node_id = n.id
       where n.organisation_id = ${node.organisation_id} and n.path like ${prefix}`.execute(db),
    db.selectFrom('node').select(['id', 'kind', 'name', 'code']).where('parent_id', '=', node.id).where('kind', 'not in', ['producer_group']).orderBy('name').execute(),
  ]);

  // Federations: their own balances, members and fund flows, read live.
  const fedEntityIds = feds.rows.map((f) => f.entity_id);
  const [fedBalances, fedMembers, fedFlows] = await Promise.all([
    headBalances(db, fedEntityIds, asOf),
    sql<{ federation_id: string; n: number }>`
      select m.federation_id, count(*)::int as n from federation_membership m
       where m.federation_id = any(${feds.rows.map((f) => f.node_id)}::uuid[]) and m.since <= ${asOf}::date and (m.until is null or m.until > ${asOf}::date)
       group by m.federation_id`.execute(db),
    fundFlowParts(db, new Map(feds.rows.map((f) => [f.entity_id, f.level] as const)), null, asOf),
  ]);
  const membersOfFed = new Map(fedMembers.rows.map((r) => [r.federation_id, r.n]));
  const federations = FEDERATION_LEVELS.map((level) => {
    const list = feds.rows.filter((f) => f.level === level && f.status !== 'closed' && f.formed_on <= asOf);
    let lent = 0;
    let cif = 0;
    for (const f of list) {
      const b = fedBalances.get(f.entity_id);
      lent += sumWhere(b, (p) => ['assets:loans-to-shgs', 'assets:vrf-loans-to-shgs', 'assets:loans-to-vos', 'assets:loans-to-clfs'].includes(p));
      cif -= sumWhere(b, (p) => p.startsWith('liabilities:cif:'));
    }
    return { level, count: list.length, memberInstitutions: list.reduce((t, f) => t + (membersOfFed.get(f.node_id) ?? 0), 0), lentOutstandingPaise: lent, cifOwedPaise: cif };
  });
  const funds = mergeFundFlows([
    ...shgFlows.rows.map((r) => ({ fund: r.fund, level: r.level, institutions: r.institutions, receivedPaise: paiseOf(r.received), repaidPaise: paiseOf(r.repaid) })),
    ...[...fedFlows.values()].flat(),
  ]);

  // The SHGs: their facts summed over the whole place.
  const t: Sums = {};
  for (const s of byChild.values()) addSums(t, s);
  const n = (k: string) => t[k] ?? 0;
  const savings: SavingsFigures = { compulsoryPaise: n('savings_compulsory_paise'), voluntaryPaise: n('savings_total_paise') - n('savings_compulsory_paise'), totalPaise: n('savings_total_paise') };
  const externalPaise = externalOf(t);
  const loansOutstanding: LoansBySource = {
    internal: n('loans_internal_paise'),
    bank: n('loans_bank_paise'),
    federation: n('loans_federation_paise'),
    other: n('loans_other_paise'),
    externalPaise,
    totalPaise: n('loans_internal_paise') + externalPaise,
  };
  const par = parOf(t);

  const seriesAt = new Map(series.rows.map((r) => [r.as_of!, r]));
  const points: MisPoint[] = dates.map((date, i) => {
    if (i === dates.length - 1) {
      return {
        date,
        savingsPaise: savings.totalPaise,
        internalLoansPaise: loansOutstanding.internal,
        externalLoansPaise: externalPaise,
        atRiskPaise: par.atRiskPaise,
        atRiskPercent: par.atRiskPercent,
        buckets: Object.fromEntries(PAR_BUCKETS.map((k) => [k, par.buckets[k].principalPaise])) as Record<ParBucket, number>,
      };
    }
    const r = seriesAt.get(date);
    const v = (k: string) => (r?.[k] === undefined ? 0 : paiseOf(r[k]!));
    return {
      date,
      savingsPaise: v('savings'),
      internalLoansPaise: v('internal'),
      externalLoansPaise: v('external'),
      atRiskPaise: v('at_risk'),
      atRiskPercent: percentOf(v('at_risk'), v('outstanding')),
      buckets: Object.fromEntries(PAR_BUCKETS.map((k) => [k, v(k)])) as Record<ParBucket, number>,
    };
  });

  const breakdown: MisBreakdownRow[] = children
    .filter((c) => c.kind !== 'vo' && c.kind !== 'clf' && c.kind !== 'blf')
    .map((c) => {
      const s = byChild.get(c.id) ?? {};
      return {
        id: c.id,
        kind: c.kind,
        name: c.name,
        code: c.code,
        shgs: s.live ?? 0,
        members: s.active_members ?? 0,
        savingsPaise: s.savings_total_paise ?? 0,
        internalLoansPaise: s.loans_internal_paise ?? 0,
        externalLoansPaise: externalOf(s),
        atRiskPercent: percentOf(s.at_risk_paise ?? 0, s.par_outstanding_paise ?? 0),
        repaymentRate: rateOf(s),
      };
    });

  return {
    node: { id: node.id, kind: node.kind, name: node.name, code: node.code, nrlmCode: node.nrlm_code, lgdCode: node.lgd_code },
    asOf,
    shgs: { total: n('total'), active: n('active'), dormant: n('dormant'), closed: n('closed'), preExisting: n('pre_existing'), bankAccounts: n('bank_accounts'), inVo: n('in_vo') },
    members: {
      active: n('active_members'),
      poverty: { poorest: n('poorest'), poor: n('poor'), 'non-poor': n('non_poor') },
      categories: Object.fromEntries(categories.rows.map((r) => [r.key, r.n])),
    },
    savings,
    loansOutstanding,
    portfolio: {
      from,
      to,
      openingOverduePaise: n('opening_overdue_paise'),
      demandPaise: n('demand_paise'),
      totalDuePaise: n('total_due_paise'),
      collectedPaise: n('collected_paise'),
      advancePaise: n('advance_paise'),
      closingOverduePaise: n('closing_overdue_paise'),
      repaymentRate: rateOf(t),
      par,
    },
    funds,
    grades: { A: n('grade_a'), B: n('grade_b'), C: n('grade_c'), notGraded: n('live') - n('graded') },
    funnel: [
      { step: 'formed', shgs: n('live') },
      { step: 'functional', shgs: n('functional') },
      { step: 'graded', shgs: n('graded') },
      { step: 'rf-received', shgs: n('rf_received') },
      { step: 'cif-received', shgs: n('cif_received') },
      { step: 'bank-linked', shgs: n('bank_linked') },
    ],
    ruleSet: { id: ruleSet.id, version: ruleSet.version, effectiveFrom: ruleSet.effectiveFrom },
    federations,
    series: points,
    breakdown,
  };
}
