import { z } from 'zod';
import { credit, debit, ErrorCode, isoDate, KhataError, positivePaise, problem, SHG_ACCOUNTS as A, uuid, type Problem } from '@khata/core';
import { subventionForPeriod } from '@khata/core/bank-linkage';
import type { CommandHandler } from '../commands/apply-command.ts';
import { postEntry } from '../ledger/post-entry.ts';
import { loadRuleSets } from '../queries/shg-records.ts';
import { loadBankLoans } from './bank-linkage-books.ts';
import { businessDateProblems, openShgBooks, refuse } from './shg-books.ts';

export const recordSubventionCreditSchema = z.strictObject({
  id: uuid,
  loanId: uuid,
  /** The claim period the bank credited subvention for. */
  periodFrom: isoDate,
  periodTo: isoDate,
  /** The day the money reached the group's bank account. */
  date: isoDate,
  amountPaise: positivePaise,
});
type RecordSubventionCredit = z.output<typeof recordSubventionCreditSchema>;

export interface RecordSubventionCreditResult {
  creditId: string;
  entryId: number;
  /** What the rules give for the period (subvention + a prompt payee's extra), for comparison. */
  computedPaise: number;
  promptPayee: boolean;
}

/**
 * Interest subvention credited by the bank on one of the group's bank loans for a claim period: posted in the
 * group's books (bank Dr, income:interest-subvention Cr, tagged with the loan) and kept with the figure Khata
 * computes for the period. The bank's own figure is what is posted: it may differ from Khata's (its day count or
 * its rests); it may not exceed the interest charged for the period, and one period is credited once.
 */
export const recordSubventionCredit: CommandHandler<RecordSubventionCredit, RecordSubventionCreditResult> = {
  type: 'record-subvention-credit',
  schema: recordSubventionCreditSchema,
  permission: 'write',
  nodeOf: async (tx, p) => {
    const loan = await tx.selectFrom('loan as l').innerJoin('entity as e', 'e.id', 'l.entity_id').select(['e.node_id', 'l.lender', 'l.kind']).where('l.id', '=', p.loanId).executeTakeFirst();
    if (!loan || loan.lender !== 'bank' || !loan.kind.startsWith('external')) throw new KhataError(problem(ErrorCode.UnknownLoan, 'loanId', 'is not a bank loan of a group'));
    return loan.node_id;
  },
  apply: async (tx, ctx, p) => {
    const { node_id } = await tx.selectFrom('loan as l').innerJoin('entity as e', 'e.id', 'l.entity_id').select('e.node_id').where('l.id', '=', p.loanId).executeTakeFirstOrThrow();
    const books = await openShgBooks(tx, node_id, 'loanId');
    const problems: Problem[] = businessDateProblems(books, p.date);
    if (p.periodTo < p.periodFrom) problems.push(problem(ErrorCode.ValidationFailed, 'periodTo', 'must not be before periodFrom'));
    if (p.date < p.periodTo) problems.push(problem(ErrorCode.ValidationFailed, 'date', 'must not be before the end of the period credited', { periodTo: p.periodTo }));
    const [loan] = await loadBankLoans(tx, [node_id], p.date, { loanIds: [p.loanId] });
    if (!loan) throw new KhataError(problem(ErrorCode.UnknownLoan, 'loanId', 'is not a bank loan of the group on that date'));
    if (p.periodTo < loan.disbursedOn) problems.push(problem(ErrorCode.ValidationFailed, 'periodTo', 'is before the loan was disbursed', { disbursedOn: loan.disbursedOn }));
    const overlap = await tx
      .selectFrom('subvention_credit')
      .select(['period_from', 'period_to'])
      .where('loan_id', '=', p.loanId)
      .where('period_from', '<=', p.periodTo)
      .where('period_to', '>=', p.periodFrom)
      .executeTakeFirst();
    if (overlap) {
      problems.push(problem(ErrorCode.Conflict, 'periodFrom', 'subvention for part of this period is already credited', { creditedFrom: overlap.period_from, creditedTo: overlap.period_to }));
    }
    const figures = subventionForPeriod(loan, await loadRuleSets(tx, books.organisationId), p.periodFrom, p.periodTo, p.date);
    if (p.amountPaise > figures.interestChargedPaise) {
      problems.push(
        problem(ErrorCode.ValidationFailed, 'amountPaise', 'is more than the interest charged for the period: subvention never exceeds it', {
          interestChargedPaise: figures.interestChargedPaise,
          computedPaise: figures.claimablePaise,
        }),
      );
    }
    refuse(problems);
    const entryId = await postEntry(tx, {
      organisationId: books.organisationId,
      entityId: books.entityId,
      businessDate: p.date,
      narration: `Interest subvention credited (${p.periodFrom} to ${p.periodTo})`,
      sourceType: 'record-subvention-credit',
      lines: [debit(A.bank, p.amountPaise), credit(A.interestSubvention, p.amountPaise, { loanId: p.loanId })],
      commandId: ctx.commandId,
    });
    await tx
      .insertInto('subvention_credit')
      .values({
        id: p.id,
        organisation_id: books.organisationId,
        loan_id: p.loanId,
        period_from: p.periodFrom,
        period_to: p.periodTo,
        credited_on: p.date,
        amount_paise: p.amountPaise,
        computed_paise: figures.claimablePaise,
        prompt_payee: figures.prompt.prompt,
        entry_id: entryId,
        recorded_by: ctx.actor.userId,
        command_id: ctx.commandId,
      })
      .execute();
    return { creditId: p.id, entryId, computedPaise: figures.claimablePaise, promptPayee: figures.prompt.prompt };
  },
};
