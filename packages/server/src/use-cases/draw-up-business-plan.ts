import { sql } from 'kysely';
import { z } from 'zod';
import { isoDate, KhataError, uuid } from '@khata/core';
import { computePlan, planFiguresSchema, yearMonth } from '@khata/core/business-plan';
import type { CommandHandler } from '../commands/apply-command.ts';
import { assignedCase, assignedCaseIn, caseDateProblems, optionalText, refuse, text } from '../micro-business/command-kit.ts';

export const drawUpBusinessPlanSchema = z.strictObject({
  planId: uuid,
  caseId: uuid,
  drawnUpOn: isoDate,
  /** The plan's month 1 (YYYY-MM). */
  startsIn: yearMonth,
  /** The business in a sentence. */
  business: text(300),
  figures: planFiguresSchema,
  /** Why the plan was revised (for a second or later version). */
  reason: optionalText(500),
});
export type DrawUpBusinessPlan = z.output<typeof drawUpBusinessPlanSchema>;

/**
 * A business plan as the planning tools lay it out (investment, funding, fixed and running costs, price, expected
 * sales per month). Each one is a new version; earlier versions stay as they were (the database refuses edits),
 * and results are compared with the version in force in their month. Amounts are in the partner's currency.
 */
export const drawUpBusinessPlan: CommandHandler<DrawUpBusinessPlan, { planId: string; version: number; breakEvenUnitsPerMonth: number | null }> = {
  type: 'draw-up-business-plan',
  schema: drawUpBusinessPlanSchema,
  permission: 'write',
  nodeOf: async () => '',
  authorize: assignedCase,
  apply: async (tx, ctx, p) => {
    const c = await assignedCaseIn(tx, ctx.actor, p.caseId);
    refuse(caseDateProblems(c, p.drawnUpOn, 'drawnUpOn'));
    const computed = computePlan(p.figures);
    if (!computed.ok) throw new KhataError(...computed.problems.map((x) => ({ ...x, field: x.field ? `figures.${x.field}` : 'figures' })));
    await sql`select id from mb_case where id = ${p.caseId} for update`.execute(tx);
    const { rows } = await sql<{ v: number }>`select coalesce(max(version), 0)::int + 1 as v from mb_plan_version where case_id = ${p.caseId}`.execute(tx);
    const version = rows[0]!.v;
    await sql`insert into mb_plan_version (id, organisation_id, case_id, version, drawn_up_on, starts_in, business, figures, reason, created_by)
              values (${p.planId}, ${ctx.actor.organisationId}, ${p.caseId}, ${version}, ${p.drawnUpOn}, ${`${p.startsIn}-01`}, ${p.business},
                      ${JSON.stringify(p.figures)}::jsonb, ${p.reason}, ${ctx.actor.userId})`.execute(tx);
    return { planId: p.planId, version, breakEvenUnitsPerMonth: computed.value.breakEven?.unitsPerMonth ?? null };
  },
};
