/**
 * Lists as files: every list Khata shows can be downloaded as CSV or XLSX, and household and cadre lists can be
 * read back from either. One place for both directions so every export and import behaves the same way.
 *
 * A table is plain values: column headers (already translated by the caller if it wants) and rows of cells.
 * Money travels as paise in the data and is written here as rupees with two decimals (a number cell in XLSX,
 * `1234.50` in CSV), so a spreadsheet can add it up; a paise column is marked `kind: 'money'`.
 */
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { toDecimalString } from '@khata/core/money';

export type TableFormat = 'csv' | 'xlsx';
export const TABLE_FORMATS = ['csv', 'xlsx'] as const;

export type CellKind = 'text' | 'number' | 'money' | 'date';
export interface TableColumn {
  key: string;
  header: string;
  kind?: CellKind;
}
export type Cell = string | number | bigint | boolean | null | undefined;
export interface Table {
  /** Sheet name in XLSX (Excel allows 31 characters, no []:*?/\). */
  title: string;
  columns: readonly TableColumn[];
  rows: ReadonlyArray<Readonly<Record<string, Cell>>>;
}

export const CONTENT_TYPE: Record<TableFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

function cellText(value: Cell, kind: CellKind | undefined): string {
  if (value === null || value === undefined) return '';
  if (kind === 'money') return toDecimalString(Number(value));
  return String(value);
}

function csvField(text: string): string {
  // Also quote a leading = + - @ so a spreadsheet does not run it as a formula (CSV injection).
  const guarded = /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(guarded) || guarded !== text ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** RFC 4180 CSV with a UTF-8 byte-order mark, so Excel shows Hindi, Bengali and Odia correctly. */
export function tableToCsv(table: Table): string {
  const lines = [table.columns.map((c) => csvField(c.header)).join(',')];
  for (const row of table.rows) lines.push(table.columns.map((c) => csvField(cellText(row[c.key], c.kind))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

const sheetName = (title: string) => title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Sheet1';

/** One or more tables as one workbook, a sheet each. */
export async function tablesToXlsx(tables: readonly Table[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Khata';
  const used = new Set<string>();
  for (const table of tables) {
    let name = sheetName(table.title);
    for (let n = 2; used.has(name); n++) name = `${sheetName(table.title).slice(0, 28)} ${n}`;
    used.add(name);
    const sheet = workbook.addWorksheet(name);
    sheet.columns = table.columns.map((c) => ({ header: c.header, key: c.key, width: Math.min(40, Math.max(10, c.header.length + 2)) }));
    sheet.getRow(1).font = { bold: true };
    for (const row of table.rows) {
      const values: Record<string, unknown> = {};
      for (const c of table.columns) {
        const v = row[c.key];
        if (v === null || v === undefined) continue;
        if (c.kind === 'money') values[c.key] = Number(toDecimalString(Number(v)));
        else if (c.kind === 'number') values[c.key] = typeof v === 'bigint' ? Number(v) : v;
        else values[c.key] = typeof v === 'bigint' ? v.toString() : v;
      }
      sheet.addRow(values);
    }
    table.columns.forEach((c, i) => {
      if (c.kind === 'money') sheet.getColumn(i + 1).numFmt = '#,##0.00';
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function tableToFile(table: Table, format: TableFormat): Promise<{ body: Buffer | string; contentType: string }> {
  return format === 'csv'
    ? { body: tableToCsv(table), contentType: CONTENT_TYPE.csv }
    : { body: await tablesToXlsx([table]), contentType: CONTENT_TYPE.xlsx };
}

/** A safe download file name: ASCII letters, digits and dashes only (no personal data, no path). */
export function downloadName(stem: string, format: TableFormat): string {
  const safe = stem.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'export';
  return `${safe}.${format}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading a list back (imports)
// ---------------------------------------------------------------------------------------------------------------

/** A row as read from a file: its 1-based row number in the file (for `row N, column X` errors) and its cells by header. */
export interface ReadRow {
  row: number;
  cells: Record<string, string>;
}
export interface ReadTable {
  /** Headers as written, trimmed and lower-cased. */
  headers: string[];
  rows: ReadRow[];
}

export class TableFileError extends Error {
  constructor(
    readonly row: number,
    message: string,
  ) {
    super(message);
    this.name = 'TableFileError';
  }
}

function toReadTable(records: Array<{ row: number; values: string[] }>): ReadTable {
  const nonEmpty = records.filter((r) => r.values.some((v) => v.trim() !== ''));
  const [header, ...body] = nonEmpty;
  if (!header) throw new TableFileError(1, 'the file is empty: it needs a header row');
  const headers = header.values.map((h) => h.trim().toLowerCase());
  return {
    headers,
    rows: body.map(({ row, values }) => ({
      row,
      cells: Object.fromEntries(headers.map((h, i) => [h, (values[i] ?? '').trim()])),
    })),
  };
}

export function readCsvTable(text: string): ReadTable {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { info: true, bom: true, skip_empty_lines: true, relax_column_count: true }) as unknown as typeof records;
  } catch (error) {
    const e = error as { lines?: number; message: string };
    throw new TableFileError(e.lines ?? 1, `the file is not valid CSV (${e.message})`);
  }
  return toReadTable(records.map((r) => ({ row: r.info.lines, values: r.record })));
}

function xlsxCellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return value.result === undefined || value.result === null ? '' : xlsxCellText(value.result as ExcelJS.CellValue);
    if ('error' in value) return '';
  }
  return String(value);
}

/** The first sheet of a workbook. */
export async function readXlsxTable(data: Buffer | Uint8Array): Promise<ReadTable> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw new TableFileError(1, 'the file is not a valid XLSX workbook');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new TableFileError(1, 'the workbook has no sheet');
  const records: Array<{ row: number; values: string[] }> = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) values.push(xlsxCellText(row.getCell(c).value));
    records.push({ row: rowNumber, values });
  });
  return toReadTable(records);
}

/** Reads CSV or XLSX by the file's own signature (an XLSX is a ZIP: it starts with "PK"). */
export async function readTableFile(data: Buffer): Promise<ReadTable> {
  return data.length >= 2 && data[0] === 0x50 && data[1] === 0x4b ? readXlsxTable(data) : readCsvTable(data.toString('utf8'));
}
