import { z } from 'zod';
import {
  EXPENSE_KINDS,
  EXTERNAL_LOAN_ACCOUNTS,
  RECEIPT_KINDS,
  SHG_ACCOUNTS as A,
  type ExpenseKind,
  type ExternalLender,
  type ReceiptKind,
} from './chart.ts';
import { ErrorCode, fail, ok, problem, type Problem, type Result } from './errors.ts';
import { balanceOf, consolidateLines, credit, debit, reverseEntry, transfer, validateEntry, type JournalEntryDraft, type JournalLine } from './ledger.ts';
import {
  allocateRepayment,
  demandAt,
  effectiveEvents,
  loanTermsSchema,
  replayLoan,
  scheduleFor,
  type Allocation,
  type LoanDefinition,
  type LoanDemand,
  type LoanEvent,
  type ReversalEvent,
} from './loans.ts';
import { isoDate, nonEmpty, paiseAmount, positivePaise, uuid, zodProblems } from './schema-parts.ts';

/*
 * Recording a meeting: the one use case the phone (offline) and the server (authoritative) both run, so that a
 * bookkeeper sees at the meeting exactly what the server will accept.
 */

// ---------------------------------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------------------------------

export const ATTENDANCE_STATUSES = ['present', 'absent', 'late', 'represented'] as const;
export const FINE_REASONS = ['late', 'absence', 'default', 'other'] as const;
const via = z.enum(['cash', 'bank']).default('cash');
const note = z.string().trim().max(200).optional();
const rows = <T extends z.ZodType>(row: T) => z.array(row).max(1000).default([]);

/** Payload of the command `record-meeting`. Unknown keys are refused: a misspelt field must not drop money silently. */
export const meetingInputSchema = z.strictObject({
  meetingId: uuid,
  shgId: uuid,
  date: isoDate,
  attendance: rows(z.strictObject({ memberId: uuid, status: z.enum(ATTENDANCE_STATUSES) })),
  savings: rows(z.strictObject({ memberId: uuid, compulsoryPaise: paiseAmount.default(0), voluntaryPaise: paiseAmount.default(0) })),
  /** From voluntary savings only; compulsory savings come back when a member leaves. */
  savingsWithdrawals: rows(z.strictObject({ memberId: uuid, amountPaise: paiseAmount })),
  repayments: rows(z.strictObject({ memberId: uuid, loanId: uuid, amountPaise: paiseAmount })),
  disbursements: rows(
    z.strictObject({ loanId: uuid, memberId: uuid, principalPaise: positivePaise, purpose: nonEmpty(200), terms: loanTermsSchema }),
  ),
  /** Fines collected in cash at the meeting (income when collected, like interest). */
  fines: rows(z.strictObject({ memberId: uuid, reason: z.enum(FINE_REASONS), amountPaise: paiseAmount })),
  otherReceipts: rows(
    z.strictObject({ kind: z.enum(Object.keys(RECEIPT_KINDS) as [ReceiptKind, ...ReceiptKind[]]), amountPaise: paiseAmount, narration: note, via }),
  ),
  expenses: rows(
    z.strictObject({ kind: z.enum(Object.keys(EXPENSE_KINDS) as [ExpenseKind, ...ExpenseKind[]]), amountPaise: paiseAmount, narration: note, via }),
  ),
  /** Cash taken to the bank. */
  bankDeposit: paiseAmount.default(0),
  /** Cash brought from the bank. */
  bankWithdrawal: paiseAmount.default(0),
  /** The group repaying its own lenders (bank, VO CIF, others). */
  externalLoanRepayments: rows(z.strictObject({ externalLoanId: uuid, principalPaise: paiseAmount, interestPaise: paiseAmount, via })),
  cashCountedPaise: paiseAmount.nullable().default(null),
  minutes: z.string().max(10000).optional(),
  decisions: z.array(nonEmpty(1000)).max(100).default([]),
});
export type MeetingInput = z.output<typeof meetingInputSchema>;
/** The payload as a client sends it (defaults may be left out). */
export type MeetingPayload = z.input<typeof meetingInputSchema>;


export function parseMeetingInput(raw: unknown): Result<MeetingInput> {
  const parsed = meetingInputSchema.safeParse(raw);
  return parsed.success ? ok(parsed.data) : fail(...zodProblems(parsed.error));
}

