import { z } from 'zod';
import { EXTERNAL_LENDERS, EXTERNAL_LOAN_ACCOUNTS, SHG_ACCOUNTS as A } from './chart.ts';
import { ErrorCode, fail, ok, type Problem, type Result } from './errors.ts';
import { balanceOf, consolidateLines, credit, debit, validateEntry, type JournalEntryDraft, type JournalLine } from './ledger.ts';
import { loanTermsSchema, scheduleFor, type LoanDefinition } from './loans.ts';
import { type ExternalLoan, type GroupLoan, type MemberSavings, type SnapshotMember } from './meeting.ts';
import { zodProblems, isoDate, paiseAmount, positivePaise, uuid } from './schema-parts.ts';

/*
 * Opening balances ("cut-off"): a group that kept paper books before Khata brings its balances on one date,
 * per member and per running loan, as LokOS and the NRLM CBO app do. One entry opens the books; whatever the
 * figures do not explain lands in equity:opening-balance, so the entry always balances and the gap is visible.
 */

const rows = <T extends z.ZodType>(row: T) => z.array(row).max(5000).default([]);

/** A member's running loan at the cut-off (shared with the server's import, which names members by number). */
export const cutoffMemberLoanSchema = z.strictObject({
  loanId: uuid,
  memberId: uuid,
  disbursedOn: isoDate,
  originalPrincipalPaise: positivePaise,
  principalOutstandingPaise: paiseAmount,
  interestOverduePaise: paiseAmount.default(0),
  /** When the overdue interest first fell due; the cut-off date when not known. */
  overdueSince: isoDate.nullable().default(null),
  purpose: z.string().trim().max(200).optional(),
  terms: loanTermsSchema,
});

export const cutoffInputSchema = z.strictObject({
  shgId: uuid,
  date: isoDate,
  cashPaise: paiseAmount.default(0),
  bankPaise: paiseAmount.default(0),
  members: rows(
    z.strictObject({ memberId: uuid, compulsorySavingsPaise: paiseAmount.default(0), voluntarySavingsPaise: paiseAmount.default(0) }),
  ),
  memberLoans: rows(cutoffMemberLoanSchema),
  externalLoans: rows(
    z.strictObject({
      id: uuid,
      lender: z.enum(EXTERNAL_LENDERS),
      principalOutstandingPaise: paiseAmount,
      /** Memo only: the group's books recognise loan interest when paid. */
      interestOverduePaise: paiseAmount.default(0),
      sanctionedPaise: paiseAmount.optional(),
      reference: z.string().trim().max(100).optional(),
    }),
  ),
  revolvingFundPaise: paiseAmount.default(0),
  grantsPaise: paiseAmount.default(0),
  fixedDepositsPaise: paiseAmount.default(0),
  shareCapitalWithVoPaise: paiseAmount.default(0),
});
export type CutoffInput = z.output<typeof cutoffInputSchema>;

export interface CutoffPlan {
  /** The opening entry; null when every balance is zero (a new group simply starts). */
  entry: JournalEntryDraft | null;
  loans: GroupLoan[];
  externalLoans: ExternalLoan[];
  savingsByMember: Record<string, MemberSavings>;
  cashPaise: number;
  bankPaise: number;
  /** Signed (debit positive) amount posted to equity:opening-balance: the figures' own difference. */
  openingBalancePaise: number;
}

/** What the cut-off is checked against, when known: the group and its member register. */
export interface CutoffGroup {
  shgId: string;
  formedOn: string;
  members: SnapshotMember[];
}

export function parseCutoffInput(raw: unknown): Result<CutoffInput> {
  const parsed = cutoffInputSchema.safeParse(raw);
  return parsed.success ? ok(parsed.data) : fail(...zodProblems(parsed.error));
}

