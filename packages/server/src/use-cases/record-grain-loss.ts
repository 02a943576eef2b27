import { z } from 'zod';
import { isoDate, uuid, type Problem } from '@khata/core';
import { GRAIN_LOSS_REASONS, grainKindSchema, gramsSchema, planGrainPosting } from '@khata/core/grain-bank';
import { takeOut } from '@khata/core/stock';
import type { CommandHandler } from '../commands/apply-command.ts';
import { refuse } from './federation-books.ts';
import { grainDateProblems, grainPositions, kindProblems, movementIdFree, nodeOfGrainBank, openGrainBank, positionOf, writeGrainMovement } from './grain-bank-books.ts';

export const recordGrainLossSchema = z.strictObject({
  movementId: uuid,
  grainBankId: uuid,
  date: isoDate,
  grain: grainKindSchema,
  quantityGrams: gramsSchema,
  /** Why it was lost: spoilage, rats, pests, moisture, theft, other. */
  reason: z.enum(GRAIN_LOSS_REASONS),
  note: z.string().trim().max(300).nullish(),
});
export type RecordGrainLoss = z.output<typeof recordGrainLossSchema>;

/** Grain lost from the store (spoiled, eaten by rats…), with the reason; in a valued bank its average cost is an expense. */
export const recordGrainLoss: CommandHandler<RecordGrainLoss, { movementId: string; costPaise: number; entryId: number | null }> = {
  type: 'record-grain-loss',
  schema: recordGrainLossSchema,
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
    const costPaise = out.value.costPaise;
    const entryId = await writeGrainMovement(
      tx,
      ctx,
      open,
      { id: p.movementId, date: p.date, grain: p.grain, kind: 'loss', quantityGrams: p.quantityGrams, valuePaise: costPaise, reason: p.reason, note: p.note ?? null },
      planGrainPosting({ kind: 'loss', costPaise }),
      `Grain bank: ${p.grain} lost (${p.reason})`,
    );
    return { movementId: p.movementId, costPaise, entryId };
  },
};
