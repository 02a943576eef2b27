import { z } from 'zod';
import { ErrorCode, isoDate, KhataError, positivePaise, problem, uuid } from '@khata/core';
import { APPLICATION_PRODUCTS, type Eligibility } from '@khata/core/bank-linkage';
import type { CommandHandler } from '../commands/apply-command.ts';
import { todayIn } from '../business-date.ts';
import { eligibilityOf } from './bank-linkage-books.ts';

export const submitLoanApplicationSchema = z.strictObject({
  id: uuid,
  shgId: uuid,
  bankName: z.string().trim().min(1, 'is required').max(200),
  branchName: z.string().trim().max(200).optional(),
  product: z.enum(APPLICATION_PRODUCTS),
  amountRequestedPaise: positivePaise,
  purpose: z.string().trim().max(500).optional(),
  /** The day the application went to the bank. */
  date: isoDate,
});
type SubmitLoanApplication = z.output<typeof submitLoanApplicationSchema>;

export interface SubmitLoanApplicationResult {
  applicationId: string;
  eligible: boolean;
  dose: number;
  doseLimitPaise: number;
  reasons: Eligibility['reasons'];
  ruleSet: { id: string | null; version: number };
}

/**
 * An SHG's loan application to a bank. Its eligibility is computed from the records on the date, under the rule set
 * in force that day, and stored with every check and the rule set version. An application that is not eligible is
 * still recorded (staff decide whether to send it) and shows why.
 */
export const submitLoanApplication: CommandHandler<SubmitLoanApplication, SubmitLoanApplicationResult> = {
  type: 'submit-loan-application',
  schema: submitLoanApplicationSchema,
  permission: 'write',
  nodeOf: async (_tx, p) => p.shgId,
  apply: async (tx, ctx, p) => {
    if (p.date > todayIn()) throw new KhataError(problem(ErrorCode.ValidationFailed, 'date', 'cannot be in the future: eligibility reads records that exist'));
    const shg = await tx.selectFrom('shg').select(['node_id', 'status']).where('node_id', '=', p.shgId).forUpdate().executeTakeFirst();
    if (!shg) throw new KhataError(problem(ErrorCode.NotFound, 'shgId', 'no such SHG'));
    if (shg.status === 'closed') throw new KhataError(problem(ErrorCode.ValidationFailed, 'shgId', 'the group is closed'));
    const exists = await tx.selectFrom('bank_loan_application').select('id').where('id', '=', p.id).executeTakeFirst();
    if (exists) throw new KhataError(problem(ErrorCode.Conflict, 'id', 'an application with this id already exists'));
    const v = await eligibilityOf(tx, ctx.actor.organisationId, { shgId: p.shgId, date: p.date, product: p.product, amountRequestedPaise: p.amountRequestedPaise });
    await tx
      .insertInto('bank_loan_application')
      .values({
        id: p.id,
        organisation_id: ctx.actor.organisationId,
        shg_id: p.shgId,
        bank_name: p.bankName,
        branch_name: p.branchName || null,
        product: p.product,
        amount_requested_paise: p.amountRequestedPaise,
        purpose: p.purpose || null,
        submitted_on: p.date,
        dose: v.dose.dose,
        corpus_paise: v.corpus.corpusPaise,
        dose_limit_paise: v.dose.limitPaise,
        eligible: v.eligible,
        eligibility: JSON.stringify(v),
        rule_set_id: v.ruleSet.id,
        rule_set_version: v.ruleSet.version,
        submitted_by: ctx.actor.userId,
        command_id: ctx.commandId,
        decided_on: null,
        sanctioned_paise: null,
        sanctioned_rate_percent: null,
        sanctioned_term_months: null,
        rejection_reason: null,
        override_reason: null,
        decided_by: null,
        decision_command_id: null,
        loan_id: null,
        disbursed_on: null,
      })
      .execute();
    return {
      applicationId: p.id,
      eligible: v.eligible,
      dose: v.dose.dose,
      doseLimitPaise: v.dose.limitPaise,
      reasons: v.reasons,
      ruleSet: { id: v.ruleSet.id, version: v.ruleSet.version },
    };
  },
};