/** Checks the cut-off figures and builds the opening entry and the loans it brings in. All problems are collected. */
export function planCutoff(input: CutoffInput, group?: CutoffGroup): Result<CutoffPlan> {
  const problems: Problem[] = [];
  const add = (code: ErrorCode, field: string, message: string) => problems.push({ code, field, message });
  const date = input.date;

  if (group) {
    if (group.shgId !== input.shgId) add(ErrorCode.ValidationFailed, 'shgId', 'is not this group');
    if (date < group.formedOn) add(ErrorCode.DateBeforeFormation, 'date', 'is before the group was formed');
  }
  const register = group ? new Set(group.members.map((m) => m.id)) : null;
  const listed = new Set<string>();
  input.members.forEach((m, i) => {
    if (listed.has(m.memberId)) add(ErrorCode.ValidationFailed, `members.${i}.memberId`, 'appears twice');
    else if (register && !register.has(m.memberId)) add(ErrorCode.UnknownMember, `members.${i}.memberId`, 'is not a member of this group');
    listed.add(m.memberId);
  });

  const loans: GroupLoan[] = [];
  const loanIds = new Set<string>();
  input.memberLoans.forEach((l, i) => {
    const f = `memberLoans.${i}`;
    if (loanIds.has(l.loanId)) add(ErrorCode.ValidationFailed, `${f}.loanId`, 'appears twice');
    loanIds.add(l.loanId);
    if (!(register ?? listed).has(l.memberId)) add(ErrorCode.UnknownMember, `${f}.memberId`, 'is not a member of this group');
    if (l.disbursedOn > date) add(ErrorCode.ValidationFailed, `${f}.disbursedOn`, 'is after the cut-off date');
    if (l.overdueSince !== null && l.overdueSince > date) add(ErrorCode.ValidationFailed, `${f}.overdueSince`, 'is after the cut-off date');
    if (l.principalOutstandingPaise > l.originalPrincipalPaise) {
      add(ErrorCode.ValidationFailed, `${f}.principalOutstandingPaise`, 'is more than the amount lent');
    }
    if (l.principalOutstandingPaise === 0 && l.interestOverduePaise === 0) {
      add(ErrorCode.ValidationFailed, `${f}.principalOutstandingPaise`, 'a fully repaid loan is not a running loan');
    }
    const definition: LoanDefinition = {
      id: l.loanId,
      memberId: l.memberId,
      principalPaise: l.originalPrincipalPaise,
      disbursedOn: l.disbursedOn,
      terms: l.terms,
      ...(l.purpose ? { purpose: l.purpose } : {}),
    };
    const schedule = scheduleFor(definition, `${f}.terms.`);
    if (!schedule.ok) {
      problems.push(...schedule.problems.map((p) => (p.field === 'principalPaise' ? { ...p, field: `${f}.originalPrincipalPaise` } : p)));
      return;
    }
    loans.push({
      definition,
      events: [
        {
          id: `cutoff:${input.shgId}:${date}:${l.loanId}`,
          type: 'opening',
          date,
          principalOutstandingPaise: l.principalOutstandingPaise,
          interestDuePaise: l.interestOverduePaise,
          overdueSince: l.overdueSince,
          ...(schedule.value ? { schedule: schedule.value } : {}),
        },
      ],
    });
  });

  const externalIds = new Set<string>();
  input.externalLoans.forEach((l, i) => {
    if (externalIds.has(l.id)) add(ErrorCode.ValidationFailed, `externalLoans.${i}.id`, 'appears twice');
    externalIds.add(l.id);
  });

  if (problems.length) return fail(...problems);

  const lines: JournalLine[] = [
    debit(A.cash, input.cashPaise),
    debit(A.bank, input.bankPaise),
    debit(A.fixedDeposits, input.fixedDepositsPaise),
    debit(A.shareCapitalWithVo, input.shareCapitalWithVoPaise),
    ...input.memberLoans.map((l) => debit(A.loansToMembers, l.principalOutstandingPaise, { memberId: l.memberId, loanId: l.loanId })),
    ...input.members.flatMap((m) => [
      credit(A.savingsCompulsory, m.compulsorySavingsPaise, { memberId: m.memberId }),
      credit(A.savingsVoluntary, m.voluntarySavingsPaise, { memberId: m.memberId }),
    ]),
    ...input.externalLoans.map((l) => credit(EXTERNAL_LOAN_ACCOUNTS[l.lender].principal, l.principalOutstandingPaise, { loanId: l.id })),
    credit(A.revolvingFund, input.revolvingFundPaise),
    credit(A.grants, input.grantsPaise),
  ];
  const difference = balanceOf(lines);
  lines.push(difference > 0 ? credit(A.openingBalance, difference) : debit(A.openingBalance, -difference));
  const merged = consolidateLines(lines);
  const entry: JournalEntryDraft | null =
    merged.length === 0 ? null : { businessDate: date, narration: `Opening balances ${date}`, source: 'record-cutoff', lines: merged };
  if (entry) {
    const check = validateEntry(entry);
    if (!check.ok) throw new RangeError(`cut-off entry does not validate: ${check.problems.map((p) => p.message).join('; ')}`);
  }

  return ok({
    entry,
    loans,
    externalLoans: input.externalLoans.map((l) => ({ id: l.id, lender: l.lender, principalOutstandingPaise: l.principalOutstandingPaise })),
    savingsByMember: Object.fromEntries(
      input.members.map((m) => [m.memberId, { compulsoryPaise: m.compulsorySavingsPaise, voluntaryPaise: m.voluntarySavingsPaise }]),
    ),
    cashPaise: input.cashPaise,
    bankPaise: input.bankPaise,
    openingBalancePaise: -difference,
  });
}
