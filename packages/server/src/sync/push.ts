import { sql } from 'kysely';
import { z } from 'zod';
import { ErrorCode, KhataError, isoDate, problem, uuid, type MeetingInput } from '@khata/core';
import type { Actor } from '../access.ts';
import { applyCommand, zodProblems, type ApplyOptions, type CommandEnvelope } from '../commands/apply-command.ts';
import type { Database } from '../db/pool.ts';
import type { Tx } from '../ledger/post-entry.ts';
import type { PushBody, PushCommand, PushRefusal, PushResponse, PushResult, ServerHolds } from './protocol.ts';

const envelopeSchema = z.object({
  id: uuid,
  businessDate: isoDate.nullish(),
  deviceTime: z.iso.datetime({ offset: true }).nullish(),
});

/** Thrown inside a command's transaction when a newer batch from the same device has been taken. */
class BatchSuperseded extends Error {}

export interface PushOptions {
  /** Told about an unexpected failure (the command is left unanswered and will be sent again). Never personal data. */
  onError?: (error: unknown) => void;
}

/**
 * Takes the device's batch: each command through the one door (applyCommand), each in its own transaction, in
 * the order sent; a refusal never stops the rest. The batch number is taken first: an older or repeated batch from
 * this device is refused whole (409, reason STALE_BATCH; see ./README.md), and a batch that a newer one overtakes
 * while it runs stops before its next command. So a command refused in the device's latest answer is never applied
 * later by a stale copy of an earlier request.
 */
export async function pushCommands(db: Database, actor: Actor, body: PushBody, options: PushOptions = {}): Promise<PushResponse> {
  await claimBatch(db, actor, body.deviceId, body.batch);
  const guard = async (tx: Tx) => {
    const row = await sql<{ last_batch: string }>`
      select last_batch from sync_device where user_id = ${actor.userId} and device_id = ${body.deviceId} for share`.execute(tx);
    if (Number(row.rows[0]?.last_batch) !== body.batch) throw new BatchSuperseded();
  };
  const results: PushResult[] = [];
  for (const command of body.commands) {
    const envelope = envelopeSchema.safeParse(command);
    if (!envelope.success) {
      results.push({ id: command.id, status: 'refused', error: refusalOf(new KhataError(...zodProblems(envelope.error.issues))) });
      continue;
    }
    const apply: ApplyOptions = { guard };
    const full: CommandEnvelope = { id: command.id, type: command.type, payload: command.payload, deviceId: body.deviceId, businessDate: command.businessDate ?? null, deviceTime: command.deviceTime ?? null };
    try {
      const outcome = await applyCommand(db, actor, full, apply);
      results.push({ id: command.id, status: outcome.status, serverSeq: outcome.serverSeq, ...(body.omitResults ? {} : { result: outcome.result }) });
    } catch (error) {
      if (error instanceof BatchSuperseded) break;
      if (!(error instanceof KhataError)) {
        options.onError?.(error);
        break;
      }
      const refusal = refusalOf(error);
      if (error.code === ErrorCode.DuplicateMeeting) {
        const holds = await serverHolds(db, command).catch(() => null);
        if (holds) refusal.serverHolds = holds;
      }
      results.push({ id: command.id, status: 'refused', error: refusal });
    }
  }
  const watermark = await sql<{ xmax: string }>`select pg_snapshot_xmax(pg_current_snapshot())::text as xmax`.execute(db);
  return { results, cursor: Number(watermark.rows[0]!.xmax) };
}

