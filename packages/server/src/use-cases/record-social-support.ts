import { sql } from 'kysely';
import { z } from 'zod';
import { ErrorCode, isoDate, KhataError, problem, uuid } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';
import { assignedCase, assignedCaseIn, caseDateProblems, refuse, text } from '../micro-business/command-kit.ts';

export const SUPPORT_KINDS = ['family', 'shg', 'community', 'panchayat', 'police', 'ngo', 'government', 'buyer', 'supplier', 'other'] as const;

export const recordSocialSupportSchema = z
  .strictObject({
    /** The same id again updates the entry (e.g. sets `until` when the support ends). */
    supportId: uuid,
    caseId: uuid,
    kind: z.enum(SUPPORT_KINDS),
    /** Who (a role rather than a name where possible: "elder sister", "SHG president", "ward member"). */
    stakeholder: text(120),
    support: text(500),
    since: isoDate,
    until: isoDate.nullish(),
  })
  .refine((p) => !p.until || p.until >= p.since, { path: ['until'], message: 'cannot be before the start' });
export type RecordSocialSupport = z.output<typeof recordSocialSupportSchema>;

/** Social support and stakeholders around her business: who stands by it and how (the social support map). */
export const recordSocialSupport: CommandHandler<RecordSocialSupport, { supportId: string }> = {
  type: 'record-social-support',
  schema: recordSocialSupportSchema,
  permission: 'write',
  nodeOf: async () => '',
  authorize: assignedCase,
  apply: async (tx, ctx, p) => {
    const c = await assignedCaseIn(tx, ctx.actor, p.caseId);
    refuse(caseDateProblems(c, p.since < c.opened_on ? c.opened_on : p.since, 'since'));
    const { rows } = await sql<{ case_id: string }>`select case_id from mb_support where id = ${p.supportId}`.execute(tx);
    if (rows[0] && rows[0].case_id !== p.caseId) throw new KhataError(problem(ErrorCode.Conflict, 'supportId', 'this id belongs to another record'));
    await sql`insert into mb_support (id, organisation_id, case_id, kind, stakeholder, support, since, until)
              values (${p.supportId}, ${ctx.actor.organisationId}, ${p.caseId}, ${p.kind}, ${p.stakeholder}, ${p.support}, ${p.since}, ${p.until ?? null})
              on conflict (id) do update set kind = excluded.kind, stakeholder = excluded.stakeholder, support = excluded.support,
                                             since = excluded.since, until = excluded.until`.execute(tx);
    return { supportId: p.supportId };
  },
};
