import { z } from 'zod';
import { isoDate, nonEmpty, uuid } from '@khata/core';
import { FEDERATION_LEVELS } from '@khata/core/federation';
import type { CommandHandler } from '../commands/apply-command.ts';
import { insertNode } from './tree.ts';
import { fed } from './federation-books.ts';

export const createFederationSchema = z.strictObject({
  id: uuid,
  /** Where it sits: a VO in a village or cluster, a CLF in a cluster or block, a BLF in a block or district. */
  parentId: uuid,
  level: z.enum(FEDERATION_LEVELS),
  name: nonEmpty(),
  code: nonEmpty(40),
  nrlmCode: z.string().regex(/^\d{2,20}$/, 'must be digits').nullish(),
  formedOn: isoDate,
  /** e.g. "society", "cooperative (MACS)", "trust". */
  registeredAs: z.string().trim().max(100).nullish(),
  registrationNumber: z.string().trim().max(100).nullish(),
});
export type CreateFederation = z.output<typeof createFederationSchema>;

/**
 * Forms a federation (VO, CLF or BLF): its node under the right place of the tree and its own books (the chart of
 * accounts from its level's template). Members, committee and money come with later commands.
 */
export const createFederation: CommandHandler<CreateFederation, { federationId: string; entityId: number | null }> = {
  type: 'create-federation',
  schema: createFederationSchema,
  permission: 'write',
  nodeOf: async (_tx, p) => p.parentId,
  apply: async (tx, ctx, p) => {
    const organisationId = ctx.actor.organisationId;
    const { currency } = await tx.selectFrom('organisation').select('currency').where('id', '=', organisationId).executeTakeFirstOrThrow();
    const { entityId } = await insertNode(tx, { id: p.id, organisationId, parentId: p.parentId, kind: p.level, name: p.name, code: p.code, nrlmCode: p.nrlmCode ?? null }, currency);
    await fed(tx)
      .insertInto('federation')
      .values({
        node_id: p.id,
        organisation_id: organisationId,
        level: p.level,
        formed_on: p.formedOn,
        registered_as: p.registeredAs ?? null,
        registration_number: p.registrationNumber ?? null,
      })
      .execute();
    return { federationId: p.id, entityId };
  },
};
