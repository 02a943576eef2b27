import { z } from 'zod';
import { ErrorCode, isoDate, KhataError, problem, uuid, type Problem } from '@khata/core';
import { eventDays } from '@khata/core/training';
import type { CommandHandler } from '../commands/apply-command.ts';
import { todayIn } from '../business-date.ts';
import { eventNode, loadEvent, refuseIfCompleted } from './training-support.ts';

export const recordTrainingAttendanceSchema = z.strictObject({
  eventId: uuid,
  /** One day of the event. */
  day: isoDate,
  /** The participants present that day (everyone else was absent). */
  present: z.array(uuid).max(500),
});
type RecordTrainingAttendance = z.output<typeof recordTrainingAttendanceSchema>;

/** Who was present on one day of an event. Recording a day again replaces that day's list (until completion). */
export const recordTrainingAttendance: CommandHandler<RecordTrainingAttendance, { eventId: string; day: string; present: number }> = {
  type: 'record-training-attendance',
  schema: recordTrainingAttendanceSchema,
  permission: 'write',
  nodeOf: async (tx, p) => eventNode(tx, p.eventId),
  apply: async (tx, ctx, p) => {
    const event = await loadEvent(tx, ctx.actor.organisationId, p.eventId);
    refuseIfCompleted(event);
    const problems: Problem[] = [];
    if (!eventDays(event.start_date, event.end_date).includes(p.day)) problems.push(problem(ErrorCode.ValidationFailed, 'day', `is not a day of the event (${event.start_date} to ${event.end_date})`));
    else if (p.day > todayIn()) problems.push(problem(ErrorCode.ValidationFailed, 'day', 'cannot be in the future'));
    const participants = new Set((await tx.selectFrom('training_participant').select('id').where('event_id', '=', p.eventId).execute()).map((r) => r.id));
    const seen = new Set<string>();
    p.present.forEach((id, i) => {
      if (!participants.has(id)) problems.push(problem(ErrorCode.NotFound, `present.${i}`, 'is not a participant of this event'));
      else if (seen.has(id)) problems.push(problem(ErrorCode.ValidationFailed, `present.${i}`, 'appears twice'));
      seen.add(id);
    });
    if (problems.length) throw new KhataError(...problems);
    await tx.deleteFrom('training_attendance').where('event_id', '=', p.eventId).where('day', '=', p.day).execute();
    if (seen.size) {
      await tx
        .insertInto('training_attendance')
        .values([...seen].map((participant_id) => ({ participant_id, day: p.day, organisation_id: ctx.actor.organisationId, event_id: p.eventId })))
        .execute();
    }
    return { eventId: p.eventId, day: p.day, present: seen.size };
  },
};
