/**
 * The group's books on the phone, computed with core's own rules (the code the server runs): the copy the server
 * last sent, plus every command still waiting or not yet confirmed by a pull, applied in the order they were
 * written. Loaded lazily (it brings core's meeting rules, loans and schedules).
 */
import {
  meetingInputSchema,
  planMeeting,
  planMeetingCorrection,
  type GroupLoan,
  type GroupSnapshot,
  type MeetingInput,
  type MeetingPayload,
  type MeetingPlan,
  type RecordedMeeting,
} from '@khata/core/meeting';
import { EXTERNAL_LOAN_ACCOUNTS, SHG_ACCOUNTS as A } from '@khata/core/chart';
import { balanceOf, type JournalLine } from '@khata/core/ledger';
import type { Problem, Result } from '@khata/core/errors';
import type { LocalGroup, LocalMeeting, MeetingReceipt, OutboxCommand } from './model.ts';
import type { MeetingDetailDto } from './remote.ts';

export function toCoreSnapshot(g: LocalGroup): GroupSnapshot {
  return {
    shgId: g.shgId,
    formedOn: g.formedOn,
    lockedThrough: g.lockedThrough,
    members: g.members.map((m) => ({ id: m.id, status: m.status, joinedOn: m.joinedOn })),
    loans: g.loans,
    externalLoans: g.externalLoans.map((l) => ({ id: l.id, lender: l.lender, principalOutstandingPaise: l.principalOutstandingPaise })),
    cashPaise: g.cashPaise,
    bankPaise: g.bankPaise,
    savingsByMember: g.savingsByMember,
    existingMeetingDates: g.existingMeetingDates,
    savingsRule: g.savingsRule,
  };
}

/** zod's defaults and strictness: the payload as core's rules take it. */
export function parseInput(payload: MeetingPayload): Result<MeetingInput> {
  const parsed = meetingInputSchema.safeParse(payload);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => ({ code: 'VALIDATION_FAILED', ...(i.path.length ? { field: i.path.map(String).join('.') } : {}), message: i.message }) as Problem),
  };
}

/** zod's defaults and strictness, then core's plan. */
export function parseAndPlan(snapshot: GroupSnapshot, payload: MeetingPayload, eventIdPrefix?: string): Result<{ input: MeetingInput; plan: MeetingPlan }> {
  const parsed = meetingInputSchema.safeParse(payload);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => ({ code: 'VALIDATION_FAILED', ...(i.path.length ? { field: i.path.map(String).join('.') } : {}), message: i.message }) as Problem),
    };
  }
  const plan = planMeeting(snapshot, parsed.data, eventIdPrefix ? { eventIdPrefix } : {});
  return plan.ok ? { ok: true, value: { input: parsed.data, plan: plan.value } } : plan;
}

/**
 * Cash in hand after the meeting by plain arithmetic on what was typed (what the plan's cash book will say once
 * every problem is put right): shown at the close even while some other field still has a problem.
 */
export function cashAfter(cashPaise: number, p: MeetingPayload): number {
  const sum = (rows: { amountPaise: number; via?: 'cash' | 'bank' }[] | undefined) => (rows ?? []).filter((r) => (r.via ?? 'cash') === 'cash').reduce((t, r) => t + r.amountPaise, 0);
  return (
    cashPaise +
    (p.savings ?? []).reduce((t, r) => t + (r.compulsoryPaise ?? 0) + (r.voluntaryPaise ?? 0), 0) +
    sum(p.repayments) +
    sum(p.fines) +
    sum(p.otherReceipts) +
    (p.bankWithdrawal ?? 0) -
    sum(p.savingsWithdrawals) -
    sum(p.expenses) -
    (p.externalLoanRepayments ?? []).filter((r) => (r.via ?? 'cash') === 'cash').reduce((t, r) => t + r.principalPaise + r.interestPaise, 0) -
    (p.disbursements ?? []).reduce((t, d) => t + d.principalPaise, 0) -
    (p.bankDeposit ?? 0)
  );
}

