import { sql, type Kysely, type Transaction } from 'kysely';
import { chartTemplate, ErrorCode, KhataError, problem, type Problem } from '@khata/core';
import type { InstitutionKind, MoneyAccount, TwoSidedPlan } from '@khata/core/federation';
import { authorizeNode } from '../access.ts';
import type { CommandContext } from '../commands/apply-command.ts';
import type { Database } from '../db/pool.ts';
import type { DB } from '../db/schema.ts';
import { postEntry, type Tx } from '../ledger/post-entry.ts';

/**
 * What the federation use cases share: the tables of migration 040 as Kysely sees them, the two institutions of
 * a movement opened for writing (access checked on both, rows locked in one order), their business-date and
 * money checks, and posting one movement in both books under one transfer id.
 */

type Json = import('kysely').JSONColumnType<any, any, any>;
type DefaultNow = import('kysely').ColumnType<Date, Date | string | undefined, never>;
type Defaulted<T> = import('kysely').ColumnType<T, T | undefined, T>;

export interface FederationTables {
  federation: {
    node_id: string;
    organisation_id: number;
    level: 'vo' | 'clf' | 'blf';
    formed_on: string;
    registered_as: string | null;
    registration_number: string | null;
    status: Defaulted<string>;
  };
  federation_membership: {
    id: string;
    organisation_id: number;
    federation_id: string;
    member_node_id: string;
    since: string;
    until: string | null;
    share_capital_paise: number;
    membership_fee_paise: number;
    transfer_id: string | null;
    command_id: string | null;
    /** 050: leaving — the refund movement, why, and the command. */
    left_transfer_id: Defaulted<string | null>;
    leaving_reason: Defaulted<string | null>;
    leaving_command_id: Defaulted<string | null>;
  };
  federation_ec_member: {
    id: string;
    organisation_id: number;
    federation_id: string;
    person_id: string;
    represents_node_id: string;
    role: 'representative' | 'president' | 'vice-president' | 'secretary' | 'treasurer';
    from_date: string;
    to_date: string | null;
  };
  federation_sub_committee: {
    id: string;
    organisation_id: number;
    federation_id: string;
    name: string;
    purpose: string | null;
    formed_on: string;
    dissolved_on: string | null;
  };
  federation_sub_committee_member: {
    sub_committee_id: string;
    person_id: string;
    organisation_id: number;
    role: 'convenor' | 'member';
  };
  federation_meeting: {
    id: string;
    organisation_id: number;
    federation_id: string;
    kind: 'ec' | 'gb';
    date: string;
    place: string | null;
    minutes: string | null;
    decisions: Json;
    command_id: string;
    recorded_at: DefaultNow;
  };
  federation_meeting_attendance: {
    meeting_id: string;
    person_id: string;
    organisation_id: number;
    represents_node_id: string;
  };
  fund_transfer: {
    id: string;
    organisation_id: number;
    kind: 'grant' | 'membership' | 'membership-refund' | 'loan' | 'repayment' | 'meeting-receipt';
    fund: string | null;
    from_entity_id: number;
    to_entity_id: number;
    amount_paise: number;
    business_date: string;
    loan_id: string | null;
    meeting_id: string | null;
    detail: Json;
    command_id: string | null;
    created_at: DefaultNow;
    /** 050: the rule set version the movement was checked against (null id: the built-in defaults), its approval. */
    rule_set_id: Defaulted<string | null>;
    rule_set_version: Defaulted<number | null>;
    approval_id: Defaulted<string | null>;
  };
  institution_loan: {
    id: string;
    organisation_id: number;
    fund: 'cif' | 'vrf';
    lender_entity_id: number;
    borrower_entity_id: number;
    lender_loan_id: string;
    funded_by: string | null;
    pass_up_percent: Defaulted<string>;
    on_lending_pass_up_percent: Defaulted<string>;
    beneficiary_member_id: string | null;
    transfer_id: string;
  };
}
export type FedDB = DB & FederationTables;

