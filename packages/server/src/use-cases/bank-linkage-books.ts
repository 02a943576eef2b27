import { sql } from 'kysely';
import { ErrorCode, KhataError, problem, type Problem } from '@khata/core';
import { assessEligibility, corpusOf, overdueOn, type ApplicationProduct, type BankLoanRecord, type Eligibility, type LoanMovement, type ScheduledInstalment } from '@khata/core/bank-linkage';
import { gradeShg } from '@khata/core/grading';
import { ruleSetInForce } from '@khata/core/rules';
import type { Database } from '../db/pool.ts';
import { accountBalances, type Tx } from '../ledger/post-entry.ts';
import { loadRuleSets, loadShgRecords, withRules } from '../queries/shg-records.ts';
import { CUTOFF_SOURCE } from '../reports/report.ts';

/*
 * What the bank-linkage use cases, reports and routes share: a group's bank loans as core's BankLoanRecord (terms,
 * schedule and movements read from the journal lines tagged with the loan), the eligibility of an application from
 * the records, and the link between a sanctioned application and the loan as received.
 */

type Db = Database | Tx;

/** Sources whose postings on the loan's liability account are principal drawn; any other posting is a repayment. */
const DRAW_SOURCES = ['receive-external-loan', 'draw-cash-credit', CUTOFF_SOURCE];

export interface BankLoan extends BankLoanRecord {
  shgId: string;
  entityId: number;
  lenderName: string | null;
  reference: string | null;
  status: string;
  principalPaise: number;
  limitPaise: number | null;
  applicationId: string | null;
  bankName: string | null;
  branchName: string | null;
}

/**
 * The bank loans (lender 'bank', not cancelled) of the given SHGs, disbursed on or before `asOf`, with their
 * movements up to `asOf` (a reversal counts as the movement it undoes, with the opposite sign).
 */
export async function loadBankLoans(db: Db, shgIds: readonly string[], asOf: string, only?: { loanIds?: readonly string[] }): Promise<BankLoan[]> {
  if (shgIds.length === 0 && !only?.loanIds?.length) return [];
  let q = db
    .selectFrom('loan as l')
    .innerJoin('entity as e', 'e.id', 'l.entity_id')
    .leftJoin('bank_loan_application as a', 'a.loan_id', 'l.id')
    .select([
      'l.id',
      'e.node_id as shgId',
      'l.entity_id as entityId',
      'l.kind',
      'l.lender_name as lenderName',
      'l.reference',
      'l.status',
      'l.principal_paise as principalPaise',
      'l.limit_paise as limitPaise',
      'l.disbursed_on as disbursedOn',
      'l.terms',
      'l.schedule',
      'a.id as applicationId',
      'a.bank_name as bankName',
      'a.branch_name as branchName',
    ])
    .where('l.lender', '=', 'bank')
    .where('l.kind', 'in', ['external-term', 'external-cash-credit'])
    .where('l.status', '<>', 'cancelled')
    .where('l.disbursed_on', '<=', asOf);
  if (only?.loanIds) q = q.where('l.id', 'in', [...only.loanIds]);
  else q = q.where(sql<boolean>`e.node_id = any(${[...shgIds]}::uuid[])`);
  const loans = await q.orderBy('l.disbursed_on').orderBy('l.id').execute();
  if (loans.length === 0) return [];
  const { rows: lines } = await sql<{ loan_id: string; date: string; path: string; amount: string; source: string }>`
    select l.loan_id, l.business_date::text as date, a.path, l.amount_paise as amount,
           coalesce(orig.source_type, e.source_type) as source
      from journal_line l
      join account a on a.id = l.account_id
      join journal_entry e on e.id = l.entry_id
      left join journal_entry orig on orig.id = e.reverses_entry_id
     where l.loan_id = any(${loans.map((x) => x.id)}::uuid[]) and l.business_date <= ${asOf}
       and (a.path = 'liabilities:loans:bank' or a.path = 'expenses:interest:bank-loans')
     order by l.business_date, l.entry_id, l.line_no`.execute(db);
  const movements = new Map<string, Map<string, LoanMovement>>();
  for (const line of lines) {
    const perDay = movements.get(line.loan_id) ?? new Map<string, LoanMovement>();
    movements.set(line.loan_id, perDay);
    const m = perDay.get(line.date) ?? { date: line.date, drawnPaise: 0, principalRepaidPaise: 0, interestPaidPaise: 0 };
    perDay.set(line.date, m);
    const amount = Number(line.amount);
    if (line.path === 'expenses:interest:bank-loans') m.interestPaidPaise += amount;
    else if (DRAW_SOURCES.includes(line.source)) m.drawnPaise -= amount;
    else m.principalRepaidPaise += amount;
  }
  return loans.map((l) => {
    const terms = (l.terms ?? {}) as { annualRatePercent?: string; drawingPowerPaise?: number };
    const schedule = Array.isArray(l.schedule) ? (l.schedule as ScheduledInstalment[]) : null;
    const kind: ApplicationProduct = l.kind === 'external-cash-credit' ? 'cash-credit' : 'term-loan';
    return {
      id: l.id,
      shgId: l.shgId,
      entityId: l.entityId,
      kind,
      disbursedOn: l.disbursedOn,
      annualRatePercent: terms.annualRatePercent ?? '0',
      schedule: kind === 'term-loan' ? schedule : null,
      drawingPowerPaise: kind === 'cash-credit' ? Math.min(l.limitPaise ?? l.principalPaise, terms.drawingPowerPaise ?? Number.MAX_SAFE_INTEGER) : null,
      movements: [...(movements.get(l.id)?.values() ?? [])],
      lenderName: l.lenderName,
      reference: l.reference,
      status: l.status,
      principalPaise: l.principalPaise,
      limitPaise: l.limitPaise,
      applicationId: l.applicationId,
      bankName: l.bankName,
      branchName: l.branchName,
    };
  });
}

