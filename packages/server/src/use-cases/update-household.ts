import { z } from 'zod';
import { ErrorCode, KhataError, problem, uuid } from '@khata/core';
import { INCLUSION_CATEGORIES, SECC_DEPRIVATIONS } from '@khata/core/inclusion';
import type { CommandHandler } from '../commands/apply-command.ts';
import { inclTx } from '../queries/inclusion-db.ts';
import { householdFields, householdProblems, registerNumberTaken } from './register-household.ts';

export const updateHouseholdSchema = z
  .object({
    householdId: uuid,
    headName: householdFields.headName.optional(),
    povertyStatus: householdFields.povertyStatus.optional(),
    seccDeprivations: z.array(z.enum(SECC_DEPRIVATIONS)).max(SECC_DEPRIVATIONS.length).optional(),
    pipListed: z.boolean().optional(),
    pipVettedOn: householdFields.pipVettedOn,
    categories: z.array(z.enum(INCLUSION_CATEGORIES)).max(INCLUSION_CATEGORIES.length).optional(),
    registerNumber: householdFields.registerNumber,
  })
  .refine((p) => Object.values(p).filter((v) => v !== undefined).length > 1, { message: 'change at least one field' });
export type UpdateHousehold = z.output<typeof updateHouseholdSchema>;

const unique = <T>(xs: readonly T[]) => [...new Set(xs)].sort() as T[];

/**
 * Corrects a household's entry in the register (descriptive data: last writer wins, by server order). Fields left
 * out keep their value; `null` clears an optional one (the vetting date, the register number).
 */
export const updateHousehold: CommandHandler<UpdateHousehold, { householdId: string }> = {
  type: 'update-household',
  schema: updateHouseholdSchema,
  permission: 'write',
  nodeOf: async (tx, p) => {
    const h = await tx.selectFrom('household').select('village_node_id').where('id', '=', p.householdId).executeTakeFirst();
    if (!h) throw new KhataError(problem(ErrorCode.NotFound, 'householdId', 'no such household'));
    return h.village_node_id;
  },
  apply: async (tx, _ctx, p) => {
    const db = inclTx(tx);
    const current = await db.selectFrom('household').selectAll().where('id', '=', p.householdId).forUpdate().executeTakeFirstOrThrow();
    const pipListed = p.pipListed ?? current.pip_listed;
    const pipVettedOn = p.pipVettedOn !== undefined ? p.pipVettedOn : current.pip_vetted_on;
    const problems = householdProblems({ pipListed, pipVettedOn, povertyStatus: p.povertyStatus ?? current.poverty_status });
    if (p.registerNumber && (await registerNumberTaken(tx, current.village_node_id, p.registerNumber, p.householdId))) {
      problems.push(problem(ErrorCode.Conflict, 'registerNumber', 'another household of this village has this register number'));
    }
    if (problems.length) throw new KhataError(...problems);
    await db
      .updateTable('household')
      .set({
        ...(p.headName !== undefined ? { head_name: p.headName } : {}),
        ...(p.povertyStatus !== undefined ? { poverty_status: p.povertyStatus } : {}),
        ...(p.seccDeprivations !== undefined ? { secc_deprivations: unique(p.seccDeprivations) } : {}),
        ...(p.pipListed !== undefined ? { pip_listed: p.pipListed } : {}),
        ...(p.pipVettedOn !== undefined ? { pip_vetted_on: p.pipVettedOn } : {}),
        ...(p.categories !== undefined ? { categories: unique(p.categories) } : {}),
        ...(p.registerNumber !== undefined ? { register_number: p.registerNumber } : {}),
        updated_at: new Date(),
      })
      .where('id', '=', p.householdId)
      .execute();
    return { householdId: p.householdId };
  },
};
