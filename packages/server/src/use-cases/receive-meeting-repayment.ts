import { z } from 'zod';
import { consolidateLines, ErrorCode, isoDate, KhataError, orThrow, problem, uuid, type JournalLine, type Problem } from '@khata/core';
import { loanAccounts, planRepayment } from '@khata/core/federation';
import { authorizeNode } from '../access.ts';
import type { CommandHandler } from '../commands/apply-command.ts';
import type { Database } from '../db/pool.ts';
import { postEntry } from '../ledger/post-entry.ts';
import { balanceOfAccount, closeIfRepaid, dateProblems, ensureChart, fed, insertTransfer, loadInstitution, lockBooks, refuse } from './federation-books.ts';

export const receiveMeetingRepaymentSchema = z.strictObject({
  /** The receipt's id: the transfer id on the federation's entry. */
  transferId: uuid,
  /** The lender: the VO whose loans the SHG repaid at its meeting. */
  federationId: uuid,
  /** The SHG's meeting that recorded the repayment. */
  meetingId: uuid,
  /** When the money reached the federation (on or after the meeting). */
  date: isoDate,
  receivedInto: z.enum(['bank', 'cash']).default('bank'),
});
export type ReceiveMeetingRepayment = z.output<typeof receiveMeetingRepaymentSchema>;

export interface ReceiveMeetingRepaymentResult {
  transferId: string;
  entryId: number;
  loans: Array<{ loanId: string; principalPaise: number; interestPaise: number; passedUpPaise: number }>;
}

/**
 * The federation records the money an SHG repaid on its loans at the SHG's meeting (`externalLoanRepayments`).
 * The meeting writes only the SHG's books: the money leaves the group at its meeting and reaches the VO later
 * (at the VO's meeting, or deposited in its bank), on the VO's own date and into its own account, recorded by
 * whoever keeps the VO's books; a group's offline meeting is never refused because of the VO's books (a closed
 * period, another user's scope). Until this receipt, the reconciliation lists the repayment as in transit; the
 * receipt is linked to the meeting, so it is matched to it to the paisa, and is recorded at most once.
 */
