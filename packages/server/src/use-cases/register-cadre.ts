import { z } from 'zod';
import { ErrorCode, isoDate, KhataError, nonEmpty, problem, uuid } from '@khata/core';
import { cadreTypeCodeSchema } from '@khata/core/cadres';
import { authorizeNode } from '../access.ts';
import type { CommandHandler } from '../commands/apply-command.ts';
import type { Database } from '../db/pool.ts';
import { todayIn } from '../business-date.ts';
import { requireCadreType } from './cadre-support.ts';
import { assignmentSchema, insertAssignments } from './assign-cadre.ts';

export const registerCadreSchema = z.strictObject({
  id: uuid,
  /** Where she is registered (her village, block…): her record is read and changed within that node's reach. */
  nodeId: uuid,
  cadreType: cadreTypeCodeSchema,
  /** When she is an SHG member: her member record (her name is taken from it). */
  memberId: uuid.nullish(),
  name: nonEmpty(120).nullish(),
  phone: z.string().trim().regex(/^\+?[0-9 -]{6,20}$/, 'must be a phone number').nullish(),
  joinedOn: isoDate,
  /** The institutions she serves from the start (more later with assign-cadre). */
  assignments: z.array(assignmentSchema).max(100).default([]),
});
type RegisterCadre = z.output<typeof registerCadreSchema>;

/** A community professional joins the registry: type, the member she is (if one), the institutions she serves. */
export const registerCadre: CommandHandler<RegisterCadre, { cadreId: string; assignments: number }> = {
  type: 'register-cadre',
  schema: registerCadreSchema,
  permission: 'write',
  nodeOf: async (_tx, p) => p.nodeId,
  apply: async (tx, ctx, p) => {
    await requireCadreType(tx, ctx.actor.organisationId, p.cadreType);
    if (p.joinedOn > todayIn()) throw new KhataError(problem(ErrorCode.ValidationFailed, 'joinedOn', 'cannot be in the future'));
    if (await tx.selectFrom('cadre').select('id').where('id', '=', p.id).executeTakeFirst()) throw new KhataError(problem(ErrorCode.Conflict, 'id', 'a cadre with this id is already registered'));
    let name = p.name ?? null;
    if (p.memberId) {
      const m = await tx.selectFrom('member').select(['name', 'shg_id']).where('id', '=', p.memberId).where('organisation_id', '=', ctx.actor.organisationId).executeTakeFirst();
      if (!m) throw new KhataError(problem(ErrorCode.NotFound, 'memberId', 'no such member'));
      try {
        await authorizeNode(tx as unknown as Database, ctx.actor, m.shg_id, 'read');
      } catch {
        throw new KhataError(problem(ErrorCode.NotFound, 'memberId', 'no such member'));
      }
      const twice = await tx.selectFrom('cadre').select('id').where('member_id', '=', p.memberId).where('cadre_type', '=', p.cadreType).executeTakeFirst();
      if (twice) throw new KhataError(problem(ErrorCode.Conflict, 'memberId', 'she is already registered as a cadre of this type'));
      name = m.name;
    }
    if (!name) throw new KhataError(problem(ErrorCode.ValidationFailed, 'name', 'is required when she is not an SHG member'));
    await tx
      .insertInto('cadre')
      .values({ id: p.id, organisation_id: ctx.actor.organisationId, node_id: p.nodeId, member_id: p.memberId ?? null, name, phone: p.phone ?? null, cadre_type: p.cadreType, joined_on: p.joinedOn, left_on: null, command_id: ctx.commandId })
      .execute();
    await tx
      .insertInto('cadre_status_change')
      .values({ organisation_id: ctx.actor.organisationId, cadre_id: p.id, status: 'active', on_date: p.joinedOn, reason: 'registered', changed_by: ctx.actor.userId, command_id: ctx.commandId })
      .execute();
    const n = await insertAssignments(tx, ctx, p.id, p.joinedOn, p.assignments, 'assignments');
    return { cadreId: p.id, assignments: n };
  },
};
