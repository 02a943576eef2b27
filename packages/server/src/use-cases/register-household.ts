import { z } from 'zod';
import { ErrorCode, KhataError, isoDate, nonEmpty, problem, uuid } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';
import { INCLUSION_CATEGORIES } from './admit-member.ts';

/** SECC-2011 deprivation indicators (D1–D7) and automatic inclusion, as codes. */
export const SECC_DEPRIVATIONS = ['d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'auto-included'] as const;

export const registerHouseholdSchema = z.object({
  id: uuid,
  villageId: uuid,
  headName: nonEmpty(),
  povertyStatus: z.enum(['poorest', 'poor', 'non-poor']),
  seccDeprivations: z.array(z.enum(SECC_DEPRIVATIONS)).default([]),
  pipListed: z.boolean().default(false),
  pipVettedOn: isoDate.nullish(),
  categories: z.array(z.enum(INCLUSION_CATEGORIES)).default([]),
});

/** Adds a household to a village's register (one woman per household joins an SHG). */
export const registerHousehold: CommandHandler<z.infer<typeof registerHouseholdSchema>, { householdId: string }> = {
  type: 'register-household',
  schema: registerHouseholdSchema,
  permission: 'write',
  nodeOf: async (_tx, p) => p.villageId,
  apply: async (tx, ctx, p) => {
    const village = await tx.selectFrom('node').select('kind').where('id', '=', p.villageId).executeTakeFirstOrThrow();
    if (village.kind !== 'village') throw new KhataError(problem(ErrorCode.ValidationFailed, 'villageId', 'households belong to a village'));
    if (p.pipVettedOn && !p.pipListed) throw new KhataError(problem(ErrorCode.ValidationFailed, 'pipVettedOn', 'only a PIP-listed household has a Gram Sabha vetting date'));
    await tx
      .insertInto('household')
      .values({
        id: p.id,
        organisation_id: ctx.actor.organisationId,
        village_node_id: p.villageId,
        head_name: p.headName,
        poverty_status: p.povertyStatus,
        secc_deprivations: p.seccDeprivations,
        pip_listed: p.pipListed,
        pip_vetted_on: p.pipVettedOn ?? null,
        categories: p.categories,
      })
      .execute();
    return { householdId: p.id };
  },
};
