import { z } from 'zod';
import { ErrorCode, KhataError, problem, uuid, type Problem } from '@khata/core';
import { subjectFits } from '@khata/core/social-action';
import type { CommandHandler } from '../commands/apply-command.ts';
import { incl } from '../queries/inclusion-db.ts';
import { rulesInForce } from '../queries/inclusion-rules.ts';

const observation = z
  .strictObject({
    id: uuid,
    indicator: z.string().trim().min(1, 'is required').max(60),
    memberId: uuid.nullish(),
    householdId: uuid.nullish(),
    met: z.boolean(),
    note: z.string().trim().max(500).nullish(),
  })
  .superRefine((o, ctx) => {
    if (!o.memberId === !o.householdId) ctx.addIssue({ code: 'custom', path: [o.memberId ? 'householdId' : 'memberId'], message: 'name either a member or a household' });
  });

export const recordSocialActionSchema = z
  .strictObject({
    /** Where the observations were made: an SHG's meeting or a drive. */
    meetingId: uuid.nullish(),
    driveId: uuid.nullish(),
    observations: z.array(observation).min(1, 'record at least one observation').max(2000),
  })
  .superRefine((p, ctx) => {
    if (!p.meetingId === !p.driveId) ctx.addIssue({ code: 'custom', path: [p.meetingId ? 'driveId' : 'meetingId'], message: 'name either the meeting or the drive' });
  });
export type RecordSocialAction = z.output<typeof recordSocialActionSchema>;

interface Occasion {
  nodeId: string;
  date: string;
  /** An SHG meeting: its members (and their households, and households of its village); a drive: everyone under the place. */
  shgId: string | null;
  path: string;
  villageId: string | null;
}

async function occasionOf(tx: Parameters<CommandHandler['nodeOf']>[0], p: RecordSocialAction): Promise<Occasion> {
  if (p.meetingId) {
    const m = await tx
      .selectFrom('meeting as m')
      .innerJoin('node as n', 'n.id', 'm.shg_id')
      .select(['m.shg_id', 'm.date', 'm.status', 'n.path', 'n.parent_id'])
      .where('m.id', '=', p.meetingId)
      .executeTakeFirst();
    if (!m) throw new KhataError(problem(ErrorCode.NotFound, 'meetingId', 'no such meeting'));
    if (m.status !== 'recorded') throw new KhataError(problem(ErrorCode.ValidationFailed, 'meetingId', 'this meeting was replaced by a correction: use the corrected one'));
    return { nodeId: m.shg_id, date: m.date, shgId: m.shg_id, path: m.path, villageId: m.parent_id };
  }
  const d = await incl(tx)
    .selectFrom('social_action_drive as d')
    .innerJoin('node as n', 'n.id', 'd.node_id')
    .select(['d.node_id', 'd.held_on', 'n.path'])
    .where('d.id', '=', p.driveId!)
    .executeTakeFirst();
  if (!d) throw new KhataError(problem(ErrorCode.NotFound, 'driveId', 'no such drive'));
  return { nodeId: d.node_id, date: d.held_on, shgId: null, path: d.path, villageId: null };
}

/**
 * Social action indicators observed at a meeting or a drive, one row per member or household: each indicator must
 * be in the set in force on the day and fit its subject; each member or household must belong to the occasion
 * (the SHG whose meeting it was, or the place of the drive). All or nothing.
 */
