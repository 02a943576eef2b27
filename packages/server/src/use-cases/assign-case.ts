import { sql } from 'kysely';
import { z } from 'zod';
import { ErrorCode, isoDate, KhataError, problem, uuid } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';
import { caseRunner, isCaseWorker } from '../micro-business/command-kit.ts';

export const assignCaseSchema = z
  .strictObject({
    assignmentId: uuid,
    caseId: uuid,
    /** A case worker of the case's partner. */
    userId: uuid,
    from: isoDate,
    to: isoDate.nullish(),
  })
  .refine((p) => !p.to || p.to >= p.from, { path: ['to'], message: 'cannot be before the start' });
export type AssignCase = z.output<typeof assignCaseSchema>;

/**
 * Gives a case worker access to a case from a date (to a date). Done by the partner's programme managers or the
 * administrators of its node — who assign without reading: assigning opens the case to the worker, not to them.
 */
export const assignCase: CommandHandler<AssignCase, { assignmentId: string }> = {
  type: 'assign-case',
  schema: assignCaseSchema,
  permission: 'administer',
  nodeOf: async () => '',
  authorize: caseRunner,
  apply: async (tx, ctx, p) => {
    const { rows } = await sql<{ partner_id: string; status: string }>`select partner_id, status from mb_case where id = ${p.caseId}`.execute(tx);
    const c = rows[0]!;
    if (c.status === 'closed') throw new KhataError(problem(ErrorCode.Conflict, 'caseId', 'this case is closed'));
    if (!(await isCaseWorker(tx, c.partner_id, p.userId, p.from))) {
      throw new KhataError(problem(ErrorCode.ValidationFailed, 'userId', 'is not a case worker of this programme on the start date'));
    }
    const overlap = await sql<{ id: string }>`
      select id from mb_case_assignment where case_id = ${p.caseId} and user_id = ${p.userId}
         and from_date <= ${p.to ?? '9999-12-31'} and (to_date is null or to_date >= ${p.from})`.execute(tx);
    if (overlap.rows.length) throw new KhataError(problem(ErrorCode.Conflict, 'userId', 'this case worker is already assigned to the case in these dates'));
    await sql`insert into mb_case_assignment (id, organisation_id, case_id, user_id, from_date, to_date, assigned_by)
              values (${p.assignmentId}, ${ctx.actor.organisationId}, ${p.caseId}, ${p.userId}, ${p.from}, ${p.to ?? null}, ${ctx.actor.userId})`.execute(tx);
    return { assignmentId: p.assignmentId };
  },
};
