import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chartOf, chartTemplate } from './chart.ts';
import { ErrorCode } from './errors.ts';
import {
  balanceOf,
  consolidateLines,
  credit,
  debit,
  naturalBalance,
  reverseEntry,
  transfer,
  trialBalance,
  validateEntry,
  type JournalEntryDraft,
} from './ledger.ts';

const draft = (lines: JournalEntryDraft['lines']): JournalEntryDraft => ({
  businessDate: '2024-04-01',
  narration: 'Meeting 2024-04-01',
  source: 'record-meeting',
  lines,
});

describe('debit / credit / transfer', () => {
  it('sign amounts so callers never do', () => {
    expect(debit('assets:cash', 500)).toEqual({ accountPath: 'assets:cash', amountPaise: 500 });
    expect(credit('liabilities:savings:compulsory', 500, { memberId: 'm1' })).toEqual({
      accountPath: 'liabilities:savings:compulsory',
      amountPaise: -500,
      memberId: 'm1',
    });
    expect(() => debit('assets:cash', -1)).toThrow(RangeError);
    expect(() => credit('assets:cash', 0.5)).toThrow(RangeError);
  });

  it('transfer debits the receiving account and credits the giving one; zero gives no lines', () => {
    expect(transfer({ to: 'assets:bank', from: 'assets:cash', amountPaise: 10000 })).toEqual([
      { accountPath: 'assets:bank', amountPaise: 10000 },
      { accountPath: 'assets:cash', amountPaise: -10000 },
    ]);
    expect(transfer({ to: 'assets:bank', from: 'assets:cash', amountPaise: 0 })).toEqual([]);
  });

  it('consolidate merges same account/tags/side, keeps debits and credits apart, drops zeros', () => {
    const merged = consolidateLines([
      debit('assets:cash', 1000, { memberId: 'a' }),
      debit('assets:cash', 500, { memberId: 'a' }),
      credit('assets:cash', 300, { memberId: 'a' }),
      debit('assets:cash', 200, { memberId: 'b' }),
      debit('assets:cash', 0),
    ]);
    expect(merged).toEqual([
      { accountPath: 'assets:cash', amountPaise: 1500, memberId: 'a' },
      { accountPath: 'assets:cash', amountPaise: -300, memberId: 'a' },
      { accountPath: 'assets:cash', amountPaise: 200, memberId: 'b' },
    ]);
  });
});

describe('validateEntry', () => {
  it('accepts a balanced entry on known accounts', () => {
    const d = draft([debit('assets:cash', 1000), credit('liabilities:savings:compulsory', 1000, { memberId: 'm' })]);
    expect(validateEntry(d)).toEqual({ ok: true, value: d });
  });

  it('collects every problem with its field path', () => {
    const r = validateEntry({
      businessDate: '2024-13-01',
      narration: ' ',
      source: 'x',
      lines: [
        { accountPath: 'assets:cash', amountPaise: 1000 },
        { accountPath: 'assets:petty-cash', amountPaise: -999 },
        { accountPath: 'income:fines', amountPaise: 0 },
        { accountPath: 'income:fines', amountPaise: 1.5 },
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.code, p.field])).toEqual([
      [ErrorCode.ValidationFailed, 'businessDate'],
      [ErrorCode.ValidationFailed, 'narration'],
      [ErrorCode.ValidationFailed, 'lines.1.accountPath'],
      [ErrorCode.ValidationFailed, 'lines.2.amountPaise'],
      [ErrorCode.ValidationFailed, 'lines.3.amountPaise'],
      [ErrorCode.UnbalancedEntry, 'lines'],
    ]);
    expect(r.problems.at(-1)?.params).toEqual({ differencePaise: '1' });
  });

  it('refuses a single line and an empty entry', () => {
    const r = validateEntry(draft([]));
    expect(r.ok === false && r.problems[0]?.code).toBe(ErrorCode.UnbalancedEntry);
  });

  it('checks accounts against the chart given', () => {
    const vo = chartOf(chartTemplate('vo'));
    const d = draft([debit('assets:loans-to-shgs', 100), credit('assets:cash', 100)]);
    expect(validateEntry(d, vo).ok).toBe(true);
    expect(validateEntry(d).ok).toBe(false);
  });

  it('sums exactly even where floats would not (near the safe-integer limit)', () => {
    const big = Number.MAX_SAFE_INTEGER;
    const d = draft([debit('assets:cash', big), debit('assets:bank', big), credit('equity:grants', big), credit('equity:grants', big - 1)]);
    const r = validateEntry(d);
    expect(r.ok === false && r.problems[0]?.params).toEqual({ differencePaise: '1' });
  });
});

