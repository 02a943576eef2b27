import { z } from 'zod';
import type { ErrorCode, GroupLoan, ExternalLoan, LoanTerms, MemberSavings, Problem } from '@khata/core';

/*
 * The sync protocol between the field app and the server (described in ./README.md). Pure types and schemas: no
 * I/O, so that the field app can share them (they belong in core once the field app needs them).
 */

export const MAX_PUSH_COMMANDS = 200;
/** A device holds at most this many groups; a user who reaches more gets the first ones by tree path, flagged. */
export const MAX_DEVICE_GROUPS = 200;
/** Meetings summarised per group in a pull. */
export const RECENT_MEETINGS = 5;

/**
 * A command as the device queued it. The envelope is checked per command (a malformed one is refused on its
 * own, it never blocks the rest of the outbox); only the batch's shape is checked for the whole request.
 */
export const pushCommandSchema = z.object({
  id: z.string().min(1).max(100),
  type: z.string().min(1).max(60),
  payload: z.unknown(),
  businessDate: z.string().max(20).nullish(),
  deviceTime: z.string().max(40).nullish(),
});

export const pushBodySchema = z.object({
  deviceId: z.string().min(1).max(100),
  /**
   * A number the device raises on every push it sends, retries included, kept durably beside its outbox. The server
   * takes one device's batches in strictly increasing order and answers an older one with 409 STALE_BATCH.
   */
  batch: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  commands: z.array(pushCommandSchema).max(MAX_PUSH_COMMANDS, `at most ${MAX_PUSH_COMMANDS} commands in one push`),
  /**
   * Leave each accepted command's `result` out of the answer (status and serverSeq only). The device planned the
   * command with the same rules and gets the server's figures with its next pull: on 2G this halves a meeting's push.
   */
  omitResults: z.boolean().optional(),
});
export type PushBody = z.infer<typeof pushBodySchema>;
export type PushCommand = z.infer<typeof pushCommandSchema>;

/** What the server holds for a group and date when a second device records the same meeting. */
export interface ServerHolds {
  meetingId: string;
  shgId: string;
  date: string;
  recordedBy: { userId: string; name: string } | null;
  deviceId: string | null;
  recordedAt: string;
  totals: { savingsPaise: number; repaymentsPaise: number; disbursementsPaise: number; finesPaise: number; withdrawalsPaise: number; closingCashPaise: number };
  /** One row per member the meeting names; amounts in paise. */
  members: Array<{
    memberId: string;
    attendance: string | null;
    compulsoryPaise: number;
    voluntaryPaise: number;
    withdrawalPaise: number;
    repaymentPaise: number;
    finesPaise: number;
    disbursedPaise: number;
  }>;
}

export interface PushRefusal {
  code: ErrorCode | string;
  message: string;
  field?: string;
  problems?: Problem[];
  serverHolds?: ServerHolds;
}

export type PushResult =
  | { id: string; status: 'applied' | 'duplicate'; serverSeq: number; result?: unknown }
  | { id: string; status: 'refused'; error: PushRefusal };

export interface PushResponse {
  /**
   * One answer per command, in the order sent. A command with no answer was not processed (the batch was
   * superseded by a newer one from the same device, or the server failed): it stays in the outbox and is sent again.
   */
  results: PushResult[];
  /** The server's change watermark now: when it is above the device's pull cursor, there is something to pull. */
  cursor: number;
}

export const pullQuerySchema = z.object({
  /** 0 (or absent): everything. Otherwise the `cursor` of the last pull the device stored. */
  cursor: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  /**
   * The groups the device holds now, comma-separated (`have=` for none): newly assigned ones come in full,
   * unassigned ones in `removed`. Without it, only changed groups come and nothing is reported removed.
   */
  have: z
    .string()
    .max(MAX_DEVICE_GROUPS * 37 + 100)
    .optional()
    .transform((v) => (v === undefined ? undefined : v.split(',').filter(Boolean)))
    .pipe(z.array(z.uuid()).max(MAX_DEVICE_GROUPS * 2).optional()),
});
export type PullQuery = z.infer<typeof pullQuerySchema>;

export interface MeetingSummaryRow {
  id: string;
  date: string;
  present: number;
  absent: number;
  savingsPaise: number;
  repaymentsPaise: number;
  disbursementsPaise: number;
  closingCashPaise: number;
  /** The meeting as recorded (its record-meeting payload): the phone rebuilds it offline to correct it. */
  payload: unknown;
}

/** Everything the field app needs to run a group's meeting offline. */
export interface GroupState {
  id: string;
  code: string;
  name: string;
  formedOn: string;
  status: string;
  meetingFrequency: string;
  meetingDay: number | null;
  savingsRule: { compulsoryPaise: number };
  /** Books are closed up to and including this date. */
  lockedThrough: string | null;
  /** Active members; no photos, no phone numbers. */
  members: Array<{ id: string; membershipNumber: number; name: string; joinedOn: string }>;
  /** Open loans to members with their events (core replays them). */
  loans: GroupLoan[];
  externalLoans: ExternalLoan[];
  cashPaise: number;
  bankPaise: number;
  savingsByMember: Record<string, MemberSavings>;
  /** Dates of recorded meetings after the period lock (a second meeting on one of them would be refused). */
  meetingDates: string[];
  recentMeetings: MeetingSummaryRow[];
  loanProducts: Array<{ id: string; name: string; terms: LoanTerms }>;
}

export interface PullResponse {
  /** Store with the groups, in one write; send it back on the next pull. An opaque watermark, not a server_seq. */
  cursor: number;
  /** Groups changed since the cursor, or newly assigned: replace the local copy whole. */
  groups: GroupState[];
  /** Groups the device holds (from `have`) that are no longer assigned to its user: drop them. */
  removed: string[];
  /** True when the user's roles reach more than `groupLimit` groups: only the first ones (by tree path) are synced. */
  limited: boolean;
  groupLimit: number;
}