/** The same transaction, seeing the federation tables too. */
export const fed = (tx: Tx): Transaction<FedDB> => tx as unknown as Transaction<FedDB>;
export const fedRead = (db: Database | Tx): Kysely<FedDB> => db as unknown as Kysely<FedDB>;

/** An institution whose books a movement writes. */
export interface Institution {
  nodeId: string;
  kind: InstitutionKind;
  name: string;
  code: string;
  path: string;
  entityId: number;
  organisationId: number;
  /** The day it was formed (an SHG or a federation); null for the organisation. */
  formedOn: string | null;
  lockedThrough: string | null;
}

const INSTITUTION = new Set(['organisation', 'shg', 'vo', 'clf', 'blf']);

/** An institution's node, entity and dates; NotFound (naming `field`) when the node keeps no such books. */
export async function loadInstitution(tx: Tx, organisationId: number, nodeId: string, field: string): Promise<Institution> {
  const row = await fed(tx)
    .selectFrom('node as n')
    .innerJoin('entity as e', 'e.node_id', 'n.id')
    .leftJoin('shg as s', 's.node_id', 'n.id')
    .leftJoin('federation as f', 'f.node_id', 'n.id')
    .leftJoin('period_lock as p', 'p.entity_id', 'e.id')
    .select(['n.id', 'n.kind', 'n.name', 'n.code', 'n.path', 'e.id as entity_id', 'e.organisation_id', 's.formed_on as shg_formed_on', 'f.formed_on as federation_formed_on', 'p.locked_through'])
    .where('n.id', '=', nodeId)
    .where('n.organisation_id', '=', organisationId)
    .executeTakeFirst();
  if (!row || !INSTITUTION.has(row.kind) || (row.kind !== 'organisation' && row.kind !== 'shg' && row.federation_formed_on === null)) {
    throw new KhataError(problem(ErrorCode.NotFound, field, 'no such institution'));
  }
  return {
    nodeId: row.id,
    kind: row.kind as InstitutionKind,
    name: row.name,
    code: row.code,
    path: row.path,
    entityId: row.entity_id,
    organisationId: row.organisation_id,
    formedOn: row.shg_formed_on ?? row.federation_formed_on ?? null,
    lockedThrough: row.locked_through ?? null,
  };
}

/**
 * The two institutions of a movement. The command's own node was authorised by apply-command; the other one is
 * authorised here the same way (out of reach reads as not found). Both rows are then locked in one order (an
 * SHG's row, as its meetings lock it; a federation's row; the organisation's entity), so that two movements or
 * a meeting and a movement on the same books run one after the other and their money checks see each other.
 */
export async function openPair(tx: Tx, ctx: CommandContext, a: { nodeId: string; field: string }, b: { nodeId: string; field: string }): Promise<[Institution, Institution]> {
  if (a.nodeId === b.nodeId) throw new KhataError(problem(ErrorCode.ValidationFailed, b.field, 'a movement needs two different institutions'));
  await authorizeNode(tx as unknown as Database, ctx.actor, a.nodeId, 'write');
  await authorizeNode(tx as unknown as Database, ctx.actor, b.nodeId, 'write');
  const first = await loadInstitution(tx, ctx.actor.organisationId, a.nodeId, a.field);
  const second = await loadInstitution(tx, ctx.actor.organisationId, b.nodeId, b.field);
  for (const inst of [first, second].sort((x, y) => (x.nodeId < y.nodeId ? -1 : 1))) await lockBooks(tx, inst);
  await ensureChart(tx, first);
  await ensureChart(tx, second);
  return [first, second];
}

export async function lockBooks(tx: Tx, inst: Institution): Promise<void> {
  if (inst.kind === 'shg') await tx.selectFrom('shg').select('node_id').where('node_id', '=', inst.nodeId).forUpdate().execute();
  else if (inst.kind === 'organisation') await tx.selectFrom('entity').select('id').where('id', '=', inst.entityId).forUpdate().execute();
  else await fed(tx).selectFrom('federation').select('node_id').where('node_id', '=', inst.nodeId).forUpdate().execute();
}

