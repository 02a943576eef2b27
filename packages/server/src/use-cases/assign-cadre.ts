import { z } from 'zod';
import { ErrorCode, isoDate, KhataError, problem, uuid, type Problem } from '@khata/core';
import { authorizeNode } from '../access.ts';
import type { CommandContext, CommandHandler } from '../commands/apply-command.ts';
import type { Database } from '../db/pool.ts';
import type { Tx } from '../ledger/post-entry.ts';
import { cadreNode, loadCadre, PAYER_KINDS, SERVED_KINDS } from './cadre-support.ts';

export const assignmentSchema = z.strictObject({
  id: uuid,
  /** The institution she serves (an SHG whose books she keeps, a VO, a CLF…). */
  institutionId: uuid,
  /** The institution that pays her for it (an SHG, VO, CLF or BLF); the institution served by default. */
  payerId: uuid.nullish(),
  from: isoDate,
});
export type AssignmentInput = z.output<typeof assignmentSchema>;

/** Checks and writes assignments of a cadre; problems name `<field>.N.<key>`. */
export async function insertAssignments(tx: Tx, ctx: CommandContext, cadreId: string, joinedOn: string, list: readonly AssignmentInput[], field: string | null): Promise<number> {
  const problems: Problem[] = [];
  const at = (i: number, key: string) => (field === null ? key : `${field}.${i}.${key}`);
  const rows = [];
  for (const [i, a] of list.entries()) {
    const payerId = a.payerId ?? a.institutionId;
    const nodes = await tx.selectFrom('node').select(['id', 'kind']).where('id', 'in', [a.institutionId, payerId]).where('organisation_id', '=', ctx.actor.organisationId).execute();
    const institution = nodes.find((n) => n.id === a.institutionId);
    const payer = nodes.find((n) => n.id === payerId);
    const reach = async (id: string, permission: 'read' | 'write') => {
      try {
        await authorizeNode(tx as unknown as Database, ctx.actor, id, permission);
        return true;
      } catch {
        return false;
      }
    };
    if (!institution || !(await reach(institution.id, 'read'))) {
      problems.push(problem(ErrorCode.NotFound, at(i, 'institutionId'), 'no such institution'));
      continue;
    }
    if (!SERVED_KINDS.has(institution.kind)) problems.push(problem(ErrorCode.ValidationFailed, at(i, 'institutionId'), 'must be an institution (an SHG, a VO, a CLF, a BLF, a producer group)'));
    if (!payer || !(await reach(payer.id, 'write'))) {
      problems.push(problem(ErrorCode.NotFound, at(i, 'payerId'), 'no such institution'));
      continue;
    }
    if (!PAYER_KINDS.has(payer.kind)) problems.push(problem(ErrorCode.ValidationFailed, at(i, 'payerId'), 'the payer must be an institution with its own books: an SHG, a VO, a CLF or a BLF'));
    if (a.from < joinedOn) problems.push(problem(ErrorCode.ValidationFailed, at(i, 'from'), `is before she joined (${joinedOn})`));
    const open = await tx
      .selectFrom('cadre_assignment')
      .select('id')
      .where('cadre_id', '=', cadreId)
      .where('institution_id', '=', a.institutionId)
      .where((eb) => eb.or([eb('to_date', 'is', null), eb('to_date', '>=', a.from)]))
      .executeTakeFirst();
    if (open || list.slice(0, i).some((b) => b.institutionId === a.institutionId)) problems.push(problem(ErrorCode.Conflict, at(i, 'institutionId'), 'she already serves this institution then'));
    rows.push({ id: a.id, organisation_id: ctx.actor.organisationId, cadre_id: cadreId, institution_id: a.institutionId, payer_id: payerId, from_date: a.from, to_date: null, command_id: ctx.commandId });
  }
  if (problems.length) throw new KhataError(...problems);
  if (rows.length) await tx.insertInto('cadre_assignment').values(rows).execute();
  return rows.length;
}

export const assignCadreSchema = assignmentSchema.extend({ cadreId: uuid });
type AssignCadre = z.output<typeof assignCadreSchema>;

/** She starts serving an institution, paid by it or by another (a bookkeeper of SHGs paid by their VO). */
export const assignCadre: CommandHandler<AssignCadre, { assignmentId: string }> = {
  type: 'assign-cadre',
  schema: assignCadreSchema,
  permission: 'write',
  nodeOf: async (tx, p) => cadreNode(tx, p.cadreId),
  apply: async (tx, ctx, p) => {
    const cadre = await loadCadre(tx, ctx.actor.organisationId, p.cadreId, 'cadreId', true);
    if (cadre.status === 'left') throw new KhataError(problem(ErrorCode.ValidationFailed, 'cadreId', 'she has left: register her again to assign her'));
    const { cadreId: _c, ...assignment } = p;
    await insertAssignments(tx, ctx, p.cadreId, cadre.joined_on, [assignment], null);
    return { assignmentId: p.id };
  },
};
