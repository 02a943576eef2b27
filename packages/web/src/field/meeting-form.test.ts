import { describe, expect, it } from 'vitest';
import { afterMeeting, groupBooks, parseAndPlan, parseInput, payloadFromDetail, receiptOf, toCoreSnapshot, type CorrectionPayload } from './books.ts';
import { allAsExpected, formFromPayload, isException, newForm, rowPaysPaise, setAmount, setAttendance, toPayload, uiFieldOf, unmarked } from './meeting-form.ts';
import { DEFAULT_FINE_RULES, groupFromPull, type LocalGroup, type OutboxCommand } from './model.ts';

const SHG = '00000000-0000-4000-8000-000000000001';
const M = (n: number) => `00000000-0000-4000-8000-0000000001${String(n).padStart(2, '0')}`;
const LOAN = '00000000-0000-4000-8000-000000000201';
const MEETING = (n: number) => `00000000-0000-4000-8000-0000000003${String(n).padStart(2, '0')}`;

function group(): LocalGroup {
  return groupFromPull(
    {
      shgId: SHG,
      profile: { name: 'Durga', code: 'D1', formedOn: '2026-01-05' },
      savingsRule: { compulsoryPaise: 1000 },
      members: [3, 1, 2].map((n) => ({ id: M(n), name: `Member ${n}`, membershipNumber: String(n), status: 'active', joinedOn: '2026-01-05' })),
      balances: { cashPaise: 2_000_000, bankPaise: 500_000, savingsByMember: {} },
      loans: [],
      meetings: [],
    },
    '2026-11-01T00:00:00Z',
  );
}

function command(id: string, payload: unknown, createdAt: number, type: OutboxCommand['type'] = 'record-meeting'): OutboxCommand {
  return { id, type, payload, shgId: SHG, meetingId: id, businessDate: '2026-11-02', deviceTime: '', createdAt, state: 'waiting', attempts: 0 };
}

/** A group whose member 1 took a Rs 10,000 loan at 2% a month on 2 November (recorded on this phone). */
function withLoan(): LocalGroup {
  const g = group();
  let form = allAsExpected(newForm(g, toCoreSnapshot(g), '2026-11-02', MEETING(1)));
  form = { ...form, disbursements: [{ loanId: LOAN, memberId: M(1), principalPaise: 1_000_000, purpose: 'goat', productId: null, terms: { kind: 'flexible', ratePercentPerMonth: '2', period: 'monthly' } as never }] };
  const planned = parseAndPlan(toCoreSnapshot(g), toPayload(form).payload);
  if (!planned.ok) throw new Error(JSON.stringify(planned.problems));
  return afterMeeting(g, planned.value.input, planned.value.plan);
}

