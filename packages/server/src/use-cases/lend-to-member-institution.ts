import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ErrorCode, isoDate, KhataError, orThrow, positivePaise, problem, uuid, type PaiseInstallment, type Problem } from '@khata/core';
import { isFederationLevel, isPercent, LOAN_FUNDS, planLoan } from '@khata/core/federation';
import type { CommandHandler } from '../commands/apply-command.ts';
import type { LoanTable } from '../db/schema.ts';
import { annualRate, institutionLoanSchedule, type ExternalLoanTerms } from './receive-external-loan.ts';
import { dateProblems, fed, membershipOn, moneyProblems, openPair, postTwoSided, refuse } from './federation-books.ts';

const percent = z.string().trim().refine(isPercent, 'must be a percentage from 0 to 100, such as "75"');

export const lendToMemberInstitutionSchema = z.strictObject({
  /** The loan's id as both institutions know it: the borrower's loan row (an SHG repays it at meetings by this id). */
  loanId: uuid,
  /** A federation lending to one of its members: CLF → VO, VO → SHG (BLF → CLF). */
  lenderId: uuid,
  borrowerId: uuid,
  /** cif: Community Investment Fund; vrf: a VO's Vulnerability Reduction Fund lent to an SHG for a member in distress. */
  fund: z.enum(LOAN_FUNDS),
  date: isoDate,
  amountPaise: positivePaise,
  annualRatePercent: annualRate,
  repayments: z.number().int().min(1).max(600),
  every: z.number().int().min(1).max(12).default(1),
  unit: z.enum(['months', 'weeks']).default('months'),
  interestMethod: z.enum(['declining', 'flat']).default('declining'),
  amortization: z.enum(['equal-installments', 'equal-principal']).default('equal-installments'),
  firstRepaymentOn: isoDate.nullable().default(null),
  graceOnPrincipal: z.number().int().min(0).default(0),
  paidFrom: z.enum(['bank', 'cash']).default('bank'),
  receivedInto: z.enum(['bank', 'cash']).default('bank'),
  /** The lender's own CIF borrowing this money comes from (a VO lending on its CLF's CIF): its interest spread applies. */
  fundedByLoanId: uuid.nullish(),
  /**
   * A loan to a federation (CLF → VO): the share of the interest the borrower's members pay on money lent on from
   * this loan that comes up to this lender (the VO keeps the rest). The configured spread, kept with the loan.
   */
  onLendingPassUpPercent: percent.default('0'),
  /** VRF: the member in distress the SHG borrows it for (she borrows it from her SHG at its meeting). */
  beneficiaryMemberId: uuid.nullish(),
  purpose: z.string().trim().max(200).nullish(),
  reference: z.string().trim().max(100).nullish(),
});
export type LendToMemberInstitution = z.output<typeof lendToMemberInstitutionSchema>;

export interface LendToMemberInstitutionResult {
  loanId: string;
  lenderLoanId: string;
  transferId: string;
  lenderEntryId: number;
  borrowerEntryId: number;
  /** Of the interest the borrower pays, the share its lender holds for the federation above it. */
  passUpPercent: string;
  schedule: PaiseInstallment[];
}

