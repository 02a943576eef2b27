import { sql } from 'kysely';
import { z } from 'zod';
import { ErrorCode, isoDate, KhataError, problem, uuid } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';
import { allows } from '../access.ts';
import { todayIn } from '../business-date.ts';
import { isCaseWorker, optionalText, text } from '../micro-business/command-kit.ts';
import { loadPartner, programmeRolesOf, sealIdentity } from '../micro-business/need-to-know.ts';

/** The participant's identifying fields: stored only encrypted, shown only to the people assigned to her case. */
export const participantSchema = z.strictObject({
  name: text(120),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 -]{6,20}$/, 'must be a phone number (digits, spaces, dashes, a leading +)')
    .nullish()
    .or(z.literal('').transform(() => null))
    .transform((v) => v ?? null),
  address: optionalText(300),
  identityNumbers: z.array(z.strictObject({ kind: text(40), number: text(40) })).max(5).default([]),
  story: optionalText(5000),
});

export const openCaseSchema = z.strictObject({
  caseId: uuid,
  assignmentId: uuid,
  partnerId: uuid,
  openedOn: isoDate,
  /** The case worker the case is assigned to; the one opening it when she is a case worker herself. */
  caseWorkerId: uuid.optional(),
  /** The kind of business in a few words (tailoring, a tea stall): no names. */
  businessKind: optionalText(80),
  participant: participantSchema,
});
export type OpenCase = z.output<typeof openCaseSchema>;

/**
 * Enrols a participant: a case with a pseudonymous code (<partner code>-0001…), her identifying fields sealed, and
 * its first assignment to a case worker from the day it opens. Opened by a case worker of the partner (assigned to
 * herself) or by one who runs the programme for a named case worker. The answer carries ids and the code only.
 */
export const openCase: CommandHandler<OpenCase, { caseId: string; code: string; assignmentId: string }> = {
  type: 'open-case',
  schema: openCaseSchema,
  permission: 'write',
  nodeOf: async () => '',
  authorize: async (tx, actor, p) => {
    const partner = await loadPartner(tx, actor, p.partnerId);
    if (!partner) throw new KhataError(problem(ErrorCode.NotFound, undefined, 'not found'));
    const roles = (await programmeRolesOf(tx, actor)).filter((r) => r.partnerId === p.partnerId);
    const runs = roles.some((r) => r.role === 'programme-manager') || allows(actor, partner.node_path, 'administer');
    const works = roles.some((r) => r.role === 'case-worker');
    if (runs || (works && (p.caseWorkerId === undefined || p.caseWorkerId === actor.userId))) return partner.node_id;
    if (roles.length || allows(actor, partner.node_path, 'read')) {
      throw new KhataError(problem(ErrorCode.Forbidden, undefined, 'only the programme’s case workers and managers can open a case'));
    }
    throw new KhataError(problem(ErrorCode.NotFound, undefined, 'not found'));
  },
  apply: async (tx, ctx, p) => {
    if (p.openedOn > todayIn()) throw new KhataError(problem(ErrorCode.ValidationFailed, 'openedOn', 'cannot be in the future'));
    const worker = p.caseWorkerId ?? ctx.actor.userId;
    if (!(await isCaseWorker(tx, p.partnerId, worker, p.openedOn))) {
      throw new KhataError(problem(ErrorCode.ValidationFailed, p.caseWorkerId ? 'caseWorkerId' : undefined, 'the case must go to a case worker of this programme on the day it opens'));
    }
    // One code after the other per partner: the partner row is locked while the next number is taken.
    const partner = await sql<{ code: string }>`select code from mb_partner where id = ${p.partnerId} for update`.execute(tx);
    const next = await sql<{ n: number }>`select count(*)::int + 1 as n from mb_case where partner_id = ${p.partnerId}`.execute(tx);
    const code = `${partner.rows[0]!.code}-${String(next.rows[0]!.n).padStart(4, '0')}`;
    await sql`insert into mb_case (id, organisation_id, partner_id, code, status, opened_on, business_kind, identity_sealed)
              values (${p.caseId}, ${ctx.actor.organisationId}, ${p.partnerId}, ${code}, 'enrolled', ${p.openedOn}, ${p.businessKind}, ${sealIdentity(p.participant)})`.execute(tx);
    await sql`insert into mb_case_assignment (id, organisation_id, case_id, user_id, from_date, to_date, assigned_by)
              values (${p.assignmentId}, ${ctx.actor.organisationId}, ${p.caseId}, ${worker}, ${p.openedOn}, null, ${ctx.actor.userId})`.execute(tx);
    return { caseId: p.caseId, code, assignmentId: p.assignmentId };
  },
};