// ---------------------------------------------------------------------------------------------------------------
// The group as it stands before the meeting
// ---------------------------------------------------------------------------------------------------------------

export interface SnapshotMember {
  id: string;
  status: 'active' | 'left';
  joinedOn: string;
}

export interface GroupLoan {
  definition: LoanDefinition;
  events: LoanEvent[];
}

export interface ExternalLoan {
  id: string;
  lender: ExternalLender;
  principalOutstandingPaise: number;
}

export interface MemberSavings {
  compulsoryPaise: number;
  voluntaryPaise: number;
}

export interface GroupSnapshot {
  shgId: string;
  formedOn: string;
  /** Books are closed up to and including this date. */
  lockedThrough: string | null;
  members: SnapshotMember[];
  /** Open internal loans (and any loan a correction's original meeting touched). */
  loans: GroupLoan[];
  externalLoans: ExternalLoan[];
  cashPaise: number;
  bankPaise: number;
  savingsByMember: Record<string, MemberSavings>;
  existingMeetingDates: string[];
  /** The group's savings rule, for the demand the field app pre-fills. */
  savingsRule?: { compulsoryPaise: number };
}

// ---------------------------------------------------------------------------------------------------------------
// The plan
// ---------------------------------------------------------------------------------------------------------------

export interface MemberSummary {
  memberId: string;
  attendance: (typeof ATTENDANCE_STATUSES)[number] | null;
  savingsThisMeeting: { compulsoryPaise: number; voluntaryPaise: number; withdrawnPaise: number };
  totalSavings: MemberSavings;
  /** Cash she handed over: savings, repayments, fines. */
  paidPaise: number;
  /** Cash she received: new loans and savings withdrawn. */
  receivedPaise: number;
  repaidPaise: number;
  finesPaise: number;
  /** After this meeting, over all her loans. */
  loanOutstandingPaise: number;
  interestDuePaise: number;
}

export interface LoanEventsToAppend {
  loanId: string;
  events: LoanEvent[];
}

export interface MeetingPlan {
  /** One balanced entry for the whole meeting; null when no money moved (attendance only). */
  entry: JournalEntryDraft | null;
  loanEvents: LoanEventsToAppend[];
  newLoans: LoanDefinition[];
  closingCashBookPaise: number;
  closingBankPaise: number;
  /**
   * Counted cash minus the cash book; null when not counted. Reported, never posted: a difference is a counting
   * or recording error to be found and put right, not an income or a loss to be booked silently.
   */
  cashDifferencePaise: number | null;
  memberSummaries: MemberSummary[];
}

export interface PlanOptions {
  /** Prefix of the ids of loan events this meeting appends (the meeting id; a correction's command id). */
  eventIdPrefix?: string;
}

/** Collects problems; each names its field. */
class Problems {
  readonly list: Problem[] = [];
  add(code: Problem['code'], field: string, message: string, params?: Record<string, string | number>): false {
    this.list.push(problem(code, field, message, params));
    return false;
  }
}

/** Flags rows after the first with the same key. */
function duplicates<T>(items: readonly T[], key: (t: T) => string, field: (i: number) => string, out: Problems, what: string): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const k = key(item);
    if (seen.has(k)) out.add(ErrorCode.ValidationFailed, field(i), `${what} appears twice in this meeting`);
    seen.add(k);
  });
}

/**
 * Checks a meeting against the group and, when every check passes, turns it into one journal entry, the loan
 * events to append, and what is read back to the members. All problems are collected, each naming its field.
 *
 * Cash is checked in this order, the order money moves at a meeting: first everything received (savings,
 * repayments, fines, other receipts), then the bank withdrawal; then payments out of that cash: savings
 * withdrawals, expenses, the group's repayments to its lenders, loan disbursements, and last the bank deposit.
 * The bank account likewise: receipts into it, the withdrawal, payments from it, and last the deposit.
 * A row refused for cash does not count against the rows after it, so each problem stands on its own.
 */
