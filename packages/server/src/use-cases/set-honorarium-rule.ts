import { z } from 'zod';
import { ErrorCode, isoDate, KhataError, paiseAmount, problem, uuid } from '@khata/core';
import { cadreTypeCodeSchema } from '@khata/core/cadres';
import type { CommandHandler } from '../commands/apply-command.ts';
import { PAYER_KINDS, requireCadreType } from './cadre-support.ts';

export const setHonorariumRuleSchema = z.strictObject({
  id: uuid,
  /** The institution that pays (an SHG, VO, CLF or BLF): its own rate for this cadre type. */
  payerId: uuid,
  cadreType: cadreTypeCodeSchema,
  /** Applies to every month whose last day is on or after this date, until a later version. */
  effectiveFrom: isoDate,
  fixedMonthlyPaise: paiseAmount.default(0),
  perGroupPaise: paiseAmount.default(0),
  perMeetingPaise: paiseAmount.default(0),
});
type SetHonorariumRule = z.output<typeof setHonorariumRuleSchema>;

/**
 * A payer's honorarium for a cadre type, as a dated version: a fixed amount a month, an amount for each SHG she keeps
 * in the month, an amount for each meeting those SHGs record (any combination; all zero stops the honorarium).
 * Versions are never edited: a new rate is a new version from its date.
 */
export const setHonorariumRule: CommandHandler<SetHonorariumRule, { ruleId: string }> = {
  type: 'set-honorarium-rule',
  schema: setHonorariumRuleSchema,
  permission: 'write',
  nodeOf: async (_tx, p) => p.payerId,
  apply: async (tx, ctx, p) => {
    const payer = await tx.selectFrom('node').select('kind').where('id', '=', p.payerId).executeTakeFirstOrThrow();
    if (!PAYER_KINDS.has(payer.kind)) throw new KhataError(problem(ErrorCode.ValidationFailed, 'payerId', 'the payer must be an institution with its own books: an SHG, a VO, a CLF or a BLF'));
    await requireCadreType(tx, ctx.actor.organisationId, p.cadreType);
    const same = await tx.selectFrom('honorarium_rule').select('id').where('payer_id', '=', p.payerId).where('cadre_type', '=', p.cadreType).where('effective_from', '=', p.effectiveFrom).executeTakeFirst();
    if (same) throw new KhataError(problem(ErrorCode.Conflict, 'effectiveFrom', 'a version of this rule is already effective from this date: give the new one its own date'));
    await tx
      .insertInto('honorarium_rule')
      .values({
        id: p.id,
        organisation_id: ctx.actor.organisationId,
        payer_id: p.payerId,
        cadre_type: p.cadreType,
        effective_from: p.effectiveFrom,
        fixed_monthly_paise: p.fixedMonthlyPaise,
        per_group_paise: p.perGroupPaise,
        per_meeting_paise: p.perMeetingPaise,
        created_by: ctx.actor.userId,
        command_id: ctx.commandId,
      })
      .execute();
    return { ruleId: p.id };
  },
};
