import { sql } from 'kysely';
import { z } from 'zod';
import { ErrorCode, KhataError, isoDate, nonEmpty, problem, uuid } from '@khata/core';
import { INCLUSION_CATEGORIES } from '@khata/core/inclusion';
import type { CommandHandler } from '../commands/apply-command.ts';

/** Inclusion categories from DOMAIN.md (priority groups); kept as codes in core, labelled in the user's language. */
export { INCLUSION_CATEGORIES };

export const admitMemberSchema = z.object({
  id: uuid,
  shgId: uuid,
  name: nonEmpty(),
  joinedOn: isoDate,
  membershipNumber: z.number().int().positive().optional(),
  householdId: uuid.nullish(),
  phone: z.string().regex(/^[6-9]\d{9}$/, 'must be a 10-digit mobile number').nullish(),
  dateOfBirth: isoDate.nullish(),
  povertyStatus: z.enum(['poorest', 'poor', 'non-poor']).default('poor'),
  categories: z.array(z.enum(INCLUSION_CATEGORIES)).default([]),
  nomineeName: z.string().max(200).nullish(),
  nomineeRelation: z.string().max(50).nullish(),
});

/** Admits a woman to an SHG; the admission serial is her membership number (next in the group unless given). */
export const admitMember: CommandHandler<z.infer<typeof admitMemberSchema>, { memberId: string; membershipNumber: number }> = {
  type: 'admit-member',
  schema: admitMemberSchema,
  permission: 'write',
  nodeOf: async (_tx, p) => p.shgId,
  apply: async (tx, ctx, p) => {
    const shg = await tx.selectFrom('shg').select(['formed_on']).where('node_id', '=', p.shgId).forUpdate().executeTakeFirst();
    if (!shg) throw new KhataError(problem(ErrorCode.NotFound, 'shgId', 'no such SHG'));
    if (p.joinedOn < shg.formed_on) throw new KhataError(problem(ErrorCode.DateBeforeFormation, 'joinedOn', 'cannot join before the group was formed'));
    const next = await tx
      .selectFrom('member')
      .select(sql<number>`coalesce(max(membership_number), 0) + 1`.as('n'))
      .where('shg_id', '=', p.shgId)
      .executeTakeFirstOrThrow();
    const membershipNumber = p.membershipNumber ?? Number(next.n);
    const taken = await tx.selectFrom('member').select('id').where('shg_id', '=', p.shgId).where('membership_number', '=', membershipNumber).executeTakeFirst();
    if (taken) throw new KhataError(problem(ErrorCode.Conflict, 'membershipNumber', 'this membership number is already used in the group'));
    await tx
      .insertInto('member')
      .values({
        id: p.id,
        organisation_id: ctx.actor.organisationId,
        shg_id: p.shgId,
        household_id: p.householdId ?? null,
        membership_number: membershipNumber,
        name: p.name,
        joined_on: p.joinedOn,
        left_on: null,
        phone: p.phone ?? null,
        date_of_birth: p.dateOfBirth ?? null,
        poverty_status: p.povertyStatus,
        categories: p.categories,
        nominee_name: p.nomineeName ?? null,
        nominee_relation: p.nomineeRelation ?? null,
      })
      .execute();
    return { memberId: p.id, membershipNumber };
  },
};
