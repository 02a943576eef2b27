import { z } from 'zod';
import { ErrorCode, isoDate, paiseAmount, problem, uuid, type Problem } from '@khata/core';
import { planInputIssue } from '@khata/core/producer-group';
import { amountFor, takeOut } from '@khata/core/stock';
import type { CommandHandler } from '../commands/apply-command.ts';
import { refuse } from './federation-books.ts';
import {
  idFree,
  itemNameSchema,
  nodeOfProducerGroup,
  openProducerGroup,
  pgDateProblems,
  pgMemberProblems,
  pgOrderProblems,
  pgPositions,
  positionOfItem,
  postPg,
  quantitySchema,
  writeProduceMovements,
} from './producer-group-books.ts';

export const issueInputsSchema = z.strictObject({
  issueId: uuid,
  groupId: uuid,
  date: isoDate,
  memberId: uuid,
  item: itemNameSchema,
  quantity: quantitySchema,
  /** Price per kg, litre or piece the member pays. */
  pricePaise: paiseAmount,
  /** She pays now in cash, or takes it on credit (recovered later from what the group owes her for her produce). */
  terms: z.enum(['cash', 'credit']).default('credit'),
});
export type IssueInputs = z.output<typeof issueInputsSchema>;

/**
 * Inputs given to a member out of the group's stock (never more than it holds), for cash or on credit. Their average
 * cost leaves the stock; what she pays (or owes) is the group's input sales.
 */
export const issueInputs: CommandHandler<IssueInputs, { issueId: string; amountPaise: number; costPaise: number; entryId: number | null }> = {
  type: 'issue-inputs',
  schema: issueInputsSchema,
  permission: 'write',
  nodeOf: (tx, p) => nodeOfProducerGroup(tx, p.groupId),
  apply: async (tx, ctx, p) => {
    await idFree(tx, 'produce_movement', p.issueId, 'issueId');
    const group = await openProducerGroup(tx, ctx, p.groupId);
    const problems: Problem[] = [...pgDateProblems(group, p.date), ...(await pgOrderProblems(tx, group.nodeId, p.date)), ...(await pgMemberProblems(tx, group.nodeId, p.memberId, p.date))];
    const stock = await pgPositions(tx, group.nodeId);
    const row = stock.find((r) => r.itemKind === 'input' && r.item === p.item);
    if (!row) problems.push(problem(ErrorCode.InsufficientStock, 'item', 'the group holds none of this input', { availableQuantity: 0 }));
    const out = takeOut(positionOfItem(stock, 'input', p.item), p.quantity, 'quantity');
    if (row && !out.ok) problems.push(...out.problems);
    refuse(problems);
    if (!out.ok || !row) return undefined as never;
    const amountPaise = amountFor(p.quantity, row.unit, p.pricePaise);
    const costPaise = out.value.costPaise;
    const entryId = await postPg(tx, ctx, group, p.date, planInputIssue({ amountPaise, costPaise, terms: p.terms, memberId: p.memberId }), `Inputs to a member: ${p.item}`, 'issue-inputs');
    await writeProduceMovements(tx, ctx, group, [
      { id: p.issueId, date: p.date, item: p.item, itemKind: 'input', unit: row.unit, kind: 'issue', quantity: p.quantity, valuePaise: costPaise, amountPaise, pricePaise: p.pricePaise, terms: p.terms, memberId: p.memberId, entryId },
    ]);
    return { issueId: p.issueId, amountPaise, costPaise, entryId };
  },
};
