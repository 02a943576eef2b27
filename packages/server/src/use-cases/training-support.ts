import { z } from 'zod';
import { ErrorCode, KhataError, nonEmpty, problem, uuid, type Problem } from '@khata/core';
import { PARTICIPANT_KINDS } from '@khata/core/training';
import { authorizeNode, type Actor } from '../access.ts';
import type { Database } from '../db/pool.ts';
import type { Tx } from '../ledger/post-entry.ts';

/** What the training commands share: the participant shape and its checks, loading an event. */

export const participantSchema = z.strictObject({
  /** The participant row's id (made by the client, like every id). */
  id: uuid,
  kind: z.enum(PARTICIPANT_KINDS),
  memberId: uuid.nullish(),
  cadreId: uuid.nullish(),
  userId: uuid.nullish(),
  /** Staff without a user account, or anyone else: her name. */
  name: nonEmpty(120).nullish(),
  /** The institution she attends for (her SHG by default for a member; a VO whose committee sent her…). */
  institutionId: uuid.nullish(),
});
export type ParticipantInput = z.output<typeof participantSchema>;

export const participantsSchema = z.array(participantSchema).max(500, 'at most 500 participants at a time');

const INSTITUTIONS = new Set(['shg', 'vo', 'clf', 'blf', 'producer_group']);

export interface ParticipantRow {
  id: string;
  kind: ParticipantInput['kind'];
  member_id: string | null;
  cadre_id: string | null;
  user_id: string | null;
  name: string | null;
  institution_id: string | null;
}

/**
 * Checks participants against the records and the caller's reach (a member, cadre or institution outside it reads
 * as not found) and returns the rows to insert. Problems name `<field>.N.<key>`.
 */
