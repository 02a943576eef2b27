import { sql } from 'kysely';
import { z } from 'zod';
import { ErrorCode, isoDate, KhataError, problem, uuid } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';
import { assignedCase, assignedCaseIn, caseDateProblems, refuse } from '../micro-business/command-kit.ts';

export const CASE_STATUSES = ['enrolled', 'planning', 'running', 'paused', 'closed'] as const;
export const CLOSING_REASONS = ['completed', 'withdrew', 'moved-away', 'other'] as const;

export const changeCaseStatusSchema = z
  .strictObject({
    caseId: uuid,
    status: z.enum(CASE_STATUSES),
    date: isoDate,
    closingReason: z.enum(CLOSING_REASONS).optional(),
  })
  .refine((p) => (p.status === 'closed') === (p.closingReason !== undefined), { path: ['closingReason'], message: 'is given when, and only when, the case is closed' });
export type ChangeCaseStatus = z.output<typeof changeCaseStatusSchema>;

/**
 * Moves a case along: enrolled → planning (drawing up her plan) → running (the business trades) ⇄ paused → closed
 * (with the reason). A closed case is not reopened: a participant who returns gets a new case.
 */
export const changeCaseStatus: CommandHandler<ChangeCaseStatus, { caseId: string; status: string }> = {
  type: 'change-case-status',
  schema: changeCaseStatusSchema,
  permission: 'write',
  nodeOf: async () => '',
  authorize: assignedCase,
  apply: async (tx, ctx, p) => {
    const c = await assignedCaseIn(tx, ctx.actor, p.caseId);
    refuse(caseDateProblems(c, p.date, 'date'));
    if (c.status === 'closed') throw new KhataError(problem(ErrorCode.Conflict, 'status', 'this case is closed'));
    if (c.status === p.status) throw new KhataError(problem(ErrorCode.Conflict, 'status', 'the case already has this status'));
    await sql`update mb_case set status = ${p.status}, closed_on = ${p.status === 'closed' ? p.date : null}, closing_reason = ${p.closingReason ?? null}
               where id = ${p.caseId}`.execute(tx);
    return { caseId: p.caseId, status: p.status };
  },
};
