import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { ErrorCode, KhataError, problem } from '@khata/core';
import type { Database } from '../db/pool.ts';
import { loadActor, type Actor } from '../access.ts';

const WEB_TTL_MS = 12 * 60 * 60 * 1000;
const DEVICE_TTL_MS = 90 * 24 * 60 * 60 * 1000;
// Verifying against a fixed hash when the user is unknown keeps the timing the same either way.
const DUMMY_HASH = hash('khata-no-such-user');

function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

export interface LoginResult {
  token: string;
  actor: Actor;
  expiresAt: Date;
}

/** Checks a password (argon2id) and opens a session: a cookie for the web, a bearer token for a device. */
export async function login(db: Database, username: string, password: string, kind: 'web' | 'device', deviceId: string | null): Promise<LoginResult> {
  const user = await db.selectFrom('app_user').select(['id', 'password_hash', 'active', 'organisation_id']).where('username', '=', username).executeTakeFirst();
  const ok = await verify(user?.password_hash ?? (await DUMMY_HASH), password).catch(() => false);
  if (!user || !ok || !user.active) throw new KhataError(problem(ErrorCode.Unauthenticated, 'password', 'wrong username or password'));
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + (kind === 'web' ? WEB_TTL_MS : DEVICE_TTL_MS));
  await db.insertInto('session').values({ token_hash: tokenHash(token), user_id: user.id, kind, device_id: deviceId, expires_at: expiresAt }).execute();
  await db.insertInto('audit_log').values({ organisation_id: user.organisation_id, user_id: user.id, action: 'login', node_id: null, target_id: null, command_id: null, detail: JSON.stringify({ kind }) }).execute();
  const actor = await loadActor(db, user.id, deviceId);
  if (!actor) throw new KhataError(problem(ErrorCode.Unauthenticated, undefined, 'user is not active'));
  return { token, actor, expiresAt };
}

export async function actorFromToken(db: Database, token: string): Promise<Actor | null> {
  const session = await db
    .selectFrom('session')
    .select(['user_id', 'device_id', 'expires_at'])
    .where('token_hash', '=', tokenHash(token))
    .executeTakeFirst();
  if (!session || new Date(session.expires_at) < new Date()) return null;
  return loadActor(db, session.user_id, session.device_id);
}

export async function logout(db: Database, token: string): Promise<void> {
  await db.deleteFrom('session').where('token_hash', '=', tokenHash(token)).execute();
}
