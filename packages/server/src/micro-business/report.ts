import { sql } from 'kysely';
import {
  cellsToSuppress,
  compareWithPlan,
  SMALL_CELL_THRESHOLD,
  SUPPRESSED,
  type AdditiveGroup,
  type PlanFigures,
  type ProgrammeCurrency,
  type ShownCount,
} from '@khata/core/business-plan';
import { toDecimalString } from '@khata/core/money';
import type { Database } from '../db/pool.ts';
import type { Table } from '../export/table-file.ts';
import type { PartnerSummary } from './queries.ts';

export const STATUS_COLUMNS = ['enrolled', 'planning', 'running', 'paused', 'closed'] as const;
export const COUNT_COLUMNS = [...STATUS_COLUMNS, 'participants', 'inProfit', 'notInProfit', 'reporting'] as const;
type CountColumn = (typeof COUNT_COLUMNS)[number];

export type ShownMoney = number | typeof SUPPRESSED | null;

export interface ReportRow {
  partnerId: string | null;
  name: string;
  code: string | null;
  nodeName: string | null;
  /** null on the total row when the partners' currencies differ: amounts are never added across currencies. */
  currency: ProgrammeCurrency | null;
  counts: Record<CountColumn, ShownCount>;
  /** Averages per reporting participant in the month, in minor units of `currency`. */
  money: { averageSalesMinor: ShownMoney; averageProfitMinor: ShownMoney; averagePlannedProfitMinor: ShownMoney };
}

export interface ProgrammeReport {
  month: string;
  rows: ReportRow[];
  total: ReportRow | null;
  threshold: number;
}

/** Exact average of integers, rounded half away from zero to a whole minor unit. */
function average(sum: bigint, n: number): number {
  const d = BigInt(n);
  const q = (2n * (sum < 0n ? -sum : sum) + d) / (2n * d);
  return Number(sum < 0n ? -q : q);
}

interface Raw {
  counts: Record<CountColumn, number>;
  sales: bigint;
  profit: bigint;
  planned: bigint;
  withPlan: number;
}

/**
 * The programme's aggregate for the given partners and month: participants by status (as they stand now), and for
 * the month, how many reported results, how many were in profit, and the average sales, profit and planned profit.
 *
 * Small cells: every count of fewer than 11 people is "<11" (zero too), with complementary suppression along each
 * row (the statuses add up to the participants; in profit + not in profit = reporting) and each column (the
 * partners add up to the total row), see core `cellsToSuppress`. An average is shown only when it is over 11 or
 * more people (for the planned average: 11 or more with a plan that month). Money is per partner in its own
 * currency; the total row has averages only when every partner in it has the same currency.
 */
