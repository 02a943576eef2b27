import { SHG_ACCOUNTS as A } from './chart.ts';
import { ErrorCode, fail, ok, problem, type Problem, type Result } from './errors.ts';
import { consolidateLines, credit, debit, validateEntry, type JournalEntryDraft, type JournalLine } from './ledger.ts';
import { demandAt, type Allocation, type LoanDemand, type LoanEvent } from './loans.ts';
import type { GroupLoan, LoanEventsToAppend, MemberSavings } from './meeting.ts';

/*
 * A member leaves: her savings (compulsory and voluntary) are set against what she owes on her loans (penalty,
 * interest due, principal outstanding). The rest of her savings is paid out to her in cash; if her savings fall
 * short she pays the rest, or the group writes it off, or she cannot leave yet.
 */

export interface MemberExitInput {
  memberId: string;
  date: string;
  savings: MemberSavings;
  /** Her loans (closed ones are skipped). */
  loans: GroupLoan[];
  /** Cash the group holds, from which her balance is paid out. */
  cashPaise: number;
  lockedThrough?: string | null;
  /** Cash she pays at exit towards what her savings do not cover. */
  cashFromMemberPaise?: number;
  /** The group resolved to write off what remains unpaid. */
  writeOffShortfall?: boolean;
  /** Prefix of the ids of the loan events this exit appends (the command id). */
  eventIdPrefix: string;
}

export interface MemberExitPlan {
  /** Null when she had no savings and no dues. */
  entry: JournalEntryDraft | null;
  loanEvents: LoanEventsToAppend[];
  /** Everything she owed on the date: penalty + interest due + principal outstanding. */
  duesPaise: number;
  savingsPaise: number;
  /** Dues settled out of her savings. */
  setOffPaise: number;
  cashFromMemberPaise: number;
  paidOutPaise: number;
  /** Principal written off (an expense of the group). */
  writtenOffPaise: number;
  /** Interest and penalty forgiven with the write-off (memo: never income, so never in the books). */
  forgivenPaise: number;
}

const ORDER = ['penaltyPaise', 'interestPaise', 'principalPaise'] as const;

/**
 * Settles a leaving member. Money meets dues in the order penalty, interest, principal across all her loans
 * (oldest loan first within each), so what a write-off loses is principal first.
 */
export function planMemberExit(input: MemberExitInput): Result<MemberExitPlan> {
  const { memberId, date } = input;
  const problems: Problem[] = [];
  if (input.lockedThrough && date <= input.lockedThrough) {
    problems.push(problem(ErrorCode.PeriodLocked, 'date', 'falls in a closed period', { lockedThrough: input.lockedThrough }));
  }
  input.loans.forEach((l, i) => {
    if (l.definition.memberId !== memberId) problems.push(problem(ErrorCode.UnknownLoan, `loans.${i}`, 'is not a loan of this member'));
  });
  const demands: LoanDemand[] = [...input.loans]
    .sort((a, b) => (a.definition.disbursedOn < b.definition.disbursedOn ? -1 : a.definition.disbursedOn > b.definition.disbursedOn ? 1 : 0))
    .map((l) => demandAt(l.definition, l.events, date))
    .filter((d) => d.status === 'open');
  const owed = (d: LoanDemand): Allocation => ({
    penaltyPaise: d.penaltyPaise,
    interestPaise: d.interestPaise,
    principalPaise: d.principalOutstandingPaise,
  });
  const duesPaise = demands.reduce((s, d) => s + d.maxPayablePaise, 0);
  const savingsPaise = input.savings.compulsoryPaise + input.savings.voluntaryPaise;
  const fromMember = input.cashFromMemberPaise ?? 0;
  if (fromMember > Math.max(0, duesPaise - savingsPaise)) {
    problems.push(
      problem(ErrorCode.RepaymentExceedsDue, 'cashFromMemberPaise', 'is more than her savings leave unpaid', {
        maxPaise: Math.max(0, duesPaise - savingsPaise),
      }),
    );
  }
  const available = savingsPaise + fromMember;
  const shortfall = Math.max(0, duesPaise - available);
  if (shortfall > 0 && !input.writeOffShortfall) {
    problems.push(
      problem(ErrorCode.InsufficientSavings, 'writeOffShortfall', 'her savings do not cover what she owes: she pays the rest or the group writes it off', {
        remainingDuePaise: shortfall,
      }),
    );
  }
  const paidOutPaise = Math.max(0, available - duesPaise);
  if (paidOutPaise > input.cashPaise) {
    problems.push(problem(ErrorCode.InsufficientCash, 'cashPaise', 'the group has not enough cash to pay her savings out', { availablePaise: input.cashPaise }));
  }
  if (problems.length) return fail(...problems);

  // Allocate the available money over all loans, component by component.
  const paid = new Map(demands.map((d) => [d.loanId, { penaltyPaise: 0, interestPaise: 0, principalPaise: 0 } as Allocation]));
  let left = Math.min(available, duesPaise);
  for (const key of ORDER) {
    for (const d of demands) {
      const take = Math.min(left, owed(d)[key]);
      paid.get(d.loanId)![key] += take;
      left -= take;
    }
  }

  const tags = { memberId };
  const lines: JournalLine[] = [
    debit(A.savingsCompulsory, input.savings.compulsoryPaise, tags),
    debit(A.savingsVoluntary, input.savings.voluntaryPaise, tags),
    debit(A.cash, fromMember, tags),
  ];
  const loanEvents: LoanEventsToAppend[] = [];
  let writtenOffPaise = 0;
  let forgivenPaise = 0;
  for (const d of demands) {
    const a = paid.get(d.loanId)!;
    const loanTags = { memberId, loanId: d.loanId };
    const amount = a.penaltyPaise + a.interestPaise + a.principalPaise;
    const events: LoanEvent[] = [];
    if (amount > 0) {
      lines.push(
        credit(A.loansToMembers, a.principalPaise, loanTags),
        credit(A.interestMemberLoans, a.interestPaise, loanTags),
        credit(A.fines, a.penaltyPaise, loanTags),
      );
      events.push({ id: `${input.eventIdPrefix}:exit-settlement:${d.loanId}`, type: 'repayment', date, amountPaise: amount, allocation: a });
    }
    const principalLeft = d.principalOutstandingPaise - a.principalPaise;
    const otherLeft = d.penaltyPaise + d.interestPaise - a.penaltyPaise - a.interestPaise;
    if (principalLeft + otherLeft > 0) {
      lines.push(debit(A.loanWriteOff, principalLeft, loanTags), credit(A.loansToMembers, principalLeft, loanTags));
      events.push({ id: `${input.eventIdPrefix}:write-off:${d.loanId}`, type: 'write-off', date, reason: 'member left' });
      writtenOffPaise += principalLeft;
      forgivenPaise += otherLeft;
    }
    if (events.length) loanEvents.push({ loanId: d.loanId, events });
  }
  lines.push(credit(A.cash, paidOutPaise, tags));

  const merged = consolidateLines(lines);
  const entry: JournalEntryDraft | null =
    merged.length === 0 ? null : { businessDate: date, narration: `Member exit ${date}`, source: 'settle-member-exit', lines: merged };
  if (entry) {
    const check = validateEntry(entry);
    if (!check.ok) throw new RangeError(`exit entry does not validate: ${check.problems.map((p) => p.message).join('; ')}`);
  }
  return ok({
    entry,
    loanEvents,
    duesPaise,
    savingsPaise,
    setOffPaise: Math.min(savingsPaise, duesPaise),
    cashFromMemberPaise: fromMember,
    paidOutPaise,
    writtenOffPaise,
    forgivenPaise,
  });
}
