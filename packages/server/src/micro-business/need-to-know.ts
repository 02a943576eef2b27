import { sql } from 'kysely';
import { ErrorCode, KhataError, problem } from '@khata/core';
import type { ProgrammeCurrency } from '@khata/core/business-plan';
import { allows, type Actor } from '../access.ts';
import type { Database } from '../db/pool.ts';
import type { Tx } from '../ledger/post-entry.ts';
import { todayIn } from '../business-date.ts';
import { decrypt, encrypt } from '../secrets.ts';
import { serverContext } from '../server-context.ts';

/*
 * Need-to-know access to the micro-business programme (survivors of trafficking). The rules, in one place:
 *
 * - A case (the participant's identity, plan, risks, support, workshops, visits, results) is read and written ONLY
 *   by a user with an assignment to that case in force today (mb_case_assignment, from/to dates). Not through the
 *   organisation tree: an organisation administrator, a district manager or an auditor reaches no case by their
 *   role. Anyone else gets 404, so nobody learns that a case exists.
 * - A partner's programme managers and the administrators of the partner's node (tree role with `administer`)
 *   run the programme: they grant programme roles, open cases for a case worker, assign and end assignments, and
 *   see the minimum needed to assign: each case's code, status, dates and its assigned workers' names — never the
 *   participant's name, contacts, story or business figures. Reading those needs an assignment, for them too.
 * - Tree readers at or above the partner's node see only the programme's aggregate counts, small cells suppressed.
 * - Every read of a case through the API writes an audit row (who, which case id, when, what was read); case ids
 *   are pseudonymous, names never go to the audit log, the server's log, a URL or an error message.
 */

export type ProgrammeRole = 'case-worker' | 'programme-manager';

export interface PartnerRow {
  id: string;
  organisation_id: number;
  node_id: string;
  node_path: string;
  name: string;
  code: string;
  country: string;
  currency: ProgrammeCurrency;
}

export interface CaseRow {
  id: string;
  partner_id: string;
  code: string;
  status: string;
  opened_on: string;
  closed_on: string | null;
  closing_reason: string | null;
  business_kind: string | null;
  identity_sealed: Buffer;
}

type Db = Database | Tx;

const notFound = () => new KhataError(problem(ErrorCode.NotFound, undefined, 'not found'));

export async function loadPartner(db: Db, actor: Actor, partnerId: string): Promise<PartnerRow | null> {
  const { rows } = await sql<PartnerRow>`
    select p.id, p.organisation_id, p.node_id, n.path as node_path, p.name, p.code, p.country, p.currency
      from mb_partner p join node n on n.id = p.node_id
     where p.id = ${partnerId} and p.organisation_id = ${actor.organisationId}`.execute(db);
  return rows[0] ?? null;
}

/** The actor's programme roles in force on `on` (today by default). */
export async function programmeRolesOf(db: Db, actor: Actor, on = todayIn()): Promise<Array<{ partnerId: string; role: ProgrammeRole }>> {
  const { rows } = await sql<{ partner_id: string; role: ProgrammeRole }>`
    select distinct partner_id, role from mb_programme_role
     where user_id = ${actor.userId} and organisation_id = ${actor.organisationId}
       and from_date <= ${on} and (to_date is null or to_date >= ${on})`.execute(db);
  return rows.map((r) => ({ partnerId: r.partner_id, role: r.role }));
}

export async function hasProgrammeRole(db: Db, actor: Actor, partnerId: string, role: ProgrammeRole, on = todayIn()): Promise<boolean> {
  return (await programmeRolesOf(db, actor, on)).some((r) => r.partnerId === partnerId && r.role === role);
}

/**
 * The partner, for someone who runs its programme: a programme manager of it, or an administrator of its node.
 * Someone who cannot even see the partner gets 404; someone who can (a tree reader, a case worker) but does not
 * run it gets 403.
 */
export async function requirePartnerRunner(db: Db, actor: Actor, partnerId: string): Promise<PartnerRow> {
  const partner = await loadPartner(db, actor, partnerId);
  if (!partner) throw notFound();
  const roles = (await programmeRolesOf(db, actor)).filter((r) => r.partnerId === partnerId);
  if (roles.some((r) => r.role === 'programme-manager') || allows(actor, partner.node_path, 'administer')) return partner;
  if (roles.length > 0 || allows(actor, partner.node_path, 'read')) {
    throw new KhataError(problem(ErrorCode.Forbidden, undefined, 'only the programme’s managers and administrators can do this'));
  }
  throw notFound();
}

