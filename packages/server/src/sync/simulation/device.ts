import { addDays, meetingDemand, meetingInputSchema, planMeeting, type GroupSnapshot, type MeetingInput, type MeetingPayload } from '@khata/core';
import { applyMeetingPlan, toGroupSnapshot } from '../local-group.ts';
import type { GroupState, PullResponse, PushRefusal, PushResponse } from '../protocol.ts';
import type { Rng } from './prng.ts';

/*
 * A field device as the simulation models it: what survives a restart (the outbox, the batch counter, the cursor
 * with the groups it came with: IndexedDB in the real app) and what does not (requests in flight, timers).
 * The device records meetings offline by running core's rules against its own copy of the group.
 */

export interface OutboxEntry {
  id: string;
  type: 'record-meeting';
  payload: MeetingInput;
  shgId: string;
  status: 'waiting' | 'accepted' | 'refused';
  serverSeq?: number;
  result?: unknown;
  /** Kept for the user ("needs attention"). */
  error?: PushRefusal;
  /** Pulls sent before the answer came: a pull sent after it holds the command's effect. */
  acceptedAfterPull?: number;
  confirmed?: boolean;
}

export interface Durable {
  outbox: OutboxEntry[];
  /** Last push batch number used. */
  batch: number;
  cursor: number;
  groups: Record<string, GroupState>;
  /** Pull requests ever sent. */
  pulls: number;
}

export interface PushRequest {
  batch: number;
  commands: Array<{ id: string; type: string; payload: unknown; businessDate: string }>;
}

export interface PullRequest {
  seq: number;
  cursor: number;
  have: string[];
}

export const PUSH_TIMEOUT = 1000;
export const PULL_TIMEOUT = 1000;
const MAX_BATCH = 20;

export class Device {
  durable: Durable = { outbox: [], batch: 0, cursor: 0, groups: {}, pulls: 0 };
  /** Raised by a restart: answers to requests sent before it are lost with the old process. */
  epoch = 0;
  inflightPush: { batch: number; ids: string[]; deadline: number } | null = null;
  inflightPull: { seq: number; deadline: number } | null = null;
  pushFailures = 0;
  nextPushAt = 0;
  pullFailures = 0;
  nextPullAt = 0;
  wantPull = true;
  restarts = 0;
  /** Things that must never happen (checked by the test). */
  anomalies: string[] = [];

  constructor(
    readonly name: string,
    readonly deviceId: string,
    readonly token: string,
    readonly rng: Rng,
    public meetingsLeft: number,
  ) {}

  restart(): void {
    this.epoch++;
    this.restarts++;
    this.inflightPush = null;
    this.inflightPull = null;
    this.pushFailures = 0;
    this.pullFailures = 0;
    this.nextPushAt = 0;
    this.nextPullAt = 0;
    this.wantPull = true;
  }

  waiting(): OutboxEntry[] {
    return this.durable.outbox.filter((e) => e.status === 'waiting');
  }

  /**
   * The group as the device sees it: the last pulled state, then its own commands the server accepted that no pull
   * has brought yet (in server order), then those still waiting (in outbox order). A command that no longer plans
   * against this view is left out of it (the server will answer it).
   */
  localView(shgId: string): GroupSnapshot | null {
    const state = this.durable.groups[shgId];
    if (!state) return null;
    let view = toGroupSnapshot(state);
    const mine = this.durable.outbox.filter((e) => e.shgId === shgId);
    const pending = [
      ...mine.filter((e) => e.status === 'accepted' && !e.confirmed).sort((a, b) => a.serverSeq! - b.serverSeq!),
      ...mine.filter((e) => e.status === 'waiting'),
    ];
    for (const e of pending) {
      const plan = planMeeting(view, e.payload);
      if (plan.ok) view = applyMeetingPlan(view, e.payload, plan.value);
    }
    return view;
  }

