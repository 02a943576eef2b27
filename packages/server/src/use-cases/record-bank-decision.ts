import { z } from 'zod';
import { ErrorCode, isoDate, KhataError, positivePaise, problem, uuid, type Problem } from '@khata/core';
import { sanctionProblems } from '@khata/core/bank-linkage';
import type { CommandHandler } from '../commands/apply-command.ts';
import { todayIn } from '../business-date.ts';
import { annualRate } from './receive-external-loan.ts';
import { lockApplication } from './bank-linkage-books.ts';
import { refuse } from './shg-books.ts';

const common = { applicationId: uuid, date: isoDate };

export const recordBankDecisionSchema = z.discriminatedUnion('decision', [
  z.strictObject({
    ...common,
    decision: z.literal('sanctioned'),
    /** The amount sanctioned (for a cash credit: the limit). */
    sanctionedPaise: positivePaise,
    annualRatePercent: annualRate,
    /** Term in months (a cash credit's validity, a term loan's repayment period). */
    termMonths: z.number().int('must be whole months').min(1, 'must be at least 1 month').max(240, 'must be at most 240 months'),
    /** Needed to record a sanction above the dose limit: why staff accept it (e.g. the bank assessed the Micro Credit Plan). */
    overrideReason: z.string().trim().max(500).optional(),
  }),
  z.strictObject({
    ...common,
    decision: z.literal('rejected'),
    reason: z.string().trim().min(1, 'is required: say why the bank rejected it').max(500),
  }),
]);
type RecordBankDecision = z.output<typeof recordBankDecisionSchema>;

/**
 * The bank's answer to a submitted application: sanctioned (amount, rate, term) or rejected (with its reason).
 * A sanction above the application's dose limit is refused (CREDIT_LIMIT_EXCEEDED on sanctionedPaise) unless an
 * overrideReason says why staff record it anyway; the reason is kept with the decision.
 */
export const recordBankDecision: CommandHandler<RecordBankDecision, { applicationId: string; status: string; overLimit: boolean }> = {
  type: 'record-bank-decision',
  schema: recordBankDecisionSchema,
  permission: 'write',
  nodeOf: async (tx, p) => {
    const a = await tx.selectFrom('bank_loan_application').select('shg_id').where('id', '=', p.applicationId).executeTakeFirst();
    if (!a) throw new KhataError(problem(ErrorCode.NotFound, 'applicationId', 'no such loan application'));
    return a.shg_id;
  },
  apply: async (tx, ctx, p) => {
    const a = await lockApplication(tx, p.applicationId);
    if (a.status !== 'submitted') throw new KhataError(problem(ErrorCode.Conflict, 'applicationId', `the bank’s decision is already recorded: ${a.status}`, { status: a.status }));
    const problems: Problem[] = [];
    if (p.date < a.submitted_on) problems.push(problem(ErrorCode.ValidationFailed, 'date', 'is before the application was submitted', { submittedOn: a.submitted_on }));
    if (p.date > todayIn()) problems.push(problem(ErrorCode.ValidationFailed, 'date', 'cannot be in the future'));
    let overLimit = false;
    if (p.decision === 'sanctioned') {
      problems.push(...sanctionProblems(a.dose_limit_paise, p.sanctionedPaise, p.overrideReason));
      overLimit = p.sanctionedPaise > a.dose_limit_paise;
    }
    refuse(problems);
    const decided = { decided_on: p.date, decided_by: ctx.actor.userId, decision_command_id: ctx.commandId };
    if (p.decision === 'sanctioned') {
      await tx
        .updateTable('bank_loan_application')
        .set({
          ...decided,
          status: 'sanctioned',
          sanctioned_paise: p.sanctionedPaise,
          sanctioned_rate_percent: p.annualRatePercent,
          sanctioned_term_months: p.termMonths,
          override_reason: overLimit ? p.overrideReason! : null,
        })
        .where('id', '=', a.id)
        .execute();
    } else {
      await tx.updateTable('bank_loan_application').set({ ...decided, status: 'rejected', rejection_reason: p.reason }).where('id', '=', a.id).execute();
    }
    return { applicationId: a.id, status: p.decision, overLimit };
  },
};
