/**
 * Who is signed in on this phone. A bookkeeper signs in once with a network (device token), sets a PIN, and from
 * then on opens the app with the PIN alone, with or without a network. Signing out deletes everything the phone
 * holds. One bookkeeper per phone store: another may sign in only once the first has nothing left to send.
 */
import { ApiError } from '../api.ts';
import { deleteFieldDb, fieldDb, getMeta, setMeta } from './db.ts';
import type { Session } from './model.ts';
import { hashPin, pinWaitMs, verifyPin } from './pin.ts';
import { deviceLogin, deviceLogout } from './remote.ts';

const DEVICE_KEY = 'khata.deviceId';

/** This phone's id for the server (kept across sign-outs: it names the device, not the person). */
export function deviceId(): string {
  try {
    let id = localStorage.getItem(DEVICE_KEY);
    if (!id) {
      id = crypto.randomUUID();
      localStorage.setItem(DEVICE_KEY, id);
    }
    return id;
  } catch {
    return 'device-without-storage';
  }
}

export async function currentSession(): Promise<Session | undefined> {
  return getMeta('session');
}

/** Records the phone still has to send or resolve (waiting, accepted but not confirmed, refused). */
export async function unsentCount(): Promise<number> {
  const db = fieldDb();
  return db.outbox.where('state').anyOf('waiting', 'applied', 'refused').count();
}

export class OtherUserError extends Error {
  constructor(readonly unsent: number) {
    super('this phone holds another bookkeeper’s records');
    this.name = 'OtherUserError';
  }
}

/**
 * Signs in online. The same bookkeeper signing in again (expired token, forgotten PIN) keeps everything; another
 * one gets a clean phone, but only when nothing of the first is left to send.
 */
export async function signIn(username: string, password: string): Promise<{ session: Session; sameUser: boolean }> {
  const device = deviceId();
  const login = await deviceLogin(username, password, device);
  const previous = await currentSession();
  const sameUser = previous?.userId === String(login.user.id);
  if (previous && !sameUser) {
    const unsent = await unsentCount();
    if (unsent > 0) {
      await deviceLogout(login.token).catch(() => undefined);
      throw new OtherUserError(unsent);
    }
    await deleteFieldDb();
  }
  const session: Session = {
    userId: String(login.user.id),
    name: login.user.name,
    username,
    language: login.user.language ?? 'en',
    token: login.token,
    expiresAt: login.expiresAt,
    deviceId: device,
  };
  await setMeta('session', session);
  await fieldDb().log.add({ at: new Date().toISOString(), kind: 'signed-in', reason: session.userId });
  return { session, sameUser };
}

export async function hasPin(): Promise<boolean> {
  return (await getMeta('pin')) !== undefined;
}

export async function setPin(pin: string): Promise<void> {
  await setMeta('pin', await hashPin(pin));
  await setMeta('pinFailures', { count: 0, lockedUntil: 0 });
}

export type UnlockResult = { ok: true } | { ok: false; waitMs: number; failures: number };

/** Checks the PIN; wrong ones are counted on the phone and make the next try wait (see pin.ts). */
export async function unlock(pin: string, now = Date.now()): Promise<UnlockResult> {
  const record = await getMeta('pin');
  const failures = (await getMeta('pinFailures')) ?? { count: 0, lockedUntil: 0 };
  if (now < failures.lockedUntil) return { ok: false, waitMs: failures.lockedUntil - now, failures: failures.count };
  if (record && (await verifyPin(pin, record))) {
    await setMeta('pinFailures', { count: 0, lockedUntil: 0 });
    return { ok: true };
  }
  const count = failures.count + 1;
  const waitMs = pinWaitMs(count);
  await setMeta('pinFailures', { count, lockedUntil: now + waitMs });
  return { ok: false, waitMs, failures: count };
}

export async function pinWait(now = Date.now()): Promise<number> {
  const failures = await getMeta('pinFailures');
  return failures ? Math.max(0, failures.lockedUntil - now) : 0;
}

/** Signs out: tells the server (when it can), then deletes the phone's store whole. */
export async function signOut(): Promise<void> {
  const session = await currentSession();
  if (session) await deviceLogout(session.token).catch(() => undefined);
  await deleteFieldDb();
}

/** Asks the browser to keep the store even when the phone runs short of space. */
export async function askPersistentStorage(): Promise<boolean> {
  try {
    if (!navigator.storage?.persist) return false;
    const already = navigator.storage.persisted ? await navigator.storage.persisted() : false;
    const granted = already || (await navigator.storage.persist());
    await setMeta('persisted', granted);
    return granted;
  } catch {
    return false;
  }
}

export const isUnauthenticated = (e: unknown) => e instanceof ApiError && e.status === 401;
