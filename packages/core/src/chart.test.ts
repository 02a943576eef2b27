import { describe, expect, it } from 'vitest';
import {
  ENTITY_KINDS,
  EXPENSE_KINDS,
  EXTERNAL_LOAN_ACCOUNTS,
  RECEIPT_KINDS,
  SHG_ACCOUNTS,
  SHG_CHART,
  accountKindOf,
  chartTemplate,
  isAccountPath,
} from './chart.ts';

describe('chart of accounts', () => {
  it('the SHG template holds every account the brief lists, with the right kind', () => {
    const chart = chartTemplate('shg');
    const byPath = new Map(chart.map((a) => [a.path, a.kind]));
    const expected: Record<string, string> = {
      'assets:cash': 'asset',
      'assets:bank': 'asset',
      'assets:loans-to-members': 'asset',
      'assets:fixed-deposits': 'asset',
      'assets:share-capital-with-vo': 'asset',
      'liabilities:savings:compulsory': 'liability',
      'liabilities:savings:voluntary': 'liability',
      'liabilities:loans:bank': 'liability',
      'liabilities:loans:vo-cif': 'liability',
      'liabilities:loans:other': 'liability',
      'equity:revolving-fund': 'equity',
      'equity:grants': 'equity',
      'equity:opening-balance': 'equity',
      'equity:surplus': 'equity',
      'income:interest:member-loans': 'income',
      'income:interest:bank': 'income',
      'income:fines': 'income',
      'income:membership-fees': 'income',
      'income:other': 'income',
      'expenses:interest:bank-loans': 'expense',
      'expenses:interest:vo-loans': 'expense',
      'expenses:meeting': 'expense',
      'expenses:stationery': 'expense',
      'expenses:bank-charges': 'expense',
      'expenses:honorarium': 'expense',
      'expenses:travel': 'expense',
      'expenses:loan-write-off': 'expense',
      'expenses:other': 'expense',
    };
    for (const [path, kind] of Object.entries(expected)) expect(byPath.get(path), path).toBe(kind);
    expect(chart.find((a) => a.path === 'assets:cash')?.nameKey).toBe('account.assets.cash');
    expect(chart.find((a) => a.path === 'liabilities:savings:compulsory')?.nameKey).toBe(
      'account.liabilities.savings.compulsory',
    );
  });

  it('every template is well formed: valid unique paths, kind from the top segment', () => {
    for (const kind of ENTITY_KINDS) {
      const chart = chartTemplate(kind);
      expect(chart.length, kind).toBeGreaterThan(10);
      expect(new Set(chart.map((a) => a.path)).size, kind).toBe(chart.length);
      for (const a of chart) {
        expect(isAccountPath(a.path), a.path).toBe(true);
        expect(accountKindOf(a.path)).toBe(a.kind);
        // hledger-compatible: no spaces, lowercase, and no account is also a parent of another (leaves only)
        expect(chart.some((b) => b.path.startsWith(`${a.path}:`)), a.path).toBe(false);
      }
      expect(chart.some((a) => a.path === 'equity:opening-balance'), kind).toBe(true);
    }
  });

  it('rejects malformed paths', () => {
    expect(isAccountPath('assets')).toBe(false);
    expect(isAccountPath('Assets:Cash')).toBe(false);
    expect(isAccountPath('assets:petty cash')).toBe(false);
    expect(isAccountPath('assets::cash')).toBe(false);
    expect(isAccountPath('revenue:sales')).toBe(false);
    expect(accountKindOf('nope:x')).toBeUndefined();
  });

  it('every mapped account exists in the SHG chart', () => {
    const mapped = [
      ...Object.values(EXPENSE_KINDS),
      ...Object.values(RECEIPT_KINDS),
      ...Object.values(SHG_ACCOUNTS),
      ...Object.values(EXTERNAL_LOAN_ACCOUNTS).flatMap((a) => [a.principal, a.interest]),
    ];
    for (const path of mapped) expect(SHG_CHART.has(path), path).toBe(true);
    expect(EXPENSE_KINDS.stationery).toBe('expenses:stationery');
    expect(RECEIPT_KINDS['revolving-fund']).toBe('equity:revolving-fund');
  });

  it('returns a fresh array each time', () => {
    const a = chartTemplate('shg');
    a.pop();
    expect(chartTemplate('shg').length).toBe(a.length + 1);
  });
});
