import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { ZodType } from 'zod';
import { ErrorCode, KhataError, problem, zodProblems } from '@khata/core';
import type { Actor, Permission } from '../access.ts';
import { authorizeNode } from '../access.ts';
import type { Database } from '../db/pool.ts';
import type { Tx } from '../ledger/post-entry.ts';
import { translateDatabaseError } from '../db/errors.ts';

/**
 * Every change is a command: an id made by the client, a type, a payload, the actor, the device, the business
 * date and the device clock. Applied in one transaction with its idempotency record: the same id again returns
 * the stored result; the same id with another payload is refused. A refused command writes nothing.
 */
export interface CommandEnvelope {
  id: string;
  type: string;
  payload: unknown;
  deviceId?: string | null;
  businessDate?: string | null;
  deviceTime?: string | null;
}

export interface CommandContext {
  actor: Actor;
  commandId: string;
  deviceId: string | null;
}

export interface CommandHandler<P = any, R = any> {
  type: string;
  schema: ZodType<P>;
  permission: Permission;
  /** The tree node this command acts on; access is checked there before anything is written. */
  nodeOf(tx: Tx, payload: P): Promise<string>;
  /**
   * For records the tree does not open (survivor-programme cases, reached only by explicit case assignment):
   * decides access itself, in place of the tree check at `nodeOf`, and returns the node the command is recorded
   * at. Refuses with NotFound (or Forbidden) like `authorizeNode`.
   */
  authorize?(tx: Tx, actor: Actor, payload: P): Promise<string>;
  apply(tx: Tx, ctx: CommandContext, payload: P): Promise<R>;
}

export type CommandOutcome<R = unknown> =
  | { status: 'applied'; commandId: string; serverSeq: number; result: R }
  | { status: 'duplicate'; commandId: string; serverSeq: number; result: R };

const handlers = new Map<string, CommandHandler>();

export function registerHandler(handler: CommandHandler): void {
  handlers.set(handler.type, handler);
}

export function handlerFor(type: string): CommandHandler | undefined {
  return handlers.get(type);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export function payloadHash(type: string, payload: unknown): string {
  return createHash('sha256').update(`${type}\n${canonical(payload)}`).digest('hex');
}

/** Zod issues become problems that name the field path, e.g. `repayments.2.amountPaise` (one rule, in core). */
export { zodProblems };

/** Hooks for a caller that needs work inside the command's own transaction (the sync push uses both). */
export interface ApplyOptions {
  /** Runs first inside the transaction; throwing stops the command with that error (nothing is written). */
  guard?: (tx: Tx) => Promise<void>;
  /** Runs inside the transaction after the command is applied and recorded; throwing undoes the command. */
  afterApply?: (tx: Tx, applied: { nodeId: string; serverSeq: number; result: unknown }) => Promise<void>;
}

export async function applyCommand<R = unknown>(db: Database, actor: Actor, envelope: CommandEnvelope, options: ApplyOptions = {}): Promise<CommandOutcome<R>> {
  const handler = handlers.get(envelope.type);
  if (!handler) throw new KhataError(problem(ErrorCode.ValidationFailed, 'type', `unknown command type ${envelope.type}`));
  const parsed = handler.schema.safeParse(envelope.payload);
  if (!parsed.success) throw new KhataError(...zodProblems(parsed.error.issues));
  const hash = payloadHash(envelope.type, parsed.data);

  const stored = async (): Promise<CommandOutcome<R> | null> => {
    const row = await db.selectFrom('command').selectAll().where('id', '=', envelope.id).executeTakeFirst();
    if (!row) return null;
    if (row.payload_hash !== hash || row.type !== envelope.type || row.organisation_id !== actor.organisationId) {
      throw new KhataError(problem(ErrorCode.CommandPayloadMismatch, 'id', 'this command id was already used with a different payload'));
    }
    return { status: 'duplicate', commandId: row.id, serverSeq: row.server_seq, result: row.result as R };
  };

  // Optimistic: a repeated command fails somewhere inside (its meeting or its command row already exists),
  // and only then is the stored result looked up. The common case pays no extra round trip.
  try {
    return await db.transaction().execute(async (tx) => {
      if (options.guard) await options.guard(tx);
      let nodeId: string;
      if (handler.authorize) {
        nodeId = await handler.authorize(tx, actor, parsed.data);
      } else {
        nodeId = await handler.nodeOf(tx, parsed.data);
        await authorizeNode(tx as unknown as Database, actor, nodeId, handler.permission);
      }
      const ctx: CommandContext = { actor, commandId: envelope.id, deviceId: envelope.deviceId ?? actor.deviceId ?? null };
      const result = await handler.apply(tx, ctx, parsed.data);
      // The idempotency record and the audit line in one statement.
      const { rows } = await sql<{ server_seq: number }>`
        with c as (
          insert into command (id, organisation_id, type, payload_hash, actor_id, device_id, business_date, device_time, result, node_id)
          values (${envelope.id}, ${actor.organisationId}, ${envelope.type}, ${hash}, ${actor.userId}, ${ctx.deviceId},
                  ${envelope.businessDate ?? null}, ${envelope.deviceTime ?? null}, ${JSON.stringify(result ?? null)}::jsonb, ${nodeId})
          returning server_seq)
        , a as (
          insert into audit_log (organisation_id, user_id, action, node_id, command_id)
          values (${actor.organisationId}, ${actor.userId}, ${envelope.type}, ${nodeId}, ${envelope.id}))
        select server_seq from c`.execute(tx);
      const server_seq = rows[0]!.server_seq;
      if (options.afterApply) await options.afterApply(tx, { nodeId, serverSeq: server_seq, result });
      return { status: 'applied' as const, commandId: envelope.id, serverSeq: server_seq, result: result as R };
    });
  } catch (error) {
    const after = await stored();
    if (after) return after;
    throw translateDatabaseError(error);
  }
}
