import { sql } from 'kysely';
import { z } from 'zod';
import { ErrorCode, KhataError, nonEmpty, problem, uuid } from '@khata/core';
import { PROGRAMME_CURRENCIES } from '@khata/core/business-plan';
import type { CommandHandler } from '../commands/apply-command.ts';

const CURRENCY_OF = { IN: 'INR', BD: 'BDT', NP: 'NPR' } as const;

export const registerProgrammePartnerSchema = z.strictObject({
  id: uuid,
  /** Where the partner works: its aggregate counts roll up through the tree from this node. */
  nodeId: uuid,
  name: nonEmpty(120),
  code: z.string().trim().regex(/^[A-Z0-9-]{2,12}$/, 'must be 2-12 capital letters, digits or dashes'),
  country: z.enum(['IN', 'BD', 'NP']),
  /** The partner's currency; the country's own when left out (India INR, Bangladesh BDT, Nepal NPR). */
  currency: z.enum(PROGRAMME_CURRENCIES).optional(),
});
export type RegisterProgrammePartner = z.output<typeof registerProgrammePartnerSchema>;

/**
 * A partner organisation running the micro-business programme on this installation (an administrator of the
 * node). Its cases are its own: they are reached only by the people assigned to them.
 */
export const registerProgrammePartner: CommandHandler<RegisterProgrammePartner, { partnerId: string }> = {
  type: 'register-programme-partner',
  schema: registerProgrammePartnerSchema,
  permission: 'administer',
  nodeOf: async (_tx, p) => p.nodeId,
  apply: async (tx, ctx, p) => {
    const node = await tx.selectFrom('node').select(['kind']).where('id', '=', p.nodeId).executeTakeFirstOrThrow();
    if (!['organisation', 'state', 'district', 'block', 'cluster'].includes(node.kind)) {
      throw new KhataError(problem(ErrorCode.ValidationFailed, 'nodeId', 'a partner works at a place of the tree (organisation, state, district, block or cluster)'));
    }
    const currency = p.currency ?? CURRENCY_OF[p.country];
    const taken = await sql<{ id: string }>`select id from mb_partner where organisation_id = ${ctx.actor.organisationId} and code = ${p.code}`.execute(tx);
    if (taken.rows.length) throw new KhataError(problem(ErrorCode.Conflict, 'code', 'another partner has this code'));
    await sql`insert into mb_partner (id, organisation_id, node_id, name, code, country, currency)
              values (${p.id}, ${ctx.actor.organisationId}, ${p.nodeId}, ${p.name}, ${p.code}, ${p.country}, ${currency})`.execute(tx);
    return { partnerId: p.id };
  },
};
