import { hash } from '@node-rs/argon2';
import { z } from 'zod';
import { ErrorCode, KhataError, language, nonEmpty, problem, uuid } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';
import { allows } from '../access.ts';

export const createUserSchema = z.object({
  id: uuid,
  username: z.string().regex(/^[a-z0-9._-]{3,40}$/, 'must be 3-40 lowercase letters, digits, dot, dash or underscore'),
  name: nonEmpty(),
  password: z.string().min(8, 'must be at least 8 characters').max(200),
  language: language.default('en'),
  roles: z.array(z.object({ nodeId: uuid, role: z.enum(['admin', 'manager', 'staff', 'bookkeeper', 'auditor']) })).min(1, 'give at least one role'),
});

/** Creates a user with roles at tree nodes; an administrator can only grant roles inside their own subtree. */
export const createUser: CommandHandler<z.infer<typeof createUserSchema>, { userId: string }> = {
  type: 'create-user',
  schema: createUserSchema,
  permission: 'administer',
  nodeOf: async (_tx, p) => p.roles[0]!.nodeId,
  apply: async (tx, ctx, p) => {
    for (const [i, role] of p.roles.entries()) {
      const node = await tx.selectFrom('node').select('path').where('id', '=', role.nodeId).where('organisation_id', '=', ctx.actor.organisationId).executeTakeFirst();
      if (!node || !allows(ctx.actor, node.path, 'administer')) {
        throw new KhataError(problem(ErrorCode.Forbidden, `roles.${i}.nodeId`, 'you cannot grant roles at this node'));
      }
    }
    const exists = await tx.selectFrom('app_user').select('id').where('username', '=', p.username).executeTakeFirst();
    if (exists) throw new KhataError(problem(ErrorCode.Conflict, 'username', 'this username is taken'));
    await tx
      .insertInto('app_user')
      .values({ id: p.id, organisation_id: ctx.actor.organisationId, username: p.username, name: p.name, password_hash: await hash(p.password), language: p.language })
      .execute();
    await tx
      .insertInto('role_assignment')
      .values(p.roles.map((r) => ({ user_id: p.id, node_id: r.nodeId, organisation_id: ctx.actor.organisationId, role: r.role })))
      .execute();
    return { userId: p.id };
  },
};
