import { describe, expect, it } from 'vitest';
import { formatReportText, formatTable, humanize } from './report-text.ts';

describe('reports as text', () => {
  it('aligns columns, money in ₹ with lakh grouping, numbers to the right, a totals row', () => {
    const text = formatTable({
      columns: [{ key: 'account', kind: 'text' }, { key: 'debit', kind: 'money' }, { key: 'credit', kind: 'money' }],
      rows: [
        { account: 'assets:cash', debit: 12345678, credit: null },
        { account: 'liabilities:savings:compulsory', debit: null, credit: 12345678 },
      ],
      totals: { account: null, debit: 12345678, credit: 12345678 },
    });
    expect(text).toBe(
      [
        'Account                                Debit        Credit',
        '------------------------------  ------------  ------------',
        'assets:cash                     ₹1,23,456.78',
        'liabilities:savings:compulsory                ₹1,23,456.78',
        '------------------------------  ------------  ------------',
        'Total                           ₹1,23,456.78  ₹1,23,456.78',
        '',
      ].join('\n'),
    );
  });

  it('titles the report with its entity and period, and prints each section', () => {
    const text = formatReportText({
      name: 'income-expenditure',
      entityCode: 'KAMALA',
      params: { from: '2025-01-01', to: '2025-03-31' },
      columns: [{ key: 'account', kind: 'text' }, { key: 'amount', kind: 'money' }],
      rows: [{ account: 'equity:surplus', amount: -6550 }],
      sections: [{ titleKey: 'income', columns: [{ key: 'account', kind: 'text' }, { key: 'amount', kind: 'money' }], rows: [{ account: 'income:fines', amount: 500 }] }],
    });
    expect(text).toContain('Income expenditure — KAMALA — 2025-01-01 to 2025-03-31\n');
    expect(text).toContain('Income\nAccount       Amount\n');
    expect(text).toContain('equity:surplus  -₹65.50');
    expect(humanize('collectionAgainstDue')).toBe('Collection against due');
  });
});
