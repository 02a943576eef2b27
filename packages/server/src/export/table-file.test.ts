import { describe, expect, it } from 'vitest';
import { downloadName, readCsvTable, readTableFile, tableToCsv, tablesToXlsx, type Table } from './table-file.ts';

const table: Table = {
  title: 'Households: Ramnagar',
  columns: [
    { key: 'name', header: 'Name' },
    { key: 'members', header: 'Members', kind: 'number' },
    { key: 'savings', header: 'Savings (₹)', kind: 'money' },
  ],
  rows: [
    { name: 'সুমিতা, দাস', members: 4, savings: 123450 },
    { name: '=HYPERLINK("x")', members: 0, savings: -5 },
    { name: 'Quote "here"', members: null, savings: undefined },
  ],
};

describe('table files', () => {
  it('writes CSV with a BOM, quoting, rupees and no formula injection, and reads it back', () => {
    const csv = tableToCsv(table);
    expect(csv.startsWith('\uFEFFName,Members,Savings (₹)\r\n')).toBe(true);
    expect(csv).toContain('"সুমিতা, দাস",4,1234.50');
    expect(csv).toContain(`"'=HYPERLINK(""x"")",0,-0.05`);
    const back = readCsvTable(csv);
    expect(back.headers).toEqual(['name', 'members', 'savings (₹)']);
    expect(back.rows.map((r) => r.row)).toEqual([2, 3, 4]);
    expect(back.rows[0]!.cells).toEqual({ name: 'সুমিতা, দাস', members: '4', 'savings (₹)': '1234.50' });
    expect(back.rows[2]!.cells.name).toBe('Quote "here"');
  });

  it('writes XLSX with money as numbers and reads the first sheet back by signature', async () => {
    const xlsx = await tablesToXlsx([table, { ...table, title: table.title }]);
    expect(xlsx.subarray(0, 2).toString()).toBe('PK');
    const back = await readTableFile(xlsx);
    expect(back.headers).toEqual(['name', 'members', 'savings (₹)']);
    expect(back.rows[0]!.cells).toEqual({ name: 'সুমিতা, দাস', members: '4', 'savings (₹)': '1234.5' });
    expect(back.rows[0]!.row).toBe(2);
  });

  it('reports a broken CSV with its row', () => {
    expect(() => readCsvTable('a,b\n"1,2\n')).toThrow(/not valid CSV/);
  });

  it('names downloads with safe ASCII only', () => {
    expect(downloadName('Coverage / Ramnagar 2026', 'xlsx')).toBe('coverage-ramnagar-2026.xlsx');
    expect(downloadName('সুমিতা', 'csv')).toBe('export.csv');
  });
});
