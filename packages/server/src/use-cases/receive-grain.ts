import { z } from 'zod';
import { ErrorCode, isoDate, paiseAmount, problem, uuid, type Problem } from '@khata/core';
import { grainAmount, GRAIN_RECEIPT_SOURCES, grainKindSchema, gramsSchema, planGrainPosting } from '@khata/core/grain-bank';
import type { CommandHandler } from '../commands/apply-command.ts';
import { moneyProblems, refuse } from './federation-books.ts';
import { grainDateProblems, kindProblems, memberProblems, movementIdFree, nodeOfGrainBank, openGrainBank, writeGrainMovement } from './grain-bank-books.ts';

export const receiveGrainSchema = z.strictObject({
  movementId: uuid,
  grainBankId: uuid,
  date: isoDate,
  grain: grainKindSchema,
  quantityGrams: gramsSchema,
  /** contribution (by a member), purchase (paid for), donation, other. */
  source: z.enum(GRAIN_RECEIPT_SOURCES),
  /** The member who contributed it (a contribution). */
  memberId: uuid.nullish(),
  /** Price per kilogram: what a purchase cost, or what the group values a contribution or donation at. Needed in a valued bank. */
  pricePerKgPaise: paiseAmount.nullish(),
  /** Where a purchase was paid from (a valued bank's books). */
  paidFrom: z.enum(['cash', 'bank']).default('cash'),
  note: z.string().trim().max(300).nullish(),
});
export type ReceiveGrain = z.output<typeof receiveGrainSchema>;

/**
 * Grain coming into the bank: a member's contribution, a purchase, a donation. In a valued bank it enters the stock
 * at the price stated (a purchase is paid from cash or bank, which must hold the money; a contribution adds to
 * the group's own funds); in a bank kept in quantity only, the price is noted and nothing is posted.
 */
export const receiveGrain: CommandHandler<ReceiveGrain, { movementId: string; entryId: number | null; valuePaise: number }> = {
  type: 'receive-grain',
  schema: receiveGrainSchema,
  permission: 'write',
  nodeOf: (tx, p) => nodeOfGrainBank(tx, p.grainBankId),
  apply: async (tx, ctx, p) => {
    await movementIdFree(tx, p.movementId, 'movementId');
    const open = await openGrainBank(tx, ctx, p.grainBankId);
    const problems: Problem[] = [...kindProblems(open.bank, p.grain), ...(await grainDateProblems(tx, open, p.date))];
    if (p.source === 'contribution' && !p.memberId) problems.push(problem(ErrorCode.ValidationFailed, 'memberId', 'name the member who contributed'));
    if (p.memberId) problems.push(...(await memberProblems(tx, open, p.memberId, p.date)));
    const price = p.pricePerKgPaise ?? null;
    if (open.bank.valued && price === null) problems.push(problem(ErrorCode.ValidationFailed, 'pricePerKgPaise', 'this grain bank is kept in money: state the price per kilogram'));
    const amount = price === null ? null : grainAmount(p.quantityGrams, price);
    if (open.bank.valued && p.source === 'purchase' && amount) problems.push(...(await moneyProblems(tx, open.institution, p.paidFrom, amount, 'pricePerKgPaise')));
    refuse(problems);
    const value = open.bank.valued ? (amount ?? 0) : 0;
    const entryId = await writeGrainMovement(
      tx,
      ctx,
      open,
      {
        id: p.movementId,
        date: p.date,
        grain: p.grain,
        kind: 'receipt',
        quantityGrams: p.quantityGrams,
        valuePaise: value,
        source: p.source,
        note: p.note ?? null,
        pricePerKgPaise: price,
        amountPaise: p.source === 'purchase' ? amount : null,
        memberId: p.memberId ?? null,
      },
      planGrainPosting({ kind: 'receipt', source: p.source, valuePaise: value, paidFrom: p.paidFrom, memberId: p.memberId ?? null }),
      `Grain bank: ${p.grain} received (${p.source})`,
    );
    return { movementId: p.movementId, entryId, valuePaise: value };
  },
};
