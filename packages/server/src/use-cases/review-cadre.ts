import { z } from 'zod';
import { ErrorCode, isoDate, KhataError, problem, uuid } from '@khata/core';
import type { ReviewFigures } from '@khata/core/cadres';
import type { CommandHandler } from '../commands/apply-command.ts';
import { todayIn } from '../business-date.ts';
import { reviewFiguresFor } from '../queries/cadre-queries.ts';
import { loadCadre } from './cadre-support.ts';

export const reviewCadreSchema = z.strictObject({
  id: uuid,
  cadreId: uuid,
  /** The institution reviewing her: one that pays her for an assignment in the period. */
  reviewerId: uuid,
  from: isoDate,
  to: isoDate,
  rating: z.number().int('must be a whole number').min(1, 'must be from 1 to 5').max(5, 'must be from 1 to 5'),
  notes: z.string().trim().max(2000).nullish(),
});
type ReviewCadre = z.output<typeof reviewCadreSchema>;

/**
 * A periodic performance review by the institution that pays her: the indicators computed from the records (books
 * of the groups she keeps up to date, her training attendance) kept as they were, with the reviewer's rating and
 * notes. Reviews are never edited: the next review is a new one.
 */
export const reviewCadre: CommandHandler<ReviewCadre, { reviewId: string; figures: ReviewFigures }> = {
  type: 'review-cadre',
  schema: reviewCadreSchema,
  permission: 'write',
  nodeOf: async (_tx, p) => p.reviewerId,
  apply: async (tx, ctx, p) => {
    const cadre = await loadCadre(tx, ctx.actor.organisationId, p.cadreId);
    if (p.to < p.from) throw new KhataError(problem(ErrorCode.ValidationFailed, 'to', 'is before the start of the period'));
    if (p.to > todayIn()) throw new KhataError(problem(ErrorCode.ValidationFailed, 'to', 'cannot be in the future: review a period that is over'));
    const pays = await tx
      .selectFrom('cadre_assignment')
      .select('id')
      .where('cadre_id', '=', p.cadreId)
      .where('payer_id', '=', p.reviewerId)
      .where('from_date', '<=', p.to)
      .where((eb) => eb.or([eb('to_date', 'is', null), eb('to_date', '>=', p.from)]))
      .executeTakeFirst();
    if (!pays) throw new KhataError(problem(ErrorCode.ValidationFailed, 'reviewerId', 'reviews are made by an institution that pays her for work in the period'));
    const figures = await reviewFiguresFor(tx, cadre, p.reviewerId, p.from, p.to);
    await tx
      .insertInto('cadre_review')
      .values({
        id: p.id,
        organisation_id: ctx.actor.organisationId,
        cadre_id: p.cadreId,
        reviewer_id: p.reviewerId,
        period_from: p.from,
        period_to: p.to,
        rating: p.rating,
        notes: p.notes ?? null,
        indicators: JSON.stringify(figures),
        reviewed_by: ctx.actor.userId,
        command_id: ctx.commandId,
      })
      .execute();
    return { reviewId: p.id, figures };
  },
};