export const recordSocialAction: CommandHandler<RecordSocialAction, { recorded: number; date: string; ruleSetVersion: number }> = {
  type: 'record-social-action',
  schema: recordSocialActionSchema,
  permission: 'write',
  nodeOf: async (tx, p) => (await occasionOf(tx, p)).nodeId,
  apply: async (tx, ctx, p) => {
    const at = await occasionOf(tx, p);
    const rules = await rulesInForce(tx, ctx.actor.organisationId, at.date);
    const indicators = new Map(rules.body.socialAction.indicators.map((i) => [i.code, i]));
    const memberIds = [...new Set(p.observations.flatMap((o) => (o.memberId ? [o.memberId] : [])))];
    const householdIds = [...new Set(p.observations.flatMap((o) => (o.householdId ? [o.householdId] : [])))];
    const members = new Map(
      memberIds.length === 0
        ? []
        : (
            await tx
              .selectFrom('member as m')
              .innerJoin('node as n', 'n.id', 'm.shg_id')
              .select(['m.id', 'm.shg_id', 'm.joined_on', 'm.left_on', 'n.path'])
              .where('m.id', 'in', memberIds)
              .where('m.organisation_id', '=', ctx.actor.organisationId)
              .execute()
          ).map((m) => [m.id, m]),
    );
    const households = new Map(
      householdIds.length === 0
        ? []
        : (
            await tx
              .selectFrom('household as h')
              .innerJoin('node as n', 'n.id', 'h.village_node_id')
              .select(['h.id', 'h.village_node_id', 'n.path'])
              .select((eb) =>
                eb
                  .exists(eb.selectFrom('member as m').select('m.id').whereRef('m.household_id', '=', 'h.id').where('m.shg_id', '=', at.shgId ?? '00000000-0000-0000-0000-000000000000'))
                  .as('inGroup'),
              )
              .where('h.id', 'in', householdIds)
              .where('h.organisation_id', '=', ctx.actor.organisationId)
              .execute()
          ).map((h) => [h.id, h]),
    );
    const problems: Problem[] = [];
    const seen = new Map<string, number>();
    const rows = p.observations.map((o, i) => {
      const f = `observations.${i}.`;
      const indicator = indicators.get(o.indicator);
      if (!indicator) problems.push(problem(ErrorCode.ValidationFailed, `${f}indicator`, `"${o.indicator}" is not an indicator of the rules in force on ${at.date} (${rules.label})`));
      let nodeId = at.nodeId;
      if (o.memberId) {
        const m = members.get(o.memberId);
        if (!m) problems.push(problem(ErrorCode.UnknownMember, `${f}memberId`, 'no such member'));
        else if (at.shgId ? m.shg_id !== at.shgId : !m.path.startsWith(at.path)) problems.push(problem(ErrorCode.UnknownMember, `${f}memberId`, at.shgId ? 'is not a member of the group that met' : 'does not belong to the place of the drive'));
        else if (!(m.joined_on <= at.date && (m.left_on === null || m.left_on > at.date))) problems.push(problem(ErrorCode.MemberNotActive, `${f}memberId`, 'was not a member on that day'));
        else nodeId = m.shg_id;
        if (indicator && !subjectFits(indicator, 'member')) problems.push(problem(ErrorCode.ValidationFailed, `${f}memberId`, `"${o.indicator}" is observed for a household, not a member`));
      } else {
        const h = households.get(o.householdId!);
        if (!h) problems.push(problem(ErrorCode.NotFound, `${f}householdId`, 'no such household'));
        else if (at.shgId ? !(h.inGroup || h.village_node_id === at.villageId) : !h.path.startsWith(at.path)) problems.push(problem(ErrorCode.ValidationFailed, `${f}householdId`, at.shgId ? 'is neither a household of the group’s members nor of its village' : 'does not belong to the place of the drive'));
        else nodeId = h.village_node_id;
        if (indicator && !subjectFits(indicator, 'household')) problems.push(problem(ErrorCode.ValidationFailed, `${f}householdId`, `"${o.indicator}" is observed for a member, not a household`));
      }
      const key = `${o.indicator}\u0000${o.memberId ?? o.householdId}`;
      const first = seen.get(key);
      if (first !== undefined) problems.push(problem(ErrorCode.Conflict, `${f}indicator`, `the same indicator for the same person is on observation ${first + 1}`, { other: first + 1 }));
      else seen.set(key, i);
      return {
        id: o.id,
        organisation_id: ctx.actor.organisationId,
        node_id: nodeId,
        indicator: o.indicator,
        observed_on: at.date,
        member_id: o.memberId ?? null,
        household_id: o.householdId ?? null,
        meeting_id: p.meetingId ?? null,
        drive_id: p.driveId ?? null,
        met: o.met,
        note: o.note ?? null,
        rule_set_version: rules.version,
        command_id: ctx.commandId,
      };
    });
    if (problems.length) throw new KhataError(...problems);
    for (let i = 0; i < rows.length; i += 500) await incl(tx).insertInto('social_action_observation').values(rows.slice(i, i + 500)).execute();
    return { recorded: rows.length, date: at.date, ruleSetVersion: rules.version };
  },
};