/** Takes batch number `batch` for this device, or refuses it when the device has already sent this one or a later one. */
async function claimBatch(db: Database, actor: Actor, deviceId: string, batch: number): Promise<void> {
  const claimed = await sql<{ last_batch: string }>`
    insert into sync_device as d (user_id, device_id, organisation_id, last_batch) values (${actor.userId}, ${deviceId}, ${actor.organisationId}, ${batch})
    on conflict (user_id, device_id) do update set last_batch = excluded.last_batch, last_push_at = now()
     where d.last_batch < excluded.last_batch
    returning last_batch`.execute(db);
  if (claimed.rows.length > 0) return;
  const seen = await sql<{ last_batch: string }>`select last_batch from sync_device where user_id = ${actor.userId} and device_id = ${deviceId}`.execute(db);
  const lastBatch = Number(seen.rows[0]?.last_batch ?? 0);
  throw new KhataError(
    problem(ErrorCode.Conflict, 'batch', 'this device has already sent this batch or a later one: send the waiting commands again with a higher batch number', { reason: 'STALE_BATCH', lastBatch }),
  );
}

function refusalOf(error: KhataError): PushRefusal {
  const first = error.problems[0];
  return { code: error.code, message: error.message, ...(first?.field ? { field: first.field } : {}), problems: error.problems };
}

/** What the server holds for the group and date a refused meeting named: the meeting, who recorded it on which device, the amounts. */
export async function serverHolds(db: Database, command: PushCommand): Promise<ServerHolds | null> {
  const payload = command.payload as { shgId?: unknown; date?: unknown; meeting?: { shgId?: unknown; date?: unknown } } | null;
  const target = command.type === 'correct-meeting' ? payload?.meeting : payload;
  const shgId = uuid.safeParse(target?.shgId);
  const date = isoDate.safeParse(target?.date);
  if (!shgId.success || !date.success) return null;
  const row = await db
    .selectFrom('meeting as m')
    .leftJoin('command as c', 'c.id', 'm.command_id')
    .leftJoin('app_user as u', 'u.id', 'c.actor_id')
    .select(['m.id', 'm.shg_id', 'm.date', 'm.payload', 'm.closing_cash_paise', 'm.recorded_at', 'c.actor_id', 'c.device_id', 'u.name'])
    .where('m.shg_id', '=', shgId.data)
    .where('m.date', '=', date.data)
    .where('m.status', '=', 'recorded')
    .executeTakeFirst();
  if (!row) return null;
  const p = row.payload as Partial<MeetingInput>;
  const members = new Map<string, ServerHolds['members'][number]>();
  const of = (memberId: string) => {
    let m = members.get(memberId);
    if (!m) members.set(memberId, (m = { memberId, attendance: null, compulsoryPaise: 0, voluntaryPaise: 0, withdrawalPaise: 0, repaymentPaise: 0, finesPaise: 0, disbursedPaise: 0 }));
    return m;
  };
  for (const a of p.attendance ?? []) of(a.memberId).attendance = a.status;
  for (const s of p.savings ?? []) {
    of(s.memberId).compulsoryPaise += s.compulsoryPaise ?? 0;
    of(s.memberId).voluntaryPaise += s.voluntaryPaise ?? 0;
  }
  for (const w of p.savingsWithdrawals ?? []) of(w.memberId).withdrawalPaise += w.amountPaise;
  for (const r of p.repayments ?? []) of(r.memberId).repaymentPaise += r.amountPaise;
  for (const f of p.fines ?? []) of(f.memberId).finesPaise += f.amountPaise;
  for (const d of p.disbursements ?? []) of(d.memberId).disbursedPaise += d.principalPaise;
  const rows = [...members.values()];
  const total = (pick: (m: ServerHolds['members'][number]) => number) => rows.reduce((t, m) => t + pick(m), 0);
  return {
    meetingId: row.id,
    shgId: row.shg_id,
    date: row.date,
    recordedBy: row.actor_id ? { userId: row.actor_id, name: row.name ?? '' } : null,
    deviceId: row.device_id ?? null,
    recordedAt: new Date(row.recorded_at).toISOString(),
    totals: {
      savingsPaise: total((m) => m.compulsoryPaise + m.voluntaryPaise),
      repaymentsPaise: total((m) => m.repaymentPaise),
      disbursementsPaise: total((m) => m.disbursedPaise),
      finesPaise: total((m) => m.finesPaise),
      withdrawalsPaise: total((m) => m.withdrawalPaise),
      closingCashPaise: row.closing_cash_paise,
    },
    members: rows,
  };
}
