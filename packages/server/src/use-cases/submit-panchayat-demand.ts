import { z } from 'zod';
import { ErrorCode, isoDate, KhataError, nonEmpty, paiseAmount, problem, uuid } from '@khata/core';
import { DEMAND_CATEGORIES, DEMAND_SUBMITTER_KINDS } from '@khata/core/social-action';
import type { CommandHandler } from '../commands/apply-command.ts';
import { incl } from '../queries/inclusion-db.ts';

/** The Panchayat plan's year, as the financial year it covers: `2026-27`. */
export const planYear = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}$/, 'must be a financial year such as 2026-27')
  .refine((y) => (Number(y.slice(0, 4)) + 1) % 100 === Number(y.slice(5)), 'must be a financial year such as 2026-27 (the second year follows the first)');

export const submitPanchayatDemandSchema = z.strictObject({
  id: uuid,
  /** The SHG or federation that submits it. */
  nodeId: uuid,
  gramPanchayat: nonEmpty(),
  /** The Gram Panchayat's LGD code, when known. */
  gramPanchayatCode: z.string().trim().regex(/^\d{1,10}$/, 'must be digits (the LGD code)').nullish(),
  planYear,
  category: z.enum(DEMAND_CATEGORIES),
  /** What is asked for. */
  description: nonEmpty(1000),
  submittedOn: isoDate,
  estimatedPaise: paiseAmount.nullish(),
});
export type SubmitPanchayatDemand = z.output<typeof submitPanchayatDemandSchema>;

/** A demand an SHG or a VO submits to the annual Panchayat plan (the Gram Panchayat Development Plan). */
export const submitPanchayatDemand: CommandHandler<SubmitPanchayatDemand, { demandId: string }> = {
  type: 'submit-panchayat-demand',
  schema: submitPanchayatDemandSchema,
  permission: 'write',
  nodeOf: async (_tx, p) => p.nodeId,
  apply: async (tx, ctx, p) => {
    const node = await tx.selectFrom('node').select('kind').where('id', '=', p.nodeId).executeTakeFirstOrThrow();
    if (!(DEMAND_SUBMITTER_KINDS as readonly string[]).includes(node.kind)) {
      throw new KhataError(problem(ErrorCode.ValidationFailed, 'nodeId', 'a demand is submitted by an SHG or a federation (VO, CLF, BLF)'));
    }
    await incl(tx)
      .insertInto('panchayat_demand')
      .values({
        id: p.id,
        organisation_id: ctx.actor.organisationId,
        node_id: p.nodeId,
        gram_panchayat: p.gramPanchayat,
        gram_panchayat_code: p.gramPanchayatCode ?? null,
        plan_year: p.planYear,
        category: p.category,
        description: p.description,
        submitted_on: p.submittedOn,
        estimated_paise: p.estimatedPaise ?? null,
        submitted_by: ctx.actor.userId,
        command_id: ctx.commandId,
      })
      .execute();
    return { demandId: p.id };
  },
};
