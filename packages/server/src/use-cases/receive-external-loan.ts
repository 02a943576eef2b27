import { z } from 'zod';
import {
  cmp,
  credit,
  debit,
  ErrorCode,
  EXTERNAL_LENDERS,
  EXTERNAL_LOAN_ACCOUNTS,
  isoDate,
  KhataError,
  paiseAmount,
  parseDecimal,
  positivePaise,
  problem,
  rational,
  RATIONAL_ZERO,
  scheduleInPaise,
  SHG_ACCOUNTS as A,
  uuid,
  type PaiseInstallment,
  type Problem,
  fail,
  type Result,
} from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';
import { postEntry } from '../ledger/post-entry.ts';
import { businessDateProblems, openShgBooks, refuse } from './shg-books.ts';
import { disbursalProblems, markDisbursed } from './bank-linkage-books.ts';

/** A yearly percentage written as a string ("11.5"), from 0 to 100. */
export const annualRate = z
  .string({ message: 'must be a yearly percentage written as a string, such as "11.5"' })
  .trim()
  .refine((t) => {
    const r = parseDecimal(t);
    return r !== undefined && cmp(r, RATIONAL_ZERO) >= 0 && cmp(r, rational(100)) <= 0;
  }, 'must be a yearly percentage from 0 to 100, such as "11.5"');

const common = {
  loanId: uuid,
  shgId: uuid,
  date: isoDate,
  lender: z.enum(EXTERNAL_LENDERS),
  /** The bank and branch, the VO, or whoever lent. */
  lenderName: z.string().trim().max(200).optional(),
  /** The lender's loan account number. */
  reference: z.string().trim().max(100).optional(),
  annualRatePercent: annualRate,
  /** Where the money arrives: the group's bank account (the usual way) or cash. */
  into: z.enum(['bank', 'cash']).default('bank'),
  purpose: z.string().trim().max(200).optional(),
  /** The sanctioned bank loan application this loan carries out (bank linkage): it becomes disbursed. */
  applicationId: uuid.optional(),
};

export const receiveExternalLoanSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    ...common,
    kind: z.literal('term-loan'),
    amountPaise: positivePaise,
    /** Number of installments; required for a bank term loan, optional otherwise (no schedule: repaid as agreed). */
    repayments: z.number().int().min(1).max(600).optional(),
    every: z.number().int().min(1).max(12).default(1),
    unit: z.enum(['months', 'weeks']).default('months'),
    interestMethod: z.enum(['declining', 'flat']).default('declining'),
    amortization: z.enum(['equal-installments', 'equal-principal']).default('equal-installments'),
    firstRepaymentOn: isoDate.nullable().default(null),
    graceOnPrincipal: z.number().int().min(0).default(0),
  }),
  z.strictObject({
    ...common,
    kind: z.literal('cash-credit'),
    /** The sanctioned limit. */
    limitPaise: positivePaise,
    /** What the bank lets the group draw now (at most the limit); the limit when not given. */
    drawingPowerPaise: positivePaise.optional(),
    /** The first drawal, if money is drawn on the day of sanction. */
    amountPaise: paiseAmount.default(0),
  }),
]);
export type ReceiveExternalLoan = z.output<typeof receiveExternalLoanSchema>;

/** What the loan row's `terms` hold for a loan the group itself owes. */
export type ExternalLoanTerms =
  | {
      kind: 'term-loan';
      annualRatePercent: string;
      repayments: number | null;
      every: number;
      unit: 'months' | 'weeks';
      interestMethod: 'declining' | 'flat';
      amortization: 'equal-installments' | 'equal-principal';
      firstRepaymentOn: string | null;
      graceOnPrincipal: number;
    }
  | { kind: 'cash-credit'; annualRatePercent: string; drawingPowerPaise: number };

export interface ReceiveExternalLoanResult {
  loanId: string;
  entryId: number | null;
  outstandingPaise: number;
  schedule: PaiseInstallment[] | null;
  /** Cash credit: what may still be drawn. */
  availablePaise: number | null;
}

/**
 * The SHG's own borrowing: a bank term loan (with its repayment schedule), a cash credit limit (with an optional
 * first drawal), a VO's CIF loan, or another lender's. The money lands in the bank (or cash) against the lender's
 * liability account, tagged with the loan. Repayments happen at meetings (`externalLoanRepayments`).
 */