/**
 * A federation created before its template grew lacks the newer accounts: add whatever the template has and the
 * chart does not (charts only grow). The SHG and organisation templates are not touched.
 */
export async function ensureChart(tx: Tx, inst: Institution): Promise<void> {
  if (inst.kind !== 'vo' && inst.kind !== 'clf' && inst.kind !== 'blf') return;
  const accounts = chartTemplate(inst.kind);
  await sql`
    insert into account (organisation_id, entity_id, path, kind)
    select ${inst.organisationId}, ${inst.entityId}, t.path, t.kind
      from unnest(${accounts.map((a) => a.path)}::text[], ${accounts.map((a) => a.kind)}::text[]) as t(path, kind)
    on conflict (entity_id, path) do nothing`.execute(tx);
}

/** A business date for money moving in an institution's books: not before it was formed, not in a closed period. */
export function dateProblems(inst: Institution, date: string, field = 'date'): Problem[] {
  const problems: Problem[] = [];
  if (inst.formedOn && date < inst.formedOn) {
    problems.push(problem(ErrorCode.DateBeforeFormation, field, `is before ${inst.name} was formed`, { formedOn: inst.formedOn }));
  }
  if (inst.lockedThrough && date <= inst.lockedThrough) {
    problems.push(problem(ErrorCode.PeriodLocked, field, `falls in a closed period of ${inst.name}’s books`, { lockedThrough: inst.lockedThrough }));
  }
  return problems;
}

/** Signed balance of one account of an entity (all dates), optionally of one loan. */
export async function balanceOfAccount(tx: Tx | Database, entityId: number, path: string, loanId?: string): Promise<number> {
  if (loanId) {
    const row = await tx
      .selectFrom('loan_balance as b')
      .innerJoin('account as a', 'a.id', 'b.account_id')
      .select('b.balance_paise')
      .where('a.entity_id', '=', entityId)
      .where('a.path', '=', path)
      .where('b.loan_id', '=', loanId)
      .executeTakeFirst();
    return row ? Number(row.balance_paise) : 0;
  }
  const row = await tx
    .selectFrom('account_period_balance as p')
    .innerJoin('account as a', 'a.id', 'p.account_id')
    .select(sql<string>`coalesce(sum(p.debit_paise - p.credit_paise), 0)`.as('balance'))
    .where('a.entity_id', '=', entityId)
    .where('a.path', '=', path)
    .executeTakeFirstOrThrow();
  return Number(row.balance);
}

/**
 * The payer must hold the money in the account it pays from. Not checked for the promoting organisation: its
 * own books are mostly kept elsewhere, and what it releases is recorded here as programme expenditure.
 */
export async function moneyProblems(tx: Tx, payer: Institution, via: MoneyAccount, amountPaise: number, field: string): Promise<Problem[]> {
  if (payer.kind === 'organisation') return [];
  const available = await balanceOfAccount(tx, payer.entityId, via === 'bank' ? 'assets:bank' : 'assets:cash');
  if (available >= amountPaise) return [];
  return [
    problem(via === 'bank' ? ErrorCode.InsufficientBank : ErrorCode.InsufficientCash, field, `${payer.name} has ${via === 'bank' ? 'too little in the bank' : 'too little cash'} for this`, {
      availablePaise: available,
    }),
  ];
}

export interface TransferRecord {
  id: string;
  kind: FederationTables['fund_transfer']['kind'];
  fund: string | null;
  amountPaise: number;
  date: string;
  loanId?: string | null;
  meetingId?: string | null;
  detail?: Record<string, unknown>;
  /** The rule set version that allowed it (version 0, id null: the built-in defaults). */
  ruleSet?: { id: string | null; version: number };
  /** The approval request (maker–checker) it carries out. */
  approvalId?: string | null;
}

