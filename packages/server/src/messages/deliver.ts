import { sql } from 'kysely';
import type { Database } from '../db/pool.ts';
import type { MessageLog, MessageSender, OutgoingMessage } from './sender.ts';

export interface DeliveryOptions {
  /** Messages handed to the sender at once. */
  limit?: number;
  /** After this many failed attempts a message is marked failed and left alone. */
  maxAttempts?: number;
}

export interface DeliveryReport {
  sent: number;
  failed: number;
  /** Failed this time, to be tried again. */
  retrying: number;
}

/**
 * Sends one batch of waiting messages. Messages are claimed first (status `sending`, committed) so that several
 * servers can deliver side by side; a claim older than ten minutes (a server that died while sending) is taken
 * again, so delivery is at least once. The sender's answer marks each message sent, or pending again with the
 * provider's error code, or failed after `maxAttempts`.
 */
export async function deliverPendingMessages(db: Database, sender: MessageSender, options: DeliveryOptions = {}): Promise<DeliveryReport> {
  const limit = options.limit ?? 100;
  const maxAttempts = options.maxAttempts ?? 5;
  const claimed = await sql<{ id: string; channel: 'sms' | 'whatsapp'; language: string; body: string; attempts: number; phone: string | null }>`
    with c as (
      update message_outbox o set status = 'sending', claimed_at = now(), attempts = o.attempts + 1
       where o.id in (select id from message_outbox
                       where status = 'pending' or (status = 'sending' and claimed_at < now() - interval '10 minutes')
                       order by created_at limit ${limit} for update skip locked)
      returning o.id, o.channel, o.language, o.body, o.attempts, o.member_id, o.created_at)
    select c.id, c.channel, c.language, c.body, c.attempts, m.phone from c join member m on m.id = c.member_id
     order by c.created_at`.execute(db);
  if (claimed.rows.length === 0) return { sent: 0, failed: 0, retrying: 0 };
  const batch: OutgoingMessage[] = [];
  const results = new Map<string, { ok: boolean; error?: string }>();
  for (const m of claimed.rows) {
    if (m.phone) batch.push({ id: m.id, channel: m.channel, to: m.phone, language: m.language, body: m.body });
    else results.set(m.id, { ok: false, error: 'NO_PHONE' });
  }
  if (batch.length) {
    try {
      for (const r of await sender.send(batch)) results.set(r.id, { ok: r.ok, ...(r.error ? { error: r.error.slice(0, 100) } : {}) });
    } catch {
      for (const m of batch) if (!results.has(m.id)) results.set(m.id, { ok: false, error: 'SENDER_ERROR' });
    }
  }
  const attempts = new Map(claimed.rows.map((m) => [m.id, m.attempts]));
  const sent: string[] = [];
  const failed: Array<{ id: string; error: string }> = [];
  const retry: Array<{ id: string; error: string }> = [];
  for (const m of claimed.rows) {
    const r = results.get(m.id) ?? { ok: false, error: 'NO_ANSWER' };
    if (r.ok) sent.push(m.id);
    else if (r.error === 'NO_PHONE' || attempts.get(m.id)! >= maxAttempts) failed.push({ id: m.id, error: r.error ?? 'FAILED' });
    else retry.push({ id: m.id, error: r.error ?? 'FAILED' });
  }
  if (sent.length) await sql`update message_outbox set status = 'sent', sent_at = now(), last_error = null where id = any(${sent}::uuid[])`.execute(db);
  for (const [status, list] of [['failed', failed], ['pending', retry]] as const) {
    if (list.length === 0) continue;
    await sql`update message_outbox o set status = ${status}, last_error = x.error
               from unnest(${list.map((x) => x.id)}::uuid[], ${list.map((x) => x.error)}::text[]) as x(id, error) where o.id = x.id`.execute(db);
  }
  return { sent: sent.length, failed: failed.length, retrying: retry.length };
}

/** Delivers in the background every `intervalMs` until stopped; logs counts only. */
export function startMessageDelivery(db: Database, sender: MessageSender, options: DeliveryOptions & { intervalMs?: number; log?: MessageLog } = {}): { stop(): Promise<void> } {
  const interval = options.intervalMs ?? 10_000;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  const tick = async () => {
    try {
      // Drain: keep going while full batches come back.
      for (;;) {
        const r = await deliverPendingMessages(db, sender, options);
        if (r.failed || r.retrying) options.log?.info({ sender: sender.name, ...r }, 'message delivery');
        if (stopped || r.sent + r.failed + r.retrying < (options.limit ?? 100)) break;
      }
    } catch (error) {
      options.log?.error({ err: { message: (error as Error).message } }, 'message delivery failed');
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().finally(schedule);
    }, interval);
    timer.unref();
  };
  schedule();
  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
