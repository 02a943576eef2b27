import { z } from 'zod';
import { loanTermsSchema, nonEmpty, orThrow, scheduleFor, uuid } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';

export const defineLoanProductSchema = z.object({
  id: uuid,
  /** Offered to every SHG below this node (the organisation, a branch, one SHG). */
  nodeId: uuid,
  name: nonEmpty(100),
  terms: loanTermsSchema,
});

/** A named loan product (rate, method, frequency, installments, grace, rounding) that meetings pick from. */
export const defineLoanProduct: CommandHandler<z.infer<typeof defineLoanProductSchema>, { productId: string }> = {
  type: 'define-loan-product',
  schema: defineLoanProductSchema,
  permission: 'approve',
  nodeOf: async (_tx, p) => p.nodeId,
  apply: async (tx, ctx, p) => {
    // A scheduled product must give a schedule for a sample loan: the cross-field rules are checked now, not at a meeting.
    orThrow(scheduleFor({ id: p.id, memberId: p.id, principalPaise: 1_000_000, disbursedOn: '2026-01-01', terms: p.terms }, 'terms.'));
    await tx.insertInto('loan_product').values({ id: p.id, organisation_id: ctx.actor.organisationId, node_id: p.nodeId, name: p.name, terms: JSON.stringify(p.terms) }).execute();
    return { productId: p.id };
  },
};
