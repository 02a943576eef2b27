import { createHash } from 'node:crypto';
import { ErrorCode, isIsoDate, KhataError, problem, type Problem } from '@khata/core';
import { INCLUSION_CATEGORIES, SECC_DEPRIVATIONS, type InclusionCategory, type PovertyStatus, type SeccDeprivation } from '@khata/core/inclusion';
import { authorizeNode, type Actor } from '../access.ts';
import { applyCommand, type CommandOutcome } from '../commands/apply-command.ts';
import type { Database } from '../db/pool.ts';
import { readTableFile, TableFileError, type ReadTable } from '../export/table-file.ts';
import { incl } from '../queries/inclusion-db.ts';
import { importHouseholds, PLACE_KINDS, type ImportHouseholdsPayload, type ImportHouseholdsResult } from '../use-cases/import-households.ts';
import { rowProblem } from './cutoff-csv.ts';

/*
 * A household list (docs/household-list.md) as CSV or XLSX, one household per row, imported at a village (or at a
 * place above villages, each row naming its village by code). Every bad cell is reported as "row N, column X: why"
 * (ImportRowInvalid, field `row.N.column`); nothing is written unless every row is right. The import is one
 * `import-households` command whose id the client gives: the same file sent again with the same id is the same
 * command (new households get ids derived from it), answered from the stored result.
 */

export const HOUSEHOLD_COLUMNS = [
  'household_id', 'village_code', 'register_number', 'head_name', 'poverty_status', 'secc_deprivations', 'pip_listed',
  'pip_vetted_on', 'categories',
] as const;
/** Columns an exported list carries for reading; an import skips them. */
export const READ_ONLY_COLUMNS = ['village', 'mobilisation', 'active_members'] as const;
const KNOWN = new Set<string>([...HOUSEHOLD_COLUMNS, ...READ_ONLY_COLUMNS]);

/** Where each payload field of a household comes from. */
const FIELD_COLUMN: Record<string, string> = {
  id: 'household_id',
  villageId: 'village_code',
  registerNumber: 'register_number',
  headName: 'head_name',
  povertyStatus: 'poverty_status',
  seccDeprivations: 'secc_deprivations',
  pipListed: 'pip_listed',
  pipVettedOn: 'pip_vetted_on',
  categories: 'categories',
};

const POVERTY_WORDS: Record<string, PovertyStatus> = {
  poorest: 'poorest',
  pop: 'poorest',
  'poorest of the poor': 'poorest',
  'poorest-of-poor': 'poorest',
  poor: 'poor',
  'non-poor': 'non-poor',
  'non poor': 'non-poor',
  nonpoor: 'non-poor',
};
const YES = new Set(['yes', 'y', 'true', '1']);
const NO = new Set(['no', 'n', 'false', '0', '']);

