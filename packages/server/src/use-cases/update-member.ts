import { z } from 'zod';
import { ErrorCode, KhataError, isoDate, nonEmpty, problem, uuid } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';
import { INCLUSION_CATEGORIES } from './admit-member.ts';

export const updateMemberSchema = z
  .object({
    memberId: uuid,
    name: nonEmpty().optional(),
    phone: z.string().regex(/^[6-9]\d{9}$/, 'must be a 10-digit mobile number').nullish(),
    dateOfBirth: isoDate.nullish(),
    povertyStatus: z.enum(['poorest', 'poor', 'non-poor']).optional(),
    categories: z.array(z.enum(INCLUSION_CATEGORIES)).optional(),
    householdId: uuid.nullish(),
    nomineeName: z.string().max(200).nullish(),
    nomineeRelation: z.string().max(50).nullish(),
  })
  .refine((p) => Object.keys(p).length > 1, { message: 'change at least one field' });

/** Corrects a member's descriptive details (name, phone, nominee…): last writer wins, by server order. Money is never here. */
export const updateMember: CommandHandler<z.infer<typeof updateMemberSchema>, { memberId: string }> = {
  type: 'update-member',
  schema: updateMemberSchema,
  permission: 'write',
  nodeOf: async (tx, p) => {
    const m = await tx.selectFrom('member').select('shg_id').where('id', '=', p.memberId).executeTakeFirst();
    if (!m) throw new KhataError(problem(ErrorCode.NotFound, 'memberId', 'no such member'));
    return m.shg_id;
  },
  apply: async (tx, _ctx, p) => {
    const changes = {
      ...(p.name !== undefined ? { name: p.name } : {}),
      ...(p.phone !== undefined ? { phone: p.phone } : {}),
      ...(p.dateOfBirth !== undefined ? { date_of_birth: p.dateOfBirth } : {}),
      ...(p.povertyStatus !== undefined ? { poverty_status: p.povertyStatus } : {}),
      ...(p.categories !== undefined ? { categories: p.categories } : {}),
      ...(p.householdId !== undefined ? { household_id: p.householdId } : {}),
      ...(p.nomineeName !== undefined ? { nominee_name: p.nomineeName } : {}),
      ...(p.nomineeRelation !== undefined ? { nominee_relation: p.nomineeRelation } : {}),
    };
    await tx.updateTable('member').set(changes).where('id', '=', p.memberId).execute();
    return { memberId: p.memberId };
  },
};
