/**
 * The meeting screen's state, as plain data and pure functions (tested in meeting-form.test.ts):
 * every member pre-filled with what she is expected to pay (core's meetingDemand), attendance by one tap with the
 * group's fine rules applied, "all as expected" in one tap, and the payload core's planMeeting checks. Problems
 * come back with payload paths (`savings.3.compulsoryPaise`) and are mapped to the field on screen that caused them.
 */
import { meetingDemand, type GroupSnapshot, type MeetingPayload } from '@khata/core/meeting';
import type { LoanTerms } from '@khata/core/loans';
import type { ExpenseKind } from '@khata/core/chart';
import type { FineRules, LocalGroup, LocalMember } from './model.ts';

export type Attendance = 'present' | 'late' | 'absent' | 'represented';
export type FineReason = 'late' | 'absence' | 'default' | 'other';

export interface LoanDue {
  loanId: string;
  /** What the meeting asks for: penalty + interest + principal due. */
  duePaise: number;
  interestPaise: number;
  principalDuePaise: number;
  outstandingPaise: number;
  /** Everything she may pay today (dues plus all principal outstanding). */
  maxPaise: number;
}

export interface MemberRow {
  memberId: string;
  attendance: Attendance | null;
  expectedCompulsoryPaise: number;
  loans: LoanDue[];
  compulsoryPaise: number;
  voluntaryPaise: number;
  /** By loan id. */
  repayments: Record<string, number>;
  finePaise: number;
  fineReason: FineReason;
  withdrawalPaise: number;
  /** She changed amounts by hand: attendance taps no longer reset them. */
  editedAmounts: boolean;
  editedFine: boolean;
}

export interface DisbursementRow {
  loanId: string;
  memberId: string;
  principalPaise: number;
  purpose: string;
  productId: string | null;
  terms: LoanTerms;
}

export interface ExpenseRow {
  key: string;
  kind: ExpenseKind;
  amountPaise: number;
  via: 'cash' | 'bank';
}

export interface MeetingForm {
  shgId: string;
  meetingId: string;
  date: string;
  rows: MemberRow[];
  disbursements: DisbursementRow[];
  expenses: ExpenseRow[];
  bankDeposit: number;
  bankWithdrawal: number;
  cashCountedPaise: number | null;
  fineRules: FineRules;
  decisions: string[];
}

/** Members in register order (membership number, numerically when it is a number). */
export function byMembership(a: LocalMember, b: LocalMember): number {
  const na = Number(a.membershipNumber);
  const nb = Number(b.membershipNumber);
  if (Number.isFinite(na) && Number.isFinite(nb) && na !== nb) return na - nb;
  return a.membershipNumber.localeCompare(b.membershipNumber) || a.name.localeCompare(b.name);
}

function expectedRepayments(loans: LoanDue[]): Record<string, number> {
  return Object.fromEntries(loans.map((l) => [l.loanId, l.duePaise]));
}

/** A new meeting: every member who may attend on `date`, unmarked, with her expected amounts. */
export function newForm(group: LocalGroup, snapshot: GroupSnapshot, date: string, meetingId: string): MeetingForm {
  const demand = new Map(meetingDemand(snapshot, date).map((d) => [d.memberId, d]));
  const rows: MemberRow[] = [...group.members]
    .sort(byMembership)
    .filter((m) => demand.has(m.id))
    .map((m) => {
      const d = demand.get(m.id)!;
      const loans: LoanDue[] = d.loans.map((l) => ({
        loanId: l.loanId,
        duePaise: l.totalPaise,
        interestPaise: l.interestPaise + l.penaltyPaise,
        principalDuePaise: l.principalPaise,
        outstandingPaise: l.principalOutstandingPaise,
        maxPaise: l.maxPayablePaise,
      }));
      return {
        memberId: m.id,
        attendance: null,
        expectedCompulsoryPaise: d.compulsorySavingsPaise,
        loans,
        compulsoryPaise: d.compulsorySavingsPaise,
        voluntaryPaise: 0,
        repayments: expectedRepayments(loans),
        finePaise: 0,
        fineReason: 'late',
        withdrawalPaise: 0,
        editedAmounts: false,
        editedFine: false,
      };
    });
  return {
    shgId: group.shgId,
    meetingId,
    date,
    rows,
    disbursements: [],
    expenses: [],
    bankDeposit: 0,
    bankWithdrawal: 0,
    cashCountedPaise: null,
    fineRules: group.fineRules,
    decisions: [],
  };
}

