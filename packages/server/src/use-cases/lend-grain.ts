import { z } from 'zod';
import { ErrorCode, isoDate, KhataError, problem, uuid, type Problem } from '@khata/core';
import { grainKindSchema, gramsSchema, interestInKind, interestPercentSchema, planGrainPosting } from '@khata/core/grain-bank';
import { takeOut } from '@khata/core/stock';
import type { CommandHandler } from '../commands/apply-command.ts';
import { refuse } from './federation-books.ts';
import { grainDateProblems, grainPositions, kindProblems, memberProblems, nodeOfGrainBank, openGrainBank, positionOf, writeGrainMovement } from './grain-bank-books.ts';

export const lendGrainSchema = z.strictObject({
  /** The loan's id; also the id of its movement out of the register. */
  loanId: uuid,
  grainBankId: uuid,
  date: isoDate,
  memberId: uuid,
  grain: grainKindSchema,
  quantityGrams: gramsSchema,
  /** Interest in kind for this loan, in percent (25: 1.25 kg back per kg); the bank's usual rate when not given. */
  interestPercent: interestPercentSchema.nullish(),
  dueOn: isoDate.nullish(),
  purpose: z.string().trim().max(200).nullish(),
});
export type LendGrain = z.output<typeof lendGrainSchema>;

export interface LendGrainResult {
  loanId: string;
  principalGrams: number;
  interestGrams: number;
  dueGrams: number;
  costPaise: number;
  entryId: number | null;
}

/**
 * A loan in kind to a member: grain leaves the store (never more than it holds), and she owes it back with the
 * interest in kind agreed. In a valued bank the grain's average cost moves from the stock to loans to members.
 */
export const lendGrain: CommandHandler<LendGrain, LendGrainResult> = {
  type: 'lend-grain',
  schema: lendGrainSchema,
  permission: 'write',
  nodeOf: (tx, p) => nodeOfGrainBank(tx, p.grainBankId),
  apply: async (tx, ctx, p) => {
    const taken = await tx.selectFrom('grain_loan').select('id').where('id', '=', p.loanId).executeTakeFirst();
    if (taken) throw new KhataError(problem(ErrorCode.Conflict, 'loanId', 'a grain loan with this id already exists'));
    const open = await openGrainBank(tx, ctx, p.grainBankId);
    const problems: Problem[] = [...kindProblems(open.bank, p.grain), ...(await grainDateProblems(tx, open, p.date)), ...(await memberProblems(tx, open, p.memberId, p.date))];
    if (p.dueOn && p.dueOn < p.date) problems.push(problem(ErrorCode.ValidationFailed, 'dueOn', 'is before the loan is given'));
    const out = takeOut(positionOf(await grainPositions(tx, open.bank.id), p.grain), p.quantityGrams, 'quantityGrams');
    if (!out.ok) problems.push(...out.problems);
    refuse(problems);
    if (!out.ok) return undefined as never;
    const interestPercent = p.interestPercent ?? open.bank.interest_percent;
    const interestGrams = interestInKind(p.quantityGrams, interestPercent);
    const costPaise = out.value.costPaise;
    await tx
      .insertInto('grain_loan')
      .values({
        id: p.loanId,
        organisation_id: open.bank.organisation_id,
        grain_bank_id: open.bank.id,
        member_id: p.memberId,
        grain: p.grain,
        issued_on: p.date,
        due_on: p.dueOn ?? null,
        principal_grams: p.quantityGrams,
        interest_percent: interestPercent,
        interest_grams: interestGrams,
        cost_paise: costPaise,
        command_id: ctx.commandId,
      })
      .execute();
    const entryId = await writeGrainMovement(
      tx,
      ctx,
      open,
      { id: p.loanId, date: p.date, grain: p.grain, kind: 'loan', quantityGrams: p.quantityGrams, valuePaise: costPaise, memberId: p.memberId, loanId: p.loanId, note: p.purpose ?? null },
      planGrainPosting({ kind: 'loan', costPaise, memberId: p.memberId }),
      `Grain bank: ${p.grain} lent in kind`,
    );
    return { loanId: p.loanId, principalGrams: p.quantityGrams, interestGrams, dueGrams: p.quantityGrams + interestGrams, costPaise, entryId };
  },
};
