import { z } from 'zod';
import { ErrorCode, isoDate, problem, uuid, type Problem } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';
import { fed, loadFederation, memberInstitutionOf, refuse } from './federation-books.ts';

export const EC_ROLES = ['representative', 'president', 'vice-president', 'secretary', 'treasurer'] as const;

export const appointEcMemberSchema = z.strictObject({
  id: uuid,
  federationId: uuid,
  /** A woman of a member SHG (a VO), or an EC member of a member VO (a CLF) or CLF (a BLF). */
  personId: uuid,
  role: z.enum(EC_ROLES),
  from: isoDate,
  to: isoDate.nullish(),
});
export type AppointEcMember = z.output<typeof appointEcMemberSchema>;

/**
 * The executive committee: representatives of the member institutions (typically two per SHG in a VO) and, from
 * among them, the office bearers. Appointing an office bearer ends the previous holder's term in that office
 * (the seat as representative stays). Terms are kept: who held what, when.
 */
export const appointEcMember: CommandHandler<AppointEcMember, { ecMemberId: string; representsId: string }> = {
  type: 'appoint-ec-member',
  schema: appointEcMemberSchema,
  permission: 'write',
  nodeOf: async (_tx, p) => p.federationId,
  apply: async (tx, ctx, p) => {
    const federation = await loadFederation(tx, p.federationId);
    const problems: Problem[] = [];
    if (p.to && p.to < p.from) problems.push(problem(ErrorCode.ValidationFailed, 'to', 'the term cannot end before it starts'));
    if (p.from < federation.formed_on) problems.push(problem(ErrorCode.DateBeforeFormation, 'from', 'is before the federation was formed', { formedOn: federation.formed_on }));
    const represents = await memberInstitutionOf(tx, federation, p.personId, p.from);
    if (!represents) problems.push(problem(ErrorCode.UnknownMember, 'personId', 'does not come from a member institution of this federation on that date'));
    const seats = await fed(tx)
      .selectFrom('federation_ec_member')
      .select(['role'])
      .where('federation_id', '=', p.federationId)
      .where('person_id', '=', p.personId)
      .where((eb) => eb.or([eb('to_date', 'is', null), eb('to_date', '>=', p.from)]))
      .execute();
    if (p.role === 'representative' && seats.some((s) => s.role === 'representative')) problems.push(problem(ErrorCode.Conflict, 'personId', 'is already a representative on the EC'));
    if (p.role !== 'representative' && !seats.some((s) => s.role === 'representative')) {
      problems.push(problem(ErrorCode.ValidationFailed, 'personId', 'office bearers are chosen from the EC: appoint her as a representative first'));
    }
    refuse(problems);
    if (p.role !== 'representative') {
      await fed(tx)
        .updateTable('federation_ec_member')
        .set({ to_date: p.from })
        .where('federation_id', '=', p.federationId)
        .where('role', '=', p.role)
        .where('to_date', 'is', null)
        .execute();
    }
    await fed(tx)
      .insertInto('federation_ec_member')
      .values({ id: p.id, organisation_id: ctx.actor.organisationId, federation_id: p.federationId, person_id: p.personId, represents_node_id: represents!, role: p.role, from_date: p.from, to_date: p.to ?? null })
      .execute();
    return { ecMemberId: p.id, representsId: represents! };
  },
};
