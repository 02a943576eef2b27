import { z } from 'zod';
import { ErrorCode, isoDate, nonEmpty, problem, uuid, type Problem } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';
import { fed, loadFederation, memberInstitutionOf, refuse } from './federation-books.ts';

export const recordFederationMeetingSchema = z.strictObject({
  meetingId: uuid,
  federationId: uuid,
  /** An executive-committee meeting (at least monthly) or a general-body meeting. */
  kind: z.enum(['ec', 'gb']),
  date: isoDate,
  place: z.string().trim().max(200).nullish(),
  /** The women present (member ids); each is checked against the EC (an EC meeting) or the general body. */
  attendees: z.array(uuid).max(2000).default([]),
  /** Decisions (resolutions), in the order taken. */
  decisions: z.array(z.strictObject({ text: nonEmpty(2000) })).max(200).default([]),
  minutes: z.string().trim().max(20_000).nullish(),
});
export type RecordFederationMeeting = z.output<typeof recordFederationMeetingSchema>;

/**
 * An EC or general-body meeting of a federation: who attended (and through which member institution) and what was
 * decided. No money moves here: a federation's money moves by its own commands, each written in both books.
 */
export const recordFederationMeeting: CommandHandler<RecordFederationMeeting, { meetingId: string; present: number; decisions: number }> = {
  type: 'record-federation-meeting',
  schema: recordFederationMeetingSchema,
  permission: 'write',
  nodeOf: async (_tx, p) => p.federationId,
  apply: async (tx, ctx, p) => {
    const federation = await loadFederation(tx, p.federationId);
    const problems: Problem[] = [];
    if (p.date < federation.formed_on) problems.push(problem(ErrorCode.DateBeforeFormation, 'date', 'is before the federation was formed', { formedOn: federation.formed_on }));
    const existing = await fed(tx).selectFrom('federation_meeting').select('id').where('federation_id', '=', p.federationId).where('kind', '=', p.kind).where('date', '=', p.date).executeTakeFirst();
    if (existing) problems.push(problem(ErrorCode.Conflict, 'date', `a ${p.kind === 'ec' ? 'EC' : 'general-body'} meeting is already recorded on this date`));
    const ec =
      p.kind === 'ec'
        ? await fed(tx)
            .selectFrom('federation_ec_member')
            .select(['person_id', 'represents_node_id'])
            .where('federation_id', '=', p.federationId)
            .where('from_date', '<=', p.date)
            .where((eb) => eb.or([eb('to_date', 'is', null), eb('to_date', '>=', p.date)]))
            .execute()
        : [];
    const attendance: Array<{ personId: string; representsId: string }> = [];
    const seen = new Set<string>();
    for (const [i, personId] of p.attendees.entries()) {
      const field = `attendees.${i}`;
      if (seen.has(personId)) {
        problems.push(problem(ErrorCode.ValidationFailed, field, 'appears twice'));
        continue;
      }
      seen.add(personId);
      const represents = p.kind === 'ec' ? ec.find((e) => e.person_id === personId)?.represents_node_id : await memberInstitutionOf(tx, federation, personId, p.date);
      if (!represents) problems.push(problem(ErrorCode.UnknownMember, field, p.kind === 'ec' ? 'is not on the EC on this date' : 'does not belong to the general body on this date'));
      else attendance.push({ personId, representsId: represents });
    }
    refuse(problems);
    await fed(tx)
      .insertInto('federation_meeting')
      .values({
        id: p.meetingId,
        organisation_id: ctx.actor.organisationId,
        federation_id: p.federationId,
        kind: p.kind,
        date: p.date,
        place: p.place ?? null,
        minutes: p.minutes ?? null,
        decisions: JSON.stringify(p.decisions.map((d, i) => ({ no: i + 1, text: d.text }))),
        command_id: ctx.commandId,
      })
      .execute();
    if (attendance.length) {
      await fed(tx)
        .insertInto('federation_meeting_attendance')
        .values(attendance.map((a) => ({ meeting_id: p.meetingId, person_id: a.personId, organisation_id: ctx.actor.organisationId, represents_node_id: a.representsId })))
        .execute();
    }
    return { meetingId: p.meetingId, present: attendance.length, decisions: p.decisions.length };
  },
};
