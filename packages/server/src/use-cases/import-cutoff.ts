import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  ErrorCode,
  EXTERNAL_LENDERS,
  isoDate,
  KhataError,
  cutoffMemberLoanSchema,
  paiseAmount,
  planCutoff,
  positivePaise,
  problem,
  uuid,
  type CutoffInput,
  type OpeningEvent,
  type Problem,
  type SnapshotMember,
} from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';
import { postEntry } from '../ledger/post-entry.ts';
import { appendLoanEvents } from './persist-meeting.ts';
import { annualRate, type ExternalLoanTerms } from './receive-external-loan.ts';
import { businessDateProblems, openShgBooks, refuse } from './shg-books.ts';

const rows = <T extends z.ZodType>(row: T) => z.array(row).max(5000).default([]);
const membershipNumber = z.number().int().positive();
const reference = z.string().trim().max(100).optional();

/**
 * Payload of `import-cutoff`: a group that kept paper books brings its balances on one date (LokOS's cut-off sheet).
 * Members are named by membership number (the admission serial of the member register); a number not yet in the
 * group admits her at the cut-off, with `name`.
 */
export const importCutoffSchema = z.strictObject({
  shgId: uuid,
  date: isoDate,
  cashPaise: paiseAmount.default(0),
  bankPaise: paiseAmount.default(0),
  revolvingFundPaise: paiseAmount.default(0),
  grantsPaise: paiseAmount.default(0),
  fixedDepositsPaise: paiseAmount.default(0),
  shareCapitalWithVoPaise: paiseAmount.default(0),
  members: rows(
    z.strictObject({
      membershipNumber,
      /** Needed only for a member not yet in the group. */
      name: z.string().trim().min(1, 'is required').max(200).optional(),
      compulsorySavingsPaise: paiseAmount.default(0),
      voluntarySavingsPaise: paiseAmount.default(0),
    }),
  ),
  // Core's loan row, with the member named by her membership number and the paper ledger's loan number.
  memberLoans: rows(cutoffMemberLoanSchema.omit({ memberId: true }).extend({ membershipNumber, reference })),
  externalLoans: rows(
    z.strictObject({
      loanId: uuid,
      /** The lender's loan account number. */
      reference,
      lender: z.enum(EXTERNAL_LENDERS),
      lenderName: z.string().trim().max(200).optional(),
      kind: z.enum(['term-loan', 'cash-credit']).default('term-loan'),
      sanctionedOn: isoDate,
      sanctionedPaise: positivePaise.optional(),
      principalOutstandingPaise: paiseAmount,
      /** Memo: the books recognise the group's loan interest when it is paid. */
      interestOverduePaise: paiseAmount.default(0),
      annualRatePercent: annualRate,
      /** Cash credit: the sanctioned limit. */
      limitPaise: positivePaise.optional(),
    }),
  ),
});
export type ImportCutoff = z.output<typeof importCutoffSchema>;
/** The payload as a client (or the CSV import) sends it. */
export type ImportCutoffPayload = z.input<typeof importCutoffSchema>;

export interface ImportCutoffResult {
  shgId: string;
  date: string;
  entryId: number | null;
  /** Members admitted at the cut-off (not yet in the group before). */
  admitted: Array<{ membershipNumber: number; memberId: string }>;
  members: number;
  memberLoans: number;
  externalLoans: number;
  savingsPaise: number;
  memberLoansOutstandingPaise: number;
  externalLoansOutstandingPaise: number;
  cashPaise: number;
  bankPaise: number;
  /** Signed (debit positive): what the figures leave unexplained, posted to equity:opening-balance. */
  openingBalancePaise: number;
}

/** Core names members and outside loans by id; this payload by membership number and `loanId`. */
function renameField(field: string | undefined): string | undefined {
  return field
    ?.replace(/^(members|memberLoans)\.(\d+)\.memberId$/, '$1.$2.membershipNumber')
    .replace(/^externalLoans\.(\d+)\.id$/, 'externalLoans.$1.loanId');
}

