/**
 * Properties of the books over random histories: a random group opens its books by cut-off, then holds a random
 * sequence of meetings (savings, repayments, new loans of every kind, fines, expenses, bank moves, repayments to
 * its bank). The test plays the server: it keeps the journal and the loan events, and derives each snapshot from
 * them, never from the plans. Seeded, so a failure reproduces; fast-check prints the seed and the shrunk case.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SHG_ACCOUNTS as A, EXPENSE_KINDS, type ExpenseKind } from './chart.ts';
import { addDays } from './dates.ts';
import { cutoffInputSchema, planCutoff } from './cutoff.ts';
import { ErrorCode } from './errors.ts';
import { balanceOf, naturalBalance, reverseEntry, trialBalance, validateEntry, type JournalEntryDraft, type JournalLine } from './ledger.ts';
import { demandAt, replayLoan, type LoanDefinition, type LoanEvent, type LoanTerms } from './loans.ts';
import { meetingInputSchema, planMeeting, type GroupSnapshot, type MeetingPayload } from './meeting.ts';

const SEED = 20240607; // change to explore other histories; a failure prints the seed to reproduce it
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const SHG = uuid(1);
const BANK_LOAN = uuid(2);
const START = '2024-01-01';

const permille = fc.integer({ min: 0, max: 1000 });
const termsArb: fc.Arbitrary<(principal: number) => LoanTerms> = fc.oneof(
  fc
    .record({
      rate: fc.constantFrom('1', '1.5', '2', '3'),
      period: fc.constantFrom('weekly' as const, 'fortnightly' as const, 'monthly' as const),
      unit: fc.constantFrom('paise' as const, 'rupee' as const),
      mode: fc.constantFrom('half-even' as const, 'up' as const, 'down' as const),
      periods: fc.option(fc.integer({ min: 2, max: 12 }), { nil: null }),
    })
    .map((t) => (principal: number): LoanTerms => ({
      kind: 'flexible',
      ratePercentPerMonth: t.rate,
      period: t.period,
      interestRounding: { unit: t.unit, mode: t.mode },
      agreedPrincipalPaise: t.periods === null ? null : Math.ceil(principal / t.periods),
    })),
  fc
    .record({
      rate: fc.constantFrom('12', '18', '24'),
      method: fc.constantFrom('declining' as const, 'flat' as const),
      amortization: fc.constantFrom('equal-installments' as const, 'equal-principal' as const),
      repayments: fc.integer({ min: 2, max: 12 }),
      unit: fc.constantFrom('weeks' as const, 'months' as const),
    })
    .map((t) => (): LoanTerms => ({
      kind: 'scheduled',
      annualRatePercent: t.rate,
      interestMethod: t.method,
      amortization: t.amortization,
      repayments: t.repayments,
      every: 1,
      unit: t.unit,
      interestPeriod: 'same-as-repayment',
      daysInYear: 'actual',
      firstRepaymentOn: null,
      graceOnPrincipal: 0,
      graceOnInterest: 0,
      decimals: 2,
      currencyMultipleOf: null,
      installmentMultipleOf: null,
    })),
);

const meetingArb = fc.record({
  gapDays: fc.constantFrom(7, 14, 30, 31),
  savings: fc.array(fc.record({ compulsory: fc.integer({ min: 0, max: 20000 }), voluntary: fc.integer({ min: 0, max: 10000 }) }), {
    minLength: 6,
    maxLength: 6,
  }),
  /** Per open loan: 0 skip, 1 pay the demand, 2 a share of everything owed (1000 = pay off). */
  repayments: fc.array(fc.record({ mode: fc.integer({ min: 0, max: 2 }), share: permille }), { minLength: 30, maxLength: 30 }),
  disbursements: fc.array(fc.record({ member: fc.nat(), share: fc.integer({ min: 0, max: 600 }), terms: termsArb }), { maxLength: 2 }),
  fine: fc.option(fc.record({ member: fc.nat(), amount: fc.integer({ min: 1, max: 2000 }) }), { nil: null }),
  withdrawal: fc.option(fc.record({ member: fc.nat(), share: permille }), { nil: null }),
  expense: fc.record({ kind: fc.constantFrom(...(Object.keys(EXPENSE_KINDS) as ExpenseKind[])), share: fc.integer({ min: 0, max: 100 }) }),
  bankRepayment: fc.record({ principalShare: fc.integer({ min: 0, max: 300 }), interest: fc.integer({ min: 0, max: 5000 }) }),
  bankWithdrawalShare: fc.integer({ min: 0, max: 500 }),
  bankDepositShare: permille,
  /** Also try a copy of the meeting that overspends its cash by 1 paisa: it must be refused. */
  overdraw: fc.boolean(),
});

