import { z } from 'zod';
import { ErrorCode, KhataError, isoDate, problem, uuid } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';
import { withRules } from '../queries/shg-records.ts';
import { todayIn } from '../business-date.ts';

export const recordTrainingSchema = z.strictObject({
  id: uuid,
  /** The institution trained (an SHG, a VO), or the SHG of the member trained. */
  nodeId: uuid,
  memberId: uuid.nullish(),
  /** A module code, such as `vo-concepts` or `clf-concepts` (the codes the rule set's training rules name). */
  module: z.string().trim().regex(/^[a-z0-9-]{1,60}$/, 'must be a module code such as "vo-concepts"'),
  completedOn: isoDate,
});
type RecordTraining = z.output<typeof recordTrainingSchema>;

/**
 * A training module completed by an SHG or VO as a whole, or by one member of an SHG. Minimal on purpose: enough
 * for the formation triggers' "trained on VO / CLF concepts"; the training register (events, trainers) comes later.
 */
export const recordTraining: CommandHandler<RecordTraining, { trainingId: string }> = {
  type: 'record-training',
  schema: recordTrainingSchema,
  permission: 'write',
  nodeOf: async (_tx, p) => p.nodeId,
  apply: async (tx, ctx, p) => {
    const node = await tx.selectFrom('node').select(['kind']).where('id', '=', p.nodeId).executeTakeFirstOrThrow();
    if (!['shg', 'vo', 'clf', 'blf', 'producer_group'].includes(node.kind)) {
      throw new KhataError(problem(ErrorCode.ValidationFailed, 'nodeId', 'training is recorded for an institution (an SHG, a VO, a CLF) or a member of an SHG'));
    }
    if (p.memberId) {
      const member = await tx.selectFrom('member').select(['shg_id']).where('id', '=', p.memberId).executeTakeFirst();
      if (!member || member.shg_id !== p.nodeId) throw new KhataError(problem(ErrorCode.NotFound, 'memberId', 'no such member in this group'));
    }
    if (p.completedOn > todayIn()) throw new KhataError(problem(ErrorCode.ValidationFailed, 'completedOn', 'cannot be in the future'));
    await withRules(tx)
      .insertInto('training_record')
      .values({
        id: p.id,
        organisation_id: ctx.actor.organisationId,
        node_id: p.nodeId,
        member_id: p.memberId ?? null,
        module: p.module,
        completed_on: p.completedOn,
        recorded_by: ctx.actor.userId,
        command_id: ctx.commandId,
      })
      .execute();
    return { trainingId: p.id };
  },
};