/** The lender's loan row id, derived from the loan id (the same command always makes the same rows). */
export function lenderLoanIdOf(loanId: string): string {
  const h = createHash('sha256').update(`khata:lender-loan:${loanId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

/**
 * A federation lends to a member institution (CIF CLF → VO, CIF or VRF VO → SHG): one movement in both books and a
 * loan row on each side (the lender's receivable, the borrower's liability), linked, both with the repayment
 * schedule. The borrower's row is an outside loan like a bank's, so an SHG repays it at its meetings.
 *
 * VRF goes to members in distress through their SHG: the VO lends to the SHG (naming the member), the SHG lends to
 * her at its meeting. Her debt sits in her own group's books and passbook, where she repays it week by week; the
 * SHG stands behind it; and the VO's books reconcile with the SHG's like any other loan.
 */
export const lendToMemberInstitution: CommandHandler<LendToMemberInstitution, LendToMemberInstitutionResult> = {
  type: 'lend-to-member-institution',
  schema: lendToMemberInstitutionSchema,
  permission: 'write',
  nodeOf: async (_tx, p) => p.borrowerId,
  apply: async (tx, ctx, p) => {
    const [borrower, lender] = await openPair(tx, ctx, { nodeId: p.borrowerId, field: 'borrowerId' }, { nodeId: p.lenderId, field: 'lenderId' });
    const lenderLoanId = lenderLoanIdOf(p.loanId);
    const plan = orThrow(
      planLoan({ fund: p.fund, lender: lender.kind, borrower: borrower.kind, amountPaise: p.amountPaise, date: p.date, paidFrom: p.paidFrom, receivedInto: p.receivedInto, lenderLoanId, borrowerLoanId: p.loanId, borrowerTag: borrower.nodeId }),
    );
    const problems: Problem[] = [...dateProblems(borrower, p.date), ...dateProblems(lender, p.date)];
    if (!(await membershipOn(tx, lender.nodeId, borrower.nodeId, p.date))) problems.push(problem(ErrorCode.ValidationFailed, 'borrowerId', `is not a member of ${lender.name} on this date`));
    const taken = await tx.selectFrom('loan').select('id').where('id', 'in', [p.loanId, lenderLoanId]).executeTakeFirst();
    if (taken) problems.push(problem(ErrorCode.Conflict, 'loanId', 'a loan with this id already exists'));

    let passUpPercent = '0';
    if (p.fundedByLoanId) {
      const upstream = await fed(tx).selectFrom('institution_loan').selectAll().where('id', '=', p.fundedByLoanId).executeTakeFirst();
      if (!upstream || upstream.borrower_entity_id !== lender.entityId || upstream.fund !== 'cif' || p.fund !== 'cif') {
        problems.push(problem(ErrorCode.UnknownLoan, 'fundedByLoanId', `is not a CIF loan ${lender.name} borrowed`));
      } else {
        passUpPercent = upstream.on_lending_pass_up_percent;
      }
    }
    if (p.onLendingPassUpPercent !== '0' && !isFederationLevel(borrower.kind)) {
      problems.push(problem(ErrorCode.ValidationFailed, 'onLendingPassUpPercent', 'only a federation lends on: an SHG’s loans to its members keep their own interest'));
    }
    if (p.fund === 'vrf' && !p.beneficiaryMemberId) problems.push(problem(ErrorCode.ValidationFailed, 'beneficiaryMemberId', 'a VRF loan names the member in distress it is for'));
    if (p.beneficiaryMemberId) {
      const member = await tx.selectFrom('member').select(['shg_id', 'status']).where('id', '=', p.beneficiaryMemberId).executeTakeFirst();
      if (p.fund !== 'vrf') problems.push(problem(ErrorCode.ValidationFailed, 'beneficiaryMemberId', 'only a VRF loan names a member'));
      else if (!member || member.shg_id !== borrower.nodeId) problems.push(problem(ErrorCode.UnknownMember, 'beneficiaryMemberId', 'is not a member of the borrowing SHG'));
      else if (member.status !== 'active') problems.push(problem(ErrorCode.MemberNotActive, 'beneficiaryMemberId', 'has left the group'));
    }
    const schedule = institutionLoanSchedule(p);
    if (!schedule.ok) problems.push(...schedule.problems);
    problems.push(...(await moneyProblems(tx, lender, p.paidFrom, p.amountPaise, 'amountPaise')));
    refuse(problems);
    if (!schedule.ok) throw new KhataError(...schedule.problems);

    const terms: ExternalLoanTerms = {
      kind: 'term-loan',
      annualRatePercent: p.annualRatePercent,
      repayments: p.repayments,
      every: p.every,
      unit: p.unit,
      interestMethod: p.interestMethod,
      amortization: p.amortization,
      firstRepaymentOn: p.firstRepaymentOn,
      graceOnPrincipal: p.graceOnPrincipal,
    };
    const row = {
      organisation_id: lender.organisationId,
      member_id: null,
      principal_paise: p.amountPaise,
      limit_paise: null,
      disbursed_on: p.date,
      terms: JSON.stringify({ ...terms, fund: p.fund }),
      schedule: JSON.stringify(schedule.value),
      purpose: p.purpose ?? null,
      command_id: ctx.commandId,
      reference: p.reference ?? null,
    };
    await tx
      .insertInto('loan')
      .values([
        // The borrower's: an outside loan (an SHG's lender is its VO: 'vo-cif' for CIF, 'other' for VRF).
        { ...row, id: p.loanId, entity_id: borrower.entityId, kind: 'external-term', lender: borrower.kind === 'shg' && p.fund === 'cif' ? 'vo-cif' : 'other', lender_name: lender.name },
        // The lender's: its receivable from the member institution.
        { ...row, id: lenderLoanId, entity_id: lender.entityId, kind: 'lent-to-institution' as LoanTable['kind'], lender: null, lender_name: null },
      ])
      .execute();
    await fed(tx)
      .insertInto('institution_loan')
      .values({
        id: p.loanId,
        organisation_id: lender.organisationId,
        fund: p.fund,
        lender_entity_id: lender.entityId,
        borrower_entity_id: borrower.entityId,
        lender_loan_id: lenderLoanId,
        funded_by: p.fundedByLoanId ?? null,
        pass_up_percent: passUpPercent,
        on_lending_pass_up_percent: p.onLendingPassUpPercent,
        beneficiary_member_id: p.beneficiaryMemberId ?? null,
        transfer_id: p.loanId,
      })
      .execute();
    const label = p.fund === 'cif' ? 'CIF loan' : 'VRF loan';
    const { fromEntryId, toEntryId } = await postTwoSided(
      tx,
      ctx,
      plan,
      lender,
      borrower,
      { id: p.loanId, kind: 'loan', fund: p.fund, amountPaise: p.amountPaise, date: p.date, loanId: p.loanId },
      'lend-to-member-institution',
      { from: `${label} to ${borrower.name}`, to: `${label} from ${lender.name}` },
    );
    return { loanId: p.loanId, lenderLoanId, transferId: p.loanId, lenderEntryId: fromEntryId, borrowerEntryId: toEntryId, passUpPercent, schedule: schedule.value };
  },
};
