import { sql } from 'kysely';
import { z } from 'zod';
import { ErrorCode, isoDate, KhataError, problem, uuid } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';
import { partnerRunner } from '../micro-business/command-kit.ts';

export const endProgrammeRoleSchema = z.strictObject({ partnerId: uuid, roleId: uuid, to: isoDate });
export type EndProgrammeRole = z.output<typeof endProgrammeRoleSchema>;

/**
 * Ends a programme role on a date. A case worker's case assignments end with it (on the same date, where they ran
 * longer): a worker who has left the programme reads no case.
 */
export const endProgrammeRole: CommandHandler<EndProgrammeRole, { roleId: string; assignmentsEnded: number }> = {
  type: 'end-programme-role',
  schema: endProgrammeRoleSchema,
  permission: 'administer',
  nodeOf: async () => '',
  authorize: partnerRunner,
  apply: async (tx, _ctx, p) => {
    const { rows } = await sql<{ user_id: string; role: string; from_date: string; to_date: string | null }>`
      select user_id, role, from_date, to_date from mb_programme_role where id = ${p.roleId} and partner_id = ${p.partnerId} for update`.execute(tx);
    const role = rows[0];
    if (!role) throw new KhataError(problem(ErrorCode.NotFound, 'roleId', 'no such role in this programme'));
    if (p.to < role.from_date) throw new KhataError(problem(ErrorCode.ValidationFailed, 'to', 'cannot be before the role began'));
    if (role.to_date !== null && role.to_date <= p.to) throw new KhataError(problem(ErrorCode.Conflict, 'to', 'this role has already ended'));
    await sql`update mb_programme_role set to_date = ${p.to} where id = ${p.roleId}`.execute(tx);
    let ended = 0;
    if (role.role === 'case-worker') {
      const r = await sql`
        update mb_case_assignment a set to_date = greatest(a.from_date, ${p.to}::date)
          from mb_case c
         where c.id = a.case_id and c.partner_id = ${p.partnerId} and a.user_id = ${role.user_id}
           and (a.to_date is null or a.to_date > ${p.to})`.execute(tx);
      ended = Number(r.numAffectedRows ?? 0);
    }
    return { roleId: p.roleId, assignmentsEnded: ended };
  },
};
