import { hash } from '@node-rs/argon2';
import { sql } from 'kysely';
import { z } from 'zod';
import { ErrorCode, isoDate, KhataError, language, nonEmpty, problem, uuid } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';
import { partnerRunner } from '../micro-business/command-kit.ts';
import { PROGRAMME_ROLES } from './grant-programme-role.ts';

export const createProgrammeUserSchema = z.strictObject({
  id: uuid,
  /** The programme role's id. */
  roleId: uuid,
  partnerId: uuid,
  username: z.string().regex(/^[a-z0-9._-]{3,40}$/, 'must be 3-40 lowercase letters, digits, dot, dash or underscore'),
  name: nonEmpty(),
  password: z.string().min(8, 'must be at least 8 characters').max(200),
  language: language.default('en'),
  role: z.enum(PROGRAMME_ROLES),
  from: isoDate,
});
export type CreateProgrammeUser = z.output<typeof createProgrammeUserSchema>;

/**
 * A partner's social worker or programme manager who has no place in the organisation tree: a user with a
 * programme role and no tree role, so she reaches her assigned cases and nothing of the SHGs' books.
 */
export const createProgrammeUser: CommandHandler<CreateProgrammeUser, { userId: string; roleId: string }> = {
  type: 'create-programme-user',
  schema: createProgrammeUserSchema,
  permission: 'administer',
  nodeOf: async () => '',
  authorize: partnerRunner,
  apply: async (tx, ctx, p) => {
    const exists = await tx.selectFrom('app_user').select('id').where('username', '=', p.username).executeTakeFirst();
    if (exists) throw new KhataError(problem(ErrorCode.Conflict, 'username', 'this username is taken'));
    await tx
      .insertInto('app_user')
      .values({ id: p.id, organisation_id: ctx.actor.organisationId, username: p.username, name: p.name, password_hash: await hash(p.password), language: p.language })
      .execute();
    await sql`insert into mb_programme_role (id, organisation_id, partner_id, user_id, role, from_date, to_date, granted_by)
              values (${p.roleId}, ${ctx.actor.organisationId}, ${p.partnerId}, ${p.id}, ${p.role}, ${p.from}, null, ${ctx.actor.userId})`.execute(tx);
    return { userId: p.id, roleId: p.roleId };
  },
};
