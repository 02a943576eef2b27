import { z } from 'zod';
import { ErrorCode, isoDate, KhataError, orThrow, paiseAmount, problem, uuid, type Problem } from '@khata/core';
import { loanAccounts, planRepayment } from '@khata/core/federation';
import type { CommandHandler } from '../commands/apply-command.ts';
import { balanceOfAccount, closeIfRepaid, dateProblems, loadInstitutionLoan, moneyProblems, openPair, payableHeldFor, postTwoSided, refuse } from './federation-books.ts';

export const repayInstitutionLoanSchema = z.strictObject({
  /** The movement's id: the transfer id on both entries. */
  transferId: uuid,
  /** The loan as both institutions know it (the borrower's loan id). */
  loanId: uuid,
  date: isoDate,
  principalPaise: paiseAmount.default(0),
  /**
   * Interest paid. When not given: what the borrower holds for this lender (a VO paying its CLF the CLF's share
   * of the interest its SHGs paid on money lent on from this loan); nothing for an SHG.
   */
  interestPaise: paiseAmount.optional(),
  paidFrom: z.enum(['bank', 'cash']).default('bank'),
  receivedInto: z.enum(['bank', 'cash']).default('bank'),
});
export type RepayInstitutionLoan = z.output<typeof repayInstitutionLoanSchema>;

export interface RepayInstitutionLoanResult {
  transferId: string;
  borrowerEntryId: number;
  lenderEntryId: number;
  principalPaise: number;
  interestPaise: number;
  /** The lender's share of the interest, and what it holds for the federation above it. */
  retainedPaise: number;
  passedUpPaise: number;
  outstandingPaise: number;
}

/**
 * A member institution repays its federation (SHG → VO, VO → CLF), principal and interest, as one movement in both
 * books. The interest is shared per the spread configured when the money came down: a VO keeps its share as
 * income and holds the rest for its CLF (`liabilities:interest-payable:cif`) until it repays the CLF, when that
 * payable is paid first. (An SHG may also repay at its meeting: see receive-meeting-repayment.)
 */
export const repayInstitutionLoan: CommandHandler<RepayInstitutionLoan, RepayInstitutionLoanResult> = {
  type: 'repay-institution-loan',
  schema: repayInstitutionLoanSchema,
  permission: 'write',
  nodeOf: async (tx, p) => {
    const row = await tx
      .selectFrom('loan as l')
      .innerJoin('entity as e', 'e.id', 'l.entity_id')
      .select('e.node_id')
      .where('l.id', '=', p.loanId)
      .executeTakeFirst();
    if (!row) throw new KhataError(problem(ErrorCode.UnknownLoan, 'loanId', 'no such loan'));
    return row.node_id;
  },
  apply: async (tx, ctx, p) => {
    const loan = await loadInstitutionLoan(tx, p.loanId);
    const [borrower, lender] = await openPair(tx, ctx, { nodeId: loan.borrowerNodeId, field: 'loanId' }, { nodeId: loan.lenderNodeId, field: 'loanId' });
    const accounts = orThrow(loanAccounts(loan.link.fund, lender.kind, borrower.kind));
    const problems: Problem[] = [];
    if (loan.borrowerRow.status !== 'open') problems.push(problem(ErrorCode.LoanClosed, 'loanId', `the loan is ${loan.borrowerRow.status}`, { status: loan.borrowerRow.status }));
    const outstanding = -(await balanceOfAccount(tx, borrower.entityId, accounts.borrowerPrincipal, loan.link.id));
    if (p.principalPaise > outstanding) problems.push(problem(ErrorCode.RepaymentExceedsDue, 'principalPaise', 'is more than the principal outstanding', { outstandingPaise: outstanding }));
    if (p.date < loan.borrowerRow.disbursed_on) problems.push(problem(ErrorCode.ValidationFailed, 'date', 'is before the loan was disbursed', { disbursedOn: loan.borrowerRow.disbursed_on }));
    problems.push(...dateProblems(borrower, p.date), ...dateProblems(lender, p.date));
    const held = accounts.borrowerPassUp ? await payableHeldFor(tx, loan.link) : 0;
    const interest = p.interestPaise ?? held;
    if (p.principalPaise + interest === 0) problems.push(problem(ErrorCode.ValidationFailed, 'principalPaise', 'nothing is repaid'));
    else problems.push(...(await moneyProblems(tx, borrower, p.paidFrom, p.principalPaise + interest, 'principalPaise')));
    refuse(problems);

    const plan = orThrow(
      planRepayment({
        fund: loan.link.fund,
        lender: lender.kind,
        borrower: borrower.kind,
        principalPaise: p.principalPaise,
        interestPaise: interest,
        passUpPercent: loan.link.pass_up_percent,
        borrowerPayablePaise: held,
        date: p.date,
        paidFrom: p.paidFrom,
        receivedInto: p.receivedInto,
        lenderLoanId: loan.link.lender_loan_id,
        borrowerLoanId: loan.link.id,
        borrowerTag: borrower.nodeId,
      }),
    );
    const label = loan.link.fund === 'cif' ? 'CIF loan' : 'VRF loan';
    const { fromEntryId, toEntryId } = await postTwoSided(
      tx,
      ctx,
      plan,
      borrower,
      lender,
      { id: p.transferId, kind: 'repayment', fund: loan.link.fund, amountPaise: p.principalPaise + interest, date: p.date, loanId: loan.link.id, detail: { principalPaise: p.principalPaise, interestPaise: interest, passedUpPaise: plan.passedUpPaise } },
      'repay-institution-loan',
      { from: `${label} repaid to ${lender.name}`, to: `${label} repaid by ${borrower.name}` },
    );
    await closeIfRepaid(tx, loan.link.id, borrower.entityId, accounts.borrowerPrincipal);
    await closeIfRepaid(tx, loan.link.lender_loan_id, lender.entityId, accounts.lenderPrincipal);
    return {
      transferId: p.transferId,
      borrowerEntryId: fromEntryId,
      lenderEntryId: toEntryId,
      principalPaise: p.principalPaise,
      interestPaise: interest,
      retainedPaise: plan.retainedPaise,
      passedUpPaise: plan.passedUpPaise,
      outstandingPaise: outstanding - p.principalPaise,
    };
  },
};
