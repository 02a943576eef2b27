import { sql } from 'kysely';
import { z } from 'zod';
import { ErrorCode, isoDate, KhataError, problem, uuid } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';
import { caseRunner } from '../micro-business/command-kit.ts';

export const endCaseAssignmentSchema = z.strictObject({ caseId: uuid, assignmentId: uuid, to: isoDate });
export type EndCaseAssignment = z.output<typeof endCaseAssignmentSchema>;

/** Ends a case worker's access to a case on a date (the last day she may read it). */
export const endCaseAssignment: CommandHandler<EndCaseAssignment, { assignmentId: string }> = {
  type: 'end-case-assignment',
  schema: endCaseAssignmentSchema,
  permission: 'administer',
  nodeOf: async () => '',
  authorize: caseRunner,
  apply: async (tx, _ctx, p) => {
    const { rows } = await sql<{ from_date: string; to_date: string | null }>`
      select from_date, to_date from mb_case_assignment where id = ${p.assignmentId} and case_id = ${p.caseId} for update`.execute(tx);
    const a = rows[0];
    if (!a) throw new KhataError(problem(ErrorCode.NotFound, 'assignmentId', 'no such assignment on this case'));
    if (p.to < a.from_date) throw new KhataError(problem(ErrorCode.ValidationFailed, 'to', 'cannot be before the assignment began'));
    if (a.to_date !== null && a.to_date <= p.to) throw new KhataError(problem(ErrorCode.Conflict, 'to', 'this assignment has already ended'));
    await sql`update mb_case_assignment set to_date = ${p.to} where id = ${p.assignmentId}`.execute(tx);
    return { assignmentId: p.assignmentId };
  },
};
