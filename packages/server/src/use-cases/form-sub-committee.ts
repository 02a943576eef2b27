import { z } from 'zod';
import { ErrorCode, isoDate, nonEmpty, problem, uuid, type Problem } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';
import { fed, loadFederation, memberInstitutionOf, refuse } from './federation-books.ts';

export const formSubCommitteeSchema = z.strictObject({
  id: uuid,
  federationId: uuid,
  /** e.g. "SHG monitoring", "bank linkage", "social action". */
  name: nonEmpty(100),
  purpose: z.string().trim().max(500).nullish(),
  formedOn: isoDate,
  members: z
    .array(z.strictObject({ personId: uuid, role: z.enum(['convenor', 'member']).default('member') }))
    .min(1, 'a sub-committee needs members')
    .max(50),
});
export type FormSubCommittee = z.output<typeof formSubCommitteeSchema>;

/** A sub-committee of the federation: its name, purpose and members (women of the federation's general body). */
export const formSubCommittee: CommandHandler<FormSubCommittee, { subCommitteeId: string }> = {
  type: 'form-sub-committee',
  schema: formSubCommitteeSchema,
  permission: 'write',
  nodeOf: async (_tx, p) => p.federationId,
  apply: async (tx, ctx, p) => {
    const federation = await loadFederation(tx, p.federationId);
    const problems: Problem[] = [];
    if (p.formedOn < federation.formed_on) problems.push(problem(ErrorCode.DateBeforeFormation, 'formedOn', 'is before the federation was formed', { formedOn: federation.formed_on }));
    const seen = new Set<string>();
    for (const [i, m] of p.members.entries()) {
      if (seen.has(m.personId)) problems.push(problem(ErrorCode.ValidationFailed, `members.${i}.personId`, 'appears twice'));
      seen.add(m.personId);
      if (!(await memberInstitutionOf(tx, federation, m.personId, p.formedOn))) {
        problems.push(problem(ErrorCode.UnknownMember, `members.${i}.personId`, 'does not come from a member institution of this federation'));
      }
    }
    const sameName = await fed(tx).selectFrom('federation_sub_committee').select('id').where('federation_id', '=', p.federationId).where('name', '=', p.name).executeTakeFirst();
    if (sameName) problems.push(problem(ErrorCode.Conflict, 'name', 'the federation already has a sub-committee of this name'));
    refuse(problems);
    await fed(tx)
      .insertInto('federation_sub_committee')
      .values({ id: p.id, organisation_id: ctx.actor.organisationId, federation_id: p.federationId, name: p.name, purpose: p.purpose ?? null, formed_on: p.formedOn, dissolved_on: null })
      .execute();
    await fed(tx)
      .insertInto('federation_sub_committee_member')
      .values(p.members.map((m) => ({ sub_committee_id: p.id, person_id: m.personId, organisation_id: ctx.actor.organisationId, role: m.role })))
      .execute();
    return { subCommitteeId: p.id };
  },
};
