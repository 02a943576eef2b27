import { sql } from 'kysely';
import { z } from 'zod';
import { ErrorCode, isoDate, KhataError, nonEmpty, paiseAmount, problem, uuid } from '@khata/core';
import { planCompanyShare } from '@khata/core/producer-group';
import type { CommandHandler } from '../commands/apply-command.ts';
import { refuse } from './federation-books.ts';
import { idFree, nodeOfProducerGroup, openProducerGroup, pgDateProblems, pgMoneyProblems, postPg } from './producer-group-books.ts';

export const joinProducerCompanySchema = z.strictObject({
  membershipId: uuid,
  groupId: uuid,
  /** The farmer producer company (FPC) or cooperative it joins. */
  companyName: nonEmpty(150),
  registrationNumber: z.string().trim().max(100).nullish(),
  since: isoDate,
  shareCapitalPaise: paiseAmount.default(0),
  paidFrom: z.enum(['cash', 'bank']).default('bank'),
});
export type JoinProducerCompany = z.output<typeof joinProducerCompanySchema>;

/** The group federates into a producer company: a membership record, and the shares it buys as its asset. */
export const joinProducerCompany: CommandHandler<JoinProducerCompany, { membershipId: string; entryId: number | null }> = {
  type: 'join-producer-company',
  schema: joinProducerCompanySchema,
  permission: 'write',
  nodeOf: (tx, p) => nodeOfProducerGroup(tx, p.groupId),
  apply: async (tx, ctx, p) => {
    await idFree(tx, 'producer_company_membership', p.membershipId, 'membershipId');
    const group = await openProducerGroup(tx, ctx, p.groupId);
    refuse([...pgDateProblems(group, p.since, 'since'), ...(await pgMoneyProblems(tx, group, p.paidFrom, p.shareCapitalPaise, 'shareCapitalPaise'))]);
    const already = await tx.selectFrom('producer_company_membership').select('id').where('group_id', '=', group.nodeId).where(sql`lower(company_name)`, '=', p.companyName.toLowerCase()).executeTakeFirst();
    if (already) throw new KhataError(problem(ErrorCode.Conflict, 'companyName', 'the group is already a member of this company'));
    const entryId = await postPg(tx, ctx, group, p.since, planCompanyShare({ amountPaise: p.shareCapitalPaise, paidFrom: p.paidFrom }), `Shares in ${p.companyName}`, 'join-producer-company');
    await tx
      .insertInto('producer_company_membership')
      .values({ id: p.membershipId, organisation_id: group.organisationId, group_id: group.nodeId, company_name: p.companyName, registration_number: p.registrationNumber ?? null, since: p.since, share_capital_paise: p.shareCapitalPaise, entry_id: entryId, command_id: ctx.commandId })
      .execute();
    return { membershipId: p.membershipId, entryId };
  },
};
