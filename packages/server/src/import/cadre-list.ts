import { createHash } from 'node:crypto';
import { BUILT_IN_CADRE_TYPES } from '@khata/core/cadres';
import { isIsoDate, KhataError, type Problem } from '@khata/core';
import { readablePaths, type Actor } from '../access.ts';
import { applyCommand, type CommandOutcome } from '../commands/apply-command.ts';
import type { Database } from '../db/pool.ts';
import { readTableFile, TableFileError, type ReadTable } from '../export/table-file.ts';
import type { z } from 'zod';
import { columnOfField, importCadreListSchema, rowProblem } from '../use-cases/import-cadre-list.ts';

/*
 * A cadre list (CSV or XLSX, docs/cadre-list.md): one row per community professional. Codes in the file (SHG code
 * and membership number, codes of the institutions she serves and of the one that pays) are resolved within the
 * caller's reach; every bad cell is reported as "row N, column X: why", and nothing is written unless every row
 * is right (one `import-cadre-list` command, one transaction, idempotent: the same file at the same node is the
 * same command).
 */

export const CADRE_LIST_COLUMNS = ['name', 'cadre_type', 'phone', 'joined_on', 'shg_code', 'membership_number', 'registered_at', 'serves', 'paid_by', 'serving_from'] as const;
const REQUIRED = ['cadre_type', 'joined_on'] as const;

