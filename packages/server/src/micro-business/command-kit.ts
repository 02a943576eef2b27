import { sql } from 'kysely';
import { z } from 'zod';
import { ErrorCode, KhataError, problem, type Problem } from '@khata/core';
import type { Actor } from '../access.ts';
import type { Tx } from '../ledger/post-entry.ts';
import { todayIn } from '../business-date.ts';
import { requireAssignedCase, requirePartnerRunner, caseForRunner, type CaseRow, type PartnerRow } from './need-to-know.ts';

/** Free text of a case record: trimmed, bounded. */
export const text = (max: number) => z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`);
export const optionalText = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`).nullish().transform((v) => (v ? v : null));

/** `authorize` for a command on one case: only a user assigned to the case today; recorded at the partner's node. */
export const assignedCase = async (tx: Tx, actor: Actor, payload: { caseId: string }): Promise<string> => (await requireAssignedCase(tx, actor, payload.caseId)).partner.node_id;

/** `authorize` for a command that runs a partner's programme (its programme managers, its node's administrators). */
export const partnerRunner = async (tx: Tx, actor: Actor, payload: { partnerId: string }): Promise<string> => (await requirePartnerRunner(tx, actor, payload.partnerId)).node_id;

/** `authorize` for a runner's command on a case (assignment): recorded at the partner's node. */
export const caseRunner = async (tx: Tx, actor: Actor, payload: { caseId: string }): Promise<string> => (await caseForRunner(tx, actor, payload.caseId)).partner.node_id;

export async function assignedCaseIn(tx: Tx, actor: Actor, caseId: string): Promise<CaseRow & { partner: PartnerRow }> {
  return requireAssignedCase(tx, actor, caseId);
}

/** Problems with a date of a case record: not before the case was opened, not in the future. */
export function caseDateProblems(c: { opened_on: string }, date: string, field: string): Problem[] {
  if (date < c.opened_on) return [problem(ErrorCode.ValidationFailed, field, 'cannot be before the case was opened')];
  if (date > todayIn()) return [problem(ErrorCode.ValidationFailed, field, 'cannot be in the future')];
  return [];
}

export function refuse(problems: Problem[]): void {
  if (problems.length) throw new KhataError(...problems);
}

/** The user, when they hold the case-worker role of the partner on `on`. */
export async function isCaseWorker(tx: Tx, partnerId: string, userId: string, on: string): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from mb_programme_role
     where partner_id = ${partnerId} and user_id = ${userId} and role = 'case-worker'
       and from_date <= ${on} and (to_date is null or to_date >= ${on})`.execute(tx);
  return (rows[0]?.n ?? 0) > 0;
}
