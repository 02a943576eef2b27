import { z } from 'zod';
import { ErrorCode, isoDate, KhataError, nonEmpty, problem, uuid } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';
import { incl } from '../queries/inclusion-db.ts';
import { rulesInForce } from '../queries/inclusion-rules.ts';
import { PLACE_KINDS } from './import-households.ts';

export const recordDriveSchema = z.strictObject({
  id: uuid,
  /** The place where it is held (a village, a cluster, a block…): members and households at or under it take part. */
  nodeId: uuid,
  name: nonEmpty(),
  heldOn: isoDate,
  /** The indicator set it is about (`immunisation`), one of the sets in force on the day; none for a mixed drive. */
  indicatorSet: z.string().trim().regex(/^[a-z0-9-]{1,60}$/, 'must be a set code such as "immunisation"').nullish(),
  venue: z.string().trim().max(200).nullish(),
  notes: z.string().trim().max(2000).nullish(),
});
export type RecordDrive = z.output<typeof recordDriveSchema>;

/** A drive: a dated event at a place (an immunisation drive, a birth-registration camp); observations follow. */
export const recordDrive: CommandHandler<RecordDrive, { driveId: string }> = {
  type: 'record-drive',
  schema: recordDriveSchema,
  permission: 'write',
  nodeOf: async (_tx, p) => p.nodeId,
  apply: async (tx, ctx, p) => {
    const node = await tx.selectFrom('node').select('kind').where('id', '=', p.nodeId).executeTakeFirstOrThrow();
    if (!(PLACE_KINDS as readonly string[]).includes(node.kind)) {
      throw new KhataError(problem(ErrorCode.ValidationFailed, 'nodeId', 'a drive is held at a place: a village, a cluster, a block or above'));
    }
    if (p.indicatorSet) {
      const rules = await rulesInForce(tx, ctx.actor.organisationId, p.heldOn);
      if (!rules.body.socialAction.indicators.some((i) => i.set === p.indicatorSet)) {
        throw new KhataError(problem(ErrorCode.ValidationFailed, 'indicatorSet', `is not an indicator set of the rules in force on ${p.heldOn} (${rules.label})`));
      }
    }
    await incl(tx)
      .insertInto('social_action_drive')
      .values({
        id: p.id,
        organisation_id: ctx.actor.organisationId,
        node_id: p.nodeId,
        name: p.name,
        held_on: p.heldOn,
        indicator_set: p.indicatorSet ?? null,
        venue: p.venue ?? null,
        notes: p.notes ?? null,
        recorded_by: ctx.actor.userId,
        command_id: ctx.commandId,
      })
      .execute();
    return { driveId: p.id };
  },
};
