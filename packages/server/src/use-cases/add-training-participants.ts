import { z } from 'zod';
import { uuid } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';
import { eventNode, insertParticipants, loadEvent, participantsSchema, refuseIfCompleted, resolveParticipants } from './training-support.ts';

export const addTrainingParticipantsSchema = z.strictObject({
  eventId: uuid,
  participants: participantsSchema.min(1, 'add at least one participant'),
});
type AddTrainingParticipants = z.output<typeof addTrainingParticipantsSchema>;

/** More participants for an event that is not completed yet (nobody twice). */
export const addTrainingParticipants: CommandHandler<AddTrainingParticipants, { eventId: string; added: number }> = {
  type: 'add-training-participants',
  schema: addTrainingParticipantsSchema,
  permission: 'write',
  nodeOf: async (tx, p) => eventNode(tx, p.eventId),
  apply: async (tx, ctx, p) => {
    const event = await loadEvent(tx, ctx.actor.organisationId, p.eventId);
    refuseIfCompleted(event);
    const existing = await tx.selectFrom('training_participant').select(['member_id', 'cadre_id', 'user_id']).where('event_id', '=', p.eventId).execute();
    const rows = await resolveParticipants(tx, ctx.actor, p.participants, 'participants', existing);
    await insertParticipants(tx, ctx.actor.organisationId, p.eventId, rows, ctx.commandId);
    return { eventId: p.eventId, added: rows.length };
  },
};
