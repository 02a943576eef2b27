import { z } from 'zod';
import { ErrorCode, KhataError, isoDate, problem, uuid } from '@khata/core';
import { ruleSetInForce } from '@khata/core/rules';
import { GRADING_STAGES, gradeShg as computeGrading, type ShgGrading } from '@khata/core/grading';
import type { CommandHandler } from '../commands/apply-command.ts';
import type { Database } from '../db/pool.ts';
import type { Tx } from '../ledger/post-entry.ts';
import { loadRuleSets, loadShgRecords, withRules } from '../queries/shg-records.ts';
import { todayIn } from '../business-date.ts';

export const gradeShgSchema = z.strictObject({
  id: uuid,
  shgId: uuid,
  /** The records up to this date, under the rule set in force on it. */
  asOf: isoDate,
  stage: z.enum(GRADING_STAGES),
});
type GradeShg = z.output<typeof gradeShgSchema>;

/** The grading of an SHG as of a date, computed from its records under the rule set in force that day. */
export async function computeShgGrading(db: Database | Tx, organisationId: number, shgId: string, asOf: string, stage: GradeShg['stage'] = 'other'): Promise<ShgGrading> {
  const [ruleSets, records] = await Promise.all([loadRuleSets(db, organisationId), loadShgRecords(db, [shgId], asOf, { loans: true })]);
  const shg = records[0];
  if (!shg) throw new KhataError(problem(ErrorCode.NotFound, 'shgId', 'no such SHG (or it is closed)'));
  if (asOf < shg.formedOn) throw new KhataError(problem(ErrorCode.DateBeforeFormation, 'asOf', 'is before the group was formed', { formedOn: shg.formedOn }));
  return computeGrading(shg, asOf, ruleSetInForce(ruleSets, asOf), stage);
}

/**
 * A grading round (before RF, before CIF, or another): computed from the records, never typed in, and stored with
 * its explained indicators and the rule set version that made it. A second person signs it off (sign-off-grading).
 */
export const gradeShg: CommandHandler<GradeShg, { gradingId: string; score: string; grade: string; panchasutraScore: number; ruleSet: { id: string | null; version: number } }> = {
  type: 'grade-shg',
  schema: gradeShgSchema,
  permission: 'write',
  nodeOf: async (_tx, p) => p.shgId,
  apply: async (tx, ctx, p) => {
    if (p.asOf > todayIn()) throw new KhataError(problem(ErrorCode.ValidationFailed, 'asOf', 'cannot be in the future: a grading reads records that exist'));
    const g = await computeShgGrading(tx, ctx.actor.organisationId, p.shgId, p.asOf, p.stage);
    await withRules(tx)
      .insertInto('grading')
      .values({
        id: p.id,
        organisation_id: ctx.actor.organisationId,
        shg_id: p.shgId,
        stage: p.stage,
        as_of: p.asOf,
        score: g.score,
        grade: g.grade,
        panchasutra_score: g.panchasutra.score,
        indicators: JSON.stringify(g),
        rule_set_id: g.ruleSet.id,
        rule_set_version: g.ruleSet.version,
        graded_by: ctx.actor.userId,
        command_id: ctx.commandId,
      })
      .execute();
    return { gradingId: p.id, score: g.score, grade: g.grade, panchasutraScore: g.panchasutra.score, ruleSet: { id: g.ruleSet.id, version: g.ruleSet.version } };
  },
};