/** Writes a movement: its fund_transfer row and both entries, each in its own books, under one transfer id. */
export async function postTwoSided(
  tx: Tx,
  ctx: CommandContext,
  plan: TwoSidedPlan,
  from: Institution,
  to: Institution,
  transfer: TransferRecord,
  sourceType: string,
  narration: { from: string; to: string },
): Promise<{ fromEntryId: number; toEntryId: number }> {
  await insertTransfer(tx, ctx, from, to, transfer);
  const post = (inst: Institution, lines: TwoSidedPlan['from'], text: string) =>
    postEntry(tx, {
      organisationId: inst.organisationId,
      entityId: inst.entityId,
      businessDate: transfer.date,
      narration: text,
      sourceType,
      lines: lines.map((l) => ({ accountPath: l.accountPath, amountPaise: l.amountPaise, memberId: l.memberId ?? null, loanId: l.loanId ?? null })),
      commandId: ctx.commandId,
      transferId: transfer.id,
    });
  const fromEntryId = await post(from, plan.from, narration.from);
  const toEntryId = await post(to, plan.to, narration.to);
  return { fromEntryId, toEntryId };
}

export async function insertTransfer(tx: Tx, ctx: CommandContext, from: Institution, to: Institution, transfer: TransferRecord): Promise<void> {
  const exists = await fed(tx).selectFrom('fund_transfer').select('id').where('id', '=', transfer.id).executeTakeFirst();
  if (exists) throw new KhataError(problem(ErrorCode.Conflict, 'transferId', 'a movement with this id already exists'));
  await fed(tx)
    .insertInto('fund_transfer')
    .values({
      id: transfer.id,
      organisation_id: from.organisationId,
      kind: transfer.kind,
      fund: transfer.fund,
      from_entity_id: from.entityId,
      to_entity_id: to.entityId,
      amount_paise: transfer.amountPaise,
      business_date: transfer.date,
      loan_id: transfer.loanId ?? null,
      meeting_id: transfer.meetingId ?? null,
      detail: JSON.stringify(transfer.detail ?? {}),
      command_id: ctx.commandId,
      ...(transfer.ruleSet ? { rule_set_id: transfer.ruleSet.id, rule_set_version: transfer.ruleSet.version } : {}),
      ...(transfer.approvalId ? { approval_id: transfer.approvalId } : {}),
    })
    .execute();
}

/** The live membership of `memberNodeId` in `federationId` on `date`, if any. */
export async function membershipOn(tx: Tx | Database, federationId: string, memberNodeId: string, date: string) {
  return fedRead(tx)
    .selectFrom('federation_membership')
    .selectAll()
    .where('federation_id', '=', federationId)
    .where('member_node_id', '=', memberNodeId)
    .where('since', '<=', date)
    .where((eb) => eb.or([eb('until', 'is', null), eb('until', '>=', date)]))
    .executeTakeFirst();
}

export function refuse(problems: Problem[]): void {
  if (problems.length) throw new KhataError(...problems);
}

/** A federation's own row (level, formation date); NotFound naming `field` when the node is not a federation. */
export async function loadFederation(tx: Tx | Database, federationId: string, field = 'federationId') {
  const row = await fedRead(tx).selectFrom('federation').selectAll().where('node_id', '=', federationId).executeTakeFirst();
  if (!row) throw new KhataError(problem(ErrorCode.NotFound, field, 'no such federation'));
  return row;
}

/**
 * Whether a woman belongs to a federation's general body on a date, and through which member institution: in a
 * VO, through her SHG (a member of the VO); in a CLF (BLF), as an EC member of a member VO (CLF) — the levels
 * above the VO are made of representatives. Returns the member institution she comes through, or null.
 */
