import { replayLoan, type GroupLoan, type GroupSnapshot, type MeetingInput, type MeetingPlan } from '@khata/core';
import type { GroupState } from './protocol.ts';

/*
 * What the field app does with a pulled group: core's rules run against it offline. Pure (core only), so that it
 * can move to core when the field app is built.
 */

/** The group as core's meeting rules want it, from a pulled group state. */
export function toGroupSnapshot(state: GroupState): GroupSnapshot {
  return {
    shgId: state.id,
    formedOn: state.formedOn,
    lockedThrough: state.lockedThrough,
    members: state.members.map((m) => ({ id: m.id, status: 'active' as const, joinedOn: m.joinedOn })),
    loans: state.loans,
    externalLoans: state.externalLoans,
    cashPaise: state.cashPaise,
    bankPaise: state.bankPaise,
    savingsByMember: state.savingsByMember,
    existingMeetingDates: state.meetingDates,
    savingsRule: state.savingsRule,
  };
}

/**
 * The group after a meeting the device recorded offline (planned by core against `group`): the same state the
 * server will hold once it accepts the meeting. Loans the meeting paid off leave the list, as on the server.
 */
export function applyMeetingPlan(group: GroupSnapshot, input: MeetingInput, plan: MeetingPlan): GroupSnapshot {
  const appended = new Map(plan.loanEvents.map((l) => [l.loanId, l.events]));
  const loans: GroupLoan[] = [
    ...group.loans.map((l) => ({ definition: l.definition, events: [...l.events, ...(appended.get(l.definition.id) ?? [])] })),
    ...plan.newLoans.map((d) => ({ definition: d, events: appended.get(d.id) ?? [] })),
  ].filter((l) => replayLoan(l.definition, l.events, input.date).status === 'open');
  const savingsByMember = { ...group.savingsByMember };
  for (const s of plan.memberSummaries) savingsByMember[s.memberId] = { ...s.totalSavings };
  const repaidExternal = new Map(input.externalLoanRepayments.map((r) => [r.externalLoanId, r.principalPaise]));
  return {
    ...group,
    loans,
    externalLoans: group.externalLoans.map((l) => ({ ...l, principalOutstandingPaise: l.principalOutstandingPaise - (repaidExternal.get(l.id) ?? 0) })),
    cashPaise: plan.closingCashBookPaise,
    bankPaise: plan.closingBankPaise,
    savingsByMember,
    existingMeetingDates: [...group.existingMeetingDates, input.date],
  };
}
