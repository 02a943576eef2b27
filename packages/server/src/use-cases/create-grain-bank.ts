import { z } from 'zod';
import { ErrorCode, isoDate, KhataError, nonEmpty, problem, uuid, type Problem } from '@khata/core';
import { DEFAULT_GRAIN_KINDS, grainKindSchema, interestPercentSchema } from '@khata/core/grain-bank';
import type { CommandHandler } from '../commands/apply-command.ts';
import { loadInstitution, refuse } from './federation-books.ts';
import { ensureGrainAccounts, GRAIN_BANK_HOLDERS } from './grain-bank-books.ts';

export const createGrainBankSchema = z.strictObject({
  id: uuid,
  /** The SHG or VO that keeps it (one grain bank each). */
  institutionId: uuid,
  name: nonEmpty(100),
  openedOn: isoDate,
  /** The kinds of grain it keeps, e.g. ["rice", "wheat"]; the usual six when not given. */
  kinds: z.array(grainKindSchema).min(1, 'name at least one kind of grain').max(30).default([...DEFAULT_GRAIN_KINDS]),
  /** Kept in money too (every movement posted to the institution's books at cost), or in quantity only. Fixed. */
  valued: z.boolean().default(false),
  /** The usual interest in kind, in percent: 25 means 1.25 kg back for every kg lent. A loan may state its own. */
  interestPercent: interestPercentSchema.default('25'),
});
export type CreateGrainBank = z.output<typeof createGrainBankSchema>;

/**
 * Sets up the grain bank of an SHG or a VO: its kinds of grain, its usual interest in kind, and whether it is kept in
 * money as well as in quantity (then its institution's chart gains the grain-bank accounts).
 */
export const createGrainBank: CommandHandler<CreateGrainBank, { grainBankId: string }> = {
  type: 'create-grain-bank',
  schema: createGrainBankSchema,
  permission: 'write',
  nodeOf: async (_tx, p) => p.institutionId,
  apply: async (tx, ctx, p) => {
    const inst = await loadInstitution(tx, ctx.actor.organisationId, p.institutionId, 'institutionId');
    const problems: Problem[] = [];
    if (!GRAIN_BANK_HOLDERS.has(inst.kind)) problems.push(problem(ErrorCode.ValidationFailed, 'institutionId', 'a grain bank is kept by an SHG or a VO'));
    const seen = new Set<string>();
    p.kinds.forEach((k, i) => {
      if (seen.has(k)) problems.push(problem(ErrorCode.ValidationFailed, `kinds.${i}`, 'is listed twice'));
      seen.add(k);
    });
    if (inst.formedOn && p.openedOn < inst.formedOn) problems.push(problem(ErrorCode.DateBeforeFormation, 'openedOn', `is before ${inst.name} was formed`, { formedOn: inst.formedOn }));
    refuse(problems);
    const existing = await tx.selectFrom('grain_bank').select('id').where('node_id', '=', inst.nodeId).executeTakeFirst();
    if (existing) throw new KhataError(problem(ErrorCode.Conflict, 'institutionId', 'already keeps a grain bank'));
    if (p.valued) await ensureGrainAccounts(tx, inst);
    await tx
      .insertInto('grain_bank')
      .values({ id: p.id, organisation_id: ctx.actor.organisationId, node_id: inst.nodeId, name: p.name, opened_on: p.openedOn, kinds: p.kinds, valued: p.valued, interest_percent: p.interestPercent, command_id: ctx.commandId })
      .execute();
    return { grainBankId: p.id };
  },
};
