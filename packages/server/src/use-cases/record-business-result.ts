import { sql } from 'kysely';
import { z } from 'zod';
import { ErrorCode, KhataError, problem, uuid } from '@khata/core';
import { MAX_AMOUNT_MINOR, MAX_UNITS_PER_MONTH, yearMonth } from '@khata/core/business-plan';
import type { CommandHandler } from '../commands/apply-command.ts';
import { todayIn } from '../business-date.ts';
import { assignedCase, assignedCaseIn, refuse } from '../micro-business/command-kit.ts';

const minor = z.number({ message: 'must be an amount in minor units (paise)' }).int('must be a whole number of paise').min(0, 'cannot be negative').max(MAX_AMOUNT_MINOR, 'is too large');

export const recordBusinessResultSchema = z.strictObject({
  caseId: uuid,
  /** YYYY-MM */
  month: yearMonth,
  salesMinor: minor,
  costsMinor: minor,
  unitsSold: z.number().int().min(0, 'cannot be negative').max(MAX_UNITS_PER_MONTH).nullish(),
  /** Set to correct a month already recorded (its figures are replaced). */
  replace: z.boolean().default(false),
});
export type RecordBusinessResult = z.output<typeof recordBusinessResultSchema>;

/** A month's business results (sales, costs; profit is their difference), compared with the plan on the case page. */
export const recordBusinessResult: CommandHandler<RecordBusinessResult, { caseId: string; month: string; profitMinor: number }> = {
  type: 'record-business-result',
  schema: recordBusinessResultSchema,
  permission: 'write',
  nodeOf: async () => '',
  authorize: assignedCase,
  apply: async (tx, ctx, p) => {
    const c = await assignedCaseIn(tx, ctx.actor, p.caseId);
    refuse([
      ...(p.month < c.opened_on.slice(0, 7) ? [problem(ErrorCode.ValidationFailed, 'month', 'cannot be before the case was opened')] : []),
      ...(p.month > todayIn().slice(0, 7) ? [problem(ErrorCode.ValidationFailed, 'month', 'cannot be in the future')] : []),
    ]);
    const month = `${p.month}-01`;
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from mb_monthly_result where case_id = ${p.caseId} and month = ${month}`.execute(tx);
    const exists = (rows[0]?.n ?? 0) > 0;
    if (exists && !p.replace) throw new KhataError(problem(ErrorCode.Conflict, 'month', 'this month is already recorded: correct it to replace the figures'));
    if (!exists && p.replace) throw new KhataError(problem(ErrorCode.NotFound, 'month', 'this month has not been recorded yet'));
    await sql`insert into mb_monthly_result (case_id, month, organisation_id, units_sold, sales_minor, costs_minor, recorded_by)
              values (${p.caseId}, ${month}, ${ctx.actor.organisationId}, ${p.unitsSold ?? null}, ${p.salesMinor}, ${p.costsMinor}, ${ctx.actor.userId})
              on conflict (case_id, month) do update set units_sold = excluded.units_sold, sales_minor = excluded.sales_minor,
                     costs_minor = excluded.costs_minor, recorded_by = excluded.recorded_by, recorded_at = now()`.execute(tx);
    return { caseId: p.caseId, month: p.month, profitMinor: p.salesMinor - p.costsMinor };
  },
};