export function planMeeting(group: GroupSnapshot, input: MeetingInput, options: PlanOptions = {}): Result<MeetingPlan> {
  const date = input.date;
  const prefix = options.eventIdPrefix ?? input.meetingId;
  const out = new Problems();

  // -- the date and the group
  if (input.shgId !== group.shgId) out.add(ErrorCode.ValidationFailed, 'shgId', 'is not this group');
  if (group.lockedThrough !== null && date <= group.lockedThrough) {
    out.add(ErrorCode.PeriodLocked, 'date', 'falls in a closed period', { lockedThrough: group.lockedThrough });
  }
  if (date < group.formedOn) out.add(ErrorCode.DateBeforeFormation, 'date', 'is before the group was formed', { formedOn: group.formedOn });
  if (group.existingMeetingDates.includes(date)) out.add(ErrorCode.DuplicateMeeting, 'date', 'a meeting is already recorded on this date');

  // -- members
  const members = new Map(group.members.map((m) => [m.id, m]));
  const memberOk = (field: string, memberId: string): boolean => {
    const m = members.get(memberId);
    if (!m) return out.add(ErrorCode.UnknownMember, field, 'is not a member of this group');
    if (m.status !== 'active') return out.add(ErrorCode.MemberNotActive, field, 'has left the group');
    if (m.joinedOn > date) return out.add(ErrorCode.MemberNotActive, field, 'was not yet a member on this date', { joinedOn: m.joinedOn });
    return true;
  };
  input.attendance.forEach((r, i) => memberOk(`attendance.${i}.memberId`, r.memberId));
  const savingsOk = input.savings.map((r, i) => memberOk(`savings.${i}.memberId`, r.memberId));
  const finesOk = input.fines.map((r, i) => memberOk(`fines.${i}.memberId`, r.memberId));
  duplicates(input.attendance, (r) => r.memberId, (i) => `attendance.${i}.memberId`, out, 'this member');
  duplicates(input.savings, (r) => r.memberId, (i) => `savings.${i}.memberId`, out, 'this member');
  duplicates(input.savingsWithdrawals, (r) => r.memberId, (i) => `savingsWithdrawals.${i}.memberId`, out, 'this member');
  duplicates(input.repayments, (r) => r.loanId, (i) => `repayments.${i}.loanId`, out, 'this loan');
  duplicates(input.disbursements, (r) => r.loanId, (i) => `disbursements.${i}.loanId`, out, 'this loan');
  duplicates(input.externalLoanRepayments, (r) => r.externalLoanId, (i) => `externalLoanRepayments.${i}.externalLoanId`, out, 'this loan');

  // -- repayments: on an open loan of this member, not more than she owes
  const loans = new Map(group.loans.map((l) => [l.definition.id, l]));
  const repayments: { row: MeetingInput['repayments'][number]; loan: GroupLoan; demand: LoanDemand; allocation: Allocation }[] = [];
  input.repayments.forEach((row, i) => {
    const f = `repayments.${i}`;
    const member = memberOk(`${f}.memberId`, row.memberId);
    const loan = loans.get(row.loanId);
    if (!loan) return out.add(ErrorCode.UnknownLoan, `${f}.loanId`, 'is not a loan of this group');
    if (loan.definition.memberId !== row.memberId) return out.add(ErrorCode.UnknownLoan, `${f}.loanId`, 'is not a loan of this member');
    const last = effectiveEvents(loan.events).at(-1);
    if (last && last.date > date) {
      return out.add(ErrorCode.Conflict, `${f}.loanId`, 'the loan has entries after this date', { lastEventOn: last.date });
    }
    const demand = demandAt(loan.definition, loan.events, date);
    const allocation = allocateRepayment(demand, row.amountPaise, demand.allocationOrder, `${f}.amountPaise`);
    if (!allocation.ok) return out.list.push(...allocation.problems);
    if (member && row.amountPaise > 0) repayments.push({ row, loan, demand, allocation: allocation.value });
    return true;
  });

  // -- disbursements: new loans with valid terms
  const newLoans: { definition: LoanDefinition; event: LoanEvent }[] = [];
  const disbursementOk = input.disbursements.map((row, i) => {
    const f = `disbursements.${i}`;
    let good = memberOk(`${f}.memberId`, row.memberId);
    if (loans.has(row.loanId)) good = out.add(ErrorCode.Conflict, `${f}.loanId`, 'a loan with this id already exists');
    const definition: LoanDefinition = {
      id: row.loanId,
      memberId: row.memberId,
      principalPaise: row.principalPaise,
      disbursedOn: date,
      terms: row.terms,
      purpose: row.purpose,
    };
    const schedule = scheduleFor(definition, `${f}.terms.`);
    if (!schedule.ok) {
      out.list.push(...schedule.problems.map((p) => (p.field === 'principalPaise' ? { ...p, field: `${f}.principalPaise` } : p)));
      return false;
    }
    newLoans.push({
      definition,
      event: {
        id: `${prefix}:disbursement:${row.loanId}`,
        type: 'disbursement',
        date,
        amountPaise: row.principalPaise,
        ...(schedule.value ? { schedule: schedule.value } : {}),
      },
    });
    return good;
  });

  // -- external loans
  const externals = new Map(group.externalLoans.map((l) => [l.id, l]));
  const externalOk = input.externalLoanRepayments.map((row, i) => {
    const f = `externalLoanRepayments.${i}`;
    const loan = externals.get(row.externalLoanId);
    if (!loan) return out.add(ErrorCode.UnknownLoan, `${f}.externalLoanId`, 'is not a loan of this group');
    if (row.principalPaise > loan.principalOutstandingPaise) {
      return out.add(ErrorCode.RepaymentExceedsDue, `${f}.principalPaise`, 'is more than the group owes on this loan', {
        maxPaise: loan.principalOutstandingPaise,
      });
    }
    return true;
  });

  // -- cash and bank, in the documented order
  let cash = group.cashPaise;
  let bank = group.bankPaise;
  input.savings.forEach((r, i) => {
    if (savingsOk[i]) cash += r.compulsoryPaise + r.voluntaryPaise;
  });
  for (const r of repayments) cash += r.row.amountPaise;
  input.fines.forEach((r, i) => {
    if (finesOk[i]) cash += r.amountPaise;
  });
  for (const r of input.otherReceipts) {
    if (r.via === 'cash') cash += r.amountPaise;
    else bank += r.amountPaise;
  }
  if (input.bankWithdrawal > bank) {
    out.add(ErrorCode.InsufficientBank, 'bankWithdrawal', 'is more than the bank balance', { availablePaise: bank });
  } else {
    bank -= input.bankWithdrawal;
    cash += input.bankWithdrawal;
  }
  const pay = (field: string, amount: number, from: 'cash' | 'bank'): boolean => {
    const available = from === 'cash' ? cash : bank;
    if (amount > available) {
      const code = from === 'cash' ? ErrorCode.InsufficientCash : ErrorCode.InsufficientBank;
      return out.add(code, field, `is more than the ${from} the group holds at this point`, { availablePaise: available });
    }
    if (from === 'cash') cash -= amount;
    else bank -= amount;
    return true;
  };

  const voluntaryAfterDeposits = (memberId: string) =>
    (group.savingsByMember[memberId]?.voluntaryPaise ?? 0) +
    input.savings.reduce((s, r, i) => (savingsOk[i] && r.memberId === memberId ? s + r.voluntaryPaise : s), 0);
  input.savingsWithdrawals.forEach((r, i) => {
    const f = `savingsWithdrawals.${i}`;
    if (!memberOk(`${f}.memberId`, r.memberId)) return;
    const available = voluntaryAfterDeposits(r.memberId);
    if (r.amountPaise > available) {
      out.add(ErrorCode.InsufficientSavings, `${f}.amountPaise`, 'is more than her voluntary savings', { availablePaise: available });
      return;
    }
    pay(`${f}.amountPaise`, r.amountPaise, 'cash');
  });
  input.expenses.forEach((r, i) => pay(`expenses.${i}.amountPaise`, r.amountPaise, r.via));
  input.externalLoanRepayments.forEach((r, i) => {
    if (externalOk[i]) pay(`externalLoanRepayments.${i}.principalPaise`, r.principalPaise + r.interestPaise, r.via);
  });
  input.disbursements.forEach((r, i) => {
    if (disbursementOk[i]) pay(`disbursements.${i}.principalPaise`, r.principalPaise, 'cash');
  });
  pay('bankDeposit', input.bankDeposit, 'cash');

  if (out.list.length > 0) return fail(...out.list);
  return ok(buildPlan(group, input, prefix, repayments, newLoans));
}

