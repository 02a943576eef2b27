import { z } from 'zod';
import { ErrorCode, KhataError, isoDate, problem, uuid } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';

export const appointOfficeBearerSchema = z.object({
  id: uuid,
  shgId: uuid,
  memberId: uuid,
  role: z.enum(['president', 'secretary', 'treasurer']),
  from: isoDate,
  to: isoDate.nullish(),
});

/** Office bearers rotate (often every 2 years): appointing one ends the previous holder's term the day before. */
export const appointOfficeBearer: CommandHandler<z.infer<typeof appointOfficeBearerSchema>, { officeBearerId: string }> = {
  type: 'appoint-office-bearer',
  schema: appointOfficeBearerSchema,
  permission: 'write',
  nodeOf: async (_tx, p) => p.shgId,
  apply: async (tx, ctx, p) => {
    const member = await tx.selectFrom('member').select(['shg_id', 'status']).where('id', '=', p.memberId).executeTakeFirst();
    if (!member || member.shg_id !== p.shgId) throw new KhataError(problem(ErrorCode.UnknownMember, 'memberId', 'not a member of this group'));
    if (member.status !== 'active') throw new KhataError(problem(ErrorCode.MemberNotActive, 'memberId', 'this member has left the group'));
    if (p.to && p.to < p.from) throw new KhataError(problem(ErrorCode.ValidationFailed, 'to', 'the term cannot end before it starts'));
    await tx
      .updateTable('office_bearer')
      .set({ to_date: p.from })
      .where('node_id', '=', p.shgId)
      .where('role', '=', p.role)
      .where('to_date', 'is', null)
      .execute();
    await tx
      .insertInto('office_bearer')
      .values({ id: p.id, organisation_id: ctx.actor.organisationId, node_id: p.shgId, member_id: p.memberId, role: p.role, from_date: p.from, to_date: p.to ?? null })
      .execute();
    return { officeBearerId: p.id };
  },
};