/**
 * Opens the books of an existing group at its cut-off date: one opening entry (core's planCutoff: whatever the
 * figures leave unexplained goes to equity:opening-balance), running member loans with 'opening' events, outside
 * loans as the group's liabilities; all marked opened_by_cutoff, and the group's started_with_cutoff_on set.
 * Refused when the group already has a meeting, an entry or a cut-off. Every problem is reported, each naming its
 * field; nothing is written unless all are right.
 */
export const importCutoff: CommandHandler<ImportCutoff, ImportCutoffResult> = {
  type: 'import-cutoff',
  schema: importCutoffSchema,
  permission: 'write',
  nodeOf: async (_tx, p) => p.shgId,
  apply: async (tx, ctx, p) => {
    const books = await openShgBooks(tx, p.shgId);
    if (books.startedWithCutoffOn) {
      throw new KhataError(problem(ErrorCode.Conflict, 'shgId', 'opening balances were already imported for this group', { cutoffOn: books.startedWithCutoffOn }));
    }
    const meeting = await tx.selectFrom('meeting').select('id').where('shg_id', '=', p.shgId).where('status', '=', 'recorded').executeTakeFirst();
    const entry = await tx
      .selectFrom('journal_entry as j')
      .select('j.id')
      .where('j.entity_id', '=', books.entityId)
      .where('j.reverses_entry_id', 'is', null)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('journal_entry as r').select('r.id').whereRef('r.reverses_entry_id', '=', 'j.id'))))
      .executeTakeFirst();
    if (meeting || entry) {
      throw new KhataError(problem(ErrorCode.Conflict, 'shgId', 'the group already has meetings or entries: opening balances come before anything else'));
    }

    const problems: Problem[] = businessDateProblems(books, p.date);
    const add = (code: Problem['code'], field: string, message: string, params?: Record<string, string | number>) => problems.push(problem(code, field, message, params));

    // Members, by membership number; new ones are admitted at the cut-off.
    const register = await tx.selectFrom('member').select(['id', 'membership_number', 'status', 'joined_on']).where('shg_id', '=', p.shgId).execute();
    const byNumber = new Map(register.map((m) => [m.membership_number, m]));
    const admitted = new Map<number, { id: string; name: string }>();
    const listed = new Set<number>();
    p.members.forEach((m, i) => {
      const f = `members.${i}`;
      if (listed.has(m.membershipNumber)) add(ErrorCode.ValidationFailed, `${f}.membershipNumber`, 'appears twice');
      listed.add(m.membershipNumber);
      const known = byNumber.get(m.membershipNumber);
      if (known) {
        if (known.status !== 'active') add(ErrorCode.MemberNotActive, `${f}.membershipNumber`, 'has left the group');
        else if (known.joined_on > p.date) add(ErrorCode.MemberNotActive, `${f}.membershipNumber`, 'joined after the cut-off date', { joinedOn: known.joined_on });
      } else if (!m.name) {
        add(ErrorCode.ValidationFailed, `${f}.name`, 'is required for a member not yet in the group');
      } else if (!admitted.has(m.membershipNumber)) {
        admitted.set(m.membershipNumber, { id: randomUUID(), name: m.name });
      }
    });
    const memberIdOf = (n: number) => byNumber.get(n)?.id ?? admitted.get(n)?.id;

    const ids = [...p.memberLoans.map((l) => l.loanId), ...p.externalLoans.map((l) => l.loanId)];
    const taken = new Set(ids.length ? (await tx.selectFrom('loan').select('id').where('id', 'in', ids).execute()).map((l) => l.id) : []);
    const seen = new Set<string>();
    const checkId = (id: string, field: string) => {
      if (taken.has(id)) add(ErrorCode.Conflict, field, 'a loan with this id already exists');
      else if (seen.has(id)) add(ErrorCode.ValidationFailed, field, 'appears twice');
      seen.add(id);
    };
    p.memberLoans.forEach((l, i) => {
      checkId(l.loanId, `memberLoans.${i}.loanId`);
      const id = memberIdOf(l.membershipNumber);
      if (!id) add(ErrorCode.UnknownMember, `memberLoans.${i}.membershipNumber`, 'is not a member of this group, nor listed among the members');
      else if (byNumber.get(l.membershipNumber)?.status === 'left') add(ErrorCode.MemberNotActive, `memberLoans.${i}.membershipNumber`, 'has left the group');
    });
    p.externalLoans.forEach((l, i) => {
      const f = `externalLoans.${i}`;
      checkId(l.loanId, `${f}.loanId`);
      if (l.sanctionedOn > p.date) add(ErrorCode.ValidationFailed, `${f}.sanctionedOn`, 'is after the cut-off date');
      if (l.kind === 'cash-credit') {
        if (l.limitPaise === undefined) add(ErrorCode.InvalidLoanTerms, `${f}.limitPaise`, 'a cash credit needs its limit');
        else if (l.principalOutstandingPaise > l.limitPaise) add(ErrorCode.CreditLimitExceeded, `${f}.principalOutstandingPaise`, 'is more than the limit', { limitPaise: l.limitPaise });
      } else {
        if (l.limitPaise !== undefined) add(ErrorCode.ValidationFailed, `${f}.limitPaise`, 'only a cash credit has a limit');
        if (l.principalOutstandingPaise === 0) add(ErrorCode.ValidationFailed, `${f}.principalOutstandingPaise`, 'a repaid loan is not a running loan');
        if (l.sanctionedPaise !== undefined && l.principalOutstandingPaise > l.sanctionedPaise) {
          add(ErrorCode.ValidationFailed, `${f}.principalOutstandingPaise`, 'is more than the amount sanctioned');
        }
      }
    });

    // Core's rules over the figures themselves (and the entry they make), with ids in place of numbers.
    // A number that names nobody gets an id of its own (already reported above), so core sees no false duplicates.
    const placeholder = () => randomUUID();
    const input: CutoffInput = {
      shgId: p.shgId,
      date: p.date,
      cashPaise: p.cashPaise,
      bankPaise: p.bankPaise,
      revolvingFundPaise: p.revolvingFundPaise,
      grantsPaise: p.grantsPaise,
      fixedDepositsPaise: p.fixedDepositsPaise,
      shareCapitalWithVoPaise: p.shareCapitalWithVoPaise,
      members: p.members.map((m) => ({ memberId: memberIdOf(m.membershipNumber) ?? placeholder(), compulsorySavingsPaise: m.compulsorySavingsPaise, voluntarySavingsPaise: m.voluntarySavingsPaise })),
      memberLoans: p.memberLoans.map(({ membershipNumber: n, reference: _r, ...l }) => ({ ...l, memberId: memberIdOf(n) ?? placeholder() })),
      externalLoans: p.externalLoans.map((l) => ({
        id: l.loanId,
        lender: l.lender,
        principalOutstandingPaise: l.principalOutstandingPaise,
        interestOverduePaise: l.interestOverduePaise,
        ...(l.sanctionedPaise !== undefined ? { sanctionedPaise: l.sanctionedPaise } : {}),
        ...(l.reference ? { reference: l.reference } : {}),
      })),
    };
    const members: SnapshotMember[] = [
      ...register.map((m) => ({ id: m.id, status: m.status as SnapshotMember['status'], joinedOn: m.joined_on })),
      ...[...admitted.values()].map((m) => ({ id: m.id, status: 'active' as const, joinedOn: p.date })),
    ];
    const planned = planCutoff(input, { shgId: p.shgId, formedOn: books.formedOn, members });
    if (!planned.ok) {
      const known = new Set(problems.map((x) => `${x.code}@${x.field}`));
      for (const x of planned.problems) {
        const renamed = { ...x, ...(x.field ? { field: renameField(x.field)! } : {}) };
        // Unknown members and the formation date are already reported above, by membership number.
        if (renamed.code === ErrorCode.UnknownMember || known.has(`${renamed.code}@${renamed.field}`)) continue;
        problems.push(renamed);
      }
    }
    refuse(problems);
    if (!planned.ok) throw new KhataError(...planned.problems);
    const plan = planned.value;

    // Write: members admitted, loans, the one entry, the opening events, the group's cut-off date.
    const numberOf = new Map([...admitted].map(([n, m]) => [m.id, n]));
    if (admitted.size) {
      await tx
        .insertInto('member')
        .values([...admitted].map(([n, m]) => ({ id: m.id, organisation_id: books.organisationId, shg_id: p.shgId, membership_number: n, name: m.name, joined_on: p.date, left_on: null })))
        .execute();
    }
    const references = new Map(p.memberLoans.map((l) => [l.loanId, l.reference ?? null]));
    for (const loan of plan.loans) {
      const d = loan.definition;
      const opening = loan.events[0] as OpeningEvent;
      await tx
        .insertInto('loan')
        .values({
          id: d.id,
          organisation_id: books.organisationId,
          entity_id: books.entityId,
          member_id: d.memberId,
          kind: d.terms.kind === 'flexible' ? 'internal-flexible' : 'internal-scheduled',
          lender: null,
          lender_name: null,
          principal_paise: d.principalPaise,
          limit_paise: null,
          disbursed_on: d.disbursedOn,
          terms: JSON.stringify(d.terms),
          schedule: opening.schedule ? JSON.stringify(opening.schedule) : null,
          purpose: d.purpose ?? null,
          opened_by_cutoff: true,
          command_id: ctx.commandId,
          reference: references.get(d.id) ?? null,
        })
        .execute();
    }
    for (const l of p.externalLoans) {
      const terms: ExternalLoanTerms =
        l.kind === 'cash-credit'
          ? { kind: 'cash-credit', annualRatePercent: l.annualRatePercent, drawingPowerPaise: l.limitPaise! }
          : { kind: 'term-loan', annualRatePercent: l.annualRatePercent, repayments: null, every: 1, unit: 'months', interestMethod: 'declining', amortization: 'equal-installments', firstRepaymentOn: null, graceOnPrincipal: 0 };
      await tx
        .insertInto('loan')
        .values({
          id: l.loanId,
          organisation_id: books.organisationId,
          entity_id: books.entityId,
          member_id: null,
          kind: l.kind === 'cash-credit' ? 'external-cash-credit' : 'external-term',
          lender: l.lender,
          lender_name: l.lenderName ?? null,
          principal_paise: l.kind === 'cash-credit' ? l.limitPaise! : (l.sanctionedPaise ?? l.principalOutstandingPaise),
          limit_paise: l.kind === 'cash-credit' ? l.limitPaise! : null,
          disbursed_on: l.sanctionedOn,
          terms: JSON.stringify(terms),
          schedule: null,
          purpose: null,
          opened_by_cutoff: true,
          command_id: ctx.commandId,
          reference: l.reference ?? null,
        })
        .execute();
    }
    const entryId = plan.entry
      ? await postEntry(tx, {
          organisationId: books.organisationId,
          entityId: books.entityId,
          businessDate: p.date,
          narration: plan.entry.narration,
          sourceType: 'import-cutoff',
          lines: plan.entry.lines,
          commandId: ctx.commandId,
        })
      : null;
    await appendLoanEvents(tx, books.organisationId, plan.loans.map((l) => ({ loanId: l.definition.id, events: l.events })), entryId);
    await tx.updateTable('shg').set({ started_with_cutoff_on: p.date }).where('node_id', '=', p.shgId).execute();

    const savings = Object.values(plan.savingsByMember).reduce((t, s) => t + s.compulsoryPaise + s.voluntaryPaise, 0);
    return {
      shgId: p.shgId,
      date: p.date,
      entryId,
      admitted: [...admitted.values()].map((m) => ({ membershipNumber: numberOf.get(m.id)!, memberId: m.id })),
      members: p.members.length,
      memberLoans: plan.loans.length,
      externalLoans: plan.externalLoans.length,
      savingsPaise: savings,
      memberLoansOutstandingPaise: p.memberLoans.reduce((t, l) => t + l.principalOutstandingPaise, 0),
      externalLoansOutstandingPaise: plan.externalLoans.reduce((t, l) => t + l.principalOutstandingPaise, 0),
      cashPaise: plan.cashPaise,
      bankPaise: plan.bankPaise,
      openingBalancePaise: plan.openingBalancePaise,
    };
  },
};