/** The meeting's effect on the group: the same numbers the server's books will hold after it. */
export function afterMeeting(g: LocalGroup, input: MeetingInput, plan: MeetingPlan): LocalGroup {
  const appended = new Map(plan.loanEvents.map((l) => [l.loanId, l.events]));
  const loans: GroupLoan[] = [
    ...g.loans.map((l) => ({ definition: l.definition, events: [...l.events, ...(appended.get(l.definition.id) ?? [])] })),
    ...plan.newLoans.map((d) => ({ definition: d, events: appended.get(d.id) ?? [] })),
  ];
  const savingsByMember = { ...g.savingsByMember };
  for (const s of plan.memberSummaries) savingsByMember[s.memberId] = { ...s.totalSavings };
  const lines = plan.entry?.lines ?? [];
  return {
    ...g,
    cashPaise: plan.closingCashBookPaise,
    bankPaise: plan.closingBankPaise,
    savingsByMember,
    loans,
    externalLoans: g.externalLoans.map((l) => ({
      ...l,
      // Principal repaid is a debit on the lender's liability account (positive line): it lowers what is owed.
      principalOutstandingPaise: l.principalOutstandingPaise - balanceOf(lines, { account: EXTERNAL_LOAN_ACCOUNTS[l.lender].principal, loanId: l.id }),
    })),
    existingMeetingDates: [...g.existingMeetingDates, input.date],
  };
}

/** What the closing summary shows and reads aloud. */
export function receiptOf(before: LocalGroup, input: MeetingInput, plan: MeetingPlan): MeetingReceipt {
  const sum = (rows: { amountPaise: number }[]) => rows.reduce((s, r) => s + r.amountPaise, 0);
  const savings = input.savings.reduce((s, r) => s + r.compulsoryPaise + r.voluntaryPaise, 0);
  const repaid = sum(input.repayments);
  const fines = sum(input.fines);
  const expenses = sum(input.expenses.filter((e) => e.via === 'cash'));
  const disbursed = input.disbursements.reduce((s, d) => s + d.principalPaise, 0);
  const withdrawals = sum(input.savingsWithdrawals);
  const present = input.attendance.filter((a) => a.status !== 'absent').length;
  return {
    date: input.date,
    memberSummaries: plan.memberSummaries,
    openingCashPaise: before.cashPaise,
    closingCashPaise: plan.closingCashBookPaise,
    closingBankPaise: plan.closingBankPaise,
    cashCountedPaise: input.cashCountedPaise,
    cashDifferencePaise: plan.cashDifferencePaise,
    collectedPaise: savings + repaid + fines + sum(input.otherReceipts.filter((r) => r.via === 'cash')),
    paidOutPaise: disbursed + withdrawals + expenses,
    expensesPaise: sum(input.expenses),
    disbursedPaise: disbursed,
    finesPaise: fines,
    savingsPaise: savings,
    repaidPaise: repaid,
    present,
    absent: input.attendance.length - present,
  };
}

export interface CorrectionPayload {
  correctionId: string;
  meetingId: string;
  reason: string;
  meeting: MeetingPayload;
}

/** A meeting on the phone's list: from the server, or recorded here and not yet confirmed. */
export interface MeetingListItem extends LocalMeeting {
  /** The command that recorded (or corrected into) it, when it is still in the outbox. */
  commandId?: string;
  pending?: 'waiting' | 'applied';
}

export interface GroupBooks {
  /** The group with every pending command applied (what the screens show). */
  group: LocalGroup;
  meetings: MeetingListItem[];
  /** Entries and loan events of meetings recorded on this phone (a correction of them is planned exactly). */
  recorded: Map<string, RecordedMeeting>;
  /** Payloads of meetings the phone knows (its own, and the server's when it sends them): a correction starts from one. */
  payloads: Map<string, MeetingPayload>;
  /** Pending commands the phone could not apply to its copy (the server will decide; usually refused). */
  notApplied: { id: string; problems: Problem[] }[];
}

export const recordedOf = (input: MeetingInput, plan: MeetingPlan): RecordedMeeting => ({ date: input.date, entry: plan.entry, loanEvents: plan.loanEvents });

