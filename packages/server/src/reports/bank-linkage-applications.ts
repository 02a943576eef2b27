import { sql } from 'kysely';
import { pendencyOf, PENDENCY_BUCKETS, type ApplicationStatus, type PendencyBucket } from '@khata/core/bank-linkage';
import type { Database } from '../db/pool.ts';
import type { Table } from '../export/table-file.ts';

/*
 * Bank loan applications under a node of the tree (a place, or one SHG): the list, and the pendency report — the
 * applications still waiting (undecided, or sanctioned and not disbursed) by days since submission.
 */

export interface ApplicationRow {
  id: string;
  shgId: string;
  shgName: string;
  shgCode: string;
  villageName: string | null;
  bankName: string;
  branchName: string | null;
  product: 'term-loan' | 'cash-credit';
  amountRequestedPaise: number;
  purpose: string | null;
  submittedOn: string;
  dose: number;
  doseLimitPaise: number;
  eligible: boolean;
  reasonCount: number;
  status: ApplicationStatus;
  decidedOn: string | null;
  sanctionedPaise: number | null;
  disbursedOn: string | null;
  loanId: string | null;
}

/** Applications of the SHGs under `path` (the node's own path prefix), newest first. */
export async function applicationsUnder(db: Database, organisationId: number, path: string, filter: { status?: ApplicationStatus | undefined; submittedTo?: string } = {}): Promise<ApplicationRow[]> {
  let q = db
    .selectFrom('bank_loan_application as a')
    .innerJoin('node as n', 'n.id', 'a.shg_id')
    .leftJoin('node as v', 'v.id', 'n.parent_id')
    .select([
      'a.id',
      'a.shg_id as shgId',
      'n.name as shgName',
      'n.code as shgCode',
      'v.name as villageName',
      'a.bank_name as bankName',
      'a.branch_name as branchName',
      'a.product',
      'a.amount_requested_paise as amountRequestedPaise',
      'a.purpose',
      'a.submitted_on as submittedOn',
      'a.dose',
      'a.dose_limit_paise as doseLimitPaise',
      'a.eligible',
      sql<number>`jsonb_array_length(a.eligibility -> 'reasons')`.as('reasonCount'),
      'a.status',
      'a.decided_on as decidedOn',
      'a.sanctioned_paise as sanctionedPaise',
      'a.disbursed_on as disbursedOn',
      'a.loan_id as loanId',
    ])
    .where('a.organisation_id', '=', organisationId)
    .where('n.path', 'like', `${path}%`);
  if (filter.status) q = q.where('a.status', '=', filter.status);
  if (filter.submittedTo) q = q.where('a.submitted_on', '<=', filter.submittedTo);
  const rows = await q.orderBy('a.submitted_on', 'desc').orderBy('n.name').orderBy('a.id').limit(20_000).execute();
  return rows as ApplicationRow[];
}

export const APPLICATION_COLUMNS: Table['columns'] = [
  { key: 'submittedOn', header: 'Submitted on', kind: 'date' },
  { key: 'shgCode', header: 'SHG code' },
  { key: 'shgName', header: 'SHG' },
  { key: 'villageName', header: 'Village' },
  { key: 'bankName', header: 'Bank' },
  { key: 'branchName', header: 'Branch' },
  { key: 'product', header: 'Product' },
  { key: 'dose', header: 'Dose', kind: 'number' },
  { key: 'amountRequestedPaise', header: 'Amount requested', kind: 'money' },
  { key: 'doseLimitPaise', header: 'Dose limit', kind: 'money' },
  { key: 'eligible', header: 'Eligible' },
  { key: 'status', header: 'Status' },
  { key: 'decidedOn', header: 'Decided on', kind: 'date' },
  { key: 'sanctionedPaise', header: 'Sanctioned', kind: 'money' },
  { key: 'disbursedOn', header: 'Disbursed on', kind: 'date' },
];

export function applicationsTable(rows: readonly ApplicationRow[]): Table {
  return { title: 'Loan applications', columns: APPLICATION_COLUMNS, rows: rows.map((r) => ({ ...r, eligible: r.eligible ? 'yes' : 'no' })) };
}

export interface PendencyRow extends ApplicationRow {
  ageDays: number;
  bucket: PendencyBucket;
}

export interface PendencyReport {
  asOf: string;
  buckets: Array<{ bucket: PendencyBucket; submitted: number; sanctioned: number; count: number; amountPaise: number }>;
  total: { submitted: number; sanctioned: number; count: number; amountPaise: number };
  rows: PendencyRow[];
}

/**
 * Pendency on `asOf`: every application submitted by then and still waiting — undecided, or sanctioned and not
 * disbursed — with its age in days since submission, counted in the buckets 0–15, 16–30, 31–60 and over 60 days.
 * The amount is what was requested (undecided) or sanctioned (waiting for disbursal). Oldest first.
 */
export async function pendencyReport(db: Database, organisationId: number, path: string, asOf: string): Promise<PendencyReport> {
  const all = await applicationsUnder(db, organisationId, path, { submittedTo: asOf });
  const rows: PendencyRow[] = [];
  for (const a of all) {
    // An application decided or disbursed after asOf was still waiting on asOf.
    const status: ApplicationStatus =
      a.status === 'disbursed' && a.disbursedOn! > asOf ? (a.decidedOn! > asOf ? 'submitted' : 'sanctioned') : (a.status === 'sanctioned' || a.status === 'rejected') && a.decidedOn! > asOf ? 'submitted' : a.status;
    const p = pendencyOf({ status, submittedOn: a.submittedOn }, asOf);
    if (p) rows.push({ ...a, status, ...p });
  }
  rows.sort((x, y) => y.ageDays - x.ageDays || x.shgName.localeCompare(y.shgName));
  const amountOf = (r: PendencyRow) => (r.status === 'sanctioned' ? (r.sanctionedPaise ?? 0) : r.amountRequestedPaise);
  const buckets = PENDENCY_BUCKETS.map((bucket) => {
    const inBucket = rows.filter((r) => r.bucket === bucket);
    return {
      bucket,
      submitted: inBucket.filter((r) => r.status === 'submitted').length,
      sanctioned: inBucket.filter((r) => r.status === 'sanctioned').length,
      count: inBucket.length,
      amountPaise: inBucket.reduce((t, r) => t + amountOf(r), 0),
    };
  });
  const total = buckets.reduce((t, b) => ({ submitted: t.submitted + b.submitted, sanctioned: t.sanctioned + b.sanctioned, count: t.count + b.count, amountPaise: t.amountPaise + b.amountPaise }), { submitted: 0, sanctioned: 0, count: 0, amountPaise: 0 });
  return { asOf, buckets, total, rows };
}

export function pendencyTable(report: PendencyReport): Table {
  return {
    title: `Pendency ${report.asOf}`,
    columns: [
      { key: 'bucket', header: 'Days pending' },
      { key: 'ageDays', header: 'Age (days)', kind: 'number' },
      ...APPLICATION_COLUMNS.filter((c) => !['decidedOn', 'disbursedOn'].includes(c.key)),
    ],
    rows: report.rows.map((r) => ({ ...r, eligible: r.eligible ? 'yes' : 'no' })),
  };
}