  /** Records one meeting offline against the local view; the command goes to the outbox before anything else. */
  recordMeeting(): OutboxEntry | null {
    const held = Object.keys(this.durable.groups).sort();
    if (held.length === 0) return null;
    const shgId = this.rng.pick(held);
    const view = this.localView(shgId)!;
    const input = this.draftMeeting(view);
    for (const attempt of [input, { ...input, disbursements: [], savingsWithdrawals: [], expenses: [], bankDeposit: 0 }]) {
      const parsed = meetingInputSchema.parse(attempt);
      if (planMeeting(view, parsed).ok) {
        const entry: OutboxEntry = { id: this.rng.uuid(), type: 'record-meeting', payload: parsed, shgId, status: 'waiting' };
        this.durable.outbox.push(entry);
        return entry;
      }
    }
    this.anomalies.push(`${this.name}: could not plan a meeting the rules accept on its own view of ${shgId}`);
    return null;
  }

  private draftMeeting(view: GroupSnapshot): MeetingPayload {
    const rng = this.rng;
    const last = [...view.existingMeetingDates].sort().at(-1);
    const date = last ? addDays(last, rng.pick([7, 7, 14, 21])) : view.formedOn;
    const members = view.members.filter((m) => m.status === 'active' && m.joinedOn <= date);
    const present = members.filter(() => rng.chance(0.85));
    const demand = new Map(meetingDemand(view, date).map((d) => [d.memberId, d]));
    let cash = view.cashPaise;
    const savings = present.map((m) => {
      const s = { memberId: m.id, compulsoryPaise: view.savingsRule?.compulsoryPaise ?? 1000, voluntaryPaise: rng.pick([0, 0, 500, 1000]) };
      cash += s.compulsoryPaise + s.voluntaryPaise;
      return s;
    });
    const repayments: NonNullable<MeetingPayload['repayments']> = [];
    for (const m of present) {
      for (const loan of demand.get(m.id)?.loans ?? []) {
        const amount = rng.pick([loan.totalPaise, Math.floor(loan.maxPayablePaise / 2), loan.maxPayablePaise, 0]);
        if (amount > 0) {
          repayments.push({ memberId: m.id, loanId: loan.loanId, amountPaise: Math.min(amount, loan.maxPayablePaise) });
          cash += Math.min(amount, loan.maxPayablePaise);
        }
      }
    }
    const savingsWithdrawals: NonNullable<MeetingPayload['savingsWithdrawals']> = [];
    for (const m of present) {
      const voluntary = view.savingsByMember[m.id]?.voluntaryPaise ?? 0;
      if (voluntary > 0 && rng.chance(0.1)) {
        const amount = Math.min(cash, rng.int(1, voluntary));
        if (amount > 0) {
          savingsWithdrawals.push({ memberId: m.id, amountPaise: amount });
          cash -= amount;
        }
      }
    }
    const expenses: NonNullable<MeetingPayload['expenses']> = [];
    if (rng.chance(0.1) && cash >= 500) {
      expenses.push({ kind: 'stationery', amountPaise: 300 });
      cash -= 300;
    }
    const disbursements: NonNullable<MeetingPayload['disbursements']> = [];
    const borrowers = present.filter((m) => !view.loans.some((l) => l.definition.memberId === m.id));
    if (borrowers.length && rng.chance(0.6)) {
      // Most of the cash in the box: a second device doing the same from the same copy is the "cash spent twice" case.
      const principal = Math.floor((cash * rng.int(60, 100)) / 100 / 100) * 100;
      if (principal >= 1000) {
        disbursements.push({ loanId: rng.uuid(), memberId: rng.pick(borrowers).id, principalPaise: principal, purpose: 'goat', terms: { kind: 'flexible', ratePercentPerMonth: '2', period: 'weekly' } });
        cash -= principal;
      }
    }
    const bankDeposit = rng.chance(0.1) ? Math.floor(cash / 200) * 100 : 0;
    return {
      meetingId: rng.uuid(),
      shgId: view.shgId,
      date,
      attendance: members.map((m) => ({ memberId: m.id, status: present.includes(m) ? ('present' as const) : ('absent' as const) })),
      savings,
      repayments,
      savingsWithdrawals,
      expenses,
      disbursements,
      bankDeposit,
    };
  }

