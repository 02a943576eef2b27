import { z } from 'zod';
import { isoDate, positivePaise, uuid } from '@khata/core';
import { planPgExpense, PG_EXPENSE_KINDS, type PgExpenseKind } from '@khata/core/producer-group';
import type { CommandHandler } from '../commands/apply-command.ts';
import { refuse } from './federation-books.ts';
import { idFree, nodeOfProducerGroup, openProducerGroup, pgDateProblems, pgMoneyProblems, postPg } from './producer-group-books.ts';

export const recordProducerGroupExpenseSchema = z.strictObject({
  expenseId: uuid,
  groupId: uuid,
  date: isoDate,
  kind: z.enum(Object.keys(PG_EXPENSE_KINDS) as [PgExpenseKind, ...PgExpenseKind[]]),
  amountPaise: positivePaise,
  paidFrom: z.enum(['cash', 'bank']).default('cash'),
  note: z.string().trim().max(300).nullish(),
});
export type RecordProducerGroupExpense = z.output<typeof recordProducerGroupExpenseSchema>;

/** An expense of the group's business (processing, transport, storage, wages…): it comes off the margin. */
export const recordProducerGroupExpense: CommandHandler<RecordProducerGroupExpense, { expenseId: string; entryId: number | null }> = {
  type: 'record-producer-group-expense',
  schema: recordProducerGroupExpenseSchema,
  permission: 'write',
  nodeOf: (tx, p) => nodeOfProducerGroup(tx, p.groupId),
  apply: async (tx, ctx, p) => {
    await idFree(tx, 'producer_expense', p.expenseId, 'expenseId');
    const group = await openProducerGroup(tx, ctx, p.groupId);
    refuse([...pgDateProblems(group, p.date), ...(await pgMoneyProblems(tx, group, p.paidFrom, p.amountPaise, 'amountPaise'))]);
    const entryId = (await postPg(tx, ctx, group, p.date, planPgExpense({ kind: p.kind, amountPaise: p.amountPaise, paidFrom: p.paidFrom }), `Expense: ${p.kind}`, 'record-producer-group-expense'))!;
    await tx
      .insertInto('producer_expense')
      .values({ id: p.expenseId, organisation_id: group.organisationId, group_id: group.nodeId, date: p.date, kind: p.kind, amount_paise: p.amountPaise, paid_from: p.paidFrom, note: p.note ?? null, entry_id: entryId, command_id: ctx.commandId })
      .execute();
    return { expenseId: p.expenseId, entryId };
  },
};