/**
 * A form holding a meeting already written (a correction, or a refused meeting being fixed): the expected amounts
 * come from the group as it is, the values from the payload. Everything in it counts as set by hand.
 */
export function formFromPayload(group: LocalGroup, snapshot: GroupSnapshot, payload: MeetingPayload, meetingId: string, date = payload.date): MeetingForm {
  const form = newForm(group, snapshot, date, meetingId);
  const att = new Map((payload.attendance ?? []).map((a) => [a.memberId, a.status]));
  const sav = new Map((payload.savings ?? []).map((s) => [s.memberId, s]));
  const wd = new Map((payload.savingsWithdrawals ?? []).map((s) => [s.memberId, s.amountPaise]));
  const fines = new Map((payload.fines ?? []).map((f) => [f.memberId, f]));
  const rep = new Map((payload.repayments ?? []).map((r) => [r.loanId, r.amountPaise]));
  form.rows = form.rows.map((row) => {
    const loans = [...row.loans];
    // A loan repaid in the original but closed by it (so missing from today's demand) still gets its field.
    for (const r of payload.repayments ?? []) {
      if (r.memberId === row.memberId && !loans.some((l) => l.loanId === r.loanId)) {
        loans.push({ loanId: r.loanId, duePaise: 0, interestPaise: 0, principalDuePaise: 0, outstandingPaise: 0, maxPaise: r.amountPaise });
      }
    }
    const fine = fines.get(row.memberId);
    return {
      ...row,
      loans,
      attendance: (att.get(row.memberId) as Attendance | undefined) ?? null,
      compulsoryPaise: sav.get(row.memberId)?.compulsoryPaise ?? 0,
      voluntaryPaise: sav.get(row.memberId)?.voluntaryPaise ?? 0,
      repayments: Object.fromEntries(loans.map((l) => [l.loanId, rep.get(l.loanId) ?? 0])),
      finePaise: fine?.amountPaise ?? 0,
      fineReason: (fine?.reason as FineReason | undefined) ?? 'late',
      withdrawalPaise: wd.get(row.memberId) ?? 0,
      editedAmounts: true,
      editedFine: true,
    };
  });
  form.disbursements = (payload.disbursements ?? []).map((d) => ({
    loanId: d.loanId,
    memberId: d.memberId,
    principalPaise: d.principalPaise,
    purpose: d.purpose,
    productId: null,
    terms: d.terms as LoanTerms,
  }));
  form.expenses = (payload.expenses ?? []).map((e, i) => ({ key: `e${i}`, kind: e.kind, amountPaise: e.amountPaise, via: e.via ?? 'cash' }));
  form.bankDeposit = payload.bankDeposit ?? 0;
  form.bankWithdrawal = payload.bankWithdrawal ?? 0;
  form.cashCountedPaise = payload.cashCountedPaise ?? null;
  form.decisions = payload.decisions ?? [];
  return form;
}

/**
 * The meeting's date changed: what each member is expected to pay is worked out again for the new date (interest
 * runs by date); attendance stays, and amounts she typed by hand stay as typed.
 */
export function changeDate(form: MeetingForm, group: LocalGroup, snapshot: GroupSnapshot, date: string): MeetingForm {
  const fresh = newForm(group, snapshot, date, form.meetingId);
  const old = new Map(form.rows.map((r) => [r.memberId, r]));
  const rows = fresh.rows.map((row) => {
    const before = old.get(row.memberId);
    if (!before) return row;
    if (before.editedAmounts) {
      const loans = [...row.loans, ...before.loans.filter((l) => !row.loans.some((x) => x.loanId === l.loanId))];
      return { ...before, expectedCompulsoryPaise: row.expectedCompulsoryPaise, loans };
    }
    const next = before.attendance ? withAttendance(row, before.attendance, form.fineRules) : row;
    return before.editedFine ? { ...next, finePaise: before.finePaise, fineReason: before.fineReason, editedFine: true } : next;
  });
  return { ...form, date, rows };
}