/** The partner for a reader of its aggregate report: a tree reader at or above its node, or any programme role of it. */
export async function requirePartnerReader(db: Db, actor: Actor, partnerId: string): Promise<PartnerRow> {
  const partner = await loadPartner(db, actor, partnerId);
  if (!partner) throw notFound();
  if (allows(actor, partner.node_path, 'read')) return partner;
  if ((await programmeRolesOf(db, actor)).some((r) => r.partnerId === partnerId)) return partner;
  throw notFound();
}

/** The case, when the actor is assigned to it today; otherwise 404 (whoever they are in the tree). */
export async function requireAssignedCase(db: Db, actor: Actor, caseId: string, on = todayIn()): Promise<CaseRow & { partner: PartnerRow }> {
  const { rows } = await sql<CaseRow>`
    select c.id, c.partner_id, c.code, c.status, c.opened_on, c.closed_on, c.closing_reason, c.business_kind, c.identity_sealed
      from mb_case c
     where c.id = ${caseId} and c.organisation_id = ${actor.organisationId}
       and exists (select 1 from mb_case_assignment a
                    where a.case_id = c.id and a.user_id = ${actor.userId}
                      and a.from_date <= ${on} and (a.to_date is null or a.to_date >= ${on}))`.execute(db);
  const row = rows[0];
  if (!row) throw notFound();
  const partner = await loadPartner(db, actor, row.partner_id);
  if (!partner) throw notFound();
  return { ...row, partner };
}

/** The case for its partner's runners (metadata only: the caller must not read identity from it). */
export async function caseForRunner(db: Db, actor: Actor, caseId: string): Promise<{ caseRow: Omit<CaseRow, 'identity_sealed'>; partner: PartnerRow }> {
  const { rows } = await sql<Omit<CaseRow, 'identity_sealed'>>`
    select id, partner_id, code, status, opened_on, closed_on, closing_reason, business_kind
      from mb_case where id = ${caseId} and organisation_id = ${actor.organisationId}`.execute(db);
  const row = rows[0];
  if (!row) throw notFound();
  let partner: PartnerRow;
  try {
    partner = await requirePartnerRunner(db, actor, row.partner_id);
  } catch (error) {
    // A case that the caller may not manage does not exist for them.
    if (error instanceof KhataError) throw notFound();
    throw error;
  }
  return { caseRow: row, partner };
}

/** One audit row per read of a case (ids and what was read only: never names). */
export async function logCaseRead(db: Db, actor: Actor, caseIds: readonly string[], action: string, nodeId: string | null = null): Promise<void> {
  if (caseIds.length === 0) return;
  await db
    .insertInto('audit_log')
    .values(caseIds.map((id) => ({ organisation_id: actor.organisationId, user_id: actor.userId, action, node_id: nodeId, target_id: id, command_id: null, detail: JSON.stringify({ case: id }) })))
    .execute();
}

// ---------------------------------------------------------------------------------------------------------------
// Identifying fields, encrypted at rest
// ---------------------------------------------------------------------------------------------------------------

export interface ParticipantIdentity {
  name: string;
  phone: string | null;
  address: string | null;
  /** Identity documents as the partner records them (Aadhaar, NID, citizenship certificate…). */
  identityNumbers: Array<{ kind: string; number: string }>;
  /** Her story, in her words or the social worker's. */
  story: string | null;
}

export function sealIdentity(identity: ParticipantIdentity): Buffer {
  return encrypt(serverContext().secretKey, JSON.stringify(identity));
}

export function openIdentity(sealed: Buffer): ParticipantIdentity {
  return JSON.parse(decrypt(serverContext().secretKey, sealed)) as ParticipantIdentity;
}

export function sealText(text: string): Buffer {
  return encrypt(serverContext().secretKey, text);
}

export function openText(sealed: Buffer): string {
  return decrypt(serverContext().secretKey, sealed);
}
