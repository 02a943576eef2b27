import { describe, expect, it } from 'vitest';
import { ErrorCode, problem } from '@khata/core';
import { parseArgs } from '../args.ts';
import { importCutoffCommand, problemLine } from './import-cutoff.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) }, out, err };
}

// The database side is tested in packages/server/src/import/cutoff-csv.test.ts; here, what is refused before it.
describe('khata import cutoff', () => {
  it('needs --shg and --file (exit 2, with the usage)', async () => {
    const c = capture();
    expect(await importCutoffCommand(parseArgs(['import', 'cutoff', '--file', 'x.csv']), c.io)).toBe(2);
    expect(c.err.join('')).toContain('--shg is required');
    expect(c.err.join('')).toContain('khata import cutoff --shg');
    const d = capture();
    expect(await importCutoffCommand(parseArgs(['import', 'cutoff', '--shg', 'SHG-1']), d.io)).toBe(2);
    expect(d.err.join('')).toContain('--file is required');
  });

  it('refuses a file it cannot read (exit 2)', async () => {
    const c = capture();
    expect(await importCutoffCommand(parseArgs(['import', 'cutoff', '--shg', 'SHG-1', '--file', '/nonexistent/cutoff.csv']), c.io)).toBe(2);
    expect(c.err.join('')).toContain('cannot read /nonexistent/cutoff.csv: ENOENT');
  });

  it('prints row problems as they are and others with their field', () => {
    expect(problemLine(problem(ErrorCode.ImportRowInvalid, 'row.4.cash', 'row 4, column cash: cannot be negative'))).toBe('row 4, column cash: cannot be negative');
    expect(problemLine(problem(ErrorCode.Conflict, 'shgId', 'opening balances were already imported for this group'))).toBe('shgId: opening balances were already imported for this group');
  });
});
