import { z } from 'zod';
import { ErrorCode, KhataError, problem, uuid } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';
import { withRules } from '../queries/shg-records.ts';

export const signOffGradingSchema = z.strictObject({
  gradingId: uuid,
  note: z.string().trim().max(500).optional(),
});
type SignOffGrading = z.output<typeof signOffGradingSchema>;

/** The checker's sign-off of a grading round: someone other than the grader (permission approve), once. */
export const signOffGrading: CommandHandler<SignOffGrading, { gradingId: string; signedOffBy: string; signedOffAt: string }> = {
  type: 'sign-off-grading',
  schema: signOffGradingSchema,
  permission: 'approve',
  nodeOf: async (tx, p) => {
    const g = await withRules(tx).selectFrom('grading').select('shg_id').where('id', '=', p.gradingId).executeTakeFirst();
    if (!g) throw new KhataError(problem(ErrorCode.NotFound, 'gradingId', 'no such grading'));
    return g.shg_id;
  },
  apply: async (tx, ctx, p) => {
    const r = withRules(tx);
    const g = await r.selectFrom('grading').select(['graded_by', 'signed_off_by']).where('id', '=', p.gradingId).forUpdate().executeTakeFirstOrThrow();
    if (g.graded_by === ctx.actor.userId) {
      throw new KhataError(problem(ErrorCode.SelfApproval, 'gradingId', 'a grading is signed off by someone other than the grader'));
    }
    if (g.signed_off_by) throw new KhataError(problem(ErrorCode.Conflict, 'gradingId', 'this grading is already signed off'));
    const at = new Date();
    await r
      .updateTable('grading')
      .set({ signed_off_by: ctx.actor.userId, signed_off_at: at, sign_off_note: p.note ?? null })
      .where('id', '=', p.gradingId)
      .execute();
    return { gradingId: p.gradingId, signedOffBy: ctx.actor.userId, signedOffAt: at.toISOString() };
  },
};
