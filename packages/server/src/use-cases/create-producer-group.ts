import { z } from 'zod';
import { ErrorCode, isoDate, KhataError, nonEmpty, problem, uuid } from '@khata/core';
import { unitOfCommodity } from '@khata/core/producer-group';
import { STOCK_UNITS } from '@khata/core/stock';
import type { CommandHandler } from '../commands/apply-command.ts';
import { insertNode } from './tree.ts';
import { itemNameSchema } from './producer-group-books.ts';

export const createProducerGroupSchema = z.strictObject({
  id: uuid,
  /** Where it sits: a village, a cluster or a block. */
  parentId: uuid,
  name: nonEmpty(),
  code: nonEmpty(40),
  /** dairy, agriculture, incense-sticks, jute, makhana, fisheries, banana, honey, or another. */
  commodity: itemNameSchema,
  /** The measure its stock is kept in: g (grams), ml (millilitres) or unit (pieces); the commodity's usual one by default. */
  unit: z.enum(STOCK_UNITS).nullish(),
  formedOn: isoDate,
  /** e.g. "informal", "society", "cooperative". */
  registeredAs: z.string().trim().max(100).nullish(),
  registrationNumber: z.string().trim().max(100).nullish(),
});
export type CreateProducerGroup = z.output<typeof createProducerGroupSchema>;

/**
 * Forms a producer group: a node of the tree under a village, cluster or block, with its own books (the producer
 * group chart) and its commodity. Members, stock and money come with later commands.
 */
export const createProducerGroup: CommandHandler<CreateProducerGroup, { groupId: string; entityId: number | null }> = {
  type: 'create-producer-group',
  schema: createProducerGroupSchema,
  permission: 'write',
  nodeOf: async (_tx, p) => p.parentId,
  apply: async (tx, ctx, p) => {
    const organisationId = ctx.actor.organisationId;
    const { currency } = await tx.selectFrom('organisation').select('currency').where('id', '=', organisationId).executeTakeFirstOrThrow();
    const code = await tx.selectFrom('node').select('id').where('organisation_id', '=', organisationId).where('code', '=', p.code).executeTakeFirst();
    if (code) throw new KhataError(problem(ErrorCode.Conflict, 'code', 'another place or group already has this code'));
    const { entityId } = await insertNode(tx, { id: p.id, organisationId, parentId: p.parentId, kind: 'producer_group', name: p.name, code: p.code }, currency);
    await tx
      .insertInto('producer_group')
      .values({ node_id: p.id, organisation_id: organisationId, commodity: p.commodity, unit: unitOfCommodity(p.commodity, p.unit ?? null), formed_on: p.formedOn, registered_as: p.registeredAs ?? null, registration_number: p.registrationNumber ?? null })
      .execute();
    return { groupId: p.id, entityId };
  },
};