function stableId(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Dates as YYYY-MM-DD, or DD-MM-YYYY / DD/MM/YYYY as Indian registers write them. */
function readDate(text: string): string | null {
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const iso = m ? text : (m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(text)) ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : null;
  return iso && isIsoDate(iso) ? iso : null;
}

export interface CadreImportOutcome {
  status: CommandOutcome['status'];
  imported: number;
  cadreIds: string[];
}

/** Reads and imports a cadre list at `nodeId`. Throws a KhataError of row problems when anything is wrong. */
export async function importCadreListFile(db: Database, actor: Actor, options: { nodeId: string; data: Buffer }): Promise<CadreImportOutcome> {
  let table: ReadTable;
  try {
    table = await readTableFile(options.data);
  } catch (error) {
    if (error instanceof TableFileError) throw new KhataError(rowProblem(error.row, 'name', error.message));
    throw error;
  }
  const problems: Problem[] = [];
  const headerProblems = table.headers.flatMap((h, i) =>
    h === '' ? [rowProblem(1, `#${i + 1}`, 'a column has no name')] : !(CADRE_LIST_COLUMNS as readonly string[]).includes(h) ? [rowProblem(1, h, `is not a column of the cadre list (${CADRE_LIST_COLUMNS.join(', ')})`)] : table.headers.indexOf(h) !== i ? [rowProblem(1, h, 'appears twice in the header')] : [],
  );
  for (const c of REQUIRED) if (!table.headers.includes(c)) headerProblems.push(rowProblem(1, c, 'the header needs this column'));
  if (headerProblems.length) throw new KhataError(...headerProblems);
  if (table.rows.length === 0) throw new KhataError(rowProblem(1, 'name', 'the list has no rows below the header'));

  // Codes the file may use: nodes of the organisation within the caller's reach, and the organisation's own types.
  const paths = readablePaths(actor);
  const nodes = paths.length
    ? await db
        .selectFrom('node')
        .select(['id', 'code', 'kind'])
        .where('organisation_id', '=', actor.organisationId)
        .where((eb) => eb.or(paths.map((p) => eb('path', 'like', `${p}%`))))
        .execute()
    : [];
  const byCode = new Map(nodes.map((n) => [n.code.toLowerCase(), n]));
  const own = await db.selectFrom('cadre_type').select('code').where('organisation_id', '=', actor.organisationId).execute();
  const types = new Set<string>([...BUILT_IN_CADRE_TYPES, ...own.map((t) => t.code)]);

  const cadres: Array<z.input<typeof importCadreListSchema>['cadres'][number]> = [];
  for (const { row, cells } of table.rows) {
    const bad = (column: string, why: string) => {
      problems.push(rowProblem(row, column, why));
      return undefined;
    };
    const get = (c: string) => cells[c] ?? '';
    const type = get('cadre_type').toLowerCase();
    if (!type) bad('cadre_type', `is required: one of ${[...types].join(', ')}`);
    else if (!types.has(type)) bad('cadre_type', `"${get('cadre_type')}" is not a cadre type here (${[...types].join(', ')})`);
    const joinedOn = get('joined_on') ? (readDate(get('joined_on')) ?? bad('joined_on', `"${get('joined_on')}" is not a date (write 2024-03-31 or 31-03-2024)`)) : bad('joined_on', 'is required');
    const servingFrom = get('serving_from') ? (readDate(get('serving_from')) ?? bad('serving_from', `"${get('serving_from')}" is not a date (write 2024-03-31 or 31-03-2024)`)) : joinedOn;
    const phone = get('phone');
    if (phone && !/^\+?[0-9 -]{6,20}$/.test(phone)) bad('phone', 'is not a phone number');
    let memberId: string | undefined;
    const shgCode = get('shg_code');
    const number = get('membership_number');
    if (shgCode || number) {
      const shg = byCode.get(shgCode.toLowerCase());
      if (!shgCode) bad('shg_code', 'is required with a membership number');
      else if (!shg || shg.kind !== 'shg') bad('shg_code', `no SHG with code "${shgCode}"`);
      if (!number) bad('membership_number', 'is required with an SHG code');
      else if (!/^\d{1,9}$/.test(number)) bad('membership_number', `"${number}" is not a membership number`);
      else if (shg && shg.kind === 'shg') {
        const m = await db.selectFrom('member').select('id').where('shg_id', '=', shg.id).where('membership_number', '=', Number(number)).executeTakeFirst();
        if (!m) bad('membership_number', `no member ${number} in SHG ${shgCode}`);
        memberId = m?.id;
      }
    } else if (!get('name')) bad('name', 'is required when she is not an SHG member (or give shg_code and membership_number)');
    let nodeId = options.nodeId;
    if (get('registered_at')) {
      const n = byCode.get(get('registered_at').toLowerCase());
      if (!n) bad('registered_at', `no place or institution with code "${get('registered_at')}"`);
      else nodeId = n.id;
    }
    const served = get('serves')
      .split(/[;,]/)
      .map((s) => s.trim())
      .filter(Boolean);
    let payerId: string | undefined;
    if (get('paid_by')) {
      const n = byCode.get(get('paid_by').toLowerCase());
      if (!n) bad('paid_by', `no institution with code "${get('paid_by')}"`);
      payerId = n?.id;
    }
    const assignments: Array<{ id: string; institutionId: string; payerId?: string; from: string }> = [];
    for (const code of served) {
      const n = byCode.get(code.toLowerCase());
      if (!n) bad('serves', `no institution with code "${code}"`);
      else assignments.push({ id: stableId('khata-cadre-assignment', options.nodeId, String(row), n.id), institutionId: n.id, ...(payerId ? { payerId } : {}), from: servingFrom ?? '1900-01-01' });
    }
    cadres.push({
      row,
      id: stableId('khata-cadre', options.nodeId, String(row), type, get('name'), shgCode, number),
      nodeId,
      cadreType: type,
      ...(memberId ? { memberId } : {}),
      ...(get('name') && !memberId ? { name: get('name') } : {}),
      ...(phone ? { phone } : {}),
      joinedOn: joinedOn ?? '1900-01-01',
      assignments,
    });
  }
  if (problems.length) throw new KhataError(...problems.sort((a, b) => Number(a.params?.row ?? 0) - Number(b.params?.row ?? 0)));
  const commandId = stableId('khata-cadre-import', options.nodeId, createHash('sha256').update(options.data).digest('hex'));
  let outcome: CommandOutcome<{ imported: number; cadreIds: string[] }>;
  try {
    outcome = await applyCommand(db, actor, { id: commandId, type: 'import-cadre-list', payload: { nodeId: options.nodeId, cadres } });
  } catch (error) {
    // Problems of the schema name `cadres.N.<field>`: back to the row and column they came from.
    if (error instanceof KhataError) {
      throw new KhataError(
        ...error.problems.map((p) => {
          const m = /^cadres\.(\d+)\.(.+)$/.exec(p.field ?? '');
          const c = m ? cadres[Number(m[1])] : undefined;
          return c ? rowProblem(c.row, columnOfField(m![2]), p.message) : p;
        }),
      );
    }
    throw error;
  }
  return { status: outcome.status, imported: outcome.result.imported, cadreIds: outcome.result.cadreIds };
}