type MeetingIntent = typeof meetingArb extends fc.Arbitrary<infer T> ? T : never;

const historyArb = fc.record({
  members: fc.integer({ min: 2, max: 6 }),
  opening: fc.record({
    cash: fc.integer({ min: 0, max: 2_000_000 }),
    bank: fc.integer({ min: 0, max: 5_000_000 }),
    bankLoan: fc.integer({ min: 0, max: 5_000_000 }),
    savings: fc.array(fc.integer({ min: 0, max: 500_000 }), { minLength: 6, maxLength: 6 }),
  }),
  meetings: fc.array(meetingArb, { minLength: 1, maxLength: 8 }),
  reverseIndex: fc.nat(),
});

/** The server's side: the journal and the loan events, from which every snapshot is derived. */
class Books {
  entries: JournalEntryDraft[] = [];
  loans = new Map<string, { definition: LoanDefinition; events: LoanEvent[] }>();
  meetingDates: string[] = [];
  meetingLoanEvents: { loanId: string; events: LoanEvent[] }[][] = [];
  constructor(readonly members: string[]) {}

  get lines(): JournalLine[] {
    return this.entries.flatMap((e) => e.lines);
  }

  snapshot(date: string): GroupSnapshot {
    const lines = this.lines;
    return {
      shgId: SHG,
      formedOn: START,
      lockedThrough: START,
      members: this.members.map((id) => ({ id, status: 'active', joinedOn: START })),
      loans: [...this.loans.values()].filter((l) => replayLoan(l.definition, l.events, date).status === 'open'),
      externalLoans: [
        { id: BANK_LOAN, lender: 'bank', principalOutstandingPaise: naturalBalance(A.loansBank, balanceOf(lines, { account: A.loansBank, loanId: BANK_LOAN })) },
      ],
      cashPaise: balanceOf(lines, { account: A.cash }),
      bankPaise: balanceOf(lines, { account: A.bank }),
      savingsByMember: Object.fromEntries(this.members.map((m) => [m, this.savingsOf(m, lines)])),
      existingMeetingDates: [...this.meetingDates],
    };
  }

  savingsOf(memberId: string, lines = this.lines) {
    return {
      compulsoryPaise: naturalBalance(A.savingsCompulsory, balanceOf(lines, { account: A.savingsCompulsory, memberId })),
      voluntaryPaise: naturalBalance(A.savingsVoluntary, balanceOf(lines, { account: A.savingsVoluntary, memberId })),
    };
  }
}

function share(amount: number, perMille: number): number {
  return Math.floor((amount * perMille) / 1000);
}

