import { createHash, randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import {
  cmp,
  ErrorCode,
  EXTERNAL_LENDERS,
  FLEXIBLE_PERIODS,
  isIsoDate,
  KhataError,
  parseDecimal,
  parseRupees,
  problem,
  rational,
  RATIONAL_ZERO,
  type Problem,
} from '@khata/core';
import { authorizeNode, type Actor } from '../access.ts';
import { applyCommand, zodProblems, type CommandOutcome } from '../commands/apply-command.ts';
import { translateDatabaseError } from '../db/errors.ts';
import type { Database } from '../db/pool.ts';
import { importCutoff, importCutoffSchema, type ImportCutoffPayload, type ImportCutoffResult } from '../use-cases/import-cutoff.ts';

/*
 * The cut-off sheet as ONE CSV file (docs/cutoff-csv.md): a `record` column says what each row is —
 * `group` (the date and the group's balances), `member` (savings), `member_loan` (a running loan of a member),
 * `external_loan` (the group's own running borrowing). Amounts are rupees with up to two decimals, read exactly.
 * Every bad row is reported as "row N, column X: why" (ImportRowInvalid, field `row.N.column`); nothing is written
 * unless every row is right.
 */

export const RECORD_TYPES = ['group', 'member', 'member_loan', 'external_loan'] as const;
type RecordType = (typeof RECORD_TYPES)[number];

/** The columns each kind of row may fill (besides `record`). */
export const CUTOFF_COLUMNS: Record<RecordType, readonly string[]> = {
  group: ['date', 'cash', 'bank', 'revolving_fund', 'grants', 'fixed_deposits', 'share_capital_with_vo'],
  member: ['membership_number', 'name', 'compulsory_savings', 'voluntary_savings'],
  member_loan: [
    'membership_number', 'loan_ref', 'disbursed_on', 'original_amount', 'outstanding_principal', 'interest_overdue',
    'interest_overdue_since', 'rate_percent_per_month', 'period', 'purpose',
  ],
  external_loan: [
    'loan_ref', 'lender', 'lender_name', 'kind', 'sanctioned_on', 'sanctioned_amount', 'outstanding_principal',
    'interest_overdue', 'annual_rate_percent', 'limit',
  ],
};
const ALL_COLUMNS = new Set(['record', ...Object.values(CUTOFF_COLUMNS).flat()]);

/** Where a payload field came from: its row (the file's line number) and column. */
export interface Origin {
  row: number;
  column: string;
}

export interface ParsedCutoffCsv {
  /** Bad cells hold stand-ins (zero, the first allowed word) so that the rest can still be checked. */
  payload: ImportCutoffPayload;
  /** Rows with a bad cell: the command's problems about them are left out (they would only echo the stand-ins). */
  badRows: ReadonlySet<number>;
  /** The row and column a payload field (`memberLoans.2.principalOutstandingPaise`) was read from. */
  originOf(field: string | undefined): Origin | null;
}

export function rowProblem(row: number, column: string, why: string, code: ErrorCode = ErrorCode.ImportRowInvalid): Problem {
  return problem(ErrorCode.ImportRowInvalid, `row.${row}.${column}`, `row ${row}, column ${column}: ${why}`, {
    row,
    column,
    ...(code !== ErrorCode.ImportRowInvalid ? { cause: code } : {}),
  });
}

/** A stable id for a row's loan: the same file imported again names the same loans (and so the same command). */
function stableId(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The id `import-cutoff` gets when a file is imported: the same file for the same group is the same command. */
export function cutoffCommandId(shgId: string, text: string): string {
  return stableId('khata-cutoff-command', shgId, text);
}

/** Field names of the payload, per kind of row, and the column each is read from. */
const GROUP_FIELDS: Record<string, string> = {
  date: 'date',
  cashPaise: 'cash',
  bankPaise: 'bank',
  revolvingFundPaise: 'revolving_fund',
  grantsPaise: 'grants',
  fixedDepositsPaise: 'fixed_deposits',
  shareCapitalWithVoPaise: 'share_capital_with_vo',
};
const MEMBER_FIELDS: Record<string, string> = {
  membershipNumber: 'membership_number',
  name: 'name',
  compulsorySavingsPaise: 'compulsory_savings',
  voluntarySavingsPaise: 'voluntary_savings',
};
const MEMBER_LOAN_FIELDS: Record<string, string> = {
  loanId: 'loan_ref',
  reference: 'loan_ref',
  membershipNumber: 'membership_number',
  disbursedOn: 'disbursed_on',
  originalPrincipalPaise: 'original_amount',
  principalOutstandingPaise: 'outstanding_principal',
  interestOverduePaise: 'interest_overdue',
  overdueSince: 'interest_overdue_since',
  purpose: 'purpose',
  'terms.ratePercentPerMonth': 'rate_percent_per_month',
  'terms.period': 'period',
  terms: 'rate_percent_per_month',
};
const EXTERNAL_LOAN_FIELDS: Record<string, string> = {
  loanId: 'loan_ref',
  reference: 'loan_ref',
  lender: 'lender',
  lenderName: 'lender_name',
  kind: 'kind',
  sanctionedOn: 'sanctioned_on',
  sanctionedPaise: 'sanctioned_amount',
  principalOutstandingPaise: 'outstanding_principal',
  interestOverduePaise: 'interest_overdue',
  annualRatePercent: 'annual_rate_percent',
  limitPaise: 'limit',
};

const STAND_IN_DATE = '1900-01-01';

/** Dates as YYYY-MM-DD, or DD-MM-YYYY / DD/MM/YYYY as Indian registers write them (never month first). */
function readDate(text: string): string | null {
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const iso = m ? text : (m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(text)) ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : null;
  return iso && isIsoDate(iso) ? iso : null;
}

function decimalInRange(text: string, max: number): boolean {
  const r = parseDecimal(text);
  return r !== undefined && cmp(r, RATIONAL_ZERO) >= 0 && cmp(r, rational(max)) <= 0;
}

/**
 * Reads the CSV into an `import-cutoff` payload for the group `shgId`. Checks what the file alone can tell:
 * known columns and record types, numbers, amounts, dates, required cells, duplicates. What needs the group
 * (membership numbers, dates against formation, figures against each other) is checked by the command, and
 * `originOf` turns its field names back into rows and columns.
 */
export function parseCutoffCsv(text: string, shgId: string): { problems: Problem[]; value: ParsedCutoffCsv | null } {
  const problems: Problem[] = [];
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { info: true, bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, comment: '#', comment_no_infix: true }) as unknown as typeof records;
  } catch (error) {
    const e = error as { lines?: number; message: string };
    return { problems: [rowProblem(e.lines ?? 1, 'record', `the file is not valid CSV (${e.message})`)], value: null };
  }
  if (records.length === 0) return { problems: [rowProblem(1, 'record', 'the file is empty: it needs a header row and a group row')], value: null };

  const [header, ...body] = records;
  const headerRow = header!.info.lines;
  const columns = header!.record.map((c) => c.trim().toLowerCase());
  columns.forEach((c, i) => {
    if (c === '') problems.push(rowProblem(headerRow, `#${i + 1}`, 'a column has no name'));
    else if (!ALL_COLUMNS.has(c)) problems.push(rowProblem(headerRow, c, 'is not a column of the cut-off sheet'));
    else if (columns.indexOf(c) !== i) problems.push(rowProblem(headerRow, c, 'appears twice in the header'));
  });
  if (!columns.includes('record')) problems.push(rowProblem(headerRow, 'record', 'the header needs a `record` column (group, member, member_loan, external_loan)'));
  if (problems.length) return { problems, value: null };

  const origins = new Map<string, Origin>();
  const payload: ImportCutoffPayload = { shgId, date: '', members: [], memberLoans: [], externalLoans: [] };
  let groupRow: number | null = null;
  let groupDateBad = false;
  const badRows = new Set<number>();
  const memberNumbers = new Map<number, number>();
  const refs = { member_loan: new Map<string, number>(), external_loan: new Map<string, number>() };

  for (const { record, info } of body) {
    const row = info.lines;
    const cells = new Map<string, string>();
    columns.forEach((c, i) => cells.set(c, (record[i] ?? '').trim()));
    if (record.length > columns.length && record.slice(columns.length).some((v) => v.trim() !== '')) {
      problems.push(rowProblem(row, `#${columns.length + 1}`, 'has more cells than the header has columns'));
      badRows.add(row);
    }
    const bad = (column: string, why: string): undefined => {
      problems.push(rowProblem(row, column, why));
      badRows.add(row);
      return undefined;
    };
    const type = (cells.get('record') ?? '').toLowerCase().replace(/-/g, '_') as RecordType;
    if (!RECORD_TYPES.includes(type)) {
      problems.push(rowProblem(row, 'record', cells.get('record') ? `"${cells.get('record')}" is not one of ${RECORD_TYPES.join(', ')}` : `is empty: write one of ${RECORD_TYPES.join(', ')}`));
      continue;
    }
    for (const [c, v] of cells) {
      if (c !== 'record' && v !== '' && !CUTOFF_COLUMNS[type].includes(c)) bad(c, `is not used on a ${type} row: leave it empty`);
    }
    const required = (column: string): string | undefined => {
      const v = cells.get(column) ?? '';
      return v === '' ? bad(column, 'is required') : v;
    };
    /** An amount in paise; a bad one is reported and stands in as 0 (1 where it must be positive). */
    const amount = (column: string, options: { required?: boolean; positive?: boolean } = {}): number | undefined => {
      const v = cells.get(column) ?? '';
      const standIn = options.positive ? 1 : 0;
      if (v === '') return options.required ? (bad(column, 'is required'), standIn) : options.positive ? undefined : 0;
      const parsed = parseRupees(v, column);
      if (!parsed.ok) return bad(column, `"${v}" is not an amount in rupees (up to two decimals, such as 1250.50)`) ?? standIn;
      if (parsed.value < 0) return bad(column, 'cannot be negative') ?? standIn;
      if (options.positive && parsed.value === 0) return bad(column, 'must be more than zero') ?? standIn;
      return parsed.value;
    };
    const date = (column: string, isRequired = true): string | null => {
      const v = cells.get(column) ?? '';
      if (v === '') return isRequired ? (bad(column, 'is required') ?? STAND_IN_DATE) : null;
      return readDate(v) ?? bad(column, `"${v}" is not a date (write 2024-03-31 or 31-03-2024)`) ?? STAND_IN_DATE;
    };
    const oneOf = <T extends string>(column: string, values: readonly T[], fallback?: T): T => {
      const v = (cells.get(column) ?? '').toLowerCase();
      if (v === '') return fallback ?? bad(column, `is required: ${values.join(' or ')}`) ?? values[0]!;
      return (values as readonly string[]).includes(v) ? (v as T) : (bad(column, `"${cells.get(column)}" is not one of ${values.join(', ')}`) ?? values[0]!);
    };
    const memberNumber = (): number | undefined => {
      const v = required('membership_number');
      if (v === undefined) return undefined;
      return /^\d{1,9}$/.test(v) && Number(v) > 0 ? Number(v) : bad('membership_number', `"${v}" is not a membership number (a whole number from 1)`);
    };
    const rate = (column: string, max: number, what: string): string => {
      const v = required(column);
      if (v === undefined) return '0';
      const t = v.replace(/%$/, '').trim();
      return decimalInRange(t, max) ? t : (bad(column, `"${v}" is not ${what}`) ?? '0');
    };
    const remember = (prefix: string, fields: Record<string, string>) => {
      for (const [field, column] of Object.entries(fields)) origins.set(prefix ? `${prefix}.${field}` : field, { row, column });
      origins.set(prefix || 'group', { row, column: 'record' });
    };

    switch (type) {
      case 'group': {
        if (groupRow !== null) {
          bad('record', `a second group row (the first is row ${groupRow})`);
          continue;
        }
        groupRow = row;
        const d = date('date')!;
        const values = {
          cashPaise: amount('cash'),
          bankPaise: amount('bank'),
          revolvingFundPaise: amount('revolving_fund'),
          grantsPaise: amount('grants'),
          fixedDepositsPaise: amount('fixed_deposits'),
          shareCapitalWithVoPaise: amount('share_capital_with_vo'),
        };
        groupDateBad = groupDateBad || d === STAND_IN_DATE;
        Object.assign(payload, { date: d, ...values });
        remember('', GROUP_FIELDS);
        break;
      }
      case 'member': {
        const n = memberNumber();
        if (n !== undefined) {
          const first = memberNumbers.get(n);
          if (first !== undefined) bad('membership_number', `member ${n} already has a row (row ${first})`);
          else memberNumbers.set(n, row);
        }
        const name = cells.get('name') || undefined;
        const c = amount('compulsory_savings');
        const v = amount('voluntary_savings');
        if (n !== undefined && memberNumbers.get(n) === row) {
          remember(`members.${payload.members!.length}`, MEMBER_FIELDS);
          payload.members!.push({ membershipNumber: n!, ...(name ? { name } : {}), compulsorySavingsPaise: c!, voluntarySavingsPaise: v! });
        }
        break;
      }
      case 'member_loan': {
        const n = memberNumber();
        const ref = required('loan_ref');
        if (ref !== undefined) {
          const first = refs.member_loan.get(ref);
          if (first !== undefined) bad('loan_ref', `loan "${ref}" already has a row (row ${first})`);
          else refs.member_loan.set(ref, row);
        }
        const disbursedOn = date('disbursed_on')!;
        const original = amount('original_amount', { required: true, positive: true });
        const outstanding = amount('outstanding_principal', { required: true });
        const interest = amount('interest_overdue');
        const since = date('interest_overdue_since', false);
        const monthly = rate('rate_percent_per_month', 100, 'a monthly percentage from 0 to 100 (such as 2 or 1.5)');
        const period = oneOf('period', FLEXIBLE_PERIODS, 'monthly');
        const purpose = cells.get('purpose') || undefined;
        if (n !== undefined && ref !== undefined && refs.member_loan.get(ref) === row) {
          remember(`memberLoans.${payload.memberLoans!.length}`, MEMBER_LOAN_FIELDS);
          payload.memberLoans!.push({
            loanId: stableId('khata-cutoff-member-loan', shgId, ref!),
            membershipNumber: n!,
            reference: ref!,
            disbursedOn,
            originalPrincipalPaise: original!,
            principalOutstandingPaise: outstanding!,
            interestOverduePaise: interest!,
            overdueSince: since,
            ...(purpose ? { purpose } : {}),
            terms: { kind: 'flexible', ratePercentPerMonth: monthly, period },
          });
        }
        break;
      }
      case 'external_loan': {
        const ref = required('loan_ref');
        if (ref !== undefined) {
          const first = refs.external_loan.get(ref);
          if (first !== undefined) bad('loan_ref', `loan "${ref}" already has a row (row ${first})`);
          else refs.external_loan.set(ref, row);
        }
        const lender = oneOf('lender', EXTERNAL_LENDERS);
        const kind = oneOf('kind', ['term-loan', 'cash-credit'] as const, 'term-loan');
        const sanctionedOn = date('sanctioned_on')!;
        const sanctioned = amount('sanctioned_amount', { positive: true });
        const outstanding = amount('outstanding_principal', { required: true });
        const interest = amount('interest_overdue');
        const annual = rate('annual_rate_percent', 100, 'a yearly percentage from 0 to 100 (such as 7 or 11.5)');
        const limit = amount('limit', { positive: true });
        if (kind === 'cash-credit' && limit === undefined && !cells.get('limit')) bad('limit', 'is required for a cash credit');
        const lenderName = cells.get('lender_name') || undefined;
        if (ref !== undefined && refs.external_loan.get(ref) === row) {
          remember(`externalLoans.${payload.externalLoans!.length}`, EXTERNAL_LOAN_FIELDS);
          payload.externalLoans!.push({
            loanId: stableId('khata-cutoff-external-loan', shgId, ref!),
            reference: ref!,
            lender,
            ...(lenderName ? { lenderName } : {}),
            kind,
            sanctionedOn,
            ...(sanctioned !== undefined ? { sanctionedPaise: sanctioned } : {}),
            principalOutstandingPaise: outstanding!,
            interestOverduePaise: interest!,
            annualRatePercent: annual,
            ...(limit !== undefined ? { limitPaise: limit } : {}),
          });
        }
        break;
      }
    }
  }
  if (groupRow === null) {
    problems.push(rowProblem(headerRow, 'record', 'the file needs one group row (record = group) with the cut-off date and the group’s balances'));
  }
  // Without a cut-off date nothing else can be checked against the group.
  if (groupRow === null || groupDateBad) return { problems, value: null };

  return {
    problems,
    value: {
      payload,
      badRows,
      originOf(field) {
        if (!field) return null;
        const parts = field.split('.');
        // The longest known prefix: `memberLoans.0.terms.period`, then `memberLoans.0.terms`, … then the row itself.
        for (let n = parts.length; n > 0; n--) {
          const origin = origins.get(parts.slice(0, n).join('.'));
          if (origin) return origin;
        }
        return null;
      },
    },
  };
}

