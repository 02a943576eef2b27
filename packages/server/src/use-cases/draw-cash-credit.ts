import { z } from 'zod';
import { credit, debit, ErrorCode, EXTERNAL_LOAN_ACCOUNTS, isoDate, KhataError, positivePaise, problem, SHG_ACCOUNTS as A, uuid, type ExternalLender } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';
import { postEntry } from '../ledger/post-entry.ts';
import { assertOpenExternal, type ExternalLoanTerms } from './receive-external-loan.ts';
import { businessDateProblems, lineBalance, openShgBooks, refuse } from './shg-books.ts';

export const drawCashCreditSchema = z.strictObject({
  loanId: uuid,
  date: isoDate,
  amountPaise: positivePaise,
  into: z.enum(['bank', 'cash']).default('bank'),
});

/**
 * A drawal on the group's cash credit: allowed up to the limit and the drawing power, less what is already drawn
 * and not repaid (read from the books). Beyond it: CreditLimitExceeded with what is still available.
 */
export const drawCashCredit: CommandHandler<z.output<typeof drawCashCreditSchema>, { loanId: string; entryId: number; outstandingPaise: number; availablePaise: number }> = {
  type: 'draw-cash-credit',
  schema: drawCashCreditSchema,
  permission: 'write',
  nodeOf: async (tx, p) => {
    const loan = await tx.selectFrom('loan as l').innerJoin('entity as e', 'e.id', 'l.entity_id').select('e.node_id').where('l.id', '=', p.loanId).executeTakeFirst();
    if (!loan) throw new KhataError(problem(ErrorCode.UnknownLoan, 'loanId', 'no such loan'));
    return loan.node_id;
  },
  apply: async (tx, ctx, p) => {
    const { node_id } = await tx.selectFrom('loan as l').innerJoin('entity as e', 'e.id', 'l.entity_id').select('e.node_id').where('l.id', '=', p.loanId).executeTakeFirstOrThrow();
    const books = await openShgBooks(tx, node_id, 'loanId');
    const loan = await tx.selectFrom('loan').selectAll().where('id', '=', p.loanId).executeTakeFirstOrThrow();
    assertOpenExternal(loan, 'loanId');
    if (loan.kind !== 'external-cash-credit') throw new KhataError(problem(ErrorCode.ValidationFailed, 'loanId', 'is a term loan, not a cash credit'));
    const problems = businessDateProblems(books, p.date);
    if (p.date < loan.disbursed_on) problems.push(problem(ErrorCode.ValidationFailed, 'date', 'is before the cash credit was sanctioned', { sanctionedOn: loan.disbursed_on }));
    const lender = (loan.lender ?? 'other') as ExternalLender;
    const principalPath = EXTERNAL_LOAN_ACCOUNTS[lender].principal;
    const outstanding = -(await lineBalance(tx, books.entityId, principalPath, { loanId: loan.id }));
    const terms = loan.terms as Extract<ExternalLoanTerms, { kind: 'cash-credit' }>;
    const ceiling = Math.min(loan.limit_paise ?? loan.principal_paise, terms.drawingPowerPaise ?? Number.MAX_SAFE_INTEGER);
    const available = Math.max(0, ceiling - outstanding);
    if (p.amountPaise > available) {
      problems.push(problem(ErrorCode.CreditLimitExceeded, 'amountPaise', 'is more than the limit and drawing power leave', { availablePaise: available, outstandingPaise: outstanding }));
    }
    refuse(problems);
    const entryId = await postEntry(tx, {
      organisationId: books.organisationId,
      entityId: books.entityId,
      businessDate: p.date,
      narration: `Cash credit drawn (${lender})`,
      sourceType: 'draw-cash-credit',
      lines: [debit(p.into === 'bank' ? A.bank : A.cash, p.amountPaise), credit(principalPath, p.amountPaise, { loanId: loan.id })],
      commandId: ctx.commandId,
    });
    return { loanId: loan.id, entryId, outstandingPaise: outstanding + p.amountPaise, availablePaise: available - p.amountPaise };
  },
};