/** A valid meeting built from the intent against the snapshot, mirroring the documented cash order. */
function buildMeeting(
  g: GroupSnapshot,
  intent: MeetingIntent,
  date: string,
  meetingNo: number,
): MeetingPayload {
  const members = g.members.map((m) => m.id);
  let cash = g.cashPaise;
  let bank = g.bankPaise;
  const savings = members.map((memberId, i) => ({ memberId, compulsoryPaise: intent.savings[i]!.compulsory, voluntaryPaise: intent.savings[i]!.voluntary }));
  for (const s of savings) cash += s.compulsoryPaise + s.voluntaryPaise;
  const repayments = g.loans.flatMap((l, i) => {
    const r = intent.repayments[i % intent.repayments.length]!;
    const d = demandAt(l.definition, l.events, date);
    const amount = r.mode === 0 ? 0 : r.mode === 1 ? Math.min(d.totalPaise, d.maxPayablePaise) : share(d.maxPayablePaise, r.share);
    return amount > 0 ? [{ memberId: l.definition.memberId, loanId: l.definition.id, amountPaise: amount }] : [];
  });
  for (const r of repayments) cash += r.amountPaise;
  const fines = intent.fine ? [{ memberId: members[intent.fine.member % members.length]!, reason: 'late' as const, amountPaise: intent.fine.amount }] : [];
  for (const f of fines) cash += f.amountPaise;
  const bankWithdrawal = share(bank, intent.bankWithdrawalShare);
  bank -= bankWithdrawal;
  cash += bankWithdrawal;
  const savingsWithdrawals = [];
  if (intent.withdrawal) {
    const memberId = members[intent.withdrawal.member % members.length]!;
    const available = g.savingsByMember[memberId]!.voluntaryPaise + savings.find((s) => s.memberId === memberId)!.voluntaryPaise;
    const amountPaise = share(Math.min(available, cash), intent.withdrawal.share);
    if (amountPaise > 0) savingsWithdrawals.push({ memberId, amountPaise });
    cash -= amountPaise;
  }
  const expense = share(cash, intent.expense.share);
  cash -= expense;
  const outstanding = g.externalLoans[0]!.principalOutstandingPaise;
  const principalPaise = share(Math.min(outstanding, cash), intent.bankRepayment.principalShare);
  const interestPaise = Math.min(intent.bankRepayment.interest, cash - principalPaise);
  cash -= principalPaise + interestPaise;
  const disbursements = intent.disbursements.flatMap((d, k) => {
    const principal = share(cash, d.share);
    if (principal < 100) return [];
    cash -= principal;
    return [{ loanId: uuid(1000 + meetingNo * 10 + k), memberId: members[d.member % members.length]!, principalPaise: principal, purpose: 'livelihood', terms: d.terms(principal) }];
  });
  const bankDeposit = share(cash, intent.bankDepositShare);
  return {
    meetingId: uuid(500 + meetingNo),
    shgId: SHG,
    date,
    attendance: members.map((memberId) => ({ memberId, status: 'present' as const })),
    savings,
    repayments,
    fines,
    savingsWithdrawals,
    expenses: expense > 0 ? [{ kind: intent.expense.kind, amountPaise: expense }] : [],
    externalLoanRepayments: principalPaise + interestPaise > 0 ? [{ externalLoanId: BANK_LOAN, principalPaise, interestPaise }] : [],
    disbursements,
    bankWithdrawal,
    bankDeposit,
    cashCountedPaise: null,
  };
}

