import { ErrorCode, KhataError, problem } from '@khata/core';
import type { Database } from './db/pool.ts';

/**
 * The one place where access is decided. A role held at a node reaches that node and everything below it
 * (a path prefix), nothing else. Survivor-programme cases are never reached through the tree.
 */
export type Role = 'admin' | 'manager' | 'staff' | 'bookkeeper' | 'auditor';
export type Permission = 'read' | 'write' | 'approve' | 'administer';

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: ['read', 'write', 'approve', 'administer'],
  manager: ['read', 'write', 'approve'],
  staff: ['read', 'write'],
  bookkeeper: ['read', 'write'],
  auditor: ['read'],
};

export interface Actor {
  userId: string;
  organisationId: number;
  name: string;
  language: string;
  roles: Array<{ nodeId: string; nodePath: string; nodeName: string; role: Role }>;
  deviceId?: string | null;
}

export function allows(actor: Actor, nodePath: string, permission: Permission): boolean {
  return actor.roles.some((r) => nodePath.startsWith(r.nodePath) && GRANTS[r.role].includes(permission));
}

/** Paths of the subtrees the actor may read: every query of the tree filters by these prefixes. */
export function readablePaths(actor: Actor): string[] {
  return actor.roles.filter((r) => GRANTS[r.role].includes('read')).map((r) => r.nodePath);
}

/**
 * Loads the node and checks the permission. A node outside the caller's reach is reported as not found,
 * so that nobody learns what exists in another branch.
 */
export async function authorizeNode(db: Database, actor: Actor, nodeId: string, permission: Permission) {
  const node = await db
    .selectFrom('node')
    .selectAll()
    .where('id', '=', nodeId)
    .where('organisation_id', '=', actor.organisationId)
    .executeTakeFirst();
  if (!node || !allows(actor, node.path, 'read')) {
    throw new KhataError(problem(ErrorCode.NotFound, undefined, 'not found'));
  }
  if (!allows(actor, node.path, permission)) {
    throw new KhataError(problem(ErrorCode.Forbidden, undefined, `this action needs the ${permission} permission here`));
  }
  return node;
}

export async function loadActor(db: Database, userId: string, deviceId: string | null = null): Promise<Actor | null> {
  const user = await db.selectFrom('app_user').selectAll().where('id', '=', userId).where('active', '=', true).executeTakeFirst();
  if (!user) return null;
  const roles = await db
    .selectFrom('role_assignment as r')
    .innerJoin('node as n', 'n.id', 'r.node_id')
    .select(['r.node_id as nodeId', 'n.path as nodePath', 'n.name as nodeName', 'r.role as role'])
    .where('r.user_id', '=', userId)
    .execute();
  return { userId: user.id, organisationId: user.organisation_id, name: user.name, language: user.language, roles, deviceId };
}
