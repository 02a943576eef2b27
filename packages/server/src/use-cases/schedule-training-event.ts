import { z } from 'zod';
import { daysBetween, ErrorCode, isoDate, KhataError, nonEmpty, problem, uuid, type Problem } from '@khata/core';
import { MAX_EVENT_DAYS, TRAINING_EVENT_KINDS } from '@khata/core/training';
import type { CommandHandler } from '../commands/apply-command.ts';
import { insertParticipants, participantsSchema, resolveParticipants } from './training-support.ts';

export const scheduleTrainingEventSchema = z.strictObject({
  id: uuid,
  /** Whose event it is and where it is organised: a block, a cluster (cluster conference), a district, a VO… */
  nodeId: uuid,
  kind: z.enum(TRAINING_EVENT_KINDS),
  /** Required for a workshop or a batch (what it teaches); optional for a conference or an exposure visit. */
  moduleId: uuid.nullish(),
  title: nonEmpty(160),
  place: z.string().trim().max(160).nullish(),
  startDate: isoDate,
  endDate: isoDate,
  trainers: z.array(nonEmpty(120)).max(20, 'at most 20 trainers').default([]),
  notes: z.string().trim().max(2000).nullish(),
  participants: participantsSchema.default([]),
});
type ScheduleTrainingEvent = z.output<typeof scheduleTrainingEventSchema>;

/** A workshop, a training batch, a conference or an exposure visit: its days, place, trainers and participants. */
export const scheduleTrainingEvent: CommandHandler<ScheduleTrainingEvent, { eventId: string; participants: number }> = {
  type: 'schedule-training-event',
  schema: scheduleTrainingEventSchema,
  permission: 'write',
  nodeOf: async (_tx, p) => p.nodeId,
  apply: async (tx, ctx, p) => {
    const problems: Problem[] = [];
    if (p.endDate < p.startDate) problems.push(problem(ErrorCode.ValidationFailed, 'endDate', 'is before the first day'));
    else if (daysBetween(p.startDate, p.endDate) >= MAX_EVENT_DAYS) {
      problems.push(problem(ErrorCode.ValidationFailed, 'endDate', `an event lasts at most ${MAX_EVENT_DAYS} days: record a longer course as several events`));
    }
    if ((p.kind === 'workshop' || p.kind === 'batch') && !p.moduleId) problems.push(problem(ErrorCode.ValidationFailed, 'moduleId', 'a workshop or batch teaches a module: choose it'));
    if (p.moduleId) {
      const m = await tx.selectFrom('training_module').select('id').where('id', '=', p.moduleId).where('organisation_id', '=', ctx.actor.organisationId).executeTakeFirst();
      if (!m) problems.push(problem(ErrorCode.NotFound, 'moduleId', 'no such module'));
    }
    if (problems.length) throw new KhataError(...problems);
    const rows = await resolveParticipants(tx, ctx.actor, p.participants, 'participants');
    await tx
      .insertInto('training_event')
      .values({
        id: p.id,
        organisation_id: ctx.actor.organisationId,
        node_id: p.nodeId,
        kind: p.kind,
        module_id: p.moduleId ?? null,
        title: p.title,
        place: p.place ?? null,
        start_date: p.startDate,
        end_date: p.endDate,
        trainers: p.trainers,
        notes: p.notes ?? null,
        completed_on: null,
        command_id: ctx.commandId,
      })
      .execute();
    await insertParticipants(tx, ctx.actor.organisationId, p.id, rows, ctx.commandId);
    return { eventId: p.id, participants: rows.length };
  },
};