describe('properties of the books over random meeting histories', () => {
  // A property run is a few seconds of work: a wider timeout than a unit test's.
  it('balanced entries, sub-ledgers equal to the journal, cash never negative, reversals exact', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(historyArb, (h) => {
        const members = Array.from({ length: h.members }, (_, i) => uuid(100 + i));
        const books = new Books(members);

        // Open the books by cut-off.
        const cutoff = planCutoff(
          cutoffInputSchema.parse({
            shgId: SHG,
            date: START,
            cashPaise: h.opening.cash,
            bankPaise: h.opening.bank,
            members: members.map((memberId, i) => ({ memberId, compulsorySavingsPaise: h.opening.savings[i] })),
            externalLoans: h.opening.bankLoan > 0 ? [{ id: BANK_LOAN, lender: 'bank', principalOutstandingPaise: h.opening.bankLoan }] : [],
          }),
        );
        if (!cutoff.ok) throw new Error(JSON.stringify(cutoff.problems));
        if (cutoff.value.entry) books.entries.push(cutoff.value.entry);

        let date = addDays(START, 7);
        h.meetings.forEach((intent, meetingNo) => {
          const g = books.snapshot(date);
          const payload = buildMeeting(g, intent, date, meetingNo);
          const input = meetingInputSchema.parse(payload);

          if (intent.overdraw) {
            // One paisa more than the meeting leaves in cash must be refused, for cash and nothing else.
            const plannedCash = planMeeting(g, input);
            if (!plannedCash.ok) throw new Error(JSON.stringify(plannedCash.problems));
            const greedy = meetingInputSchema.parse({
              ...payload,
              expenses: [...(payload.expenses ?? []), { kind: 'other', amountPaise: plannedCash.value.closingCashBookPaise + 1 }],
            });
            const refused = planMeeting(g, greedy);
            expect(refused.ok).toBe(false);
            if (!refused.ok) expect(new Set(refused.problems.map((p) => p.code))).toEqual(new Set([ErrorCode.InsufficientCash]));
          }

          const planned = planMeeting(g, input);
          if (!planned.ok) throw new Error(`meeting ${meetingNo}: ${JSON.stringify(planned.problems)}`);
          const plan = planned.value;

          // 1. Every entry balances.
          if (plan.entry) {
            expect(validateEntry(plan.entry).ok).toBe(true);
            expect(plan.entry.lines.reduce((s, l) => s + l.amountPaise, 0)).toBe(0);
            books.entries.push(plan.entry);
          }
          for (const { loanId, events } of plan.loanEvents) {
            const loan = books.loans.get(loanId) ?? { definition: plan.newLoans.find((l) => l.id === loanId)!, events: [] };
            loan.events.push(...events);
            books.loans.set(loanId, loan);
          }
          books.meetingDates.push(date);
          books.meetingLoanEvents.push(plan.loanEvents);

          // 2. Cash and bank never negative; the plan's closing figures are the journal's.
          const lines = books.lines;
          expect(plan.closingCashBookPaise).toBeGreaterThanOrEqual(0);
          expect(plan.closingBankPaise).toBeGreaterThanOrEqual(0);
          expect(balanceOf(lines, { account: A.cash })).toBe(plan.closingCashBookPaise);
          expect(balanceOf(lines, { account: A.bank })).toBe(plan.closingBankPaise);

          // 3. What is read to each member is what her journal lines say.
          for (const s of plan.memberSummaries) {
            expect(books.savingsOf(s.memberId, lines)).toEqual(s.totalSavings);
            expect(balanceOf(lines, { account: A.loansToMembers, memberId: s.memberId })).toBe(s.loanOutstandingPaise);
          }

          // 4. Each loan's replayed outstanding equals its lines in assets:loans-to-members.
          for (const { definition, events } of books.loans.values()) {
            const state = replayLoan(definition, events, date);
            expect(state.principalOutstandingPaise).toBe(balanceOf(lines, { account: A.loansToMembers, loanId: definition.id }));
            expect(state.principalOutstandingPaise).toBeGreaterThanOrEqual(0);
            expect(state.paidInterest).toBe(naturalBalance(A.interestMemberLoans, balanceOf(lines, { account: A.interestMemberLoans, loanId: definition.id })));
          }
          date = addDays(date, intent.gapDays);
        });

        // 5. The trial balance sums to zero; reversing any entry restores every balance exactly.
        const all = books.lines;
        expect(balanceOf(all)).toBe(0);
        if (books.entries.length === 0) return;
        const k = h.reverseIndex % books.entries.length;
        const victim = books.entries[k]!;
        const withReversal = [...all, ...reverseEntry(victim, 'property test', date).lines];
        const without = books.entries.filter((_, i) => i !== k).flatMap((e) => e.lines);
        expect(trialBalance(withReversal)).toEqual(trialBalance(without));
        for (const m of members) expect(books.savingsOf(m, withReversal)).toEqual(books.savingsOf(m, without));

        // ... and reversing a meeting's loan events keeps each loan's sub-ledger equal to its ledger lines.
        const meetingNo = k - (books.entries.length - books.meetingDates.length);
        const reversedEvents = meetingNo >= 0 ? (books.meetingLoanEvents[meetingNo] ?? []) : [];
        for (const { definition, events } of books.loans.values()) {
          const own = reversedEvents.find((r) => r.loanId === definition.id)?.events ?? [];
          const reversals: LoanEvent[] = own.map((e) => ({ id: `rev-${e.id}`, type: 'reversal', date, reversesEventId: e.id, reason: 'test' }));
          const state = replayLoan(definition, [...events, ...reversals], date);
          expect(state.principalOutstandingPaise).toBe(balanceOf(withReversal, { account: A.loansToMembers, loanId: definition.id }));
        }
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});
