import { randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import type { Database } from '../db/pool.ts';
import { insertNode } from './tree.ts';

export interface NewOrganisation {
  code: string;
  name: string;
  currency?: 'INR' | 'BDT' | 'NPR';
  languages?: string[];
  admin: { username: string; name: string; password: string; language?: 'en' | 'hi' | 'bn' | 'or' };
}

/** Bootstraps an organisation: its row, its root node (with its own books), and a first administrator. */
export async function createOrganisation(db: Database, input: NewOrganisation) {
  const passwordHash = await hash(input.admin.password);
  return db.transaction().execute(async (tx) => {
    const org = await tx
      .insertInto('organisation')
      .values({ code: input.code, name: input.name, currency: input.currency ?? 'INR', languages: input.languages ?? ['en', 'hi', 'bn', 'or'] })
      .returning('id')
      .executeTakeFirstOrThrow();
    const rootId = randomUUID();
    await insertNode(tx, { id: rootId, organisationId: org.id, parentId: null, kind: 'organisation', name: input.name, code: input.code }, input.currency ?? 'INR');
    const adminId = randomUUID();
    await tx
      .insertInto('app_user')
      .values({ id: adminId, organisation_id: org.id, username: input.admin.username, name: input.admin.name, password_hash: passwordHash, language: input.admin.language ?? 'en' })
      .execute();
    await tx.insertInto('role_assignment').values({ user_id: adminId, node_id: rootId, organisation_id: org.id, role: 'admin' }).execute();
    return { organisationId: org.id, rootNodeId: rootId, adminUserId: adminId };
  });
}
