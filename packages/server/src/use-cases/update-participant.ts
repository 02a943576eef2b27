import { sql } from 'kysely';
import { z } from 'zod';
import { uuid } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';
import { assignedCase, optionalText } from '../micro-business/command-kit.ts';
import { sealIdentity } from '../micro-business/need-to-know.ts';
import { participantSchema } from './open-case.ts';

export const updateParticipantSchema = z.strictObject({
  caseId: uuid,
  /** The whole of her identifying fields as they should now read (sealed again as one). */
  participant: participantSchema,
  businessKind: optionalText(80),
});
export type UpdateParticipant = z.output<typeof updateParticipantSchema>;

/** Corrects a participant's identifying fields (only by a user assigned to her case). */
export const updateParticipant: CommandHandler<UpdateParticipant, { caseId: string }> = {
  type: 'update-participant',
  schema: updateParticipantSchema,
  permission: 'write',
  nodeOf: async () => '',
  authorize: assignedCase,
  apply: async (tx, _ctx, p) => {
    await sql`update mb_case set identity_sealed = ${sealIdentity(p.participant)}, business_kind = ${p.businessKind} where id = ${p.caseId}`.execute(tx);
    return { caseId: p.caseId };
  },
};
