import { z } from 'zod';
import { ErrorCode, isoDate, positivePaise, problem, uuid, type Problem } from '@khata/core';
import { planInputPurchase } from '@khata/core/producer-group';
import { STOCK_UNITS } from '@khata/core/stock';
import type { CommandHandler } from '../commands/apply-command.ts';
import { refuse } from './federation-books.ts';
import { idFree, itemNameSchema, nodeOfProducerGroup, openProducerGroup, pgDateProblems, pgMoneyProblems, pgOrderProblems, postPg, quantitySchema, writeProduceMovements } from './producer-group-books.ts';

export const procureInputsSchema = z.strictObject({
  purchaseId: uuid,
  groupId: uuid,
  date: isoDate,
  /** The input's name: seed, urea, cattle-feed, bamboo-sticks… */
  item: itemNameSchema,
  /** Its measure: g, ml or unit (pieces); the same for every purchase of the item. */
  unit: z.enum(STOCK_UNITS),
  quantity: quantitySchema,
  /** What the whole lot cost. */
  amountPaise: positivePaise,
  /** Paid from cash or bank, or bought on credit from the supplier. */
  paidFrom: z.enum(['cash', 'bank', 'credit']).default('cash'),
  supplier: z.string().trim().max(100).nullish(),
});
export type ProcureInputs = z.output<typeof procureInputsSchema>;

/** The group buys inputs for its members together: they enter its stock at what they cost. */
export const procureInputs: CommandHandler<ProcureInputs, { purchaseId: string; entryId: number | null }> = {
  type: 'procure-inputs',
  schema: procureInputsSchema,
  permission: 'write',
  nodeOf: (tx, p) => nodeOfProducerGroup(tx, p.groupId),
  apply: async (tx, ctx, p) => {
    await idFree(tx, 'produce_movement', p.purchaseId, 'purchaseId');
    const group = await openProducerGroup(tx, ctx, p.groupId);
    const problems: Problem[] = [...pgDateProblems(group, p.date), ...(await pgOrderProblems(tx, group.nodeId, p.date))];
    const known = await tx.selectFrom('produce_movement').select('unit').where('group_id', '=', group.nodeId).where('item_kind', '=', 'input').where('item', '=', p.item).executeTakeFirst();
    if (known && known.unit !== p.unit) problems.push(problem(ErrorCode.ValidationFailed, 'unit', 'this input is kept in another measure', { unit: known.unit }));
    if (p.paidFrom !== 'credit') problems.push(...(await pgMoneyProblems(tx, group, p.paidFrom, p.amountPaise, 'amountPaise')));
    refuse(problems);
    const entryId = await postPg(tx, ctx, group, p.date, planInputPurchase({ amountPaise: p.amountPaise, paidFrom: p.paidFrom }), `Inputs bought: ${p.item}`, 'procure-inputs');
    await writeProduceMovements(tx, ctx, group, [
      { id: p.purchaseId, date: p.date, item: p.item, itemKind: 'input', unit: p.unit, kind: 'procurement', quantity: p.quantity, valuePaise: p.amountPaise, amountPaise: p.amountPaise, terms: p.paidFrom, counterparty: p.supplier ?? null, entryId },
    ]);
    return { purchaseId: p.purchaseId, entryId };
  },
};