function buildPlan(
  group: GroupSnapshot,
  input: MeetingInput,
  prefix: string,
  repayments: { row: MeetingInput['repayments'][number]; loan: GroupLoan; demand: LoanDemand; allocation: Allocation }[],
  newLoans: { definition: LoanDefinition; event: LoanEvent }[],
): MeetingPlan {
  const date = input.date;
  const lines: JournalLine[] = [];
  const money = (v: 'cash' | 'bank') => (v === 'cash' ? A.cash : A.bank);

  for (const r of input.savings) {
    const tags = { memberId: r.memberId };
    lines.push(...transfer({ to: A.cash, from: A.savingsCompulsory, amountPaise: r.compulsoryPaise, toTags: tags, fromTags: tags }));
    lines.push(...transfer({ to: A.cash, from: A.savingsVoluntary, amountPaise: r.voluntaryPaise, toTags: tags, fromTags: tags }));
  }
  const loanEvents: LoanEventsToAppend[] = [];
  for (const { row, loan, demand, allocation: a } of repayments) {
    const tags = { memberId: row.memberId, loanId: row.loanId };
    lines.push(
      debit(A.cash, row.amountPaise, { memberId: row.memberId }),
      credit(A.loansToMembers, a.principalPaise, tags),
      credit(A.interestMemberLoans, a.interestPaise, tags),
      credit(A.fines, a.penaltyPaise, tags),
    );
    // Principal beyond what fell due is a prepayment where principal is expected on dates (schedule or agreed amount).
    const terms = loan.definition.terms;
    const expectsPrincipal = terms.kind === 'scheduled' || terms.agreedPrincipalPaise != null;
    const type = expectsPrincipal && a.principalPaise > demand.principalPaise ? 'prepayment' : 'repayment';
    loanEvents.push({
      loanId: row.loanId,
      events: [{ id: `${prefix}:repayment:${row.loanId}`, type, date, amountPaise: row.amountPaise, allocation: a }],
    });
  }
  for (const r of input.fines) {
    const tags = { memberId: r.memberId };
    lines.push(...transfer({ to: A.cash, from: A.fines, amountPaise: r.amountPaise, toTags: tags, fromTags: tags }));
  }
  for (const r of input.otherReceipts) {
    const tags = r.narration ? { memo: r.narration } : {};
    lines.push(...transfer({ to: money(r.via), from: RECEIPT_KINDS[r.kind], amountPaise: r.amountPaise, fromTags: tags }));
  }
  lines.push(...transfer({ to: A.cash, from: A.bank, amountPaise: input.bankWithdrawal }));
  for (const r of input.savingsWithdrawals) {
    const tags = { memberId: r.memberId };
    lines.push(...transfer({ to: A.savingsVoluntary, from: A.cash, amountPaise: r.amountPaise, toTags: tags, fromTags: tags }));
  }
  for (const r of input.expenses) {
    const tags = r.narration ? { memo: r.narration } : {};
    lines.push(...transfer({ to: EXPENSE_KINDS[r.kind], from: money(r.via), amountPaise: r.amountPaise, toTags: tags }));
  }
  const externals = new Map(group.externalLoans.map((l) => [l.id, l]));
  for (const r of input.externalLoanRepayments) {
    const accounts = EXTERNAL_LOAN_ACCOUNTS[externals.get(r.externalLoanId)!.lender];
    const tags = { loanId: r.externalLoanId };
    lines.push(
      debit(accounts.principal, r.principalPaise, tags),
      debit(accounts.interest, r.interestPaise, tags),
      credit(money(r.via), r.principalPaise + r.interestPaise),
    );
  }
  for (const { definition: d, event } of newLoans) {
    lines.push(...transfer({ to: A.loansToMembers, from: A.cash, amountPaise: d.principalPaise, toTags: { memberId: d.memberId, loanId: d.id }, fromTags: { memberId: d.memberId } }));
    loanEvents.push({ loanId: d.id, events: [event] });
  }
  lines.push(...transfer({ to: A.bank, from: A.cash, amountPaise: input.bankDeposit }));

  const merged = consolidateLines(lines);
  const entry: JournalEntryDraft | null =
    merged.length === 0 ? null : { businessDate: date, narration: `Meeting ${date}`, source: 'record-meeting', lines: merged };
  if (entry) {
    // Built balanced by construction; a failure here is a bug, never a user error.
    const check = validateEntry(entry);
    if (!check.ok) throw new RangeError(`meeting entry does not validate: ${check.problems.map((p) => p.message).join('; ')}`);
  }

  const closingCashBookPaise = group.cashPaise + balanceOf(merged, { account: A.cash });
  return {
    entry,
    loanEvents,
    newLoans: newLoans.map((l) => l.definition),
    closingCashBookPaise,
    closingBankPaise: group.bankPaise + balanceOf(merged, { account: A.bank }),
    cashDifferencePaise: input.cashCountedPaise === null ? null : input.cashCountedPaise - closingCashBookPaise,
    memberSummaries: summaries(group, input, merged, loanEvents, newLoans.map((l) => l.definition)),
  };
}

