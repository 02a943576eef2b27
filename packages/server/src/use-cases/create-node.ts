import { z } from 'zod';
import { nonEmpty, uuid } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';
import { insertNode } from './tree.ts';

export const createNodeSchema = z.object({
  id: uuid,
  parentId: uuid,
  kind: z.enum(['state', 'district', 'block', 'cluster', 'village']),
  name: nonEmpty(),
  code: nonEmpty(40),
  nrlmCode: z.string().regex(/^\d{2,16}$/, 'must be digits').nullish(),
  lgdCode: z.string().regex(/^\d{1,10}$/, 'must be digits').nullish(),
});

/** Adds a place in the organisation tree (state, district, block/branch, cluster, village). */
export const createNode: CommandHandler<z.infer<typeof createNodeSchema>, { nodeId: string }> = {
  type: 'create-node',
  schema: createNodeSchema,
  permission: 'administer',
  nodeOf: async (_tx, p) => p.parentId,
  apply: async (tx, ctx, p) => {
    await insertNode(tx, { ...p, organisationId: ctx.actor.organisationId });
    return { nodeId: p.id };
  },
};
