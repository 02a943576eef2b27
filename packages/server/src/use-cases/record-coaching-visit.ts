import { sql } from 'kysely';
import { z } from 'zod';
import { ErrorCode, isoDate, KhataError, problem, uuid } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';
import { assignedCase, assignedCaseIn, caseDateProblems, refuse, text } from '../micro-business/command-kit.ts';
import { sealText } from '../micro-business/need-to-know.ts';

export const recordCoachingVisitSchema = z
  .strictObject({
    visitId: uuid,
    caseId: uuid,
    visitedOn: isoDate,
    /** What was seen and talked about (stored encrypted). */
    notes: text(4000),
    /** What she and the coach will do next (stored encrypted). */
    nextSteps: text(2000),
    nextVisitOn: isoDate.nullish(),
  })
  .refine((p) => !p.nextVisitOn || p.nextVisitOn >= p.visitedOn, { path: ['nextVisitOn'], message: 'cannot be before this visit' });
export type RecordCoachingVisit = z.output<typeof recordCoachingVisitSchema>;

/** A coaching visit by the case worker: notes and next steps, sealed like her identifying fields. */
export const recordCoachingVisit: CommandHandler<RecordCoachingVisit, { visitId: string }> = {
  type: 'record-coaching-visit',
  schema: recordCoachingVisitSchema,
  permission: 'write',
  nodeOf: async () => '',
  authorize: assignedCase,
  apply: async (tx, ctx, p) => {
    const c = await assignedCaseIn(tx, ctx.actor, p.caseId);
    refuse(caseDateProblems(c, p.visitedOn, 'visitedOn'));
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from mb_coaching_visit where id = ${p.visitId}`.execute(tx);
    if ((rows[0]?.n ?? 0) > 0) throw new KhataError(problem(ErrorCode.Conflict, 'visitId', 'this visit is already recorded'));
    await sql`insert into mb_coaching_visit (id, organisation_id, case_id, visited_on, visited_by, notes_sealed, next_steps_sealed, next_visit_on)
              values (${p.visitId}, ${ctx.actor.organisationId}, ${p.caseId}, ${p.visitedOn}, ${ctx.actor.userId}, ${sealText(p.notes)}, ${sealText(p.nextSteps)}, ${p.nextVisitOn ?? null})`.execute(tx);
    return { visitId: p.visitId };
  },
};