function updateRow(form: MeetingForm, memberId: string, f: (row: MemberRow) => MemberRow): MeetingForm {
  return { ...form, rows: form.rows.map((r) => (r.memberId === memberId ? f(r) : r)) };
}

function withAttendance(row: MemberRow, status: Attendance, rules: FineRules): MemberRow {
  const next: MemberRow = { ...row, attendance: status };
  if (!row.editedAmounts) {
    const pays = status !== 'absent';
    next.compulsoryPaise = pays ? row.expectedCompulsoryPaise : 0;
    next.repayments = pays ? expectedRepayments(row.loans) : Object.fromEntries(row.loans.map((l) => [l.loanId, 0]));
    if (!pays) next.voluntaryPaise = 0;
  }
  if (!row.editedFine) {
    const rule = status === 'late' ? rules.latePaise : status === 'absent' ? rules.absencePaise : 0;
    next.finePaise = rule;
    next.fineReason = status === 'absent' ? 'absence' : 'late';
  }
  return next;
}

/** One tap on a member's attendance: amounts follow (absent pays nothing) and the fine rule applies. */
export function setAttendance(form: MeetingForm, memberId: string, status: Attendance): MeetingForm {
  return updateRow(form, memberId, (row) => withAttendance(row, status, form.fineRules));
}

/** "All as expected": everyone not yet marked is present and pays what is expected. */
export function allAsExpected(form: MeetingForm): MeetingForm {
  return { ...form, rows: form.rows.map((row) => (row.attendance === null ? withAttendance(row, 'present', form.fineRules) : row)) };
}

export type AmountField = 'compulsory' | 'voluntary' | 'fine' | 'withdrawal' | { loanId: string };

export function setAmount(form: MeetingForm, memberId: string, field: AmountField, paise: number): MeetingForm {
  return updateRow(form, memberId, (row) => {
    if (field === 'fine') return { ...row, finePaise: paise, editedFine: true };
    if (field === 'compulsory') return { ...row, compulsoryPaise: paise, editedAmounts: true };
    if (field === 'voluntary') return { ...row, voluntaryPaise: paise, editedAmounts: true };
    if (field === 'withdrawal') return { ...row, withdrawalPaise: paise, editedAmounts: true };
    return { ...row, repayments: { ...row.repayments, [field.loanId]: paise }, editedAmounts: true };
  });
}

export function setFineReason(form: MeetingForm, memberId: string, reason: FineReason): MeetingForm {
  return updateRow(form, memberId, (row) => ({ ...row, fineReason: reason, editedFine: true }));
}

/** What she hands over at this meeting (savings, repayments, fine), less any savings she takes back. */
export function rowPaysPaise(row: MemberRow): number {
  return row.compulsoryPaise + row.voluntaryPaise + Object.values(row.repayments).reduce((s, v) => s + v, 0) + row.finePaise;
}

export function rowExpectedPaise(row: MemberRow): number {
  return row.expectedCompulsoryPaise + row.loans.reduce((s, l) => s + l.duePaise, 0);
}

/** The row differs from "as expected" (shown so exceptions stand out). */
export function isException(row: MemberRow): boolean {
  return row.attendance !== 'present' || rowPaysPaise(row) !== rowExpectedPaise(row) || row.withdrawalPaise > 0;
}

export const unmarked = (form: MeetingForm): string[] => form.rows.filter((r) => r.attendance === null).map((r) => r.memberId);

// ---------------------------------------------------------------------------------------------------------------
// Payload and problems
// ---------------------------------------------------------------------------------------------------------------

/** A field on screen: `m:<memberId>:compulsory`, `m:<memberId>:loan:<loanId>`, `d:<i>:principal`, `cashCounted`… */
export type UiField = string;

export interface BuiltPayload {
  payload: MeetingPayload;
  /** Payload path prefix (`savings.3`) → the screen field prefix it came from (`m:<memberId>`). */
  paths: Record<string, UiField>;
}