export async function memberInstitutionOf(tx: Tx | Database, federation: { node_id: string; level: string }, personId: string, date: string): Promise<string | null> {
  const db = fedRead(tx);
  if (federation.level === 'vo') {
    const row = await db
      .selectFrom('member as m')
      .innerJoin('federation_membership as fm', 'fm.member_node_id', 'm.shg_id')
      .select('m.shg_id')
      .where('m.id', '=', personId)
      .where('m.status', '=', 'active')
      .where('fm.federation_id', '=', federation.node_id)
      .where('fm.since', '<=', date)
      .where((eb) => eb.or([eb('fm.until', 'is', null), eb('fm.until', '>=', date)]))
      .executeTakeFirst();
    return row?.shg_id ?? null;
  }
  const row = await db
    .selectFrom('federation_ec_member as ec')
    .innerJoin('federation_membership as fm', 'fm.member_node_id', 'ec.federation_id')
    .select('ec.federation_id')
    .where('ec.person_id', '=', personId)
    .where('ec.from_date', '<=', date)
    .where((eb) => eb.or([eb('ec.to_date', 'is', null), eb('ec.to_date', '>=', date)]))
    .where('fm.federation_id', '=', federation.node_id)
    .where('fm.since', '<=', date)
    .where((eb) => eb.or([eb('fm.until', 'is', null), eb('fm.until', '>=', date)]))
    .executeTakeFirst();
  return row?.federation_id ?? null;
}

/** Whether `nodeId` is a member of `federationId` on `date`, directly or through a member federation (up to a BLF). */
export async function withinFederation(tx: Tx | Database, federationId: string, nodeId: string, date: string): Promise<boolean> {
  let current = nodeId;
  for (let depth = 0; depth < 3; depth++) {
    const row = await fedRead(tx)
      .selectFrom('federation_membership')
      .select('federation_id')
      .where('member_node_id', '=', current)
      .where('since', '<=', date)
      .where((eb) => eb.or([eb('until', 'is', null), eb('until', '>=', date)]))
      .executeTakeFirst();
    if (!row) return false;
    if (row.federation_id === federationId) return true;
    current = row.federation_id;
  }
  return false;
}

/**
 * A loan between institutions with both its loan rows, or UnknownLoan naming `field`. Not locked here: its rows
 * change only under the locks of the two institutions' books (openPair), taken in one order with the meetings'.
 */
export async function loadInstitutionLoan(tx: Tx, loanId: string, field = 'loanId') {
  const link = await fed(tx).selectFrom('institution_loan').selectAll().where('id', '=', loanId).executeTakeFirst();
  if (!link) throw new KhataError(problem(ErrorCode.UnknownLoan, field, 'is not a loan between institutions'));
  const rows = await tx.selectFrom('loan').selectAll().where('id', 'in', [link.id, link.lender_loan_id]).execute();
  const borrowerRow = rows.find((r) => r.id === link.id)!;
  const lenderRow = rows.find((r) => r.id === link.lender_loan_id)!;
  const nodes = await tx.selectFrom('entity').select(['id', 'node_id']).where('id', 'in', [link.lender_entity_id, link.borrower_entity_id]).execute();
  const nodeOf = (entityId: number) => nodes.find((n) => n.id === entityId)!.node_id;
  return { link, borrowerRow, lenderRow, lenderNodeId: nodeOf(link.lender_entity_id), borrowerNodeId: nodeOf(link.borrower_entity_id) };
}

/**
 * What a federation holds for its lender on one loan: the pass-up share of the interest its own members paid on
 * loans lent on from it, less what it has paid up already (the payable's lines carry the loans they arose on).
 */
export async function payableHeldFor(tx: Tx | Database, link: { id: string; borrower_entity_id: number }): Promise<number> {
  const row = await sql<{ balance: string }>`
    select coalesce(sum(l.amount_paise), 0) as balance
      from journal_line l join account a on a.id = l.account_id
     where a.entity_id = ${link.borrower_entity_id} and a.path = 'liabilities:interest-payable:cif'
       and (l.loan_id = ${link.id} or l.loan_id in (select lender_loan_id from institution_loan where funded_by = ${link.id}))`.execute(tx);
  return -Number(row.rows[0]?.balance ?? 0);
}

/** Marks a loan row closed once its principal position (on its own side) is zero. */
export async function closeIfRepaid(tx: Tx, loanRowId: string, entityId: number, principalPath: string): Promise<boolean> {
  const left = await balanceOfAccount(tx, entityId, principalPath, loanRowId);
  if (left !== 0) return false;
  await tx.updateTable('loan').set({ status: 'closed' }).where('id', '=', loanRowId).where('status', '=', 'open').execute();
  return true;
}
