import { createHash } from 'node:crypto';
import type { ZodType } from 'zod';
import { ErrorCode, KhataError, problem, type Problem } from '@khata/core';
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

/** Zod issues become problems that name the field path, e.g. `repayments.2.amountPaise`. */
export function zodProblems(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): Problem[] {
  return issues.map((i) => problem(ErrorCode.ValidationFailed, i.path.map(String).join('.') || undefined, i.message));
}

export async function applyCommand<R = unknown>(db: Database, actor: Actor, envelope: CommandEnvelope): Promise<CommandOutcome<R>> {
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

  const before = await stored();
  if (before) return before;
  try {
    return await db.transaction().execute(async (tx) => {
      const nodeId = await handler.nodeOf(tx, parsed.data);
      await authorizeNode(tx as unknown as Database, actor, nodeId, handler.permission);
      const ctx: CommandContext = { actor, commandId: envelope.id, deviceId: envelope.deviceId ?? actor.deviceId ?? null };
      const result = await handler.apply(tx, ctx, parsed.data);
      const { server_seq } = await tx
        .insertInto('command')
        .values({
          id: envelope.id,
          organisation_id: actor.organisationId,
          type: envelope.type,
          payload_hash: hash,
          actor_id: actor.userId,
          device_id: ctx.deviceId,
          business_date: envelope.businessDate ?? null,
          device_time: envelope.deviceTime ?? null,
          result: JSON.stringify(result ?? null),
        })
        .returning('server_seq')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('audit_log')
        .values({ organisation_id: actor.organisationId, user_id: actor.userId, action: envelope.type, node_id: nodeId, command_id: envelope.id, detail: null })
        .execute();
      return { status: 'applied' as const, commandId: envelope.id, serverSeq: server_seq, result: result as R };
    });
  } catch (error) {
    // Two deliveries of the same command racing: the loser finds the winner's record.
    if ((error as { code?: string }).code === '23505' && String((error as { constraint?: string }).constraint) === 'command_pkey') {
      const after = await stored();
      if (after) return after;
    }
    throw translateDatabaseError(error);
  }
}
