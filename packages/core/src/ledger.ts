import { SHG_CHART, accountKindOf, type Chart } from './chart.ts';
import { isIsoDate } from './dates.ts';
import { ErrorCode, fail, ok, problem, type Problem, type Result } from './errors.ts';

/**
 * Double-entry journal. An amount is signed paise: a debit is positive, a credit negative, so an entry balances
 * when its lines sum to zero. Member and loan sub-ledgers are lines tagged with `memberId` / `loanId`.
 * Callers build lines with `debit`, `credit` and `transfer` and never sign an amount by hand.
 */
export interface JournalLine {
  accountPath: string;
  amountPaise: number;
  memberId?: string;
  loanId?: string;
  memo?: string;
}

export interface JournalEntryDraft {
  /** The day the money moved ('YYYY-MM-DD'), not the day it was typed. */
  businessDate: string;
  narration: string;
  /** The command type that produced the entry, e.g. 'record-meeting'. */
  source: string;
  lines: JournalLine[];
  /** Set on a reversing entry: the entry it cancels (when known) and why. */
  reversal?: { entryId?: string; reason: string };
}

/** Sub-ledger tags and a memo a line may carry. */
export type LineTags = Pick<JournalLine, 'memberId' | 'loanId' | 'memo'>;

function line(accountPath: string, amountPaise: number, tags: LineTags): JournalLine {
  const out: JournalLine = { accountPath, amountPaise };
  if (tags.memberId !== undefined) out.memberId = tags.memberId;
  if (tags.loanId !== undefined) out.loanId = tags.loanId;
  if (tags.memo !== undefined) out.memo = tags.memo;
  return out;
}

function checkAmount(amountPaise: number): void {
  // A negative amount here is a bug in the caller (it would flip debit and credit), not an input error.
  if (!Number.isSafeInteger(amountPaise) || amountPaise < 0) {
    throw new RangeError('a debit or credit amount must be a non-negative safe integer of paise');
  }
}

export function debit(accountPath: string, amountPaise: number, tags: LineTags = {}): JournalLine {
  checkAmount(amountPaise);
  return line(accountPath, amountPaise, tags);
}

export function credit(accountPath: string, amountPaise: number, tags: LineTags = {}): JournalLine {
  checkAmount(amountPaise);
  return line(accountPath, amountPaise === 0 ? 0 : -amountPaise, tags);
}

/**
 * Money moving from one account to another: debit `to`, credit `from`, the same tags on both lines.
 * Returns no lines for a zero amount, so builders can spread it unconditionally.
 */
export function transfer(
  move: { to: string; from: string; amountPaise: number; toTags?: LineTags; fromTags?: LineTags },
): JournalLine[] {
  if (move.amountPaise === 0) return [];
  return [debit(move.to, move.amountPaise, move.toTags), credit(move.from, move.amountPaise, move.fromTags)];
}

/**
 * Merges lines that share account, tags, memo and side (debit or credit), and drops zero lines.
 * Debits and credits stay apart so that receipts-and-payments reports keep gross figures.
 * Order: first appearance.
 */
export function consolidateLines(lines: readonly JournalLine[]): JournalLine[] {
  const merged = new Map<string, JournalLine>();
  for (const l of lines) {
    if (l.amountPaise === 0) continue;
    const key = JSON.stringify([l.accountPath, l.memberId, l.loanId, l.memo, l.amountPaise > 0]);
    const seen = merged.get(key);
    if (seen) seen.amountPaise += l.amountPaise;
    else merged.set(key, { ...l });
  }
  return [...merged.values()];
}

/**
 * Checks a draft before it is posted: a date, a narration and a source; at least two lines; every amount a
 * nonzero safe integer; every account in the chart; the lines summing to exactly zero. All problems are returned.
 */
