import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateGrainRepayment, grainLoanPosition, interestInKind, planGrainPosting, type GrainLoan } from './grain-bank.ts';
import { checkMemberPayment, marginOf, planAggregation, planInputIssue, planMemberPayment, planProduceSale } from './producer-group.ts';
import { amountFor, EMPTY_POSITION, formatQuantity, putIn, replayStock, stockRegister, takeOut, type StockMovement, type StockPosition } from './stock.ts';

const sum = (lines: Array<{ amountPaise: number }>) => lines.reduce((s, l) => s + l.amountPaise, 0);

describe('stock ledger', () => {
  it('prices a quantity per kilogram, litre or piece, half-even to the paisa', () => {
    expect(amountFor(2500, 'g', 4000)).toBe(10_000);
    expect(amountFor(1, 'g', 500)).toBe(0); // 0.5 paise → 0 (even)
    expect(amountFor(3, 'g', 500)).toBe(2); // 1.5 → 2
    expect(amountFor(1500, 'ml', 6000)).toBe(9000);
    expect(amountFor(12, 'unit', 250)).toBe(3000);
    expect(formatQuantity(12_500, 'g')).toBe('12.5 kg');
    expect(formatQuantity(1_000, 'ml')).toBe('1 l');
    expect(formatQuantity(7, 'unit')).toBe('7');
  });

  it('takes out at average cost, the whole value with the last of it, and refuses more than is there', () => {
    let p: StockPosition = putIn(EMPTY_POSITION, 3000, 100);
    const a = takeOut(p, 1000);
    expect(a).toEqual({ ok: true, value: { position: { quantity: 2000, valuePaise: 67 }, costPaise: 33 } });
    if (!a.ok) return;
    p = a.value.position;
    const b = takeOut(p, 2000);
    expect(b.ok && b.value).toEqual({ position: { quantity: 0, valuePaise: 0 }, costPaise: 67 });
    const c = takeOut(p, 2001, 'quantityGrams');
    expect(c).toEqual({ ok: false, problems: [{ code: 'INSUFFICIENT_STOCK', field: 'quantityGrams', message: 'is more than the stock holds', params: { availableQuantity: 2000 } }] });
  });

  it('property: any accepted sequence — closing = opening + in − out, never negative, equal to the replay, value zero when empty', () => {
    const move = fc.record({
      item: fc.constantFrom('rice', 'wheat', 'makhana'),
      out: fc.boolean(),
      quantity: fc.integer({ min: 1, max: 50_000 }),
      value: fc.integer({ min: 0, max: 5_000_000 }),
      day: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(fc.array(move, { maxLength: 60 }), fc.integer({ min: 0, max: 90 }), fc.integer({ min: 0, max: 90 }), (moves, a, b) => {
        // Accept movements the way the commands do: an out beyond the stock is refused and not written.
        const positions = new Map<string, StockPosition>();
        const written: StockMovement[] = [];
        let date = 0;
        for (const m of moves) {
          date += m.day;
          const at = positions.get(m.item) ?? EMPTY_POSITION;
          const d = `2026-01-${String(1 + (date % 28)).padStart(2, '0')}`;
          if (m.out) {
            const r = takeOut(at, m.quantity);
            if (!r.ok) {
              expect(r.problems[0]!.code).toBe('INSUFFICIENT_STOCK');
              expect(m.quantity).toBeGreaterThan(at.quantity);
              continue;
            }
            positions.set(m.item, r.value.position);
            written.push({ item: m.item, date: d, direction: 'out', quantity: m.quantity, valuePaise: r.value.costPaise });
          } else {
            positions.set(m.item, putIn(at, m.quantity, m.value));
            written.push({ item: m.item, date: d, direction: 'in', quantity: m.quantity, valuePaise: m.value });
          }
          const now = positions.get(m.item)!;
          expect(now.quantity).toBeGreaterThanOrEqual(0);
          expect(now.valuePaise).toBeGreaterThanOrEqual(0);
          if (now.quantity === 0) expect(now.valuePaise).toBe(0);
        }
        // Dates were taken in order only modulo the month: sort as the register is kept (date, then written order).
        const ordered = written.map((m, i) => ({ m, i })).sort((x, y) => (x.m.date < y.m.date ? -1 : x.m.date > y.m.date ? 1 : x.i - y.i)).map((x) => x.m);
        const replay = replayStock(written);
        expect(replay.ok).toBe(true);
        if (!replay.ok) return;
        const whole = stockRegister(written);
        for (const row of whole) {
          expect(row.closingQuantity).toBe(row.openingQuantity + row.inQuantity - row.outQuantity);
          expect({ quantity: row.closingQuantity, valuePaise: row.closingValuePaise }).toEqual(replay.value.get(row.item));
        }
        // Any period: opening of the period = closing of everything before it; register rows add up.
        const from = `2026-01-${String(1 + Math.min(a % 28, b % 28)).padStart(2, '0')}`;
        const to = `2026-01-${String(1 + Math.max(a % 28, b % 28)).padStart(2, '0')}`;
        for (const row of stockRegister(ordered, { from, to })) {
          expect(row.closingQuantity).toBe(row.openingQuantity + row.inQuantity - row.outQuantity);
          expect(row.closingValuePaise).toBe(row.openingValuePaise + row.inValuePaise - row.outValuePaise);
          const before = ordered.filter((m) => m.item === row.item && m.date < from);
          expect(row.openingQuantity).toBe(before.reduce((s, m) => s + (m.direction === 'in' ? m.quantity : -m.quantity), 0));
        }
      }),
      { seed: 20260501, numRuns: 300 },
    );
  });

  it('replay refuses an out beyond the stock and an out not at average cost', () => {
    const r = replayStock([
      { item: 'rice', date: '2026-01-01', direction: 'in', quantity: 10, valuePaise: 10 },
      { item: 'rice', date: '2026-01-02', direction: 'out', quantity: 5, valuePaise: 4 },
      { item: 'rice', date: '2026-01-03', direction: 'out', quantity: 50, valuePaise: 0 },
    ]);
    expect(r.ok ? [] : r.problems.map((p) => `${p.code}@${p.field}`)).toEqual(['VALIDATION_FAILED@movements.1.valuePaise', 'INSUFFICIENT_STOCK@movements.2.quantity']);
  });
});

describe('grain loans in kind', () => {
  const loan: GrainLoan = { principalGrams: 5000, interestGrams: interestInKind(5000, '25'), costPaise: 3 };

  it('interest in kind: 1.25 kg back per kg', () => {
    expect(loan.interestGrams).toBe(1250);
    expect(interestInKind(3, '50')).toBe(2); // 1.5 → 2 (even)
    expect(interestInKind(1, '50')).toBe(0); // 0.5 → 0 (even)
  });

  it('interest first, then principal; the receivable ends exactly at zero; refuses more than owed', () => {
    let repaid = { principalGrams: 0, interestGrams: 0 };
    let principalValue = 0;
    for (const grams of [1000, 1000, 1000, 1000, 1000, 1250]) {
      const r = allocateGrainRepayment(loan, repaid, grams);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      principalValue += r.value.principalValuePaise;
      expect(r.value.principalValuePaise).toBeGreaterThanOrEqual(0);
      repaid = { principalGrams: repaid.principalGrams + r.value.principalGrams, interestGrams: repaid.interestGrams + r.value.interestGrams };
    }
    expect(repaid).toEqual({ principalGrams: 5000, interestGrams: 1250 });
    expect(principalValue).toBe(3);
    expect(grainLoanPosition(loan, repaid)).toEqual({ principalOutstandingGrams: 0, interestOutstandingGrams: 0, outstandingGrams: 0, costOutstandingPaise: 0 });
    const more = allocateGrainRepayment(loan, { principalGrams: 4000, interestGrams: 1250 }, 1001);
    expect(more.ok ? null : more.problems[0]).toMatchObject({ code: 'REPAYMENT_EXCEEDS_OUTSTANDING', params: { outstandingGrams: 1000 } });
  });

  it('every posting of a valued grain bank balances', () => {
    const split = { principalGrams: 10, interestGrams: 2, principalValuePaise: 30, interestValuePaise: 6 };
    for (const p of [
      planGrainPosting({ kind: 'receipt', source: 'purchase', valuePaise: 500, paidFrom: 'bank' }),
      planGrainPosting({ kind: 'receipt', source: 'contribution', valuePaise: 500, memberId: 'm' }),
      planGrainPosting({ kind: 'loan', costPaise: 70, memberId: 'm' }),
      planGrainPosting({ kind: 'repayment', split, memberId: 'm' }),
      planGrainPosting({ kind: 'sale', amountPaise: 900, costPaise: 700, receivedInto: 'cash' }),
      planGrainPosting({ kind: 'loss', costPaise: 5 }),
      planGrainPosting({ kind: 'count-gain', valuePaise: 5 }),
    ]) {
      expect(sum(p)).toBe(0);
    }
  });
});

describe('producer group entries', () => {
  it('balance, and refuse paying a member more than she is owed', () => {
    expect(sum(planInputIssue({ amountPaise: 1200, costPaise: 1000, terms: 'credit', memberId: 'm' }))).toBe(0);
    expect(sum(planAggregation([{ memberId: 'a', amountPaise: 500 }, { memberId: 'b', amountPaise: 700 }]))).toBe(0);
    expect(sum(planProduceSale({ amountPaise: 1500, costPaise: 1200, receivedInto: 'bank' }))).toBe(0);
    expect(sum(planMemberPayment({ amountPaise: 300, recoveredPaise: 200, paidFrom: 'cash', memberId: 'a' }))).toBe(0);
    expect(checkMemberPayment({ payablePaise: 500, advancePaise: 200 }, 300, 200)).toEqual({ ok: true, value: { amountPaise: 300, recoveredPaise: 200 } });
    const over = checkMemberPayment({ payablePaise: 500, advancePaise: 100 }, 450, 150);
    expect(over.ok ? [] : over.problems.map((p) => `${p.code}@${p.field}`)).toEqual(['PAYMENT_EXCEEDS_DUE@recoverPaise', 'PAYMENT_EXCEEDS_DUE@amountPaise']);
    expect(marginOf({ salesPaise: 1500, costOfProducePaise: 1200, expensesPaise: 100, inputSalesPaise: 1200, costOfInputsPaise: 1000 })).toEqual({ produceMarginPaise: 300, inputMarginPaise: 200, marginPaise: 400 });
  });
});