describe('meeting form', () => {
  it('lists members in register order, pre-filled with what each is expected to pay, attendance unmarked', () => {
    const g = group();
    const form = newForm(g, toCoreSnapshot(g), '2026-11-02', MEETING(1));
    expect(form.rows.map((r) => r.memberId)).toEqual([M(1), M(2), M(3)]);
    expect(form.rows.every((r) => r.compulsoryPaise === 1000 && r.attendance === null)).toBe(true);
    expect(unmarked(form)).toHaveLength(3);
  });

  it('"all as expected" marks everyone present; late adds the Rs 5 fine; absent pays nothing; back to present restores', () => {
    const g = withLoan();
    let form = allAsExpected(newForm(g, toCoreSnapshot(g), '2026-12-02', MEETING(2)));
    const due = form.rows[0]!.loans[0]!;
    expect(due.duePaise).toBe(20_000); // one month's interest on Rs 10,000 at 2%
    expect(form.rows[0]!.repayments[LOAN]).toBe(20_000);
    expect(form.rows.every((r) => r.attendance === 'present' && !isException(r))).toBe(true);
    form = setAttendance(form, M(2), 'late');
    expect(form.rows[1]).toMatchObject({ attendance: 'late', finePaise: DEFAULT_FINE_RULES.latePaise, fineReason: 'late', compulsoryPaise: 1000 });
    form = setAttendance(form, M(1), 'absent');
    expect(form.rows[0]).toMatchObject({ compulsoryPaise: 0, finePaise: 0, repayments: { [LOAN]: 0 } });
    form = setAttendance(form, M(1), 'present');
    expect(rowPaysPaise(form.rows[0]!)).toBe(21_000);
    // An amount set by hand survives attendance taps.
    form = setAmount(form, M(3), 'voluntary', 5000);
    form = setAttendance(form, M(3), 'late');
    expect(form.rows[2]).toMatchObject({ voluntaryPaise: 5000, finePaise: 500 });
  });

  it('builds the payload core plans, and the plan equals the books the phone then shows', () => {
    const g = withLoan();
    let form = allAsExpected(newForm(g, toCoreSnapshot(g), '2026-12-02', MEETING(2)));
    form = setAttendance(form, M(2), 'late');
    form = setAttendance(form, M(3), 'absent');
    form = { ...form, bankDeposit: 100_000, cashCountedPaise: 1_000_000 + 22_000 + 1_500 + 1_000 + 2_000_000 - 100_000 };
    const planned = parseAndPlan(toCoreSnapshot(g), toPayload(form).payload);
    expect(planned.ok).toBe(true);
    if (!planned.ok) return;
    const { input, plan } = planned.value;
    // Opening cash Rs 20,000 - loan Rs 10,000 + savings 3 x Rs 10 at the first meeting = Rs 10,030.
    expect(g.cashPaise).toBe(1_003_000);
    expect(plan.closingCashBookPaise).toBe(1_003_000 + 20_000 + 1_000 + 1_000 + 500 - 100_000);
    const receipt = receiptOf(g, input, plan);
    expect(receipt).toMatchObject({ present: 2, absent: 1, finesPaise: 500, savingsPaise: 2000, repaidPaise: 20_000, closingBankPaise: 600_000 });
    const after = afterMeeting(g, input, plan);
    expect(after.cashPaise).toBe(plan.closingCashBookPaise);
    expect(after.savingsByMember[M(1)]).toEqual({ compulsoryPaise: 2000, voluntaryPaise: 0 });
    expect(after.savingsByMember[M(3)]).toEqual({ compulsoryPaise: 1000, voluntaryPaise: 0 });
    expect(after.existingMeetingDates).toEqual(['2026-11-02', '2026-12-02']);
  });

  it('maps core problems to the field on screen that caused them', () => {
    const g = withLoan();
    let form = allAsExpected(newForm(g, toCoreSnapshot(g), '2026-12-02', MEETING(2)));
    form = setAmount(form, M(1), { loanId: LOAN }, 99_999_999);
    form = { ...form, bankDeposit: 99_999_999, date: '2026-11-02' };
    const built = toPayload(form);
    const planned = parseAndPlan(toCoreSnapshot(g), built.payload);
    expect(planned.ok).toBe(false);
    if (planned.ok) return;
    const fields = planned.problems.map((p) => [p.code, uiFieldOf(p.field, built.paths)]);
    expect(fields).toContainEqual(['DUPLICATE_MEETING', 'date']);
    expect(fields).toContainEqual(['REPAYMENT_EXCEEDS_OUTSTANDING', `m:${M(1)}:loan:${LOAN}`]);
    expect(fields).toContainEqual(['INSUFFICIENT_CASH', 'bankDeposit']);
    expect(uiFieldOf('savings.1.compulsoryPaise', built.paths)).toBe(`m:${M(2)}:compulsory`);
    expect(uiFieldOf('disbursements.0.terms.repayments', { 'disbursements.0': 'd:0' })).toBe('d:0:terms');
    expect(uiFieldOf(undefined, built.paths)).toBe('form');
  });

  it('a payload read back into the form gives the same payload (corrections and fixes start from it)', () => {
    const g = withLoan();
    let form = allAsExpected(newForm(g, toCoreSnapshot(g), '2026-12-02', MEETING(2)));
    form = setAttendance(form, M(2), 'late');
    form = setAmount(form, M(3), 'voluntary', 2500);
    form = { ...form, expenses: [{ key: 'x', kind: 'stationery', amountPaise: 3000, via: 'cash' }], cashCountedPaise: 5 };
    const payload = toPayload(form).payload;
    expect(toPayload(formFromPayload(g, toCoreSnapshot(g), payload, MEETING(2))).payload).toEqual(payload);
  });
});

