import { chartTemplate, ErrorCode, KhataError, problem, type EntityKind } from '@khata/core';
import type { Tx } from '../ledger/post-entry.ts';
import type { NodeTable } from '../db/schema.ts';

type NodeKind = NodeTable['kind'];

/** Where each kind of node may hang in the tree. */
const PARENT_KINDS: Record<NodeKind, NodeKind[]> = {
  organisation: [],
  state: ['organisation'],
  district: ['organisation', 'state'],
  block: ['organisation', 'state', 'district'],
  cluster: ['block', 'district'],
  village: ['cluster', 'block'],
  shg: ['village'],
  vo: ['village', 'cluster'],
  clf: ['cluster', 'block'],
  blf: ['block', 'district'],
  producer_group: ['village', 'cluster', 'block'],
};

const INSTITUTION_KINDS = new Set<NodeKind>(['organisation', 'shg', 'vo', 'clf', 'blf', 'producer_group']);

export interface NewNode {
  id: string;
  organisationId: number;
  parentId: string | null;
  kind: NodeKind;
  name: string;
  code: string;
  nrlmCode?: string | null;
  lgdCode?: string | null;
}

/** Adds a node under its parent; institutions also get their bookkeeping entity and chart of accounts. */
export async function insertNode(tx: Tx, node: NewNode, currency = 'INR'): Promise<{ path: string; entityId: number | null }> {
  let path = `/${node.id}/`;
  if (node.parentId) {
    const parent = await tx.selectFrom('node').select(['path', 'kind']).where('id', '=', node.parentId).where('organisation_id', '=', node.organisationId).executeTakeFirst();
    if (!parent) throw new KhataError(problem(ErrorCode.NotFound, 'parentId', 'no such parent node'));
    if (!PARENT_KINDS[node.kind].includes(parent.kind)) {
      throw new KhataError(problem(ErrorCode.ValidationFailed, 'parentId', `a ${node.kind} cannot be placed under a ${parent.kind}`));
    }
    path = `${parent.path}${node.id}/`;
  }
  await tx
    .insertInto('node')
    .values({
      id: node.id,
      organisation_id: node.organisationId,
      parent_id: node.parentId,
      kind: node.kind,
      name: node.name,
      code: node.code,
      nrlm_code: node.nrlmCode ?? null,
      lgd_code: node.lgdCode ?? null,
      path,
    })
    .execute();
  let entityId: number | null = null;
  if (INSTITUTION_KINDS.has(node.kind)) {
    const entity = await tx
      .insertInto('entity')
      .values({ organisation_id: node.organisationId, node_id: node.id, kind: node.kind, code: node.code, currency })
      .returning('id')
      .executeTakeFirstOrThrow();
    entityId = entity.id;
    const accounts = chartTemplate(node.kind as EntityKind);
    await tx
      .insertInto('account')
      .values(accounts.map((a) => ({ organisation_id: node.organisationId, entity_id: entity.id, path: a.path, kind: a.kind })))
      .execute();
  }
  return { path, entityId };
}

export async function entityOfNode(tx: Tx, nodeId: string): Promise<{ id: number; organisation_id: number; code: string }> {
  const entity = await tx.selectFrom('entity').select(['id', 'organisation_id', 'code']).where('node_id', '=', nodeId).executeTakeFirst();
  if (!entity) throw new KhataError(problem(ErrorCode.NotFound, 'nodeId', 'this node keeps no books'));
  return entity;
}
