import { z } from 'zod';
import { isoDate, paiseAmount, uuid, type Problem } from '@khata/core';
import { grainAmount, grainKindSchema, gramsSchema, planGrainPosting } from '@khata/core/grain-bank';
import { takeOut } from '@khata/core/stock';
import type { CommandHandler } from '../commands/apply-command.ts';
import { refuse } from './federation-books.ts';
import { grainDateProblems, grainPositions, kindProblems, movementIdFree, nodeOfGrainBank, openGrainBank, positionOf, writeGrainMovement } from './grain-bank-books.ts';

export const sellGrainSchema = z.strictObject({
  movementId: uuid,
  grainBankId: uuid,
  date: isoDate,
  grain: grainKindSchema,
  quantityGrams: gramsSchema,
  pricePerKgPaise: paiseAmount,
  receivedInto: z.enum(['cash', 'bank']).default('cash'),
  /** Who bought it (a trader, the PDS shop…): no personal data please. */
  buyer: z.string().trim().max(100).nullish(),
});
export type SellGrain = z.output<typeof sellGrainSchema>;

/**
 * Grain sold from the store (old stock before it spoils, surplus after harvest): never more than it holds. In a
 * valued bank the money comes in as sales and the grain's average cost goes out as the cost of grain sold.
 */
export const sellGrain: CommandHandler<SellGrain, { movementId: string; amountPaise: number; costPaise: number; entryId: number | null }> = {
  type: 'sell-grain',
  schema: sellGrainSchema,
  permission: 'write',
  nodeOf: (tx, p) => nodeOfGrainBank(tx, p.grainBankId),
  apply: async (tx, ctx, p) => {
    await movementIdFree(tx, p.movementId, 'movementId');
    const open = await openGrainBank(tx, ctx, p.grainBankId);
    const problems: Problem[] = [...kindProblems(open.bank, p.grain), ...(await grainDateProblems(tx, open, p.date))];
    const out = takeOut(positionOf(await grainPositions(tx, open.bank.id), p.grain), p.quantityGrams, 'quantityGrams');
    if (!out.ok) problems.push(...out.problems);
    refuse(problems);
    if (!out.ok) return undefined as never;
    const amountPaise = grainAmount(p.quantityGrams, p.pricePerKgPaise);
    const costPaise = out.value.costPaise;
    const entryId = await writeGrainMovement(
      tx,
      ctx,
      open,
      { id: p.movementId, date: p.date, grain: p.grain, kind: 'sale', quantityGrams: p.quantityGrams, valuePaise: costPaise, pricePerKgPaise: p.pricePerKgPaise, amountPaise, note: p.buyer ?? null },
      planGrainPosting({ kind: 'sale', amountPaise, costPaise, receivedInto: p.receivedInto }),
      `Grain bank: ${p.grain} sold`,
    );
    return { movementId: p.movementId, amountPaise, costPaise, entryId };
  },
};
