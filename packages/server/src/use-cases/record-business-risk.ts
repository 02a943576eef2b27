import { sql } from 'kysely';
import { z } from 'zod';
import { ErrorCode, isoDate, KhataError, problem, uuid } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';
import { assignedCase, assignedCaseIn, caseDateProblems, refuse, text } from '../micro-business/command-kit.ts';

export const recordBusinessRiskSchema = z.strictObject({
  /** The same id again updates the risk (its mitigation, likelihood, whether it is handled). */
  riskId: uuid,
  caseId: uuid,
  risk: text(300),
  likelihood: z.enum(['low', 'medium', 'high']),
  mitigation: text(500),
  status: z.enum(['open', 'handled']).default('open'),
  recordedOn: isoDate,
});
export type RecordBusinessRisk = z.output<typeof recordBusinessRiskSchema>;

/** A risk to the business (or to her) and how it is reduced; reviewed at coaching visits. */
export const recordBusinessRisk: CommandHandler<RecordBusinessRisk, { riskId: string }> = {
  type: 'record-business-risk',
  schema: recordBusinessRiskSchema,
  permission: 'write',
  nodeOf: async () => '',
  authorize: assignedCase,
  apply: async (tx, ctx, p) => {
    const c = await assignedCaseIn(tx, ctx.actor, p.caseId);
    refuse(caseDateProblems(c, p.recordedOn, 'recordedOn'));
    const { rows } = await sql<{ case_id: string }>`select case_id from mb_risk where id = ${p.riskId}`.execute(tx);
    if (rows[0] && rows[0].case_id !== p.caseId) throw new KhataError(problem(ErrorCode.Conflict, 'riskId', 'this id belongs to another record'));
    await sql`insert into mb_risk (id, organisation_id, case_id, risk, likelihood, mitigation, status, recorded_on)
              values (${p.riskId}, ${ctx.actor.organisationId}, ${p.caseId}, ${p.risk}, ${p.likelihood}, ${p.mitigation}, ${p.status}, ${p.recordedOn})
              on conflict (id) do update set risk = excluded.risk, likelihood = excluded.likelihood, mitigation = excluded.mitigation,
                                             status = excluded.status, recorded_on = excluded.recorded_on`.execute(tx);
    return { riskId: p.riskId };
  },
};
