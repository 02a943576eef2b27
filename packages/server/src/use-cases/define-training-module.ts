import { z } from 'zod';
import { ErrorCode, KhataError, nonEmpty, problem, uuid } from '@khata/core';
import { MAX_EVENT_DAYS, moduleCodeSchema } from '@khata/core/training';
import type { CommandHandler } from '../commands/apply-command.ts';

export const defineTrainingModuleSchema = z.strictObject({
  id: uuid,
  /** The organisation's root node: modules are the organisation's curriculum. */
  nodeId: uuid,
  /** The code the rule sets name: "vo-concepts" is what the VO formation trigger reads as "trained on VO concepts". */
  code: moduleCodeSchema,
  name: nonEmpty(120),
  /** Days a participant must attend to complete the module. */
  requiredDays: z.number().int('must be a whole number of days').min(1, 'must be at least 1').max(MAX_EVENT_DAYS, `must be at most ${MAX_EVENT_DAYS}`),
  description: z.string().trim().max(1000).nullish(),
});
type DefineTrainingModule = z.output<typeof defineTrainingModuleSchema>;

/** A training module of the organisation ("VO concepts", "Bookkeeping"): its code and the days that complete it. */
export const defineTrainingModule: CommandHandler<DefineTrainingModule, { moduleId: string }> = {
  type: 'define-training-module',
  schema: defineTrainingModuleSchema,
  permission: 'write',
  nodeOf: async (_tx, p) => p.nodeId,
  apply: async (tx, ctx, p) => {
    const node = await tx.selectFrom('node').select('kind').where('id', '=', p.nodeId).executeTakeFirstOrThrow();
    if (node.kind !== 'organisation') throw new KhataError(problem(ErrorCode.ValidationFailed, 'nodeId', 'modules are kept for the whole organisation: give its root node'));
    const clash = await tx.selectFrom('training_module').select('id').where('organisation_id', '=', ctx.actor.organisationId).where('code', '=', p.code).executeTakeFirst();
    if (clash) throw new KhataError(problem(ErrorCode.Conflict, 'code', 'a module with this code exists'));
    await tx
      .insertInto('training_module')
      .values({ id: p.id, organisation_id: ctx.actor.organisationId, code: p.code, name: p.name, required_days: p.requiredDays, description: p.description ?? null, command_id: ctx.commandId })
      .execute();
    return { moduleId: p.id };
  },
};
