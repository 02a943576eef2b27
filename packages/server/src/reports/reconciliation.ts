import { sql } from 'kysely';
import { ErrorCode, KhataError, problem, SHG_ACCOUNTS } from '@khata/core';
import {
  grantAccounts,
  loanAccounts,
  membershipAccounts,
  reconcilePositions,
  type DifferenceCause,
  type FederationLevel,
  type GrantFund,
  type InstitutionKind,
  type PositionCategory,
  type PositionKey,
  type PositionLine,
} from '@khata/core/federation';
import type { Database } from '../db/pool.ts';
import { fedRead } from '../use-cases/federation-books.ts';

/**
 * Reconciliation of a federation's books with each institution it has money with: its member institutions
 * (the level below: SHGs ↔ VO, VOs ↔ CLF) and whoever gave or lent to it (the level above, the organisation).
 * For each counterpart and each position (CIF and VRF principal and interest, grants, share capital, membership
 * fees): what the federation's books say, what the counterpart's say, the difference to the paisa, and every
 * event behind a difference with its cause. The events' differences always add up to the difference.
 *
 * A line counts for a pair when it carries the position between the two: tagged with a loan between them (each
 * side's own loan row), or in an entry of a movement between them (its transfer id). An SHG's meeting repays its
 * VO's loan in the SHG's books only; the VO's receipt is linked to the meeting, and the two are matched by it.
 */

const CAUSE_TEXT: Record<DifferenceCause, string> = {
  'in-transit': 'repaid at the SHG’s meeting; not yet received by the lender',
  'receipt-for-corrected-meeting': 'received for a meeting the SHG has since corrected (the corrected meeting’s repayment is listed separately)',
  'missing-partner': 'recorded in one set of books only: the other side of this movement is missing',
  'reversed-on-one-side': 'reversed in one set of books only',
  'amounts-differ': 'both books recorded this event, with different amounts',
  'unlinked-entry': 'posted outside any movement between the two institutions',
  'unlinked-loan': 'a loan in the borrower’s books that the lender’s books do not hold (e.g. an opening balance from a cut-off sheet)',
};

export interface ReconciliationCategory {
  category: PositionCategory;
  federationPaise: number;
  counterpartPaise: number;
  differencePaise: number;
}

export interface ReconciliationDifference {
  category: PositionCategory;
  cause: DifferenceCause;
  message: string;
  date: string;
  federationPaise: number;
  counterpartPaise: number;
  differencePaise: number;
  /** The transfer, SHG meeting, entry or loan the difference belongs to. */
  key: PositionKey;
  entryIds: number[];
}

export interface ReconciliationPair {
  counterpart: { id: string; name: string; code: string; kind: InstitutionKind };
  /** below: a member institution (or a borrower or receiver below); above: a lender or giver above the federation. */
  relation: 'below' | 'above';
  categories: ReconciliationCategory[];
  differences: ReconciliationDifference[];
  matched: boolean;
}

export interface FederationReconciliation {
  federation: { id: string; name: string; code: string; level: FederationLevel };
  asOf: string;
  /** The federation against all the institutions below it together (e.g. the SHGs' CIF liabilities vs the VO's CIF receivables). */
  levelBelow: ReconciliationCategory[];
  pairs: ReconciliationPair[];
  /** Repaid at SHG meetings and not yet received: a difference with a known, expected cause. */
  inTransitPaise: number;
  /** True when every pair matches to the paisa. */
  matched: boolean;
}

const RANK: Record<InstitutionKind, number> = { shg: 0, vo: 1, clf: 2, blf: 3, organisation: 9 };

interface EntityInfo {
  entityId: number;
  nodeId: string;
  name: string;
  code: string;
  kind: InstitutionKind;
}

