import { sql } from 'kysely';
import { z } from 'zod';
import { ErrorCode, isoDate, KhataError, problem, uuid, type Problem } from '@khata/core';
import { allocateGrainRepayment, grainLoanPosition, gramsSchema, planGrainPosting, type GrainLoan } from '@khata/core/grain-bank';
import type { CommandHandler } from '../commands/apply-command.ts';
import type { Tx } from '../ledger/post-entry.ts';
import { refuse } from './federation-books.ts';
import { grainDateProblems, movementIdFree, openGrainBank, writeGrainMovement } from './grain-bank-books.ts';

export const repayGrainSchema = z.strictObject({
  movementId: uuid,
  loanId: uuid,
  date: isoDate,
  /** Grain brought back, in grams: the interest in kind first, then the grain lent. */
  quantityGrams: gramsSchema,
});
export type RepayGrain = z.output<typeof repayGrainSchema>;

/** A grain loan's terms and what has come back on it. */
export async function grainLoanState(tx: Tx, loanId: string) {
  const loan = await tx.selectFrom('grain_loan').selectAll().where('id', '=', loanId).executeTakeFirst();
  if (!loan) return null;
  const repaid = await tx
    .selectFrom('grain_movement')
    .select([sql<string>`coalesce(sum(principal_grams), 0)`.as('principal'), sql<string>`coalesce(sum(interest_grams), 0)`.as('interest')])
    .where('loan_id', '=', loanId)
    .where('kind', '=', 'repayment')
    .executeTakeFirstOrThrow();
  const terms: GrainLoan = { principalGrams: loan.principal_grams, interestGrams: loan.interest_grams, costPaise: loan.cost_paise };
  return { loan, terms, repaid: { principalGrams: Number(repaid.principal), interestGrams: Number(repaid.interest) } };
}

/**
 * A member brings grain back on her loan: it enters the store, the interest in kind first, then the grain lent; more
 * than she owes is refused. In a valued bank the returned grain enters at the loan's cost per gram: the principal
 * clears her loan, the interest is income. The loan closes when nothing is owed.
 */
export const repayGrain: CommandHandler<RepayGrain, { movementId: string; principalGrams: number; interestGrams: number; outstandingGrams: number; entryId: number | null }> = {
  type: 'repay-grain',
  schema: repayGrainSchema,
  permission: 'write',
  nodeOf: async (tx, p) => {
    const row = await tx.selectFrom('grain_loan as l').innerJoin('grain_bank as b', 'b.id', 'l.grain_bank_id').select('b.node_id').where('l.id', '=', p.loanId).executeTakeFirst();
    if (!row) throw new KhataError(problem(ErrorCode.UnknownLoan, 'loanId', 'is not a grain loan'));
    return row.node_id;
  },
  apply: async (tx, ctx, p) => {
    await movementIdFree(tx, p.movementId, 'movementId');
    const bankId = (await tx.selectFrom('grain_loan').select('grain_bank_id').where('id', '=', p.loanId).executeTakeFirstOrThrow()).grain_bank_id;
    const open = await openGrainBank(tx, ctx, bankId, 'loanId');
    const state = (await grainLoanState(tx, p.loanId))!;
    const problems: Problem[] = [...(await grainDateProblems(tx, open, p.date))];
    if (p.date < state.loan.issued_on) problems.push(problem(ErrorCode.ValidationFailed, 'date', 'is before the loan was given'));
    if (state.loan.status === 'closed') problems.push(problem(ErrorCode.LoanClosed, 'loanId', 'this grain loan is already repaid'));
    const split = allocateGrainRepayment(state.terms, state.repaid, p.quantityGrams, 'quantityGrams');
    if (!split.ok && state.loan.status !== 'closed') problems.push(...split.problems);
    refuse(problems);
    if (!split.ok) return undefined as never;
    const s = split.value;
    const entryId = await writeGrainMovement(
      tx,
      ctx,
      open,
      {
        id: p.movementId,
        date: p.date,
        grain: state.loan.grain,
        kind: 'repayment',
        quantityGrams: p.quantityGrams,
        valuePaise: s.principalValuePaise + s.interestValuePaise,
        memberId: state.loan.member_id,
        loanId: p.loanId,
        principalGrams: s.principalGrams,
        interestGrams: s.interestGrams,
      },
      planGrainPosting({ kind: 'repayment', split: s, memberId: state.loan.member_id }),
      `Grain bank: ${state.loan.grain} returned on a loan in kind`,
    );
    const after = grainLoanPosition(state.terms, { principalGrams: state.repaid.principalGrams + s.principalGrams, interestGrams: state.repaid.interestGrams + s.interestGrams });
    if (after.outstandingGrams === 0) await tx.updateTable('grain_loan').set({ status: 'closed' }).where('id', '=', p.loanId).execute();
    return { movementId: p.movementId, principalGrams: s.principalGrams, interestGrams: s.interestGrams, outstandingGrams: after.outstandingGrams, entryId };
  },
};