/** Applies a correction to the group: the recorded meeting undone, the corrected one applied. */
function afterCorrection(g: LocalGroup, recorded: RecordedMeeting, input: MeetingInput, plan: MeetingPlan): LocalGroup {
  const lines = recorded.entry?.lines ?? [];
  const created = new Set(recorded.loanEvents.filter((l) => l.events.some((e) => e.type === 'disbursement')).map((l) => l.loanId));
  const undone = new Map(
    recorded.loanEvents.map((l) => [
      l.loanId,
      l.events.map((e) => ({ id: `undo:${e.id}`, type: 'reversal' as const, date: recorded.date, reversesEventId: e.id, reason: 'correction' })),
    ]),
  );
  const dates = [...g.existingMeetingDates];
  const i = dates.indexOf(recorded.date);
  if (i >= 0) dates.splice(i, 1);
  const before: LocalGroup = {
    ...g,
    cashPaise: g.cashPaise - balanceOf(lines, { account: A.cash }),
    bankPaise: g.bankPaise - balanceOf(lines, { account: A.bank }),
    loans: g.loans
      .filter((l) => !created.has(l.definition.id))
      .map((l) => ({ definition: l.definition, events: [...l.events, ...(undone.get(l.definition.id) ?? [])] })),
    externalLoans: g.externalLoans.map((l) => ({
      ...l,
      principalOutstandingPaise: l.principalOutstandingPaise + balanceOf(lines, { account: EXTERNAL_LOAN_ACCOUNTS[l.lender].principal, loanId: l.id }),
    })),
    existingMeetingDates: dates,
  };
  return afterMeeting(before, input, plan);
}

/**
 * A meeting the server holds, as a correction needs it, rebuilt from its payload: the lines that move cash, bank,
 * savings and the group's own loans (what a correction takes back out), and its loan events, found in the
 * server's loans by their ids (`<meetingId>:repayment:<loanId>`, as the server names them).
 */
export function recordedFromPayload(payload: MeetingPayload, meetingId: string, group: Pick<LocalGroup, 'loans' | 'externalLoans'>): RecordedMeeting | null {
  const parsed = meetingInputSchema.safeParse(payload);
  if (!parsed.success) return null;
  const p = parsed.data;
  const lines: JournalLine[] = [];
  const line = (accountPath: string, amountPaise: number, tags: Partial<JournalLine> = {}) => {
    if (amountPaise !== 0) lines.push({ accountPath, amountPaise, ...tags });
  };
  const sum = (rows: { amountPaise: number }[]) => rows.reduce((t, r) => t + r.amountPaise, 0);
  const viaCash = <T extends { via: 'cash' | 'bank'; amountPaise: number }>(rows: T[], via: 'cash' | 'bank') => sum(rows.filter((r) => r.via === via));
  const ext = (via: 'cash' | 'bank') => p.externalLoanRepayments.filter((r) => r.via === via).reduce((t, r) => t + r.principalPaise + r.interestPaise, 0);
  line(
    A.cash,
    p.savings.reduce((t, r) => t + r.compulsoryPaise + r.voluntaryPaise, 0) +
      sum(p.repayments) +
      sum(p.fines) +
      viaCash(p.otherReceipts, 'cash') +
      p.bankWithdrawal -
      sum(p.savingsWithdrawals) -
      viaCash(p.expenses, 'cash') -
      ext('cash') -
      p.disbursements.reduce((t, d) => t + d.principalPaise, 0) -
      p.bankDeposit,
  );
  line(A.bank, viaCash(p.otherReceipts, 'bank') - p.bankWithdrawal - viaCash(p.expenses, 'bank') - ext('bank') + p.bankDeposit);
  for (const r of p.savings) {
    line(A.savingsCompulsory, -r.compulsoryPaise, { memberId: r.memberId });
    line(A.savingsVoluntary, -r.voluntaryPaise, { memberId: r.memberId });
  }
  for (const r of p.savingsWithdrawals) line(A.savingsVoluntary, r.amountPaise, { memberId: r.memberId });
  const prefix = `${meetingId}:`;
  const loanEvents = group.loans
    .map((l) => ({ loanId: l.definition.id, events: l.events.filter((e) => e.id.startsWith(prefix)) }))
    .filter((l) => l.events.length > 0);
  // External loans: principal repaid lowers what the group owes (a debit on the lender's account).
  for (const r of p.externalLoanRepayments) {
    const lender = group.externalLoans.find((l) => l.id === r.externalLoanId)?.lender;
    if (lender) line(EXTERNAL_LOAN_ACCOUNTS[lender].principal, r.principalPaise, { loanId: r.externalLoanId });
  }
  return {
    date: p.date,
    entry: { businessDate: p.date, narration: `Meeting ${p.date}`, source: 'record-meeting', lines },
    loanEvents,
  };
}

