import { z } from 'zod';
import { ErrorCode, KhataError, nonEmpty, problem, uuid } from '@khata/core';
import { BUILT_IN_CADRE_TYPES, cadreTypeCodeSchema } from '@khata/core/cadres';
import type { CommandHandler } from '../commands/apply-command.ts';

export const defineCadreTypeSchema = z.strictObject({
  /** The organisation's root node: cadre types are the organisation's. */
  nodeId: uuid,
  code: cadreTypeCodeSchema,
  name: nonEmpty(80),
});
type DefineCadreType = z.output<typeof defineCadreTypeSchema>;

/** A cadre type of the organisation's own ("krishi-sakhi", "pashu-sakhi"…), beside the built-in ones. */
export const defineCadreType: CommandHandler<DefineCadreType, { code: string }> = {
  type: 'define-cadre-type',
  schema: defineCadreTypeSchema,
  permission: 'write',
  nodeOf: async (_tx, p) => p.nodeId,
  apply: async (tx, ctx, p) => {
    const node = await tx.selectFrom('node').select('kind').where('id', '=', p.nodeId).executeTakeFirstOrThrow();
    if (node.kind !== 'organisation') throw new KhataError(problem(ErrorCode.ValidationFailed, 'nodeId', 'cadre types are kept for the whole organisation: give its root node'));
    const exists =
      (BUILT_IN_CADRE_TYPES as readonly string[]).includes(p.code) ||
      (await tx.selectFrom('cadre_type').select('code').where('organisation_id', '=', ctx.actor.organisationId).where('code', '=', p.code).executeTakeFirst());
    if (exists) throw new KhataError(problem(ErrorCode.Conflict, 'code', 'this cadre type exists'));
    await tx.insertInto('cadre_type').values({ organisation_id: ctx.actor.organisationId, code: p.code, name: p.name }).execute();
    return { code: p.code };
  },
};