export async function federationReconciliation(db: Database, federationId: string, asOf: string): Promise<FederationReconciliation> {
  const f = fedRead(db);
  const federation = await f
    .selectFrom('federation as fd')
    .innerJoin('node as n', 'n.id', 'fd.node_id')
    .innerJoin('entity as e', 'e.node_id', 'fd.node_id')
    .select(['fd.node_id', 'fd.level', 'n.name', 'n.code', 'e.id as entity_id'])
    .where('fd.node_id', '=', federationId)
    .executeTakeFirst();
  if (!federation) throw new KhataError(problem(ErrorCode.NotFound, 'id', 'no such federation'));
  const F = federation.entity_id;

  const [links, transfers, members] = await Promise.all([
    f.selectFrom('institution_loan').selectAll().where((eb) => eb.or([eb('lender_entity_id', '=', F), eb('borrower_entity_id', '=', F)])).execute(),
    f.selectFrom('fund_transfer').selectAll().where((eb) => eb.or([eb('from_entity_id', '=', F), eb('to_entity_id', '=', F)])).where('business_date', '<=', asOf).execute(),
    f
      .selectFrom('federation_membership as m')
      .innerJoin('entity as e', 'e.node_id', 'm.member_node_id')
      .select(['e.id as entity_id'])
      .where('m.federation_id', '=', federationId)
      .where('m.since', '<=', asOf)
      .where((eb) => eb.or([eb('m.until', 'is', null), eb('m.until', '>=', asOf)]))
      .execute(),
  ]);

  const counterpartIds = new Set<number>([
    ...links.flatMap((l) => [l.lender_entity_id, l.borrower_entity_id]),
    ...transfers.flatMap((t) => [t.from_entity_id, t.to_entity_id]),
    ...members.map((m) => m.entity_id),
  ]);
  counterpartIds.delete(F);
  const entityRows = await db
    .selectFrom('entity as e')
    .innerJoin('node as n', 'n.id', 'e.node_id')
    .select(['e.id', 'e.node_id', 'n.name', 'n.code', 'n.kind'])
    .where('e.id', 'in', [F, ...counterpartIds])
    .execute();
  const entities = new Map<number, EntityInfo>(entityRows.map((e) => [e.id, { entityId: e.id, nodeId: e.node_id, name: e.name, code: e.code, kind: e.kind as InstitutionKind }]));
  const self = entities.get(F)!;

  // The accounts that carry a position, per entity and path, with what each line there may belong to.
  // `counterpart`: the pair's other institution (not the federation); a line counts only with its loan or transfer.
  type Want = { category: PositionCategory; counterpart: number; loanId?: string; transfers?: Set<string> };
  const wants = new Map<string, Want[]>(); // `${entityId}|${path}`
  const want = (entityId: number, path: string, w: Want) => {
    const k = `${entityId}|${path}`;
    wants.set(k, [...(wants.get(k) ?? []), w]);
  };
  for (const link of links) {
    const lender = entities.get(link.lender_entity_id)!;
    const borrower = entities.get(link.borrower_entity_id)!;
    const a = loanAccounts(link.fund, lender.kind, borrower.kind);
    if (!a.ok) continue;
    const other = link.lender_entity_id === F ? link.borrower_entity_id : link.lender_entity_id;
    const p = `${link.fund}-principal` as PositionCategory;
    const i = `${link.fund}-interest` as PositionCategory;
    want(lender.entityId, a.value.lenderPrincipal, { category: p, counterpart: other, loanId: link.lender_loan_id });
    want(lender.entityId, a.value.lenderInterest, { category: i, counterpart: other, loanId: link.lender_loan_id });
    want(lender.entityId, a.value.lenderPassUp, { category: i, counterpart: other, loanId: link.lender_loan_id });
    want(borrower.entityId, a.value.borrowerPrincipal, { category: p, counterpart: other, loanId: link.id });
    want(borrower.entityId, a.value.borrowerInterest, { category: i, counterpart: other, loanId: link.id });
    if (a.value.borrowerPassUp) want(borrower.entityId, a.value.borrowerPassUp, { category: i, counterpart: other, loanId: link.id });
  }
  const byTransfer = new Map(transfers.map((t) => [t.id, t]));
  for (const t of transfers) {
    if (t.kind !== 'grant' && t.kind !== 'membership' && t.kind !== 'membership-refund') continue;
    const from = entities.get(t.from_entity_id)!;
    const to = entities.get(t.to_entity_id)!;
    const other = t.from_entity_id === F ? t.to_entity_id : t.from_entity_id;
    const only = new Set([t.id]);
    if (t.kind === 'grant') {
      const a = grantAccounts(t.fund as GrantFund, from.kind, to.kind);
      if (!a.ok) continue;
      want(from.entityId, a.value.given, { category: 'grants', counterpart: other, transfers: only });
      want(to.entityId, a.value.received, { category: 'grants', counterpart: other, transfers: only });
    } else {
      // Joining: the member pays its federation; leaving (membership-refund): the federation pays the member back.
      const [member, federationSide] = t.kind === 'membership' ? [from, to] : [to, from];
      const a = membershipAccounts(federationSide.kind as FederationLevel);
      want(member.entityId, a.memberShare, { category: 'share-capital', counterpart: other, transfers: only });
      want(member.entityId, a.memberFee, { category: 'membership-fees', counterpart: other, transfers: only });
      want(federationSide.entityId, a.federationShare, { category: 'share-capital', counterpart: other, transfers: only });
      want(federationSide.entityId, a.federationFee, { category: 'membership-fees', counterpart: other, transfers: only });
    }
  }
  // A VO's member SHGs may owe it CIF its books do not hold (an opening balance): all their VO-CIF loans count.
  const linkedIds = new Set(links.map((l) => l.id));
  const memberShgs = self.kind === 'vo' ? members.map((m) => m.entity_id).filter((id) => entities.get(id)?.kind === 'shg') : [];
  const unlinkedLoans = new Set<string>();
  if (memberShgs.length) {
    const loans = await db.selectFrom('loan').select(['id', 'entity_id']).where('entity_id', 'in', memberShgs).where('lender', '=', 'vo-cif').where('status', '<>', 'cancelled').execute();
    for (const l of loans) {
      if (linkedIds.has(l.id)) continue;
      unlinkedLoans.add(l.id);
      want(l.entity_id, SHG_ACCOUNTS.loansVoCif, { category: 'cif-principal', counterpart: l.entity_id, loanId: l.id });
    }
  }

  const accountRows = wants.size
    ? await db
        .selectFrom('account')
        .select(['id', 'entity_id', 'path'])
        .where((eb) => eb.or([...new Set([...wants.keys()].map((k) => Number(k.split('|')[0])))].map((entityId) => eb.and([eb('entity_id', '=', entityId), eb('path', 'in', [...wants.keys()].filter((k) => Number(k.split('|')[0]) === entityId).map((k) => k.split('|')[1]!))]))))
        .execute()
    : [];
  const accountKey = new Map(accountRows.map((a) => [a.id, `${a.entity_id}|${a.path}`]));
  const lines = accountRows.length
    ? (
        await sql<{ entry_id: number; account_id: number; amount_paise: number; loan_id: string | null; business_date: string; transfer_id: string | null; meeting_id: string | null; reverses_entry_id: number | null }>`
          select l.entry_id, l.account_id, l.amount_paise, l.loan_id, to_char(l.business_date, 'YYYY-MM-DD') as business_date,
                 e.transfer_id, e.meeting_id, e.reverses_entry_id
            from journal_line l join journal_entry e on e.id = l.entry_id
           where l.account_id = any(${accountRows.map((a) => a.id)}::int[]) and l.business_date <= ${asOf}::date`.execute(db)
      ).rows
    : [];

  // Receipts of meeting repayments by transfer id (they may be dated after asOf's transfers query: look them up).
  const receiptTransferIds = [...new Set(lines.flatMap((l) => (l.transfer_id && !byTransfer.has(l.transfer_id) ? [l.transfer_id] : [])))];
  if (receiptTransferIds.length) {
    for (const t of await f.selectFrom('fund_transfer').selectAll().where('id', 'in', receiptTransferIds).execute()) byTransfer.set(t.id, t);
  }

  const byCounterpart = new Map<number, PositionLine[]>();
  for (const l of lines) {
    const entityAndPath = accountKey.get(l.account_id)!;
    const entityId = Number(entityAndPath.split('|')[0]);
    for (const w of wants.get(entityAndPath) ?? []) {
      if (w.loanId !== undefined && l.loan_id !== w.loanId) continue;
      if (w.transfers && (!l.transfer_id || !w.transfers.has(l.transfer_id))) continue;
      const t = l.transfer_id ? byTransfer.get(l.transfer_id) : undefined;
      const key: PositionKey = w.loanId && unlinkedLoans.has(w.loanId)
        ? { kind: 'loan', id: w.loanId }
        : l.meeting_id
          ? { kind: 'meeting', id: l.meeting_id }
          : t?.kind === 'meeting-receipt' && t.meeting_id
            ? { kind: 'meeting', id: t.meeting_id }
            : l.transfer_id
              ? { kind: 'transfer', id: l.transfer_id }
              : { kind: 'entry', id: String(l.entry_id) };
      // The pair is (F, the other institution); of the two, the upper side is the higher level.
      const pairOther = entities.get(entityId === F ? w.counterpart : entityId)!;
      const upperIsF = RANK[self.kind] > RANK[pairOther.kind];
      const side: 'upper' | 'lower' = (entityId === F) === upperIsF ? 'upper' : 'lower';
      const list = byCounterpart.get(pairOther.entityId) ?? [];
      list.push({ side, category: w.category, key, amountPaise: Number(l.amount_paise), date: l.business_date, entryId: Number(l.entry_id), reversal: l.reverses_entry_id !== null });
      byCounterpart.set(pairOther.entityId, list);
    }
  }

  const pairs: ReconciliationPair[] = [];
  let inTransit = 0;
  const below = new Map<PositionCategory, ReconciliationCategory>();
  for (const id of [...counterpartIds].sort((a, b) => entities.get(a)!.name.localeCompare(entities.get(b)!.name))) {
    const cp = entities.get(id)!;
    const upperIsF = RANK[self.kind] > RANK[cp.kind];
    const r = reconcilePositions(byCounterpart.get(id) ?? []);
    const categories = r.categories.map((c) => {
      const fSays = upperIsF ? c.upperPaise : c.lowerPaise;
      const cSays = upperIsF ? c.lowerPaise : c.upperPaise;
      return { category: c.category, federationPaise: fSays, counterpartPaise: cSays, differencePaise: fSays - cSays };
    });
    const differences = r.differences.map((d) => {
      const fSays = upperIsF ? d.upperPaise : d.lowerPaise;
      const cSays = upperIsF ? d.lowerPaise : d.upperPaise;
      if (d.cause === 'in-transit') inTransit += Math.abs(fSays - cSays);
      return { category: d.category, cause: d.cause, message: CAUSE_TEXT[d.cause], date: d.date, federationPaise: fSays, counterpartPaise: cSays, differencePaise: fSays - cSays, key: d.key, entryIds: d.entryIds };
    });
    if (upperIsF) {
      for (const c of categories) {
        const t = below.get(c.category) ?? { category: c.category, federationPaise: 0, counterpartPaise: 0, differencePaise: 0 };
        t.federationPaise += c.federationPaise;
        t.counterpartPaise += c.counterpartPaise;
        t.differencePaise += c.differencePaise;
        below.set(c.category, t);
      }
    }
    pairs.push({
      counterpart: { id: cp.nodeId, name: cp.name, code: cp.code, kind: cp.kind },
      relation: upperIsF ? 'below' : 'above',
      categories,
      differences,
      matched: differences.length === 0 && categories.every((c) => c.differencePaise === 0),
    });
  }
  return {
    federation: { id: federationId, name: federation.name, code: federation.code, level: federation.level },
    asOf,
    levelBelow: [...below.values()],
    pairs,
    inTransitPaise: inTransit,
    matched: pairs.every((p) => p.matched),
  };
}
