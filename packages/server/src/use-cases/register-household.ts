import { z } from 'zod';
import { ErrorCode, KhataError, isoDate, nonEmpty, problem, uuid, type Problem } from '@khata/core';
import { INCLUSION_CATEGORIES, POVERTY_STATUSES, SECC_DEPRIVATIONS } from '@khata/core/inclusion';
import type { CommandHandler } from '../commands/apply-command.ts';
import type { Tx } from '../ledger/post-entry.ts';
import { inclTx } from '../queries/inclusion-db.ts';

/** SECC-2011 deprivation indicators (D1–D7) and automatic inclusion, as codes (core/inclusion.ts). */
export { SECC_DEPRIVATIONS };

/** The household's number in the village register (SECC household id, PIP serial): letters, digits, - / . */
export const registerNumber = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(40, 'must be at most 40 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9/.\-]*$/, 'may hold letters, digits and - / . only');

/** What the register keeps about a household (register, update and import share it). */
export const householdFields = {
  headName: nonEmpty(),
  povertyStatus: z.enum(POVERTY_STATUSES),
  seccDeprivations: z.array(z.enum(SECC_DEPRIVATIONS)).max(SECC_DEPRIVATIONS.length).default([]),
  pipListed: z.boolean().default(false),
  pipVettedOn: isoDate.nullish(),
  categories: z.array(z.enum(INCLUSION_CATEGORIES)).max(INCLUSION_CATEGORIES.length).default([]),
  registerNumber: registerNumber.nullish(),
};

export const registerHouseholdSchema = z.object({
  id: uuid,
  villageId: uuid,
  ...householdFields,
});
export type RegisterHousehold = z.output<typeof registerHouseholdSchema>;

const unique = <T>(xs: readonly T[]) => [...new Set(xs)].sort() as T[];

/** Problems a household's fields have together (each naming its field under `prefix`). */
export function householdProblems(h: { pipListed: boolean; pipVettedOn?: string | null | undefined; povertyStatus: string }, prefix = ''): Problem[] {
  const problems: Problem[] = [];
  if (h.pipVettedOn && !h.pipListed) problems.push(problem(ErrorCode.ValidationFailed, `${prefix}pipVettedOn`, 'only a PIP-listed household has a Gram Sabha vetting date'));
  return problems;
}

/** The village must be a village of this organisation. */
export async function assertVillage(tx: Tx, organisationId: number, villageId: string, field = 'villageId'): Promise<{ path: string }> {
  const village = await tx.selectFrom('node').select(['kind', 'path']).where('id', '=', villageId).where('organisation_id', '=', organisationId).executeTakeFirst();
  if (!village) throw new KhataError(problem(ErrorCode.NotFound, field, 'no such village'));
  if (village.kind !== 'village') throw new KhataError(problem(ErrorCode.ValidationFailed, field, 'households belong to a village'));
  return village;
}

/** Another household of the village with this register number (the number names one household in its village). */
export async function registerNumberTaken(tx: Tx, villageId: string, number: string, exceptId?: string): Promise<boolean> {
  let q = inclTx(tx).selectFrom('household').select('id').where('village_node_id', '=', villageId).where('register_number', '=', number);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export async function insertHousehold(tx: Tx, organisationId: number, p: RegisterHousehold): Promise<void> {
  await inclTx(tx)
    .insertInto('household')
    .values({
      id: p.id,
      organisation_id: organisationId,
      village_node_id: p.villageId,
      head_name: p.headName,
      poverty_status: p.povertyStatus,
      secc_deprivations: unique(p.seccDeprivations),
      pip_listed: p.pipListed,
      pip_vetted_on: p.pipVettedOn ?? null,
      categories: unique(p.categories),
      register_number: p.registerNumber ?? null,
    })
    .execute();
}

/** Adds a household to a village's register (one woman per household joins an SHG). */
export const registerHousehold: CommandHandler<RegisterHousehold, { householdId: string }> = {
  type: 'register-household',
  schema: registerHouseholdSchema,
  permission: 'write',
  nodeOf: async (_tx, p) => p.villageId,
  apply: async (tx, ctx, p) => {
    await assertVillage(tx, ctx.actor.organisationId, p.villageId);
    const problems = householdProblems(p);
    if (p.registerNumber && (await registerNumberTaken(tx, p.villageId, p.registerNumber))) {
      problems.push(problem(ErrorCode.Conflict, 'registerNumber', 'another household of this village has this register number'));
    }
    if (problems.length) throw new KhataError(...problems);
    await insertHousehold(tx, ctx.actor.organisationId, p);
    return { householdId: p.id };
  },
};
