import { z } from 'zod';
import { ErrorCode, KhataError, problem, uuid, type Problem } from '@khata/core';
import type { CommandHandler } from '../commands/apply-command.ts';
import { inclTx } from '../queries/inclusion-db.ts';
import { householdFields, householdProblems } from './register-household.ts';

/** Places where a household list can be imported: a village, or a place above villages (each row names its village). */
export const PLACE_KINDS = ['organisation', 'state', 'district', 'block', 'cluster', 'village'] as const;

export const importHouseholdsSchema = z.strictObject({
  /** The place the list is for: every row's village lies at or under it. */
  nodeId: uuid,
  households: z
    .array(
      z.strictObject({
        /** A new household's id; an existing one's (from an exported list) to update it. */
        id: uuid,
        villageId: uuid,
        ...householdFields,
      }),
    )
    .min(1, 'the list has no households')
    .max(5000, 'at most 5000 households in one list'),
});
export type ImportHouseholds = z.output<typeof importHouseholdsSchema>;
export type ImportHouseholdsPayload = z.input<typeof importHouseholdsSchema>;

export interface ImportHouseholdsResult {
  nodeId: string;
  created: number;
  updated: number;
  /** Row by row, in the list's order. */
  householdIds: string[];
}

const unique = <T>(xs: readonly T[]) => [...new Set(xs)].sort() as T[];

/**
 * A household list (PIP list, SECC list, a corrected register) into the register in one go: a row whose id is
 * an existing household, or whose register number is already in its village, updates that household; any other
 * row registers a new one. Every problem is reported (`households.N.field`); nothing is written unless all rows
 * are right.
 */
export const importHouseholds: CommandHandler<ImportHouseholds, ImportHouseholdsResult> = {
  type: 'import-households',
  schema: importHouseholdsSchema,
  permission: 'write',
  nodeOf: async (_tx, p) => p.nodeId,
  apply: async (tx, ctx, p) => {
    const db = inclTx(tx);
    const organisationId = ctx.actor.organisationId;
    const node = await db.selectFrom('node').select(['kind', 'path']).where('id', '=', p.nodeId).executeTakeFirstOrThrow();
    if (!(PLACE_KINDS as readonly string[]).includes(node.kind)) {
      throw new KhataError(problem(ErrorCode.ValidationFailed, 'nodeId', 'a household list is imported at a village or a place above villages'));
    }
    const problems: Problem[] = [];
    const villageIds = unique(p.households.map((h) => h.villageId));
    const villages = new Map(
      (await db.selectFrom('node').select(['id', 'kind', 'path']).where('id', 'in', villageIds).where('organisation_id', '=', organisationId).execute()).map((v) => [v.id, v]),
    );
    const ids = p.households.map((h) => h.id);
    const byId = new Map(
      (await db.selectFrom('household').select(['id', 'village_node_id']).where('id', 'in', ids).where('organisation_id', '=', organisationId).forUpdate().execute()).map((h) => [h.id, h]),
    );
    const numbers = p.households.flatMap((h) => (h.registerNumber ? [h.registerNumber] : []));
    const byNumber = new Map(
      numbers.length === 0
        ? []
        : (
            await db
              .selectFrom('household')
              .select(['id', 'village_node_id', 'register_number'])
              .where('village_node_id', 'in', villageIds)
              .where('register_number', 'in', unique(numbers))
              .forUpdate()
              .execute()
          ).map((h) => [`${h.village_node_id}\u0000${h.register_number}`, h.id]),
    );
    const seenNumber = new Map<string, number>();
    const seenTarget = new Map<string, number>();
    const plan: Array<{ action: 'insert' | 'update'; id: string }> = [];
    p.households.forEach((h, i) => {
      const at = `households.${i}.`;
      const village = villages.get(h.villageId);
      if (!village) problems.push(problem(ErrorCode.NotFound, `${at}villageId`, 'no such village'));
      else if (village.kind !== 'village') problems.push(problem(ErrorCode.ValidationFailed, `${at}villageId`, 'households belong to a village'));
      else if (!village.path.startsWith(node.path)) problems.push(problem(ErrorCode.ValidationFailed, `${at}villageId`, 'the village is not under the place the list is imported at'));
      problems.push(...householdProblems(h, at));
      if (h.registerNumber) {
        const key = `${h.villageId}\u0000${h.registerNumber}`;
        const first = seenNumber.get(key);
        if (first !== undefined) problems.push(problem(ErrorCode.Conflict, `${at}registerNumber`, `the same register number is on another row of the list (household ${first + 1})`, { other: first + 1 }));
        else seenNumber.set(key, i);
      }
      const existing = byId.get(h.id);
      if (existing && existing.village_node_id !== h.villageId) problems.push(problem(ErrorCode.ValidationFailed, `${at}villageId`, 'this household is registered in another village'));
      const byNum = h.registerNumber ? byNumber.get(`${h.villageId}\u0000${h.registerNumber}`) : undefined;
      if (existing && byNum && byNum !== h.id) problems.push(problem(ErrorCode.Conflict, `${at}registerNumber`, 'another household of this village has this register number'));
      const target = existing ? h.id : (byNum ?? h.id);
      const firstTarget = seenTarget.get(target);
      if (firstTarget !== undefined) problems.push(problem(ErrorCode.Conflict, `${at}id`, `the same household is on another row of the list (household ${firstTarget + 1})`, { other: firstTarget + 1 }));
      else seenTarget.set(target, i);
      plan.push({ action: existing || byNum ? 'update' : 'insert', id: target });
    });
    if (problems.length) throw new KhataError(...problems);

    const inserts = p.households.filter((_, i) => plan[i]!.action === 'insert');
    for (let i = 0; i < inserts.length; i += 500) {
      await db
        .insertInto('household')
        .values(
          inserts.slice(i, i + 500).map((h) => ({
            id: h.id,
            organisation_id: organisationId,
            village_node_id: h.villageId,
            head_name: h.headName,
            poverty_status: h.povertyStatus,
            secc_deprivations: unique(h.seccDeprivations),
            pip_listed: h.pipListed,
            pip_vetted_on: h.pipVettedOn ?? null,
            categories: unique(h.categories),
            register_number: h.registerNumber ?? null,
          })),
        )
        .execute();
    }
    const created = inserts.length;
    let updated = 0;
    for (const [i, h] of p.households.entries()) {
      const step = plan[i]!;
      if (step.action === 'update') {
        await db
          .updateTable('household')
          .set({
            head_name: h.headName,
            poverty_status: h.povertyStatus,
            secc_deprivations: unique(h.seccDeprivations),
            pip_listed: h.pipListed,
            pip_vetted_on: h.pipVettedOn ?? null,
            categories: unique(h.categories),
            ...(h.registerNumber ? { register_number: h.registerNumber } : {}),
            updated_at: new Date(),
          })
          .where('id', '=', step.id)
          .execute();
        updated++;
      }
    }
    return { nodeId: p.nodeId, created, updated, householdIds: plan.map((s) => s.id) };
  },
};
