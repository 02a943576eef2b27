import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Caller, TestApp } from '../testing/app.ts';
import { ok } from '../testing/fixtures.ts';

/**
 * A federation tree for the tests: under a block, a cluster with a CLF, two villages each with a VO and SHGs
 * (members admitted), the SHGs members of their village's VO and the VOs members of the CLF.
 */
export interface FederationTree {
  blockId: string;
  clusterId: string;
  clfId: string;
  vos: Array<{ id: string; villageId: string; shgs: Array<{ id: string; memberIds: string[] }> }>;
}

export const FORMED = '2025-01-06';

export async function makeFederationTree(h: TestApp, options: { vos?: number; shgsPerVo?: number; membersPerShg?: number; caller?: Caller; code?: string } = {}): Promise<FederationTree> {
  const c = options.caller ?? h.admin;
  const code = options.code ?? randomUUID().slice(0, 6);
  const blockId = randomUUID();
  const clusterId = randomUUID();
  const clfId = randomUUID();
  await ok(c.command('create-node', { id: blockId, parentId: h.rootNodeId, kind: 'block', name: `Block ${code}`, code: `B-${code}` }));
  await ok(c.command('create-node', { id: clusterId, parentId: blockId, kind: 'cluster', name: `Cluster ${code}`, code: `C-${code}` }));
  await ok(c.command('create-federation', { id: clfId, parentId: clusterId, level: 'clf', name: `CLF ${code}`, code: `CLF-${code}`, formedOn: FORMED }));
  const vos: FederationTree['vos'] = [];
  for (let v = 0; v < (options.vos ?? 2); v++) {
    const villageId = randomUUID();
    const voId = randomUUID();
    await ok(c.command('create-node', { id: villageId, parentId: clusterId, kind: 'village', name: `Village ${code}-${v}`, code: `V-${code}-${v}` }));
    await ok(c.command('create-federation', { id: voId, parentId: villageId, level: 'vo', name: `VO ${code}-${v}`, code: `VO-${code}-${v}`, formedOn: FORMED }));
    const shgs: Array<{ id: string; memberIds: string[] }> = [];
    for (let s = 0; s < (options.shgsPerVo ?? 2); s++) {
      const shgId = randomUUID();
      await ok(c.command('create-shg', { id: shgId, villageId, name: `SHG ${code}-${v}-${s}`, code: `S-${code}-${v}-${s}`, formedOn: FORMED, meetingFrequency: 'weekly', meetingDay: 1, compulsorySavingsPaise: 1000 }));
      const memberIds: string[] = [];
      for (let m = 0; m < (options.membersPerShg ?? 3); m++) {
        const id = randomUUID();
        await ok(c.command('admit-member', { id, shgId, name: `Member ${m + 1}`, joinedOn: FORMED }));
        memberIds.push(id);
      }
      shgs.push({ id: shgId, memberIds });
    }
    vos.push({ id: voId, villageId, shgs });
  }
  return { blockId, clusterId, clfId, vos };
}

/** Every entity's books sum to zero, and every entry balances (the database refuses otherwise: checked anyway). */
export async function booksBalance(h: TestApp): Promise<{ unbalancedEntries: number; unbalancedEntities: number }> {
  const entries = await sql<{ n: number }>`select count(*)::int as n from (select entry_id from journal_line group by entry_id having sum(amount_paise) <> 0) x`.execute(h.t.db);
  const entities = await sql<{ n: number }>`
    select count(*)::int as n from (select a.entity_id from journal_line l join account a on a.id = l.account_id group by a.entity_id having sum(l.amount_paise) <> 0) x`.execute(h.t.db);
  return { unbalancedEntries: entries.rows[0]!.n, unbalancedEntities: entities.rows[0]!.n };
}

/** The entries of one transfer: entity node, source, and the sum of lines (zero for each). */
export async function entriesOfTransfer(h: TestApp, transferId: string) {
  const rows = await sql<{ node_id: string; source_type: string; total: string; lines: number }>`
    select en.node_id, e.source_type, sum(l.amount_paise) as total, count(*)::int as lines
      from journal_entry e join entity en on en.id = e.entity_id join journal_line l on l.entry_id = e.id
     where e.transfer_id = ${transferId}
     group by e.id, en.node_id, e.source_type order by e.id`.execute(h.t.db);
  return rows.rows.map((r) => ({ nodeId: r.node_id, source: r.source_type, total: Number(r.total), lines: r.lines }));
}

/** Signed balances of one institution's accounts (debit positive). */
export async function balancesOf(h: TestApp, nodeId: string): Promise<Record<string, number>> {
  const rows = await sql<{ path: string; balance: string }>`
    select a.path, sum(l.amount_paise) as balance from journal_line l join account a on a.id = l.account_id join entity e on e.id = a.entity_id
     where e.node_id = ${nodeId} group by a.path having sum(l.amount_paise) <> 0`.execute(h.t.db);
  return Object.fromEntries(rows.rows.map((r) => [r.path, Number(r.balance)]));
}
