import { subventionForPeriod, type SubventionFigures } from '@khata/core/bank-linkage';
import type { Database } from '../db/pool.ts';
import type { Table } from '../export/table-file.ts';
import { loadRuleSets, shgIdsUnder } from '../queries/shg-records.ts';
import { bankOf, loadBankLoans } from '../use-cases/bank-linkage-books.ts';

/*
 * The interest subvention claims report for banks: for [from, to], per bank and per loan of the SHGs under a node,
 * the outstanding at the end, interest charged (daily products at the loan's rate), the part at 7% the group
 * bears, the subvention claimable (interest above 7% on up to Rs 3 lakh), the prompt-payee verdict and its extra
 * 3%, and what the bank has already credited for periods inside [from, to]. Rules: those in force on each day.
 */

export interface ClaimRow {
  bank: string;
  branch: string | null;
  shgId: string;
  shgName: string;
  shgCode: string;
  loanId: string;
  reference: string | null;
  applicationId: string | null;
  product: 'term-loan' | 'cash-credit';
  disbursedOn: string;
  sanctionedPaise: number;
  annualRatePercent: string;
  days: number;
  outstandingPaise: number;
  interestChargedPaise: number;
  interestAtSubventedRatePaise: number;
  subventionPaise: number;
  promptPayee: boolean;
  promptExplanation: string;
  promptExtraPaise: number;
  claimablePaise: number;
  creditedPaise: number;
}

type Money = Pick<ClaimRow, 'outstandingPaise' | 'interestChargedPaise' | 'interestAtSubventedRatePaise' | 'subventionPaise' | 'promptExtraPaise' | 'claimablePaise' | 'creditedPaise'>;
const MONEY_KEYS = ['outstandingPaise', 'interestChargedPaise', 'interestAtSubventedRatePaise', 'subventionPaise', 'promptExtraPaise', 'claimablePaise', 'creditedPaise'] as const;
const zero = (): Money => ({ outstandingPaise: 0, interestChargedPaise: 0, interestAtSubventedRatePaise: 0, subventionPaise: 0, promptExtraPaise: 0, claimablePaise: 0, creditedPaise: 0 });
const addInto = (t: Money, r: Money) => {
  for (const k of MONEY_KEYS) t[k] += r[k];
};

export interface ClaimsReport {
  from: string;
  to: string;
  asOf: string;
  banks: Array<{ bank: string; loans: number; promptPayees: number } & Money>;
  rows: ClaimRow[];
  totals: { loans: number; promptPayees: number } & Money;
}

export async function claimsReport(db: Database, organisationId: number, path: string, period: { from: string; to: string; asOf: string }): Promise<ClaimsReport> {
  const shgIds = await shgIdsUnder(db, path);
  const [ruleSets, loans, nodes] = await Promise.all([
    loadRuleSets(db, organisationId),
    loadBankLoans(db, shgIds, period.to),
    shgIds.length ? db.selectFrom('node').select(['id', 'name', 'code']).where('id', 'in', shgIds).execute() : Promise.resolve([]),
  ]);
  const credits = loans.length
    ? await db
        .selectFrom('subvention_credit')
        .select(['loan_id', 'amount_paise'])
        .where('loan_id', 'in', loans.map((l) => l.id))
        .where('period_from', '>=', period.from)
        .where('period_to', '<=', period.to)
        .execute()
    : [];
  const creditedOf = new Map<string, number>();
  for (const c of credits) creditedOf.set(c.loan_id, (creditedOf.get(c.loan_id) ?? 0) + c.amount_paise);
  const nodeOf = new Map(nodes.map((n) => [n.id, n]));
  const rows: ClaimRow[] = [];
  for (const loan of loans) {
    const f: SubventionFigures = subventionForPeriod(loan, ruleSets, period.from, period.to, period.asOf);
    const credited = creditedOf.get(loan.id) ?? 0;
    if (f.interestChargedPaise === 0 && f.outstandingAtEndPaise === 0 && credited === 0) continue; // nothing out in the period
    const shg = nodeOf.get(loan.shgId);
    rows.push({
      bank: bankOf(loan),
      branch: loan.branchName,
      shgId: loan.shgId,
      shgName: shg?.name ?? '',
      shgCode: shg?.code ?? '',
      loanId: loan.id,
      reference: loan.reference,
      applicationId: loan.applicationId,
      product: loan.kind,
      disbursedOn: loan.disbursedOn,
      sanctionedPaise: loan.kind === 'cash-credit' ? (loan.limitPaise ?? loan.principalPaise) : loan.principalPaise,
      annualRatePercent: loan.annualRatePercent,
      days: f.days,
      outstandingPaise: f.outstandingAtEndPaise,
      interestChargedPaise: f.interestChargedPaise,
      interestAtSubventedRatePaise: f.interestAtSubventedRatePaise,
      subventionPaise: f.subventionPaise,
      promptPayee: f.prompt.prompt,
      promptExplanation: f.prompt.explanation,
      promptExtraPaise: f.promptExtraPaise,
      claimablePaise: f.claimablePaise,
      creditedPaise: credited,
    });
  }
  rows.sort((a, b) => a.bank.localeCompare(b.bank) || a.shgName.localeCompare(b.shgName) || a.disbursedOn.localeCompare(b.disbursedOn));
  const byBank = new Map<string, ClaimsReport['banks'][number]>();
  const totals = { loans: 0, promptPayees: 0, ...zero() };
  for (const r of rows) {
    const b = byBank.get(r.bank) ?? { bank: r.bank, loans: 0, promptPayees: 0, ...zero() };
    byBank.set(r.bank, b);
    for (const t of [b, totals]) {
      t.loans++;
      if (r.promptPayee) t.promptPayees++;
      addInto(t, r);
    }
  }
  return { ...period, banks: [...byBank.values()], rows, totals };
}

export function claimsTable(report: ClaimsReport): Table {
  return {
    title: `Subvention ${report.from} to ${report.to}`,
    columns: [
      { key: 'bank', header: 'Bank' },
      { key: 'branch', header: 'Branch' },
      { key: 'shgCode', header: 'SHG code' },
      { key: 'shgName', header: 'SHG' },
      { key: 'reference', header: 'Loan account' },
      { key: 'product', header: 'Product' },
      { key: 'disbursedOn', header: 'Disbursed on', kind: 'date' },
      { key: 'sanctionedPaise', header: 'Sanctioned', kind: 'money' },
      { key: 'annualRatePercent', header: 'Rate %' },
      { key: 'days', header: 'Days', kind: 'number' },
      { key: 'outstandingPaise', header: 'Outstanding at end', kind: 'money' },
      { key: 'interestChargedPaise', header: 'Interest charged', kind: 'money' },
      { key: 'interestAtSubventedRatePaise', header: 'Interest at 7% (borne by SHG)', kind: 'money' },
      { key: 'subventionPaise', header: 'Subvention claimable', kind: 'money' },
      { key: 'promptPayee', header: 'Prompt payee' },
      { key: 'promptExtraPaise', header: 'Extra 3% (prompt payee)', kind: 'money' },
      { key: 'claimablePaise', header: 'Total claimable', kind: 'money' },
      { key: 'creditedPaise', header: 'Already credited', kind: 'money' },
    ],
    rows: report.rows.map((r) => ({ ...r, promptPayee: r.promptPayee ? 'yes' : 'no' })),
  };
}
