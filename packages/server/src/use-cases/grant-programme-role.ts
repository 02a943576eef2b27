import { sql } from 'kysely';
import { z } from 'zod';
import { ErrorCode, isoDate, KhataError, problem, uuid } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';
import { partnerRunner } from '../micro-business/command-kit.ts';

export const PROGRAMME_ROLES = ['case-worker', 'programme-manager'] as const;

export const grantProgrammeRoleSchema = z
  .strictObject({
    id: uuid,
    partnerId: uuid,
    userId: uuid,
    role: z.enum(PROGRAMME_ROLES),
    from: isoDate,
    to: isoDate.nullish(),
  })
  .refine((p) => !p.to || p.to >= p.from, { path: ['to'], message: 'cannot be before the start' });
export type GrantProgrammeRole = z.output<typeof grantProgrammeRoleSchema>;

/**
 * Gives a user of this installation a role in a partner's programme: case worker (then assignable to cases) or
 * programme manager (assigns cases, reads the partner's aggregate report). By the partner's programme managers or
 * the administrators of its node. A role reads no case by itself: only a case assignment does.
 */
export const grantProgrammeRole: CommandHandler<GrantProgrammeRole, { roleId: string }> = {
  type: 'grant-programme-role',
  schema: grantProgrammeRoleSchema,
  permission: 'administer',
  nodeOf: async () => '',
  authorize: partnerRunner,
  apply: async (tx, ctx, p) => {
    const user = await tx.selectFrom('app_user').select('id').where('id', '=', p.userId).where('organisation_id', '=', ctx.actor.organisationId).where('active', '=', true).executeTakeFirst();
    if (!user) throw new KhataError(problem(ErrorCode.NotFound, 'userId', 'no such user'));
    const overlap = await sql<{ id: string }>`
      select id from mb_programme_role
       where partner_id = ${p.partnerId} and user_id = ${p.userId} and role = ${p.role}
         and from_date <= ${p.to ?? '9999-12-31'} and (to_date is null or to_date >= ${p.from})`.execute(tx);
    if (overlap.rows.length) throw new KhataError(problem(ErrorCode.Conflict, 'role', 'this user already holds this role in these dates'));
    await sql`insert into mb_programme_role (id, organisation_id, partner_id, user_id, role, from_date, to_date, granted_by)
              values (${p.id}, ${ctx.actor.organisationId}, ${p.partnerId}, ${p.userId}, ${p.role}, ${p.from}, ${p.to ?? null}, ${ctx.actor.userId})`.execute(tx);
    return { roleId: p.id };
  },
};