/**
 * A meeting recorded elsewhere, rebuilt as a payload from the server's view of it and the server's loan events
 * (repayments and new loans are found by their event ids, `<meetingId>:repayment:<loanId>`). Null when a part
 * cannot be rebuilt exactly (a repayment to a loan the meeting closed, so no longer on the phone).
 */
export function payloadFromDetail(d: MeetingDetailDto, group: Pick<LocalGroup, 'loans'>): MeetingPayload | null {
  const prefix = `${d.id}:`;
  const repayments: NonNullable<MeetingPayload['repayments']> = [];
  const disbursements: NonNullable<MeetingPayload['disbursements']> = [];
  for (const loan of group.loans) {
    for (const e of loan.events) {
      if (!e.id.startsWith(prefix)) continue;
      if (e.type === 'repayment' || e.type === 'prepayment') repayments.push({ memberId: loan.definition.memberId, loanId: loan.definition.id, amountPaise: e.amountPaise });
      if (e.type === 'disbursement') {
        disbursements.push({ loanId: loan.definition.id, memberId: loan.definition.memberId, principalPaise: loan.definition.principalPaise, purpose: loan.definition.purpose ?? '-', terms: loan.definition.terms });
      }
    }
  }
  const att = new Map(d.attendance.map((a) => [a.memberId, a.status]));
  for (const m of d.members) {
    const repaid = repayments.filter((r) => r.memberId === m.memberId).reduce((t, r) => t + r.amountPaise, 0);
    const lent = disbursements.filter((r) => r.memberId === m.memberId).reduce((t, r) => t + r.principalPaise, 0);
    if (repaid !== m.repaymentPaise || lent !== m.disbursedPaise) return null;
  }
  return {
    meetingId: d.id,
    shgId: d.shgId,
    date: d.date,
    attendance: d.attendance.map((a) => ({ memberId: a.memberId, status: a.status as 'present' })),
    savings: d.members.filter((m) => m.compulsoryPaise > 0 || m.voluntaryPaise > 0).map((m) => ({ memberId: m.memberId, compulsoryPaise: m.compulsoryPaise, voluntaryPaise: m.voluntaryPaise })),
    savingsWithdrawals: d.members.filter((m) => (m.withdrawalPaise ?? 0) > 0).map((m) => ({ memberId: m.memberId, amountPaise: m.withdrawalPaise! })),
    repayments,
    disbursements,
    fines: d.members.filter((m) => m.finesPaise > 0).map((m) => ({ memberId: m.memberId, reason: att.get(m.memberId) === 'late' ? 'late' : att.get(m.memberId) === 'absent' ? 'absence' : 'other', amountPaise: m.finesPaise })),
    otherReceipts: d.otherReceipts.map((r) => ({ kind: r.kind as 'other', amountPaise: r.amountPaise })),
    expenses: d.expenses.map((e) => ({ kind: e.kind as 'other', amountPaise: e.amountPaise })),
    bankDeposit: d.bankDepositPaise,
    bankWithdrawal: d.bankWithdrawalPaise,
    cashCountedPaise: d.cashCountedPaise,
    decisions: d.decisions ?? [],
  };
}

/** The group as the phone shows it, and how it got there. */
export interface BooksInput {
  base: LocalGroup;
  /** This group's outbox: waiting and applied commands count; synced ones only tell how their meetings were recorded. */
  commands: OutboxCommand[];
}

