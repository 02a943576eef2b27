import { z } from 'zod';
import { ErrorCode, KhataError, uuid, type Problem } from '@khata/core';
import { authorizeNode } from '../access.ts';
import type { CommandHandler } from '../commands/apply-command.ts';
import type { Database } from '../db/pool.ts';
import { registerCadre, registerCadreSchema } from './register-cadre.ts';

export const importCadreListSchema = z.strictObject({
  /** The node the list is imported at (each cadre is registered at her own node within its reach). */
  nodeId: uuid,
  cadres: z.array(registerCadreSchema.extend({ row: z.number().int().min(1) })).min(1, 'the list has no cadres').max(5000, 'at most 5000 cadres at a time'),
});
type ImportCadreList = z.output<typeof importCadreListSchema>;

/** Payload field of register-cadre → the list's column (docs/cadre-list.md). */
const COLUMN_OF: Array<[RegExp, string]> = [
  [/^cadreType/, 'cadre_type'],
  [/^memberId/, 'membership_number'],
  [/^name/, 'name'],
  [/^phone/, 'phone'],
  [/^joinedOn/, 'joined_on'],
  [/^nodeId/, 'registered_at'],
  [/^assignments\.\d+\.institutionId/, 'serves'],
  [/^assignments\.\d+\.payerId/, 'paid_by'],
  [/^assignments\.\d+\.from/, 'serving_from'],
];

export function columnOfField(field: string | undefined): string {
  for (const [re, column] of COLUMN_OF) if (field && re.test(field)) return column;
  return 'name';
}

export function rowProblem(row: number, column: string, why: string): Problem {
  return { code: ErrorCode.ImportRowInvalid, field: `row.${row}.${column}`, message: `row ${row}, column ${column}: ${why}`, params: { row, column } };
}

/**
 * A list of cadres registered in one transaction, each through register-cadre's own checks. Every row's problems
 * are reported as "row N, column X: why"; if any row is refused, nothing is written.
 */
export const importCadreList: CommandHandler<ImportCadreList, { imported: number; cadreIds: string[] }> = {
  type: 'import-cadre-list',
  schema: importCadreListSchema,
  permission: 'write',
  nodeOf: async (_tx, p) => p.nodeId,
  apply: async (tx, ctx, p) => {
    const problems: Problem[] = [];
    for (const { row, ...cadre } of p.cadres) {
      try {
        await authorizeNode(tx as unknown as Database, ctx.actor, cadre.nodeId, 'write');
        await registerCadre.apply(tx, ctx, cadre);
      } catch (error) {
        if (!(error instanceof KhataError)) throw error;
        for (const pr of error.problems) problems.push(rowProblem(row, columnOfField(pr.field), pr.message));
      }
    }
    if (problems.length) throw new KhataError(...problems);
    return { imported: p.cadres.length, cadreIds: p.cadres.map((c) => c.id) };
  },
};