export async function programmeReport(db: Database, partners: readonly PartnerSummary[], month: string): Promise<ProgrammeReport> {
  const ids = partners.map((p) => p.id);
  const [statusRows, caseResults] = await Promise.all([
    sql<{ partner_id: string; status: string; n: number }>`
      select partner_id, status, count(*)::int as n from mb_case where partner_id = any(${ids}::uuid[]) group by partner_id, status`.execute(db),
    sql<{ partner_id: string; case_id: string; sales_minor: number; costs_minor: number; plans: Array<{ version: number; startsIn: string; figures: PlanFigures }> }>`
      select c.partner_id, c.id as case_id, r.sales_minor, r.costs_minor,
             coalesce((select json_agg(json_build_object('version', v.version, 'startsIn', to_char(v.starts_in, 'YYYY-MM'), 'figures', v.figures))
                         from mb_plan_version v where v.case_id = c.id), '[]') as plans
        from mb_case c join mb_monthly_result r on r.case_id = c.id and r.month = ${`${month}-01`}
       where c.partner_id = any(${ids}::uuid[])`.execute(db),
  ]);
  const raw = new Map<string, Raw>();
  const empty = (): Raw => ({ counts: Object.fromEntries(COUNT_COLUMNS.map((c) => [c, 0])) as Record<CountColumn, number>, sales: 0n, profit: 0n, planned: 0n, withPlan: 0 });
  for (const p of partners) raw.set(p.id, empty());
  for (const r of statusRows.rows) {
    const x = raw.get(r.partner_id)!;
    x.counts[r.status as CountColumn] += r.n;
    x.counts.participants += r.n;
  }
  for (const r of caseResults.rows) {
    const x = raw.get(r.partner_id)!;
    const profit = Number(r.sales_minor) - Number(r.costs_minor);
    x.counts.reporting += 1;
    x.counts[profit > 0 ? 'inProfit' : 'notInProfit'] += 1;
    x.sales += BigInt(r.sales_minor);
    x.profit += BigInt(profit);
    const [compared] = compareWithPlan(r.plans, [{ month, salesMinor: Number(r.sales_minor), costsMinor: Number(r.costs_minor) }]);
    if (compared?.planned) {
      x.planned += BigInt(compared.planned.profitMinor);
      x.withPlan += 1;
    }
  }
  const total = empty();
  for (const x of raw.values()) {
    for (const c of COUNT_COLUMNS) total.counts[c] += x.counts[c];
    total.sales += x.sales;
    total.profit += x.profit;
    total.planned += x.planned;
    total.withPlan += x.withPlan;
  }

  // One table of counts: a row per partner and the total row; rows and columns are additive groups.
  const keys = [...partners.map((p) => p.id), 'total'];
  const counts: Record<string, number> = {};
  const groups: AdditiveGroup[] = [];
  for (const key of keys) {
    const x = key === 'total' ? total : raw.get(key)!;
    for (const c of COUNT_COLUMNS) counts[`${key}.${c}`] = x.counts[c];
    groups.push({ total: `${key}.participants`, parts: STATUS_COLUMNS.map((s) => `${key}.${s}`) });
    groups.push({ total: `${key}.reporting`, parts: [`${key}.inProfit`, `${key}.notInProfit`] });
  }
  if (partners.length > 0) {
    for (const c of COUNT_COLUMNS) groups.push({ total: `total.${c}`, parts: partners.map((p) => `${p.id}.${c}`) });
  }
  const hidden = cellsToSuppress(counts, groups);

  const currencies = new Set(partners.map((p) => p.currency));
  const rowOf = (key: string, x: Raw, p: PartnerSummary | null): ReportRow => {
    const currency = p ? p.currency : currencies.size === 1 ? [...currencies][0]! : null;
    const shownCounts = Object.fromEntries(COUNT_COLUMNS.map((c) => [c, hidden.has(`${key}.${c}`) ? SUPPRESSED : x.counts[c]])) as Record<CountColumn, ShownCount>;
    const enough = x.counts.reporting >= SMALL_CELL_THRESHOLD;
    const money = (sum: bigint, n: number, ok: boolean): ShownMoney => (currency === null || n === 0 ? null : ok ? average(sum, n) : SUPPRESSED);
    return {
      partnerId: p?.id ?? null,
      name: p?.name ?? 'All partners',
      code: p?.code ?? null,
      nodeName: p?.nodeName ?? null,
      currency,
      counts: shownCounts,
      money: {
        averageSalesMinor: x.counts.reporting === 0 ? (currency === null ? null : SUPPRESSED) : money(x.sales, x.counts.reporting, enough),
        averageProfitMinor: x.counts.reporting === 0 ? (currency === null ? null : SUPPRESSED) : money(x.profit, x.counts.reporting, enough),
        averagePlannedProfitMinor: x.withPlan === 0 ? (currency === null ? null : SUPPRESSED) : money(x.planned, x.withPlan, x.withPlan >= SMALL_CELL_THRESHOLD),
      },
    };
  };
  return {
    month,
    rows: partners.map((p) => rowOf(p.id, raw.get(p.id)!, p)),
    total: partners.length > 1 ? rowOf('total', total, null) : null,
    threshold: SMALL_CELL_THRESHOLD,
  };
}

const HEADERS: Record<string, string> = {
  name: 'Partner',
  code: 'Code',
  nodeName: 'Where',
  currency: 'Currency',
  enrolled: 'Enrolled',
  planning: 'Planning',
  running: 'Business running',
  paused: 'Paused',
  closed: 'Closed',
  participants: 'Participants',
  inProfit: 'In profit this month',
  notInProfit: 'Not in profit this month',
  reporting: 'Reported results',
  averageSalesMinor: 'Average sales',
  averageProfitMinor: 'Average profit',
  averagePlannedProfitMinor: 'Average planned profit',
};

/** The report as a table (CSV/XLSX): "<11" stays "<11"; amounts as decimals in each row's own currency. */
export function programmeReportTable(report: ProgrammeReport): Table {
  const money = (v: ShownMoney) => (typeof v === 'number' ? toDecimalString(v) : v);
  const rows = [...report.rows, ...(report.total ? [report.total] : [])].map((r) => ({
    name: r.name,
    code: r.code,
    nodeName: r.nodeName,
    currency: r.currency,
    ...Object.fromEntries(COUNT_COLUMNS.map((c) => [c, r.counts[c]])),
    averageSalesMinor: money(r.money.averageSalesMinor),
    averageProfitMinor: money(r.money.averageProfitMinor),
    averagePlannedProfitMinor: money(r.money.averagePlannedProfitMinor),
  }));
  return {
    title: `Micro-business ${report.month}`,
    columns: Object.entries(HEADERS).map(([key, header]) => ({ key, header })),
    rows,
  };
}
