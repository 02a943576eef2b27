import { z } from 'zod';
import { ErrorCode, isoDate, paiseAmount, problem, uuid, type Problem } from '@khata/core';
import { planAggregation } from '@khata/core/producer-group';
import { amountFor } from '@khata/core/stock';
import type { CommandHandler } from '../commands/apply-command.ts';
import { refuse } from './federation-books.ts';
import { uuidFrom } from './grain-bank-books.ts';
import { idFree, nodeOfProducerGroup, openProducerGroup, pgDateProblems, pgMemberProblems, pgOrderProblems, postPg, quantitySchema, writeProduceMovements } from './producer-group-books.ts';

export const aggregateProduceSchema = z.strictObject({
  /** The collection's id; each line's movement id is derived from it. */
  collectionId: uuid,
  groupId: uuid,
  date: isoDate,
  lines: z
    .array(
      z.strictObject({
        memberId: uuid,
        /** In the commodity's measure (grams, millilitres or pieces). */
        quantity: quantitySchema,
        /** Quality grade as the group grades it: A, B, C, FAQ… */
        grade: z.string().trim().min(1).max(20).nullish(),
        /** Price per kg, litre or piece the group pays her. */
        pricePaise: paiseAmount,
      }),
    )
    .min(1, 'record at least one member’s produce')
    .max(500),
});
export type AggregateProduce = z.output<typeof aggregateProduceSchema>;

/**
 * A collection day: members bring their produce, it is weighed and graded and priced. It enters the group's stock at
 * what the group owes for it, and each member is owed her amount (paid later by pay-producer-member).
 */
export const aggregateProduce: CommandHandler<AggregateProduce, { collectionId: string; quantity: number; amountPaise: number; entryId: number | null }> = {
  type: 'aggregate-produce',
  schema: aggregateProduceSchema,
  permission: 'write',
  nodeOf: (tx, p) => nodeOfProducerGroup(tx, p.groupId),
  apply: async (tx, ctx, p) => {
    const group = await openProducerGroup(tx, ctx, p.groupId);
    const problems: Problem[] = [...pgDateProblems(group, p.date), ...(await pgOrderProblems(tx, group.nodeId, p.date))];
    const ids = p.lines.map((_, i) => uuidFrom(p.collectionId, String(i)));
    const used = await tx.selectFrom('produce_movement').select('id').where('collection_id', '=', p.collectionId).executeTakeFirst();
    if (used) problems.push(problem(ErrorCode.Conflict, 'collectionId', 'a collection with this id already exists'));
    for (const [i, l] of p.lines.entries()) problems.push(...(await pgMemberProblems(tx, group.nodeId, l.memberId, p.date, `lines.${i}.memberId`)));
    refuse(problems);
    await Promise.all(ids.map((id, i) => idFree(tx, 'produce_movement', id, `lines.${i}`)));
    const amounts = p.lines.map((l) => amountFor(l.quantity, group.unit, l.pricePaise));
    const entryId = await postPg(tx, ctx, group, p.date, planAggregation(p.lines.map((l, i) => ({ memberId: l.memberId, amountPaise: amounts[i]! }))), `Produce collected from members: ${group.commodity}`, 'aggregate-produce');
    await writeProduceMovements(
      tx,
      ctx,
      group,
      p.lines.map((l, i) => ({
        id: ids[i]!,
        date: p.date,
        item: group.commodity,
        itemKind: 'produce' as const,
        unit: group.unit,
        kind: 'aggregation' as const,
        quantity: l.quantity,
        valuePaise: amounts[i]!,
        amountPaise: amounts[i]!,
        pricePaise: l.pricePaise,
        grade: l.grade ?? null,
        memberId: l.memberId,
        collectionId: p.collectionId,
        entryId,
      })),
    );
    return { collectionId: p.collectionId, quantity: p.lines.reduce((s, l) => s + l.quantity, 0), amountPaise: amounts.reduce((s, a) => s + a, 0), entryId };
  },
};