  /** The next push, or null when nothing waits or one is already out. Every push takes a new batch number. */
  nextPush(now: number): PushRequest | null {
    if (this.inflightPush || now < this.nextPushAt) return null;
    const waiting = this.waiting().slice(0, MAX_BATCH);
    if (waiting.length === 0) return null;
    const batch = ++this.durable.batch;
    this.inflightPush = { batch, ids: waiting.map((e) => e.id), deadline: now + PUSH_TIMEOUT };
    return { batch, commands: waiting.map((e) => ({ id: e.id, type: e.type, payload: e.payload, businessDate: e.payload.date })) };
  }

  nextPull(now: number): PullRequest | null {
    if (this.inflightPull || now < this.nextPullAt) return null;
    const seq = ++this.durable.pulls;
    this.inflightPull = { seq, deadline: now + PULL_TIMEOUT };
    this.wantPull = false;
    return { seq, cursor: this.durable.cursor, have: Object.keys(this.durable.groups).sort() };
  }

  onPushAnswer(now: number, batch: number, status: number, body: (PushResponse & { error?: unknown }) | null): void {
    const latest = this.inflightPush?.batch === batch;
    if (status === 200 && body) {
      for (const r of body.results) {
        const entry = this.durable.outbox.find((e) => e.id === r.id);
        if (!entry) {
          this.anomalies.push(`${this.name}: an answer for a command it never sent (${r.id})`);
          continue;
        }
        if (r.status === 'applied' || r.status === 'duplicate') {
          if (entry.status === 'refused') this.anomalies.push(`${this.name}: command ${r.id} was refused, then applied (${r.status}) by batch ${batch}`);
          if (entry.status === 'accepted' && entry.serverSeq !== r.serverSeq) this.anomalies.push(`${this.name}: command ${r.id} answered with two server_seq`);
          if (entry.status !== 'accepted') {
            entry.status = 'accepted';
            entry.serverSeq = r.serverSeq;
            entry.result = r.result;
            entry.acceptedAfterPull = this.durable.pulls;
            entry.error = undefined;
            this.wantPull = true;
          }
        } else if (r.status === 'refused' && latest) {
          // A refusal is final only in the answer to the latest batch: an older answer may be overtaken by it.
          if (entry.status === 'accepted') this.anomalies.push(`${this.name}: command ${r.id} was applied, then refused by batch ${batch}`);
          else {
            entry.status = 'refused';
            entry.error = r.error;
          }
        }
      }
    }
    if (!latest) return;
    this.inflightPush = null;
    if (status === 200) {
      this.pushFailures = 0;
      this.nextPushAt = now;
      // Refused or accepted, the server now knows more than this copy of the group: fetch it.
      if (body?.results.length) this.wantPull = true;
    } else {
      this.backoff(now, 'push');
    }
  }

  onPullAnswer(now: number, seq: number, status: number, body: PullResponse | null): void {
    if (this.inflightPull?.seq !== seq) return;
    this.inflightPull = null;
    if (status !== 200 || !body) {
      this.backoff(now, 'pull');
      return;
    }
    if (body.cursor < this.durable.cursor) this.anomalies.push(`${this.name}: the cursor went back from ${this.durable.cursor} to ${body.cursor}`);
    // One durable write: the groups with the cursor they belong to.
    for (const g of body.groups) this.durable.groups[g.id] = g;
    for (const id of body.removed) delete this.durable.groups[id];
    this.durable.cursor = body.cursor;
    for (const e of this.durable.outbox) if (e.status === 'accepted' && !e.confirmed && e.acceptedAfterPull! < seq) e.confirmed = true;
    this.pullFailures = 0;
  }

  timeouts(now: number): void {
    if (this.inflightPush && now >= this.inflightPush.deadline) {
      this.inflightPush = null;
      this.backoff(now, 'push');
    }
    if (this.inflightPull && now >= this.inflightPull.deadline) {
      this.inflightPull = null;
      this.wantPull = true;
      this.backoff(now, 'pull');
    }
  }

  /** Exponential backoff with jitter, capped at 8 s. */
  private backoff(now: number, what: 'push' | 'pull'): void {
    const failures = what === 'push' ? ++this.pushFailures : ++this.pullFailures;
    const delay = Math.min(8000, 100 * 2 ** Math.min(failures, 7));
    const at = now + Math.floor(delay / 2) + this.rng.int(0, Math.floor(delay / 2));
    if (what === 'push') this.nextPushAt = at;
    else this.nextPullAt = at;
  }
}