/**
 * The group as the phone shows it: the server's copy, then each pending command in the order written. A
 * command that no longer fits (the server's copy changed under it) is left out and listed in `notApplied`.
 */
export function groupBooks(base: LocalGroup, commands: OutboxCommand[]): GroupBooks {
  let group = base;
  const meetings: MeetingListItem[] = base.meetings.map((m) => ({ ...m }));
  const recorded = new Map<string, RecordedMeeting>();
  const payloads = new Map<string, MeetingPayload>();
  for (const m of base.meetings) {
    if (m.recorded) recorded.set(m.id, m.recorded);
    if (m.payload) payloads.set(m.id, m.payload);
  }
  // Meetings this phone recorded that the server has confirmed: how they were recorded, and their payloads.
  for (const c of commands) {
    if (c.state !== 'synced') continue;
    const meeting = c.type === 'record-meeting' ? (c.payload as MeetingPayload) : (c.payload as CorrectionPayload).meeting;
    payloads.set(meeting.meetingId, meeting);
    if (c.recorded) recorded.set(meeting.meetingId, c.recorded);
    const listed = meetings.find((m) => m.id === meeting.meetingId);
    if (listed && !listed.payload) listed.payload = meeting;
  }
  const notApplied: GroupBooks['notApplied'] = [];
  const state = (c: OutboxCommand) => (c.state === 'waiting' ? 'waiting' : 'applied') as 'waiting' | 'applied';

  for (const c of commands) {
    if (c.state !== 'waiting' && c.state !== 'applied') continue;
    if (c.type === 'record-meeting') {
      const planned = parseAndPlan(toCoreSnapshot(group), c.payload as MeetingPayload);
      if (!planned.ok) {
        notApplied.push({ id: c.id, problems: planned.problems });
        continue;
      }
      const { input, plan } = planned.value;
      group = afterMeeting(group, input, plan);
      recorded.set(input.meetingId, recordedOf(input, plan));
      payloads.set(input.meetingId, c.payload as MeetingPayload);
      meetings.push({ id: input.meetingId, date: input.date, status: 'recorded', payload: c.payload as MeetingPayload, commandId: c.id, pending: state(c), ...countsOf(input) });
    } else {
      const p = c.payload as CorrectionPayload;
      const originalPayload = payloads.get(p.meetingId);
      const original = recorded.get(p.meetingId) ?? (originalPayload ? recordedFromPayload(originalPayload, p.meetingId, group) : null);
      const parsed = meetingInputSchema.safeParse(p.meeting);
      if (!original || !parsed.success) {
        notApplied.push({ id: c.id, problems: [] });
        continue;
      }
      const corrected = planMeetingCorrection(toCoreSnapshot(group), original, parsed.data, { reason: p.reason, correctionId: p.correctionId });
      if (!corrected.ok) {
        notApplied.push({ id: c.id, problems: corrected.problems });
        continue;
      }
      group = afterCorrection(group, original, parsed.data, corrected.value.plan);
      recorded.set(parsed.data.meetingId, recordedOf(parsed.data, corrected.value.plan));
      payloads.set(parsed.data.meetingId, p.meeting);
      for (const m of meetings) if (m.id === p.meetingId) m.status = 'reversed';
      meetings.push({ id: parsed.data.meetingId, date: parsed.data.date, status: 'recorded', payload: p.meeting, commandId: c.id, pending: state(c), ...countsOf(parsed.data) });
    }
  }
  meetings.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
  return { group: { ...group, meetings }, meetings, recorded, payloads, notApplied };
}

function countsOf(input: MeetingInput): Pick<LocalMeeting, 'present' | 'absent' | 'savingsPaise' | 'repaymentsPaise' | 'disbursementsPaise'> {
  const present = input.attendance.filter((a) => a.status !== 'absent').length;
  return {
    present,
    absent: input.attendance.length - present,
    savingsPaise: input.savings.reduce((s, r) => s + r.compulsoryPaise + r.voluntaryPaise, 0),
    repaymentsPaise: input.repayments.reduce((s, r) => s + r.amountPaise, 0),
    disbursementsPaise: input.disbursements.reduce((s, r) => s + r.principalPaise, 0),
  };
}