function summaries(
  group: GroupSnapshot,
  input: MeetingInput,
  lines: JournalLine[],
  loanEvents: LoanEventsToAppend[],
  newLoans: LoanDefinition[],
): MemberSummary[] {
  const date = input.date;
  const touched = new Set(lines.flatMap((l) => (l.memberId ? [l.memberId] : [])));
  const attendance = new Map(input.attendance.map((a) => [a.memberId, a.status]));
  const appended = new Map(loanEvents.map((l) => [l.loanId, l.events]));
  const allLoans: GroupLoan[] = [
    ...group.loans.map((l) => ({ definition: l.definition, events: [...l.events, ...(appended.get(l.definition.id) ?? [])] })),
    ...newLoans.map((d) => ({ definition: d, events: appended.get(d.id) ?? [] })),
  ];
  const states = allLoans.map((l) => replayLoan(l.definition, l.events, date));
  const sum = (memberId: string, account: string, sign: 1 | -1) =>
    lines.reduce((s, l) => (l.memberId === memberId && l.accountPath === account && Math.sign(l.amountPaise) === sign ? s + Math.abs(l.amountPaise) : s), 0);

  return group.members
    .filter((m) => touched.has(m.id) || attendance.has(m.id) || (m.status === 'active' && m.joinedOn <= date))
    .map((m) => {
      const before = group.savingsByMember[m.id] ?? { compulsoryPaise: 0, voluntaryPaise: 0 };
      const compulsory = sum(m.id, A.savingsCompulsory, -1);
      const voluntary = sum(m.id, A.savingsVoluntary, -1);
      const withdrawn = sum(m.id, A.savingsVoluntary, 1);
      const mine = states.filter((s) => s.memberId === m.id);
      return {
        memberId: m.id,
        attendance: attendance.get(m.id) ?? null,
        savingsThisMeeting: { compulsoryPaise: compulsory, voluntaryPaise: voluntary, withdrawnPaise: withdrawn },
        totalSavings: { compulsoryPaise: before.compulsoryPaise + compulsory, voluntaryPaise: before.voluntaryPaise + voluntary - withdrawn },
        paidPaise: sum(m.id, A.cash, 1),
        receivedPaise: sum(m.id, A.cash, -1),
        repaidPaise: input.repayments.filter((r) => r.memberId === m.id).reduce((s, r) => s + r.amountPaise, 0),
        finesPaise: input.fines.filter((r) => r.memberId === m.id).reduce((s, r) => s + r.amountPaise, 0),
        loanOutstandingPaise: mine.reduce((s, l) => s + l.principalOutstandingPaise, 0),
        interestDuePaise: mine.reduce((s, l) => s + l.interestDuePaise, 0),
      };
    });
}

