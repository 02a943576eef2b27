import { z } from 'zod';
import { ErrorCode, isoDate, KhataError, problem, uuid } from '@khata/core';
import { completionOf, eventDays } from '@khata/core/training';
import type { CommandHandler } from '../commands/apply-command.ts';
import { todayIn } from '../business-date.ts';
import { withRules } from '../queries/shg-records.ts';
import { eventNode, loadEvent, refuseIfCompleted } from './training-support.ts';

export const completeTrainingEventSchema = z.strictObject({
  eventId: uuid,
  /** The day it was completed: its last day by default; not before it, not in the future. */
  completedOn: isoDate.nullish(),
});
type CompleteTrainingEvent = z.output<typeof completeTrainingEventSchema>;

export interface CompleteTrainingEventResult {
  eventId: string;
  completedOn: string;
  participants: number;
  /** Participants who attended the module's required days. */
  completed: number;
  /** Completions written where readiness reads "trained" (training_record: her SHG, or the institution she attended for). */
  trainingRecords: number;
}

/**
 * Closes an event. For an event on a module, each participant who attended at least the module's required days
 * has completed it: a member (or a cadre who is a member) gets a training completion for her SHG, and one attending
 * for an institution (a VO) gets it for that institution — the same training_record rows `record-training` writes
 * and the formation triggers read. Attendance and participants are final from then on.
 */
export const completeTrainingEvent: CommandHandler<CompleteTrainingEvent, CompleteTrainingEventResult> = {
  type: 'complete-training-event',
  schema: completeTrainingEventSchema,
  permission: 'write',
  nodeOf: async (tx, p) => eventNode(tx, p.eventId),
  apply: async (tx, ctx, p) => {
    const event = await loadEvent(tx, ctx.actor.organisationId, p.eventId);
    refuseIfCompleted(event);
    const completedOn = p.completedOn ?? event.end_date;
    if (completedOn < event.end_date) throw new KhataError(problem(ErrorCode.ValidationFailed, 'completedOn', `is before the event's last day (${event.end_date})`));
    if (completedOn > todayIn()) throw new KhataError(problem(ErrorCode.ValidationFailed, 'completedOn', 'cannot be in the future: complete the event after its last day'));
    const module = event.module_id ? await tx.selectFrom('training_module').select(['code', 'required_days']).where('id', '=', event.module_id).executeTakeFirstOrThrow() : null;
    const days = eventDays(event.start_date, event.end_date);
    const participants = await tx.selectFrom('training_participant').selectAll().where('event_id', '=', p.eventId).execute();
    const attendance = await tx.selectFrom('training_attendance').select(['participant_id', 'day']).where('event_id', '=', p.eventId).execute();
    const memberIds = participants.map((x) => x.member_id).filter((x): x is string => x !== null);
    const members = memberIds.length ? await tx.selectFrom('member').select(['id', 'shg_id']).where('id', 'in', memberIds).execute() : [];
    const shgOf = new Map(members.map((m) => [m.id, m.shg_id]));
    let completed = 0;
    let records = 0;
    for (const x of participants) {
      const attended = attendance.filter((a) => a.participant_id === x.id).map((a) => a.day);
      const c = completionOf(module?.required_days ?? 1, days, attended);
      let recordId: string | null = null;
      if (module && c.completed) {
        completed += 1;
        const nodeId = x.institution_id ?? (x.member_id ? (shgOf.get(x.member_id) ?? null) : null);
        if (nodeId) {
          // The participant's id is the completion's id: one completion per participant, traceable both ways.
          recordId = x.id;
          await withRules(tx)
            .insertInto('training_record')
            .values({
              id: recordId,
              organisation_id: ctx.actor.organisationId,
              node_id: nodeId,
              member_id: x.member_id && shgOf.get(x.member_id) === nodeId ? x.member_id : null,
              module: module.code,
              completed_on: completedOn,
              recorded_by: ctx.actor.userId,
              command_id: ctx.commandId,
            })
            .execute();
          records += 1;
        }
      }
      await tx
        .updateTable('training_participant')
        .set({ attended_days: c.attendedDays, completed: module ? c.completed : null, training_record_id: recordId })
        .where('id', '=', x.id)
        .execute();
    }
    await tx.updateTable('training_event').set({ status: 'completed', completed_on: completedOn }).where('id', '=', p.eventId).execute();
    return { eventId: p.eventId, completedOn, participants: participants.length, completed, trainingRecords: records };
  },
};
