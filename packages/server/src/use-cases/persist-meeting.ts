import { replayLoan, type LoanEvent, type MeetingInput, type MeetingPlan } from '@khata/core';
import { postEntry, type Tx } from '../ledger/post-entry.ts';
import { loanDefinitionOf, type LoadedGroup } from './group-snapshot.ts';

/**
 * Writes a planned meeting: new loans, the one journal entry, the loan events, the meeting row; then marks loans
 * that the meeting paid off as closed. Shared by record-meeting and correct-meeting.
 */
export async function persistMeeting(
  tx: Tx,
  group: LoadedGroup,
  input: MeetingInput,
  plan: MeetingPlan,
  commandId: string,
  /** Loans the meeting being corrected created: disbursed again under the same id, their row is redefined. */
  redefinable: ReadonlySet<string> = new Set(),
) {
  const { entityId, organisationId } = group;
  for (const loan of plan.newLoans) {
    const disbursement = plan.loanEvents.find((l) => l.loanId === loan.id)?.events.find((e) => e.type === 'disbursement');
    const row = {
      id: loan.id,
      organisation_id: organisationId,
      entity_id: entityId,
      member_id: loan.memberId,
      kind: loan.terms.kind === 'flexible' ? ('internal-flexible' as const) : ('internal-scheduled' as const),
      lender: null,
      lender_name: null,
      principal_paise: loan.principalPaise,
      limit_paise: null,
      disbursed_on: loan.disbursedOn,
      terms: JSON.stringify(loan.terms),
      schedule: disbursement && 'schedule' in disbursement && disbursement.schedule ? JSON.stringify(disbursement.schedule) : null,
      purpose: loan.purpose ?? null,
      command_id: commandId,
    };
    if (redefinable.has(loan.id)) {
      // The row is the loan's definition, not a posted record: its history stays in its events and journal lines.
      const { id: _id, organisation_id: _o, entity_id: _e, ...definition } = row;
      await tx.updateTable('loan').set({ ...definition, status: 'open' }).where('id', '=', loan.id).where('entity_id', '=', entityId).execute();
    } else {
      await tx.insertInto('loan').values(row).execute();
    }
  }
  const entryId = plan.entry
    ? await postEntry(tx, {
        organisationId,
        entityId,
        businessDate: plan.entry.businessDate,
        narration: plan.entry.narration,
        sourceType: 'record-meeting',
        lines: plan.entry.lines,
        commandId,
        meetingId: input.meetingId,
      })
    : null;
  await appendLoanEvents(tx, organisationId, plan.loanEvents, entryId);
  await tx
    .insertInto('meeting')
    .values({
      id: input.meetingId,
      organisation_id: organisationId,
      shg_id: input.shgId,
      date: input.date,
      entry_id: entryId,
      payload: JSON.stringify(input),
      closing_cash_paise: plan.closingCashBookPaise,
      cash_counted_paise: input.cashCountedPaise,
      command_id: commandId,
    })
    .execute();
  await refreshLoanStatuses(tx, [...plan.loanEvents.map((l) => l.loanId), ...input.externalLoanRepayments.map((r) => r.externalLoanId)], input.date);
  return { entryId };
}

export async function appendLoanEvents(tx: Tx, organisationId: number, loanEvents: Array<{ loanId: string; events: LoanEvent[] }>, entryId: number | null) {
  const rows = loanEvents.flatMap((l) => l.events.map((event) => ({ id: crypto.randomUUID(), organisation_id: organisationId, loan_id: l.loanId, entry_id: entryId, event: JSON.stringify(event) })));
  if (rows.length) await tx.insertInto('loan_event').values(rows).execute();
}

/** A loan's status is derived from the replay of its events; kept on the row only so lists can filter fast. */
export async function refreshLoanStatuses(tx: Tx, loanIds: string[], asOf: string) {
  if (loanIds.length === 0) return;
  const loans = await tx.selectFrom('loan').selectAll().where('id', 'in', loanIds).execute();
  const events = await tx.selectFrom('loan_event').select(['loan_id', 'event']).where('loan_id', 'in', loanIds).orderBy('seq').execute();
  const owed = await tx
    .selectFrom('loan_balance as b')
    .innerJoin('account as a', 'a.id', 'b.account_id')
    .select(['b.loan_id', 'b.balance_paise'])
    .where('b.loan_id', 'in', loanIds)
    .where('a.path', 'like', 'liabilities:loans:%')
    .execute();
  for (const loan of loans) {
    if (!loan.kind.startsWith('internal')) {
      // An outside loan is closed when its principal is repaid (a cash credit stays open: it can be drawn again).
      const principal = owed.filter((o) => o.loan_id === loan.id).reduce((t, o) => t + o.balance_paise, 0);
      if (loan.kind === 'external-term' && principal === 0 && loan.status === 'open') await tx.updateTable('loan').set({ status: 'closed' }).where('id', '=', loan.id).execute();
      continue;
    }
    
    const state = replayLoan(loanDefinitionOf(loan), events.filter((e) => e.loan_id === loan.id).map((e) => e.event as LoanEvent), asOf);
    const status = state.disbursedPaise === 0 && state.principalOutstandingPaise === 0 && state.paidPrincipal === 0 ? 'cancelled' : state.status;
    if (status !== loan.status) await tx.updateTable('loan').set({ status }).where('id', '=', loan.id).execute();
  }
}