export const receiveMeetingRepayment: CommandHandler<ReceiveMeetingRepayment, ReceiveMeetingRepaymentResult> = {
  type: 'receive-meeting-repayment',
  schema: receiveMeetingRepaymentSchema,
  permission: 'write',
  nodeOf: async (_tx, p) => p.federationId,
  apply: async (tx, ctx, p) => {
    const meeting = await tx.selectFrom('meeting').select(['id', 'shg_id', 'date', 'status', 'entry_id', 'replaced_by']).where('id', '=', p.meetingId).executeTakeFirst();
    if (!meeting) throw new KhataError(problem(ErrorCode.NotFound, 'meetingId', 'no such meeting'));
    await authorizeNode(tx as unknown as Database, ctx.actor, meeting.shg_id, 'read');
    const federation = await loadInstitution(tx, ctx.actor.organisationId, p.federationId, 'federationId');
    const shg = await loadInstitution(tx, ctx.actor.organisationId, meeting.shg_id, 'meetingId');
    await lockBooks(tx, federation);
    await ensureChart(tx, federation);
    const problems: Problem[] = [];
    if (meeting.status !== 'recorded') {
      problems.push(problem(ErrorCode.Conflict, 'meetingId', 'the meeting was corrected: record the receipt for the meeting that replaced it', meeting.replaced_by ? { replacedBy: meeting.replaced_by } : undefined));
    }
    const done = await fed(tx).selectFrom('fund_transfer').select('id').where('kind', '=', 'meeting-receipt').where('meeting_id', '=', p.meetingId).where('to_entity_id', '=', federation.entityId).executeTakeFirst();
    if (done) problems.push(problem(ErrorCode.Conflict, 'meetingId', 'this meeting’s repayment has already been received', { transferId: done.id }));
    if (p.date < meeting.date) problems.push(problem(ErrorCode.ValidationFailed, 'date', 'is before the meeting', { meetingDate: meeting.date }));
    problems.push(...dateProblems(federation, p.date));

    const links = await fed(tx).selectFrom('institution_loan').selectAll().where('lender_entity_id', '=', federation.entityId).where('borrower_entity_id', '=', shg.entityId).execute();
    const lines = meeting.entry_id && links.length
      ? await tx
          .selectFrom('journal_line as l')
          .innerJoin('account as a', 'a.id', 'l.account_id')
          .select(['a.path', 'l.amount_paise', 'l.loan_id'])
          .where('l.entry_id', '=', meeting.entry_id)
          .where('l.loan_id', 'in', links.map((k) => k.id))
          .execute()
      : [];
    const repaid = links.flatMap((link) => {
      const a = orThrow(loanAccounts(link.fund, federation.kind, shg.kind));
      const mine = lines.filter((l) => l.loan_id === link.id);
      const principal = mine.filter((l) => l.path === a.borrowerPrincipal).reduce((t, l) => t + l.amount_paise, 0);
      const interest = mine.filter((l) => l.path === a.borrowerInterest).reduce((t, l) => t + l.amount_paise, 0);
      return principal + interest > 0 ? [{ link, accounts: a, principal, interest }] : [];
    });
    if (repaid.length === 0) problems.push(problem(ErrorCode.ValidationFailed, 'meetingId', `the meeting repaid no loan of ${federation.name}`));
    for (const r of repaid) {
      const receivable = await balanceOfAccount(tx, federation.entityId, r.accounts.lenderPrincipal, r.link.lender_loan_id);
      if (r.principal > receivable) problems.push(problem(ErrorCode.RepaymentExceedsDue, 'meetingId', 'repays more principal than the federation’s books have outstanding', { outstandingPaise: receivable }));
    }
    refuse(problems);

    const planned = repaid.map((r) => {
      const plan = orThrow(
        planRepayment({
          fund: r.link.fund,
          lender: federation.kind,
          borrower: shg.kind,
          principalPaise: r.principal,
          interestPaise: r.interest,
          passUpPercent: r.link.pass_up_percent,
          date: p.date,
          paidFrom: 'bank',
          receivedInto: p.receivedInto,
          lenderLoanId: r.link.lender_loan_id,
          borrowerLoanId: r.link.id,
          borrowerTag: shg.nodeId,
        }),
      );
      return { r, plan };
    });
    const entryLines: JournalLine[] = consolidateLines(planned.flatMap((x) => x.plan.to));
    const total = repaid.reduce((t, r) => t + r.principal + r.interest, 0);
    await insertTransfer(tx, ctx, shg, federation, {
      id: p.transferId,
      kind: 'meeting-receipt',
      fund: repaid.every((r) => r.link.fund === repaid[0]!.link.fund) ? repaid[0]!.link.fund : null,
      amountPaise: total,
      date: p.date,
      meetingId: p.meetingId,
      detail: { meetingDate: meeting.date, loans: repaid.map((r) => ({ loanId: r.link.id, principalPaise: r.principal, interestPaise: r.interest })) },
    });
    const entryId = await postEntry(tx, {
      organisationId: federation.organisationId,
      entityId: federation.entityId,
      businessDate: p.date,
      narration: `Repayment received from ${shg.name} (its meeting of ${meeting.date})`,
      sourceType: 'receive-meeting-repayment',
      lines: entryLines.map((l) => ({ accountPath: l.accountPath, amountPaise: l.amountPaise, memberId: l.memberId ?? null, loanId: l.loanId ?? null })),
      commandId: ctx.commandId,
      transferId: p.transferId,
    });
    for (const r of repaid) await closeIfRepaid(tx, r.link.lender_loan_id, federation.entityId, r.accounts.lenderPrincipal);
    return {
      transferId: p.transferId,
      entryId,
      loans: planned.map(({ r, plan }) => ({ loanId: r.link.id, principalPaise: r.principal, interestPaise: r.interest, passedUpPaise: plan.passedUpPaise })),
    };
  },
};