/** The command's problems as row problems wherever a field came from a row; others (the group itself) as they are. */
export function toRowProblems(problems: readonly Problem[], originOf: ParsedCutoffCsv['originOf']): Problem[] {
  return problems.map((p) => {
    const origin = originOf(p.field);
    return origin ? rowProblem(origin.row, origin.column, p.message, p.code) : p;
  });
}

class DryRun extends Error {}

/** The command's own checks on a payload, in a transaction that is always rolled back: nothing is written. */
async function commandProblems(db: Database, actor: Actor, payload: ImportCutoffPayload): Promise<Problem[]> {
  const parsed = importCutoffSchema.safeParse(payload);
  if (!parsed.success) return zodProblems(parsed.error.issues);
  try {
    await db.transaction().execute(async (tx) => {
      await authorizeNode(tx as unknown as Database, actor, payload.shgId, importCutoff.permission);
      await importCutoff.apply(tx, { actor, commandId: randomUUID(), deviceId: null }, parsed.data);
      throw new DryRun();
    });
  } catch (error) {
    if (error instanceof DryRun) return [];
    const translated = translateDatabaseError(error);
    if (translated instanceof KhataError) return translated.problems;
    throw translated;
  }
  return [];
}

const rowOf = (p: Problem) => (typeof p.params?.row === 'number' ? p.params.row : 0);

/**
 * Imports a cut-off CSV into the group: parse, then the `import-cutoff` command (one transaction, idempotent: the
 * same file for the same group is the same command). Throws a KhataError whose problems name rows and columns:
 * when some rows are bad, the others are still checked against the group (without writing), so that one round
 * of corrections fixes the file.
 */
export async function importCutoffCsv(db: Database, actor: Actor, options: { shgId: string; text: string; commandId?: string }): Promise<CommandOutcome<ImportCutoffResult>> {
  const { problems, value } = parseCutoffCsv(options.text, options.shgId);
  if (problems.length) {
    const more = value ? toRowProblems(await commandProblems(db, actor, value.payload), value.originOf).filter((p) => !value.badRows.has(rowOf(p))) : [];
    throw new KhataError(...[...problems, ...more].sort((a, b) => rowOf(a) - rowOf(b)));
  }
  try {
    return await applyCommand<ImportCutoffResult>(db, actor, {
      id: options.commandId ?? cutoffCommandId(options.shgId, options.text),
      type: 'import-cutoff',
      payload: value!.payload,
    });
  } catch (error) {
    if (error instanceof KhataError) throw new KhataError(...toRowProblems(error.problems, value!.originOf));
    throw error;
  }
}