export async function resolveParticipants(tx: Tx, actor: Actor, list: readonly ParticipantInput[], field: string, existing: ReadonlyArray<Pick<ParticipantRow, 'member_id' | 'cadre_id' | 'user_id'>> = []): Promise<ParticipantRow[]> {
  const problems: Problem[] = [];
  const rows: ParticipantRow[] = [];
  const seen = { member: new Set(existing.map((e) => e.member_id).filter(Boolean)), cadre: new Set(existing.map((e) => e.cadre_id).filter(Boolean)), user: new Set(existing.map((e) => e.user_id).filter(Boolean)) };
  const ids = new Set<string>();
  const reach = async (nodeId: string) => {
    try {
      await authorizeNode(tx as unknown as Database, actor, nodeId, 'read');
      return true;
    } catch {
      return false;
    }
  };
  for (const [i, p] of list.entries()) {
    const at = (key: string) => `${field}.${i}.${key}`;
    if (ids.has(p.id)) problems.push(problem(ErrorCode.ValidationFailed, at('id'), 'appears twice'));
    ids.add(p.id);
    let institutionId = p.institutionId ?? null;
    let memberId: string | null = null;
    let cadreId: string | null = null;
    let userId: string | null = null;
    let name: string | null = p.name ?? null;
    if (p.kind === 'member') {
      if (!p.memberId) {
        problems.push(problem(ErrorCode.ValidationFailed, at('memberId'), 'is required for a member'));
        continue;
      }
      const m = await tx.selectFrom('member').select(['shg_id', 'status']).where('id', '=', p.memberId).where('organisation_id', '=', actor.organisationId).executeTakeFirst();
      if (!m || !(await reach(m.shg_id))) {
        problems.push(problem(ErrorCode.NotFound, at('memberId'), 'no such member'));
        continue;
      }
      if (seen.member.has(p.memberId)) problems.push(problem(ErrorCode.Conflict, at('memberId'), 'is already a participant'));
      seen.member.add(p.memberId);
      memberId = p.memberId;
      institutionId ??= m.shg_id;
      name = null;
    } else if (p.kind === 'cadre') {
      if (!p.cadreId) {
        problems.push(problem(ErrorCode.ValidationFailed, at('cadreId'), 'is required for a cadre'));
        continue;
      }
      const c = await tx.selectFrom('cadre').select(['node_id', 'member_id']).where('id', '=', p.cadreId).where('organisation_id', '=', actor.organisationId).executeTakeFirst();
      if (!c || !(await reach(c.node_id))) {
        problems.push(problem(ErrorCode.NotFound, at('cadreId'), 'no such cadre'));
        continue;
      }
      if (seen.cadre.has(p.cadreId)) problems.push(problem(ErrorCode.Conflict, at('cadreId'), 'is already a participant'));
      seen.cadre.add(p.cadreId);
      cadreId = p.cadreId;
      memberId = c.member_id;
      if (!institutionId && c.member_id) {
        const m = await tx.selectFrom('member').select('shg_id').where('id', '=', c.member_id).executeTakeFirst();
        institutionId = m?.shg_id ?? null;
      }
      name = null;
    } else if (p.kind === 'staff') {
      if (p.userId) {
        const u = await tx.selectFrom('app_user').select('id').where('id', '=', p.userId).where('organisation_id', '=', actor.organisationId).executeTakeFirst();
        if (!u) {
          problems.push(problem(ErrorCode.NotFound, at('userId'), 'no such user'));
          continue;
        }
        if (seen.user.has(p.userId)) problems.push(problem(ErrorCode.Conflict, at('userId'), 'is already a participant'));
        seen.user.add(p.userId);
        userId = p.userId;
      } else if (!name) {
        problems.push(problem(ErrorCode.ValidationFailed, at('name'), 'give the staff member’s user or name'));
        continue;
      }
    } else if (!name) {
      problems.push(problem(ErrorCode.ValidationFailed, at('name'), 'is required'));
      continue;
    }
    if (institutionId) {
      const n = await tx.selectFrom('node').select('kind').where('id', '=', institutionId).where('organisation_id', '=', actor.organisationId).executeTakeFirst();
      if (!n || !(await reach(institutionId))) {
        problems.push(problem(ErrorCode.NotFound, at('institutionId'), 'no such institution'));
        continue;
      }
      if (!INSTITUTIONS.has(n.kind)) problems.push(problem(ErrorCode.ValidationFailed, at('institutionId'), 'must be an institution (an SHG, a VO, a CLF…)'));
    }
    rows.push({ id: p.id, kind: p.kind, member_id: memberId, cadre_id: cadreId, user_id: userId, name, institution_id: institutionId });
  }
  if (problems.length) throw new KhataError(...problems);
  return rows;
}

export async function insertParticipants(tx: Tx, organisationId: number, eventId: string, rows: readonly ParticipantRow[], commandId: string): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insertInto('training_participant')
    .values(rows.map((r) => ({ ...r, organisation_id: organisationId, event_id: eventId, completed: null, attended_days: null, training_record_id: null, command_id: commandId })))
    .execute();
}

/** An event of the caller's organisation, row-locked (its commands run one after the other); NotFound naming `field`. */
export async function loadEvent(tx: Tx, organisationId: number, eventId: string, field = 'eventId') {
  const row = await tx.selectFrom('training_event').selectAll().where('id', '=', eventId).where('organisation_id', '=', organisationId).forUpdate().executeTakeFirst();
  if (!row) throw new KhataError(problem(ErrorCode.NotFound, field, 'no such training event'));
  return row;
}

export async function eventNode(tx: Tx, eventId: string): Promise<string> {
  const row = await tx.selectFrom('training_event').select('node_id').where('id', '=', eventId).executeTakeFirst();
  if (!row) throw new KhataError(problem(ErrorCode.NotFound, 'eventId', 'no such training event'));
  return row.node_id;
}

export function refuseIfCompleted(event: { status: string }, field = 'eventId'): void {
  if (event.status === 'completed') throw new KhataError(problem(ErrorCode.Conflict, field, 'the event is completed: its participants and attendance are final'));
}
