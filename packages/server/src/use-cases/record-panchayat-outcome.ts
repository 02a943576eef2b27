import { z } from 'zod';
import { ErrorCode, isoDate, KhataError, paiseAmount, problem, uuid, type Problem } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';
import { incl } from '../queries/inclusion-db.ts';

export const recordPanchayatOutcomeSchema = z.strictObject({
  demandId: uuid,
  outcome: z.enum(['accepted', 'rejected']),
  decidedOn: isoDate,
  /** What the Panchayat sanctioned, if anything (only for an accepted demand). */
  sanctionedPaise: paiseAmount.nullish(),
  note: z.string().trim().max(1000).nullish(),
});
export type RecordPanchayatOutcome = z.output<typeof recordPanchayatOutcomeSchema>;

/**
 * What the Panchayat decided about a pending demand: accepted (with the amount sanctioned, if any) or rejected, on
 * a date not before the demand. Recorded once: a demand turned down this year is submitted again as a new one.
 */
export const recordPanchayatOutcome: CommandHandler<RecordPanchayatOutcome, { demandId: string; status: string }> = {
  type: 'record-panchayat-outcome',
  schema: recordPanchayatOutcomeSchema,
  permission: 'write',
  nodeOf: async (tx, p) => {
    const d = await incl(tx).selectFrom('panchayat_demand').select('node_id').where('id', '=', p.demandId).executeTakeFirst();
    if (!d) throw new KhataError(problem(ErrorCode.NotFound, 'demandId', 'no such demand'));
    return d.node_id;
  },
  apply: async (tx, ctx, p) => {
    const db = incl(tx);
    const d = await db.selectFrom('panchayat_demand').select(['status', 'submitted_on', 'decided_on']).where('id', '=', p.demandId).forUpdate().executeTakeFirstOrThrow();
    if (d.status !== 'pending') {
      throw new KhataError(problem(ErrorCode.Conflict, 'demandId', `the outcome was already recorded (${d.status} on ${d.decided_on})`, { status: d.status }));
    }
    const problems: Problem[] = [];
    if (p.decidedOn < d.submitted_on) problems.push(problem(ErrorCode.ValidationFailed, 'decidedOn', `cannot be before the demand was submitted (${d.submitted_on})`));
    if (p.outcome === 'rejected' && p.sanctionedPaise) problems.push(problem(ErrorCode.ValidationFailed, 'sanctionedPaise', 'a rejected demand has no amount sanctioned'));
    if (problems.length) throw new KhataError(...problems);
    await db
      .updateTable('panchayat_demand')
      .set({
        status: p.outcome,
        decided_on: p.decidedOn,
        sanctioned_paise: p.outcome === 'accepted' ? (p.sanctionedPaise ?? null) : null,
        outcome_note: p.note ?? null,
        decided_by: ctx.actor.userId,
      })
      .where('id', '=', p.demandId)
      .execute();
    return { demandId: p.demandId, status: p.outcome };
  },
};