describe('the group on the phone (optimistic books)', () => {
  it('applies waiting meetings in order, lists them pending, and leaves out one that no longer fits', () => {
    const g = group();
    const first = toPayload(allAsExpected(newForm(g, toCoreSnapshot(g), '2026-11-02', MEETING(1)))).payload;
    const second = toPayload(allAsExpected(newForm(g, toCoreSnapshot(g), '2026-11-09', MEETING(2)))).payload;
    const sameDay = { ...first, meetingId: MEETING(3) };
    const books = groupBooks(g, [command('c1', first, 1), command('c2', second, 2), command('c3', sameDay, 3)]);
    expect(books.group.cashPaise).toBe(2_000_000 + 6000);
    expect(books.group.savingsByMember[M(1)]).toEqual({ compulsoryPaise: 2000, voluntaryPaise: 0 });
    expect(books.meetings.map((m) => [m.date, m.pending, m.present])).toEqual([
      ['2026-11-09', 'waiting', 3],
      ['2026-11-02', 'waiting', 3],
    ]);
    expect(books.notApplied.map((n) => [n.id, n.problems.map((p) => p.code)])).toEqual([['c3', ['DUPLICATE_MEETING']]]);
  });

  it('a correction of a meeting recorded on this phone undoes it and applies the corrected one', () => {
    const g = group();
    const first = toPayload(allAsExpected(newForm(g, toCoreSnapshot(g), '2026-11-02', MEETING(1)))).payload;
    const fixed = { ...first, meetingId: MEETING(4), savings: first.savings!.map((s) => ({ ...s, compulsoryPaise: 500 })) };
    const correction: CorrectionPayload = { correctionId: '00000000-0000-4000-8000-000000000401', meetingId: MEETING(1), reason: 'typed 10 for 5', meeting: fixed };
    const books = groupBooks(g, [command('c1', first, 1), command('c2', correction, 2, 'correct-meeting')]);
    expect(books.notApplied).toEqual([]);
    expect(books.group.cashPaise).toBe(2_000_000 + 1500);
    expect(books.group.savingsByMember[M(2)]).toEqual({ compulsoryPaise: 500, voluntaryPaise: 0 });
    expect(books.group.existingMeetingDates).toEqual(['2026-11-02']);
    expect(books.meetings.map((m) => [m.id, m.status])).toEqual([
      [MEETING(1), 'reversed'],
      [MEETING(4), 'recorded'],
    ]);
  });

  it('corrects a meeting only the server holds (rebuilt from its payload and the server’s loan events) to the same books', () => {
    const g = group();
    let form = allAsExpected(newForm(g, toCoreSnapshot(g), '2026-11-02', MEETING(1)));
    form = { ...form, disbursements: [{ loanId: LOAN, memberId: M(1), principalPaise: 1_000_000, purpose: 'goat', productId: null, terms: { kind: 'flexible', ratePercentPerMonth: '2', period: 'monthly' } as never }] };
    const original = toPayload(form).payload;
    const planned = parseAndPlan(toCoreSnapshot(g), original);
    if (!planned.ok) throw new Error('plan');
    // The server's copy after it: the meeting applied, listed with its payload, the loan with its events.
    const server: LocalGroup = { ...afterMeeting(g, planned.value.input, planned.value.plan), meetings: [{ id: MEETING(1), date: '2026-11-02', status: 'recorded', payload: original }] };
    // The right meeting: a Rs 8,000 loan, and member 3 saved Rs 20.
    let right = setAmount(formFromPayload(g, toCoreSnapshot(g), original, MEETING(5)), M(3), 'compulsory', 2000);
    right = { ...right, disbursements: [{ ...right.disbursements[0]!, loanId: '00000000-0000-4000-8000-000000000202', principalPaise: 800_000 }] };
    const correction: CorrectionPayload = { correctionId: '00000000-0000-4000-8000-000000000402', meetingId: MEETING(1), reason: 'loan was Rs 8,000', meeting: toPayload(right).payload };
    const books = groupBooks(server, [command('c9', correction, 9, 'correct-meeting')]);
    expect(books.notApplied).toEqual([]);
    const direct = parseAndPlan(toCoreSnapshot(g), toPayload(right).payload);
    if (!direct.ok) throw new Error('direct');
    const expected = afterMeeting(g, direct.value.input, direct.value.plan);
    expect(books.group.cashPaise).toBe(expected.cashPaise);
    expect(books.group.savingsByMember).toEqual(expected.savingsByMember);
    expect(books.group.loans.map((l) => l.definition.principalPaise)).toEqual([800_000]);
    expect(books.meetings.map((m) => [m.id, m.status])).toEqual([
      [MEETING(1), 'reversed'],
      [MEETING(5), 'recorded'],
    ]);
  });

  it('rebuilds a meeting recorded on another phone from the server’s view of it and its loan events', () => {
    const g = withLoan(); // member 1's loan came from MEETING(1)
    let form = allAsExpected(newForm(g, toCoreSnapshot(g), '2026-12-02', MEETING(2)));
    form = setAttendance(setAttendance(form, M(2), 'late'), M(3), 'absent');
    form = { ...form, expenses: [{ key: 'x', kind: 'stationery', amountPaise: 3000, via: 'cash' }], bankDeposit: 5000, cashCountedPaise: 123 };
    const original = toPayload(form).payload;
    const planned = parseAndPlan(toCoreSnapshot(g), original);
    if (!planned.ok) throw new Error('plan');
    const server = afterMeeting(g, planned.value.input, planned.value.plan);
    const i = planned.value.input;
    const detail = {
      id: MEETING(2),
      shgId: SHG,
      date: i.date,
      attendance: i.attendance,
      members: [M(1), M(2), M(3)].map((memberId) => ({
        memberId,
        compulsoryPaise: i.savings.find((x) => x.memberId === memberId)?.compulsoryPaise ?? 0,
        voluntaryPaise: i.savings.find((x) => x.memberId === memberId)?.voluntaryPaise ?? 0,
        withdrawalPaise: 0,
        repaymentPaise: i.repayments.filter((x) => x.memberId === memberId).reduce((t, x) => t + x.amountPaise, 0),
        finesPaise: i.fines.filter((x) => x.memberId === memberId).reduce((t, x) => t + x.amountPaise, 0),
        disbursedPaise: 0,
      })),
      otherReceipts: [],
      expenses: [{ kind: 'stationery', amountPaise: 3000 }],
      bankDepositPaise: 5000,
      bankWithdrawalPaise: 0,
      cashCountedPaise: 123,
      decisions: [],
    };
    const rebuilt = payloadFromDetail(detail, server);
    expect(rebuilt).not.toBeNull();
    const a = parseInput(rebuilt!);
    expect(a.ok && a.value).toEqual(i);
    // A repayment it cannot place on a loan (closed since, so not on the phone): not rebuilt rather than wrong.
    expect(payloadFromDetail(detail, { loans: [] })).toBeNull();
  });
});
