import { z } from 'zod';
import { ErrorCode, KhataError, nonEmpty, paiseAmount, problem, uuid } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';

export const updateShgSchema = z
  .object({
    shgId: uuid,
    name: nonEmpty().optional(),
    meetingFrequency: z.enum(['weekly', 'fortnightly', 'monthly']).optional(),
    meetingDay: z.number().int().min(0).max(6).nullish(),
    compulsorySavingsPaise: paiseAmount.optional(),
    status: z.enum(['active', 'dormant', 'closed']).optional(),
    interestRounding: z.enum(['paise', 'rupee-half-even', 'rupee-up', 'rupee-down']).optional(),
  })
  .refine((p) => Object.keys(p).length > 1, { message: 'change at least one field' });

/**
 * Changes an SHG's descriptive fields and rules. Only what is given changes (descriptive fields: last writer
 * wins, by server order). Money already posted is never touched: a new savings rule applies from the next meeting.
 */
export const updateShg: CommandHandler<z.infer<typeof updateShgSchema>, { shgId: string }> = {
  type: 'update-shg',
  schema: updateShgSchema,
  permission: 'write',
  nodeOf: async (_tx, p) => p.shgId,
  apply: async (tx, _ctx, p) => {
    const shg = await tx.selectFrom('shg').select('status').where('node_id', '=', p.shgId).forUpdate().executeTakeFirst();
    if (!shg) throw new KhataError(problem(ErrorCode.NotFound, 'shgId', 'no such SHG'));
    if (shg.status === 'closed' && p.status !== undefined && p.status !== 'closed') {
      throw new KhataError(problem(ErrorCode.Conflict, 'status', 'a closed group cannot be reopened; form a new one'));
    }
    if (p.name !== undefined) await tx.updateTable('node').set({ name: p.name }).where('id', '=', p.shgId).execute();
    const changes = {
      ...(p.meetingFrequency !== undefined ? { meeting_frequency: p.meetingFrequency } : {}),
      ...(p.meetingDay !== undefined ? { meeting_day: p.meetingDay } : {}),
      ...(p.compulsorySavingsPaise !== undefined ? { compulsory_savings_paise: p.compulsorySavingsPaise } : {}),
      ...(p.status !== undefined ? { status: p.status } : {}),
      ...(p.interestRounding !== undefined ? { interest_rounding: p.interestRounding } : {}),
    };
    if (Object.keys(changes).length) await tx.updateTable('shg').set(changes).where('node_id', '=', p.shgId).execute();
    return { shgId: p.shgId };
  },
};