export const receiveExternalLoan: CommandHandler<ReceiveExternalLoan, ReceiveExternalLoanResult> = {
  type: 'receive-external-loan',
  schema: receiveExternalLoanSchema,
  permission: 'write',
  nodeOf: async (_tx, p) => p.shgId,
  apply: async (tx, ctx, p) => {
    const books = await openShgBooks(tx, p.shgId);
    const problems: Problem[] = businessDateProblems(books, p.date);
    const exists = await tx.selectFrom('loan').select('id').where('id', '=', p.loanId).executeTakeFirst();
    if (exists) problems.push(problem(ErrorCode.Conflict, 'loanId', 'a loan with this id already exists'));

    let schedule: PaiseInstallment[] | null = null;
    let terms: ExternalLoanTerms;
    let limitPaise: number | null = null;
    let principalPaise: number;
    if (p.kind === 'term-loan') {
      if (p.lender === 'bank' && p.repayments === undefined) {
        problems.push(problem(ErrorCode.InvalidLoanTerms, 'repayments', 'a bank term loan needs its number of installments'));
      }
      if (p.repayments !== undefined) {
        const s = institutionLoanSchedule({ ...p, repayments: p.repayments });
        if (s.ok) schedule = s.value;
        else problems.push(...s.problems);
      }
      terms = {
        kind: 'term-loan',
        annualRatePercent: p.annualRatePercent,
        repayments: p.repayments ?? null,
        every: p.every,
        unit: p.unit,
        interestMethod: p.interestMethod,
        amortization: p.amortization,
        firstRepaymentOn: p.firstRepaymentOn,
        graceOnPrincipal: p.graceOnPrincipal,
      };
      principalPaise = p.amountPaise;
    } else {
      const drawingPower = p.drawingPowerPaise ?? p.limitPaise;
      if (drawingPower > p.limitPaise) problems.push(problem(ErrorCode.InvalidLoanTerms, 'drawingPowerPaise', 'cannot be more than the limit'));
      else if (p.amountPaise > drawingPower) {
        problems.push(problem(ErrorCode.CreditLimitExceeded, 'amountPaise', 'is more than the group may draw', { availablePaise: drawingPower }));
      }
      terms = { kind: 'cash-credit', annualRatePercent: p.annualRatePercent, drawingPowerPaise: drawingPower };
      limitPaise = p.limitPaise;
      principalPaise = p.limitPaise;
    }
    if (p.applicationId) {
      problems.push(...(await disbursalProblems(tx, { applicationId: p.applicationId, shgId: p.shgId, lender: p.lender, kind: p.kind, amountPaise: p.amountPaise, limitPaise: limitPaise ?? undefined, date: p.date })));
    }
    refuse(problems);

    await tx
      .insertInto('loan')
      .values({
        id: p.loanId,
        organisation_id: books.organisationId,
        entity_id: books.entityId,
        member_id: null,
        kind: p.kind === 'term-loan' ? 'external-term' : 'external-cash-credit',
        lender: p.lender,
        lender_name: p.lenderName ?? null,
        principal_paise: principalPaise,
        limit_paise: limitPaise,
        disbursed_on: p.date,
        terms: JSON.stringify(terms),
        schedule: schedule ? JSON.stringify(schedule) : null,
        purpose: p.purpose ?? null,
        command_id: ctx.commandId,
        reference: p.reference ?? null,
      })
      .execute();
    if (p.applicationId) await markDisbursed(tx, p.applicationId, p.loanId, p.date);
    const amount = p.amountPaise;
    const entryId =
      amount > 0
        ? await postEntry(tx, {
            organisationId: books.organisationId,
            entityId: books.entityId,
            businessDate: p.date,
            narration: p.kind === 'term-loan' ? `Loan received (${p.lender})` : `Cash credit drawn (${p.lender})`,
            sourceType: 'receive-external-loan',
            lines: [
              debit(p.into === 'bank' ? A.bank : A.cash, amount),
              credit(EXTERNAL_LOAN_ACCOUNTS[p.lender].principal, amount, { loanId: p.loanId }),
            ],
            commandId: ctx.commandId,
          })
        : null;
    return {
      loanId: p.loanId,
      entryId,
      outstandingPaise: amount,
      schedule,
      availablePaise: p.kind === 'cash-credit' ? (terms as { drawingPowerPaise: number }).drawingPowerPaise - amount : null,
    };
  },
};

/** The loan as receive-external-loan stored it; a refusal when it is not an open outside loan of the group. */
export function assertOpenExternal(loan: { kind: string; status: string } | undefined, field: string): void {
  if (!loan || !loan.kind.startsWith('external')) throw new KhataError(problem(ErrorCode.UnknownLoan, field, 'is not an outside loan of a group'));
  if (loan.status !== 'open') throw new KhataError(problem(ErrorCode.LoanClosed, field, `the loan is ${loan.status}`, { status: loan.status }));
}

/** The fields of a loan between institutions (or from a bank) that give its schedule. */
export interface InstitutionLoanTerms {
  amountPaise: number;
  date: string;
  annualRatePercent: string;
  interestMethod: 'declining' | 'flat';
  amortization: 'equal-installments' | 'equal-principal';
  repayments: number;
  every: number;
  unit: 'days' | 'weeks' | 'months';
  firstRepaymentOn?: string | null;
  graceOnPrincipal?: number;
}

/** The schedule of such a loan; its problems name the command's own fields (amountPaise, repayments, …). */
export function institutionLoanSchedule(p: InstitutionLoanTerms): Result<PaiseInstallment[]> {
  const s = scheduleInPaise({
    principalPaise: p.amountPaise,
    disbursedOn: p.date,
    annualRatePercent: p.annualRatePercent,
    interestMethod: p.interestMethod,
    amortization: p.amortization,
    repayments: p.repayments,
    every: p.every,
    unit: p.unit,
    firstRepaymentOn: p.firstRepaymentOn,
    graceOnPrincipal: p.graceOnPrincipal,
  } as Parameters<typeof scheduleInPaise>[0]);
  return s.ok ? s : fail(...s.problems.map((x) => ({ ...x, code: ErrorCode.InvalidLoanTerms, field: x.field === 'principalPaise' ? 'amountPaise' : x.field })));
}
