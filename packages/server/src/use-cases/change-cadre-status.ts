import { z } from 'zod';
import { ErrorCode, isoDate, KhataError, problem, uuid } from '@khata/core';
import { CADRE_STATUSES } from '@khata/core/cadres';
import type { CommandHandler } from '../commands/apply-command.ts';
import { todayIn } from '../business-date.ts';
import { cadreNode, loadCadre } from './cadre-support.ts';

export const changeCadreStatusSchema = z.strictObject({
  cadreId: uuid,
  status: z.enum(CADRE_STATUSES),
  onDate: isoDate,
  reason: z.string().trim().max(500).nullish(),
});
type ChangeCadreStatus = z.output<typeof changeCadreStatusSchema>;

/**
 * Active, inactive (on leave, not working for now) or left. Leaving ends every assignment still open on that day.
 * Each change is a line of her history.
 */
export const changeCadreStatus: CommandHandler<ChangeCadreStatus, { cadreId: string; status: string; assignmentsEnded: number }> = {
  type: 'change-cadre-status',
  schema: changeCadreStatusSchema,
  permission: 'write',
  nodeOf: async (tx, p) => cadreNode(tx, p.cadreId),
  apply: async (tx, ctx, p) => {
    const cadre = await loadCadre(tx, ctx.actor.organisationId, p.cadreId, 'cadreId', true);
    if (cadre.status === p.status) throw new KhataError(problem(ErrorCode.Conflict, 'status', `she is already ${p.status}`));
    if (p.onDate < cadre.joined_on) throw new KhataError(problem(ErrorCode.ValidationFailed, 'onDate', `is before she joined (${cadre.joined_on})`));
    if (p.onDate > todayIn()) throw new KhataError(problem(ErrorCode.ValidationFailed, 'onDate', 'cannot be in the future'));
    const last = await tx.selectFrom('cadre_status_change').select('on_date').where('cadre_id', '=', p.cadreId).orderBy('on_date', 'desc').executeTakeFirst();
    if (last && p.onDate < last.on_date) throw new KhataError(problem(ErrorCode.ValidationFailed, 'onDate', `is before her last change (${last.on_date})`));
    let ended = 0;
    if (p.status === 'left') {
      const open = await tx.selectFrom('cadre_assignment').select(['id', 'from_date']).where('cadre_id', '=', p.cadreId).where('to_date', 'is', null).execute();
      for (const a of open) {
        await tx.updateTable('cadre_assignment').set({ to_date: a.from_date > p.onDate ? a.from_date : p.onDate }).where('id', '=', a.id).execute();
        ended += 1;
      }
    }
    await tx.updateTable('cadre').set({ status: p.status, left_on: p.status === 'left' ? p.onDate : null }).where('id', '=', p.cadreId).execute();
    await tx
      .insertInto('cadre_status_change')
      .values({ organisation_id: ctx.actor.organisationId, cadre_id: p.cadreId, status: p.status, on_date: p.onDate, reason: p.reason ?? null, changed_by: ctx.actor.userId, command_id: ctx.commandId })
      .execute();
    return { cadreId: p.cadreId, status: p.status, assignmentsEnded: ended };
  },
};
