import { z } from 'zod';
import { ErrorCode, KhataError, isoDate, problem, uuid } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';
import { entityOfNode } from './tree.ts';

export const closePeriodSchema = z.object({ nodeId: uuid, through: isoDate });

/** Closes an institution's books up to a date: nothing can be posted on or before it again. Never reopened here. */
export const closePeriod: CommandHandler<z.infer<typeof closePeriodSchema>, { lockedThrough: string }> = {
  type: 'close-period',
  schema: closePeriodSchema,
  permission: 'approve',
  nodeOf: async (_tx, p) => p.nodeId,
  apply: async (tx, ctx, p) => {
    const entity = await entityOfNode(tx, p.nodeId);
    const current = await tx.selectFrom('period_lock').select('locked_through').where('entity_id', '=', entity.id).forUpdate().executeTakeFirst();
    if (current && current.locked_through >= p.through) {
      throw new KhataError(problem(ErrorCode.PeriodLocked, 'through', 'the books are already closed through a later date', { lockedThrough: current.locked_through }));
    }
    await tx
      .insertInto('period_lock')
      .values({ entity_id: entity.id, organisation_id: entity.organisation_id, locked_through: p.through, locked_by: ctx.actor.userId })
      .onConflict((oc) => oc.column('entity_id').doUpdateSet({ locked_through: p.through, locked_by: ctx.actor.userId, locked_at: new Date() }))
      .execute();
    return { lockedThrough: p.through };
  },
};