describe('balances', () => {
  const lines = [
    debit('assets:cash', 1500, { memberId: 'a' }),
    credit('liabilities:savings:compulsory', 1000, { memberId: 'a' }),
    credit('liabilities:savings:voluntary', 500, { memberId: 'a' }),
    debit('assets:loans-to-members', 500000, { memberId: 'b', loanId: 'L1' }),
    credit('assets:cash', 500000, { memberId: 'b', loanId: 'L1' }),
    debit('assets:cash', 30000, { memberId: 'b' }),
    credit('assets:loans-to-members', 20000, { memberId: 'b', loanId: 'L1' }),
    credit('income:interest:member-loans', 10000, { memberId: 'b', loanId: 'L1' }),
  ];

  it('trial balance sums per account, sorted, zero balances left out', () => {
    expect(trialBalance(lines)).toEqual({
      'assets:cash': -468500,
      'assets:loans-to-members': 480000,
      'income:interest:member-loans': -10000,
      'liabilities:savings:compulsory': -1000,
      'liabilities:savings:voluntary': -500,
    });
    expect(Object.keys(trialBalance(lines))).toEqual([...Object.keys(trialBalance(lines))].sort());
    expect(trialBalance([debit('assets:cash', 5), credit('assets:cash', 5)])).toEqual({});
  });

  it('balanceOf filters by parent account, member and loan', () => {
    expect(balanceOf(lines, { account: 'liabilities:savings', memberId: 'a' })).toBe(-1500);
    expect(balanceOf(lines, { account: 'liabilities:savings:voluntary' })).toBe(-500);
    expect(balanceOf(lines, { account: 'assets:loans-to-members', loanId: 'L1' })).toBe(480000);
    expect(balanceOf(lines, { account: ['assets:cash', 'assets:bank'] })).toBe(-468500);
    // 'assets:ca' is not a parent of 'assets:cash'
    expect(balanceOf(lines, { account: 'assets:ca' })).toBe(0);
    expect(balanceOf(lines)).toBe(0);
  });

  it('naturalBalance shows credit-side accounts as positive', () => {
    expect(naturalBalance('liabilities:savings:compulsory', -1000)).toBe(1000);
    expect(naturalBalance('income:fines', -500)).toBe(500);
    expect(naturalBalance('assets:cash', 700)).toBe(700);
    expect(naturalBalance('expenses:meeting', 700)).toBe(700);
  });
});

describe('reverseEntry', () => {
  it('negates every line, keeps tags, records the reason and the entry it cancels', () => {
    const original = { id: 'E1', ...draft([debit('assets:cash', 1000, { memberId: 'm' }), credit('income:fines', 1000, { memberId: 'm' })]) };
    const rev = reverseEntry(original, 'typed twice', '2024-04-08');
    expect(rev).toEqual({
      businessDate: '2024-04-08',
      narration: 'Reversal: Meeting 2024-04-01 (typed twice)',
      source: 'reverse-entry',
      lines: [
        { accountPath: 'assets:cash', amountPaise: -1000, memberId: 'm' },
        { accountPath: 'income:fines', amountPaise: 1000, memberId: 'm' },
      ],
      reversal: { entryId: 'E1', reason: 'typed twice' },
    });
    expect(validateEntry(rev).ok).toBe(true);
  });

  it('an entry plus its reversal leaves every balance at zero (property)', () => {
    const accounts = ['assets:cash', 'assets:bank', 'income:fines', 'liabilities:savings:voluntary'];
    fc.assert(
      fc.property(
        fc.array(fc.record({ from: fc.constantFrom(...accounts), to: fc.constantFrom(...accounts), amount: fc.integer({ min: 1, max: 1e9 }) }), { minLength: 1, maxLength: 10 }),
        (moves) => {
          const entry = draft(moves.flatMap((m) => transfer({ to: m.to, from: m.from, amountPaise: m.amount })));
          expect(validateEntry(entry).ok).toBe(true);
          const all = [...entry.lines, ...reverseEntry(entry, 'test', '2024-04-02').lines];
          expect(trialBalance(all)).toEqual({});
        },
      ),
      { seed: 20240401 },
    );
  });
});