// ---------------------------------------------------------------------------------------------------------------
// Demand: what the field app pre-fills
// ---------------------------------------------------------------------------------------------------------------

export interface MemberDemand {
  memberId: string;
  compulsorySavingsPaise: number;
  loans: LoanDemand[];
  /** Savings plus everything due on her loans. */
  totalPaise: number;
}

/** Per active member, what a meeting on `date` expects: the compulsory saving and what is due on each open loan. */
export function meetingDemand(group: GroupSnapshot, date: string): MemberDemand[] {
  const compulsory = group.savingsRule?.compulsoryPaise ?? 0;
  return group.members
    .filter((m) => m.status === 'active' && m.joinedOn <= date)
    .map((m) => {
      const loans = group.loans
        .filter((l) => l.definition.memberId === m.id)
        .map((l) => demandAt(l.definition, l.events, date))
        .filter((d) => d.status === 'open');
      return { memberId: m.id, compulsorySavingsPaise: compulsory, loans, totalPaise: compulsory + loans.reduce((s, d) => s + d.totalPaise, 0) };
    });
}

// ---------------------------------------------------------------------------------------------------------------
// Correction: a reversal plus a new plan
// ---------------------------------------------------------------------------------------------------------------

/** A meeting as it was recorded: its entry and the loan events it appended. */
export interface RecordedMeeting {
  date: string;
  entry: (JournalEntryDraft & { id?: string }) | null;
  loanEvents: LoanEventsToAppend[];
}