export function toPayload(form: MeetingForm): BuiltPayload {
  const paths: Record<string, UiField> = {};
  const attendance: NonNullable<MeetingPayload['attendance']> = [];
  const savings: NonNullable<MeetingPayload['savings']> = [];
  const repayments: NonNullable<MeetingPayload['repayments']> = [];
  const fines: NonNullable<MeetingPayload['fines']> = [];
  const withdrawals: NonNullable<MeetingPayload['savingsWithdrawals']> = [];
  for (const row of form.rows) {
    const m = `m:${row.memberId}`;
    if (row.attendance) {
      paths[`attendance.${attendance.length}`] = `${m}:attendance`;
      attendance.push({ memberId: row.memberId, status: row.attendance });
    }
    if (row.compulsoryPaise > 0 || row.voluntaryPaise > 0) {
      paths[`savings.${savings.length}`] = m;
      savings.push({ memberId: row.memberId, compulsoryPaise: row.compulsoryPaise, voluntaryPaise: row.voluntaryPaise });
    }
    for (const loan of row.loans) {
      const amount = row.repayments[loan.loanId] ?? 0;
      if (amount <= 0) continue;
      paths[`repayments.${repayments.length}`] = `${m}:loan:${loan.loanId}`;
      repayments.push({ memberId: row.memberId, loanId: loan.loanId, amountPaise: amount });
    }
    if (row.finePaise > 0) {
      paths[`fines.${fines.length}`] = `${m}:fine`;
      fines.push({ memberId: row.memberId, reason: row.fineReason, amountPaise: row.finePaise });
    }
    if (row.withdrawalPaise > 0) {
      paths[`savingsWithdrawals.${withdrawals.length}`] = `${m}:withdrawal`;
      withdrawals.push({ memberId: row.memberId, amountPaise: row.withdrawalPaise });
    }
  }
  form.disbursements.forEach((_, i) => (paths[`disbursements.${i}`] = `d:${i}`));
  const expenses = form.expenses.filter((e) => e.amountPaise > 0);
  form.expenses.forEach((e) => {
    const j = expenses.indexOf(e);
    if (j >= 0) paths[`expenses.${j}`] = `e:${e.key}`;
  });
  const payload: MeetingPayload = {
    meetingId: form.meetingId,
    shgId: form.shgId,
    date: form.date,
    attendance,
    savings,
    savingsWithdrawals: withdrawals,
    repayments,
    disbursements: form.disbursements.map((d) => ({ loanId: d.loanId, memberId: d.memberId, principalPaise: d.principalPaise, purpose: d.purpose.trim(), terms: d.terms })),
    fines,
    expenses: expenses.map((e) => ({ kind: e.kind, amountPaise: e.amountPaise, via: e.via })),
    bankDeposit: form.bankDeposit,
    bankWithdrawal: form.bankWithdrawal,
    cashCountedPaise: form.cashCountedPaise,
    decisions: form.decisions.filter((d) => d.trim() !== ''),
  };
  return { payload, paths };
}

const MEMBER_FIELD: Record<string, string> = { compulsoryPaise: 'compulsory', voluntaryPaise: 'voluntary', memberId: 'attendance' };
const DISBURSEMENT_FIELD: Record<string, string> = { principalPaise: 'principal', purpose: 'purpose', memberId: 'member', terms: 'terms', loanId: 'principal' };

/** The screen field a problem belongs to; 'form' when it names no field of the meeting. */
export function uiFieldOf(problemField: string | undefined, paths: Record<string, UiField>): UiField {
  if (!problemField) return 'form';
  const parts = problemField.split('.');
  if (parts.length === 1) {
    if (problemField === 'cashCountedPaise') return 'cashCounted';
    if (['date', 'bankDeposit', 'bankWithdrawal'].includes(problemField)) return problemField;
    return 'form';
  }
  const [list, index, leaf] = parts as [string, string, string | undefined];
  const target = paths[`${list}.${index}`];
  if (!target) return 'form';
  if (list === 'savings') return `${target}:${MEMBER_FIELD[leaf ?? ''] ?? 'compulsory'}`;
  if (list === 'disbursements') return `${target}:${DISBURSEMENT_FIELD[leaf ?? ''] ?? 'principal'}`;
  if (list === 'expenses') return `${target}:amount`;
  return target;
}

/** A new loan's default terms: the group's first loan product, or 2% a month, flexible, monthly. */
export function defaultTerms(products: { id: string; terms: LoanTerms }[]): { productId: string | null; terms: LoanTerms } {
  const p = products[0];
  if (p) return { productId: p.id, terms: p.terms };
  return { productId: null, terms: { kind: 'flexible', ratePercentPerMonth: '2', period: 'monthly' } as LoanTerms };
}
