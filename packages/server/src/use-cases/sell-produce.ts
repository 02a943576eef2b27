import { z } from 'zod';
import { isoDate, paiseAmount, uuid, type Problem } from '@khata/core';
import { planProduceSale } from '@khata/core/producer-group';
import { amountFor, takeOut } from '@khata/core/stock';
import type { CommandHandler } from '../commands/apply-command.ts';
import { refuse } from './federation-books.ts';
import { idFree, nodeOfProducerGroup, openProducerGroup, pgDateProblems, pgOrderProblems, pgPositions, positionOfItem, postPg, quantitySchema, writeProduceMovements } from './producer-group-books.ts';

export const sellProduceSchema = z.strictObject({
  saleId: uuid,
  groupId: uuid,
  date: isoDate,
  /** In the commodity's measure. */
  quantity: quantitySchema,
  /** Price per kg, litre or piece. */
  pricePaise: paiseAmount,
  /** The buyer: a trader, a dairy, a company (a business name). */
  buyer: z.string().trim().min(1, 'is required').max(100),
  receivedInto: z.enum(['cash', 'bank']).default('bank'),
});
export type SellProduce = z.output<typeof sellProduceSchema>;

/**
 * The group sells produce from its stock to a buyer (never more than it holds). The money is its sales; the average
 * cost of the produce sold (what it paid its members for it) leaves the stock.
 */
export const sellProduce: CommandHandler<SellProduce, { saleId: string; amountPaise: number; costPaise: number; entryId: number | null }> = {
  type: 'sell-produce',
  schema: sellProduceSchema,
  permission: 'write',
  nodeOf: (tx, p) => nodeOfProducerGroup(tx, p.groupId),
  apply: async (tx, ctx, p) => {
    await idFree(tx, 'produce_movement', p.saleId, 'saleId');
    const group = await openProducerGroup(tx, ctx, p.groupId);
    const problems: Problem[] = [...pgDateProblems(group, p.date), ...(await pgOrderProblems(tx, group.nodeId, p.date))];
    const out = takeOut(positionOfItem(await pgPositions(tx, group.nodeId), 'produce', group.commodity), p.quantity, 'quantity');
    if (!out.ok) problems.push(...out.problems);
    refuse(problems);
    if (!out.ok) return undefined as never;
    const amountPaise = amountFor(p.quantity, group.unit, p.pricePaise);
    const costPaise = out.value.costPaise;
    const entryId = await postPg(tx, ctx, group, p.date, planProduceSale({ amountPaise, costPaise, receivedInto: p.receivedInto }), `Produce sold: ${group.commodity}`, 'sell-produce');
    await writeProduceMovements(tx, ctx, group, [
      { id: p.saleId, date: p.date, item: group.commodity, itemKind: 'produce', unit: group.unit, kind: 'sale', quantity: p.quantity, valuePaise: costPaise, amountPaise, pricePaise: p.pricePaise, terms: p.receivedInto, counterparty: p.buyer, entryId },
    ]);
    return { saleId: p.saleId, amountPaise, costPaise, entryId };
  },
};