export function validateEntry(draft: JournalEntryDraft, chart: Chart = SHG_CHART): Result<JournalEntryDraft> {
  const problems: Problem[] = [];
  if (!isIsoDate(draft.businessDate)) {
    problems.push(problem(ErrorCode.ValidationFailed, 'businessDate', 'must be a date YYYY-MM-DD'));
  }
  if (draft.narration.trim() === '') problems.push(problem(ErrorCode.ValidationFailed, 'narration', 'is required'));
  if (draft.source.trim() === '') problems.push(problem(ErrorCode.ValidationFailed, 'source', 'is required'));
  if (draft.lines.length < 2) {
    problems.push(problem(ErrorCode.UnbalancedEntry, 'lines', 'an entry needs at least two lines'));
  }
  let sum = 0n;
  draft.lines.forEach((l, i) => {
    if (!Number.isSafeInteger(l.amountPaise) || l.amountPaise === 0) {
      problems.push(problem(ErrorCode.ValidationFailed, `lines.${i}.amountPaise`, 'must be a nonzero whole number of paise'));
    } else {
      sum += BigInt(l.amountPaise);
    }
    if (!chart.has(l.accountPath)) {
      problems.push(
        problem(ErrorCode.ValidationFailed, `lines.${i}.accountPath`, 'is not an account of this chart', {
          accountPath: l.accountPath,
        }),
      );
    }
  });
  if (sum !== 0n) {
    problems.push(
      problem(ErrorCode.UnbalancedEntry, 'lines', 'debits and credits differ', { differencePaise: sum.toString() }),
    );
  }
  return problems.length > 0 ? fail(...problems) : ok(draft);
}

/** A draft that cancels `entry` line by line, dated `date`, with the reason kept on it. */
export function reverseEntry(
  entry: JournalEntryDraft & { id?: string },
  reason: string,
  date: string,
  source = 'reverse-entry',
): JournalEntryDraft {
  return {
    businessDate: date,
    narration: `Reversal: ${entry.narration} (${reason})`,
    source,
    lines: entry.lines.map((l) => ({ ...l, amountPaise: l.amountPaise === 0 ? 0 : -l.amountPaise })),
    reversal: entry.id === undefined ? { reason } : { entryId: entry.id, reason },
  };
}

function toSafe(total: bigint): number {
  const n = Number(total);
  if (!Number.isSafeInteger(n)) throw new RangeError('balance beyond the safe integer range');
  return n;
}

/**
 * Signed balance of every account the lines touch (debit balances positive), accounts with a zero balance left
 * out, keys in path order: the same figures `hledger bal` prints for the exported journal.
 */
export function trialBalance(lines: Iterable<JournalLine>): Record<string, number> {
  const totals = new Map<string, bigint>();
  for (const l of lines) totals.set(l.accountPath, (totals.get(l.accountPath) ?? 0n) + BigInt(l.amountPaise));
  const out: Record<string, number> = {};
  for (const path of [...totals.keys()].sort()) {
    const total = totals.get(path)!;
    if (total !== 0n) out[path] = toSafe(total);
  }
  return out;
}

export interface LineFilter {
  /** An account or a parent: 'liabilities:savings' takes in 'liabilities:savings:compulsory' (as hledger does). */
  account?: string | readonly string[];
  memberId?: string;
  loanId?: string;
}

function underAccount(path: string, account: string): boolean {
  return path === account || path.startsWith(`${account}:`);
}

export function lineMatches(l: JournalLine, filter: LineFilter): boolean {
  if (filter.memberId !== undefined && l.memberId !== filter.memberId) return false;
  if (filter.loanId !== undefined && l.loanId !== filter.loanId) return false;
  if (filter.account !== undefined) {
    const accounts = typeof filter.account === 'string' ? [filter.account] : filter.account;
    if (!accounts.some((a) => underAccount(l.accountPath, a))) return false;
  }
  return true;
}

/** Signed sum (debit positive) of the lines that match the filter. */
export function balanceOf(lines: Iterable<JournalLine>, filter: LineFilter = {}): number {
  let total = 0n;
  for (const l of lines) if (lineMatches(l, filter)) total += BigInt(l.amountPaise);
  return toSafe(total);
}

/**
 * The same balance as a positive figure on the account's normal side: liabilities, equity and income are
 * credit accounts, so their signed balance is negated for display ("savings: ₹500", not "-₹500").
 */
export function naturalBalance(path: string, signedPaise: number): number {
  const kind = accountKindOf(path);
  const creditNormal = kind === 'liability' || kind === 'equity' || kind === 'income';
  return creditNormal && signedPaise !== 0 ? -signedPaise : signedPaise;
}