export interface MeetingReversal {
  entry: JournalEntryDraft | null;
  loanEvents: { loanId: string; events: ReversalEvent[] }[];
}

/** Cancels a recorded meeting: the reversing entry (dated as the meeting) and a reversal of each loan event. */
export function reverseMeeting(recorded: RecordedMeeting, reason: string, reversalId: string): MeetingReversal {
  return {
    entry: recorded.entry ? reverseEntry(recorded.entry, reason, recorded.entry.businessDate, 'correct-meeting') : null,
    loanEvents: recorded.loanEvents.map((l) => ({
      loanId: l.loanId,
      events: l.events.map((e) => ({ id: `${reversalId}:reverse:${e.id}`, type: 'reversal', date: recorded.date, reversesEventId: e.id, reason })),
    })),
  };
}

/**
 * A correction is the reversal of the recorded meeting plus a new plan, made against the group as if the
 * meeting had never been recorded. `group` must still hold every loan the recorded meeting touched.
 */
export function planMeetingCorrection(
  group: GroupSnapshot,
  recorded: RecordedMeeting,
  input: MeetingInput,
  correction: { reason: string; correctionId: string },
): Result<{ reversal: MeetingReversal; plan: MeetingPlan }> {
  if (group.lockedThrough !== null && recorded.date <= group.lockedThrough) {
    return fail(problem(ErrorCode.PeriodLocked, 'date', 'the meeting to correct is in a closed period', { lockedThrough: group.lockedThrough }));
  }
  const reversal = reverseMeeting(recorded, correction.reason, correction.correctionId);
  const lines = recorded.entry?.lines ?? [];
  const reversedLoanEvents = new Map(reversal.loanEvents.map((l) => [l.loanId, l.events]));
  const newInRecorded = new Set(
    recorded.loanEvents.filter((l) => l.events.some((e) => e.type === 'disbursement')).map((l) => l.loanId),
  );
  const savingsByMember: Record<string, MemberSavings> = {};
  for (const m of group.members) {
    const s = group.savingsByMember[m.id] ?? { compulsoryPaise: 0, voluntaryPaise: 0 };
    // Savings are credits: the recorded deposits were negative lines, so adding the signed lines takes them out.
    savingsByMember[m.id] = {
      compulsoryPaise: s.compulsoryPaise + balanceOf(lines, { account: A.savingsCompulsory, memberId: m.id }),
      voluntaryPaise: s.voluntaryPaise + balanceOf(lines, { account: A.savingsVoluntary, memberId: m.id }),
    };
  }
  const before: GroupSnapshot = {
    ...group,
    cashPaise: group.cashPaise - balanceOf(lines, { account: A.cash }),
    bankPaise: group.bankPaise - balanceOf(lines, { account: A.bank }),
    savingsByMember,
    loans: group.loans
      .filter((l) => !newInRecorded.has(l.definition.id))
      .map((l) => ({ definition: l.definition, events: [...l.events, ...(reversedLoanEvents.get(l.definition.id) ?? [])] })),
    externalLoans: group.externalLoans.map((l) => ({
      ...l,
      principalOutstandingPaise:
        l.principalOutstandingPaise + balanceOf(lines, { account: EXTERNAL_LOAN_ACCOUNTS[l.lender].principal, loanId: l.id }),
    })),
    existingMeetingDates: withoutOne(group.existingMeetingDates, recorded.date),
  };
  const plan = planMeeting(before, input, { eventIdPrefix: correction.correctionId });
  return plan.ok ? ok({ reversal, plan: plan.value }) : plan;
}

function withoutOne(dates: readonly string[], date: string): string[] {
  const i = dates.indexOf(date);
  return i === -1 ? [...dates] : [...dates.slice(0, i), ...dates.slice(i + 1)];
}
