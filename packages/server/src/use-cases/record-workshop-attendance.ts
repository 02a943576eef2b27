import { sql } from 'kysely';
import { z } from 'zod';
import { ErrorCode, isoDate, KhataError, problem, uuid } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';
import { todayIn } from '../business-date.ts';
import { assignedCase, assignedCaseIn, refuse, text } from '../micro-business/command-kit.ts';

export const recordWorkshopAttendanceSchema = z
  .strictObject({
    attendanceId: uuid,
    caseId: uuid,
    /** e.g. "Workshop 1: planning the business" (Kaarya runs three 6-day workshops a year). */
    title: text(160),
    startsOn: isoDate,
    days: z.number().int().min(1, 'must be at least 1').max(60),
    daysAttended: z.number().int().min(0, 'cannot be negative'),
  })
  .refine((p) => p.daysAttended <= p.days, { path: ['daysAttended'], message: 'cannot be more than the workshop’s days' });
export type RecordWorkshopAttendance = z.output<typeof recordWorkshopAttendanceSchema>;

/** A workshop she attended, and for how many of its days. */
export const recordWorkshopAttendance: CommandHandler<RecordWorkshopAttendance, { attendanceId: string }> = {
  type: 'record-workshop-attendance',
  schema: recordWorkshopAttendanceSchema,
  permission: 'write',
  nodeOf: async () => '',
  authorize: assignedCase,
  apply: async (tx, ctx, p) => {
    await assignedCaseIn(tx, ctx.actor, p.caseId);
    // A workshop may come before the case was opened (she joined the programme at it), never in the future.
    if (p.startsOn > todayIn()) refuse([problem(ErrorCode.ValidationFailed, 'startsOn', 'cannot be in the future')]);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from mb_workshop where case_id = ${p.caseId} and title = ${p.title} and starts_on = ${p.startsOn}`.execute(tx);
    if ((rows[0]?.n ?? 0) > 0) throw new KhataError(problem(ErrorCode.Conflict, 'title', 'this workshop is already recorded for the case'));
    await sql`insert into mb_workshop (id, organisation_id, case_id, title, starts_on, days, days_attended)
              values (${p.attendanceId}, ${ctx.actor.organisationId}, ${p.caseId}, ${p.title}, ${p.startsOn}, ${p.days}, ${p.daysAttended})`.execute(tx);
    return { attendanceId: p.attendanceId };
  },
};