/** A stable id for a new household of the import `commandId`: the same file under the same id names the same households. */
export function householdIdFor(commandId: string, row: number): string {
  const h = createHash('sha256').update(`khata-household-import\u0000${commandId}\u0000${row}`).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function readDate(text: string): string | null {
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const iso = m ? text : (m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(text)) ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : null;
  return iso && isIsoDate(iso) ? iso : null;
}

const words = (text: string) => text.toLowerCase().split(/[\s,;|]+/).filter(Boolean);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ParsedHouseholdList {
  payload: ImportHouseholdsPayload;
  /** The file row each household of the payload came from. */
  rows: number[];
}

/**
 * Reads the table into an `import-households` payload for the place `node`. `villages` maps the village codes at or
 * under it to their ids (a village itself: just its own). Checks what the file can tell; the command checks the rest.
 */
export function parseHouseholdList(table: ReadTable, node: { id: string; kind: string }, villages: ReadonlyMap<string, string>, commandId: string): { problems: Problem[]; value: ParsedHouseholdList | null } {
  const problems: Problem[] = [];
  const headerRow = table.rows.length ? Math.max(1, table.rows[0]!.row - 1) : 1;
  table.headers.forEach((c, i) => {
    if (c === '') problems.push(rowProblem(headerRow, `#${i + 1}`, 'a column has no name'));
    else if (!KNOWN.has(c)) problems.push(rowProblem(headerRow, c, 'is not a column of the household list'));
    else if (table.headers.indexOf(c) !== i) problems.push(rowProblem(headerRow, c, 'appears twice in the header'));
  });
  for (const required of ['head_name', 'poverty_status']) {
    if (!table.headers.includes(required)) problems.push(rowProblem(headerRow, required, 'the header needs this column'));
  }
  const atVillage = node.kind === 'village';
  if (!atVillage && !table.headers.includes('village_code')) problems.push(rowProblem(headerRow, 'village_code', 'the header needs this column: the list is for more than one village'));
  if (problems.length) return { problems, value: null };
  if (table.rows.length === 0) return { problems: [rowProblem(headerRow + 1, 'head_name', 'the list has no households')], value: null };

  const households: ImportHouseholdsPayload['households'] = [];
  const rows: number[] = [];
  for (const { row, cells } of table.rows) {
    const bad = (column: string, why: string) => problems.push(rowProblem(row, column, why));
    const cell = (c: string) => (cells[c] ?? '').trim();

    let villageId = atVillage ? node.id : '';
    const code = cell('village_code');
    if (code) {
      const id = villages.get(code) ?? villages.get(code.toUpperCase());
      if (!id) bad('village_code', `"${code}" is not the code of a village ${atVillage ? 'of this list (it is for one village)' : 'under this place'}`);
      else villageId = id;
    } else if (!atVillage) bad('village_code', 'is required: the list is for more than one village');

    const idText = cell('household_id');
    if (idText && !UUID.test(idText)) bad('household_id', `"${idText}" is not a household id from an exported list (leave it empty for a new household)`);

    const headName = cell('head_name');
    if (!headName) bad('head_name', 'is required');
    else if (headName.length > 200) bad('head_name', 'must be at most 200 characters');

    const povertyText = cell('poverty_status');
    const povertyStatus = POVERTY_WORDS[povertyText.toLowerCase()];
    if (!povertyText) bad('poverty_status', 'is required: poorest, poor or non-poor');
    else if (!povertyStatus) bad('poverty_status', `"${povertyText}" is not one of poorest, poor, non-poor`);

    const secc: SeccDeprivation[] = [];
    for (const w of words(cell('secc_deprivations'))) {
      if ((SECC_DEPRIVATIONS as readonly string[]).includes(w)) secc.push(w as SeccDeprivation);
      else bad('secc_deprivations', `"${w}" is not one of ${SECC_DEPRIVATIONS.join(', ')}`);
    }
    const categories: InclusionCategory[] = [];
    for (const w of words(cell('categories'))) {
      if ((INCLUSION_CATEGORIES as readonly string[]).includes(w)) categories.push(w as InclusionCategory);
      else bad('categories', `"${w}" is not one of ${INCLUSION_CATEGORIES.join(', ')}`);
    }

    const pipText = cell('pip_listed').toLowerCase();
    const pipListed = YES.has(pipText);
    if (!YES.has(pipText) && !NO.has(pipText)) bad('pip_listed', `"${cell('pip_listed')}" is not yes or no`);
    const vetted = cell('pip_vetted_on');
    const pipVettedOn = vetted ? readDate(vetted) : null;
    if (vetted && !pipVettedOn) bad('pip_vetted_on', `"${vetted}" is not a date (write 2025-12-01 or 01-12-2025)`);

    const registerNumber = cell('register_number');
    if (registerNumber && !/^[A-Za-z0-9][A-Za-z0-9/.\-]{0,39}$/.test(registerNumber)) bad('register_number', `"${registerNumber}" may hold letters, digits and - / . only (at most 40)`);

    households.push({
      id: idText && UUID.test(idText) ? idText.toLowerCase() : householdIdFor(commandId, row),
      villageId: villageId || node.id,
      headName: headName || '-',
      povertyStatus: povertyStatus ?? 'poor',
      seccDeprivations: [...new Set(secc)],
      pipListed,
      pipVettedOn,
      categories: [...new Set(categories)],
      ...(registerNumber ? { registerNumber } : {}),
    });
    rows.push(row);
  }
  return { problems, value: { payload: { nodeId: node.id, households }, rows } };
}

/** The command's problems (`households.3.registerNumber`) as row problems (`row 5, column register_number`). */
export function toRowProblems(problems: readonly Problem[], rows: readonly number[]): Problem[] {
  return problems.map((p) => {
    const m = /^households\.(\d+)(?:\.(\w+))?/.exec(p.field ?? '');
    const row = m ? rows[Number(m[1])] : undefined;
    if (!m || row === undefined) return p;
    return rowProblem(row, FIELD_COLUMN[m[2] ?? ''] ?? 'head_name', p.message, p.code);
  });
}

export interface ImportHouseholdListInput {
  nodeId: string;
  /** The client's id for this import: sending the same file again with it is safe. */
  commandId: string;
  data: Buffer;
}

/** Reads, checks and imports a household list; throws the row problems (nothing written) when any row is wrong. */
export async function importHouseholdList(db: Database, actor: Actor, input: ImportHouseholdListInput): Promise<CommandOutcome<ImportHouseholdsResult>> {
  const node = await authorizeNode(db, actor, input.nodeId, importHouseholds.permission);
  if (!(PLACE_KINDS as readonly string[]).includes(node.kind)) {
    throw new KhataError(problem(ErrorCode.ValidationFailed, 'nodeId', 'a household list is imported at a village or a place above villages'));
  }
  let table: ReadTable;
  try {
    table = await readTableFile(input.data);
  } catch (error) {
    if (error instanceof TableFileError) throw new KhataError(rowProblem(error.row, 'file', error.message));
    throw error;
  }
  const villages = new Map(
    (
      await incl(db)
        .selectFrom('node')
        .select(['id', 'code'])
        .where('organisation_id', '=', actor.organisationId)
        .where('kind', '=', 'village')
        .where('path', 'like', `${node.path}%`)
        .execute()
    ).map((v) => [v.code, v.id]),
  );
  const { problems, value } = parseHouseholdList(table, node, villages, input.commandId);
  if (problems.length || !value) throw new KhataError(...problems);
  try {
    return await applyCommand<ImportHouseholdsResult>(db, actor, { id: input.commandId, type: importHouseholds.type, payload: value.payload });
  } catch (error) {
    if (error instanceof KhataError) throw new KhataError(...toRowProblems(error.problems, value.rows));
    throw error;
  }
}
