import { z } from 'zod';
import { ErrorCode, isoDate, KhataError, problem, uuid } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';

export const endCadreAssignmentSchema = z.strictObject({
  assignmentId: uuid,
  /** Her last day serving the institution. */
  to: isoDate,
});
type EndCadreAssignment = z.output<typeof endCadreAssignmentSchema>;

/** She stops serving an institution (her last day). */
export const endCadreAssignment: CommandHandler<EndCadreAssignment, { assignmentId: string; to: string }> = {
  type: 'end-cadre-assignment',
  schema: endCadreAssignmentSchema,
  permission: 'write',
  nodeOf: async (tx, p) => {
    const row = await tx.selectFrom('cadre_assignment as a').innerJoin('cadre as c', 'c.id', 'a.cadre_id').select('c.node_id').where('a.id', '=', p.assignmentId).executeTakeFirst();
    if (!row) throw new KhataError(problem(ErrorCode.NotFound, 'assignmentId', 'no such assignment'));
    return row.node_id;
  },
  apply: async (tx, ctx, p) => {
    const a = await tx.selectFrom('cadre_assignment').selectAll().where('id', '=', p.assignmentId).where('organisation_id', '=', ctx.actor.organisationId).forUpdate().executeTakeFirstOrThrow();
    if (a.to_date !== null) throw new KhataError(problem(ErrorCode.Conflict, 'assignmentId', `the assignment already ended on ${a.to_date}`));
    if (p.to < a.from_date) throw new KhataError(problem(ErrorCode.ValidationFailed, 'to', `is before the assignment began (${a.from_date})`));
    await tx.updateTable('cadre_assignment').set({ to_date: p.to }).where('id', '=', p.assignmentId).execute();
    return { assignmentId: p.assignmentId, to: p.to };
  },
};