/** The bank a loan is with, for grouping a claims report: the application's bank, else the lender's name. */
export const bankOf = (l: Pick<BankLoan, 'bankName' | 'lenderName'>) => (l.bankName ?? l.lenderName ?? '').trim() || '—';

/**
 * Eligibility of an SHG for a bank loan on `date`, from its records, under the rule set in force that day: age,
 * Panchasutra (computed from the records), the latest signed-off grading, anything overdue to a bank, and the dose
 * with its ceiling from the corpus.
 */
export async function eligibilityOf(
  db: Db,
  organisationId: number,
  input: { shgId: string; date: string; product: ApplicationProduct; amountRequestedPaise: number },
): Promise<Eligibility> {
  const entity = await db.selectFrom('entity').select('id').where('node_id', '=', input.shgId).executeTakeFirst();
  const [ruleSets, records, balances, grading, loans] = await Promise.all([
    loadRuleSets(db, organisationId),
    loadShgRecords(db, [input.shgId], input.date, { loans: true }),
    entity ? accountBalances(db, entity.id, input.date) : Promise.resolve(new Map<string, number>()),
    withRules(db)
      .selectFrom('grading')
      .select(['id', 'as_of', 'score', 'grade'])
      .where('shg_id', '=', input.shgId)
      .where('as_of', '<=', input.date)
      .where('signed_off_by', 'is not', null)
      .orderBy('as_of', 'desc')
      .orderBy('graded_at', 'desc')
      .limit(1)
      .executeTakeFirst(),
    loadBankLoans(db, [input.shgId], input.date),
  ]);
  const shg = records[0];
  if (!shg || !entity) throw new KhataError(problem(ErrorCode.NotFound, 'shgId', 'no such SHG (or it is closed)'));
  if (input.date < shg.formedOn) throw new KhataError(problem(ErrorCode.DateBeforeFormation, 'date', 'is before the group was formed', { formedOn: shg.formedOn }));
  const ruleSet = ruleSetInForce(ruleSets, input.date);
  const graded = gradeShg(shg, input.date, ruleSet);
  return assessEligibility(
    {
      date: input.date,
      formedOn: shg.formedOn,
      product: input.product,
      amountRequestedPaise: input.amountRequestedPaise,
      panchasutra: graded.panchasutra,
      latestGrading: grading ? { id: grading.id, asOf: grading.as_of, score: String(grading.score), grade: grading.grade } : null,
      corpus: corpusOf(balances),
      previousBankLoans: loans.length,
      bankOverdues: loans.filter((l) => l.status === 'open').map((l) => ({ loanId: l.id, ...overdueOn(l, input.date) })).filter((o) => o.overduePaise > 0),
    },
    ruleSet,
  );
}

/** The application row, locked; NotFound naming `field` when it does not exist. */
export async function lockApplication(tx: Tx, id: string, field = 'applicationId') {
  const row = await tx.selectFrom('bank_loan_application').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw new KhataError(problem(ErrorCode.NotFound, field, 'no such loan application'));
  return row;
}

/**
 * receive-external-loan with an applicationId: the loan received must be the sanctioned application's — the same
 * group, from a bank, the same product, at most the amount sanctioned, on or after the sanction.
 */
export async function disbursalProblems(
  tx: Tx,
  p: { applicationId: string; shgId: string; lender: string; kind: ApplicationProduct; amountPaise: number; limitPaise?: number | undefined; date: string },
): Promise<Problem[]> {
  const a = await tx.selectFrom('bank_loan_application').selectAll().where('id', '=', p.applicationId).forUpdate().executeTakeFirst();
  if (!a || a.shg_id !== p.shgId) return [problem(ErrorCode.NotFound, 'applicationId', 'is not a loan application of this group')];
  const out: Problem[] = [];
  if (a.status !== 'sanctioned') out.push(problem(ErrorCode.Conflict, 'applicationId', `the application is ${a.status}, not sanctioned`, { status: a.status }));
  if (p.lender !== 'bank') out.push(problem(ErrorCode.ValidationFailed, 'lender', 'must be "bank" for a bank loan application'));
  if (p.kind !== a.product) out.push(problem(ErrorCode.ValidationFailed, 'kind', `must be ${a.product}, the product applied for`, { product: a.product }));
  const amount = p.kind === 'cash-credit' ? (p.limitPaise ?? 0) : p.amountPaise;
  const field = p.kind === 'cash-credit' ? 'limitPaise' : 'amountPaise';
  if (a.sanctioned_paise !== null && amount > a.sanctioned_paise) {
    out.push(problem(ErrorCode.CreditLimitExceeded, field, 'is more than the bank sanctioned', { sanctionedPaise: a.sanctioned_paise }));
  }
  if (a.decided_on && p.date < a.decided_on) out.push(problem(ErrorCode.ValidationFailed, 'date', 'is before the sanction', { sanctionedOn: a.decided_on }));
  return out;
}

/** Marks the application disbursed with the loan just received. */
export async function markDisbursed(tx: Tx, applicationId: string, loanId: string, date: string): Promise<void> {
  await tx.updateTable('bank_loan_application').set({ status: 'disbursed', loan_id: loanId, disbursed_on: date }).where('id', '=', applicationId).execute();
}
