import { z } from 'zod';
import { ErrorCode, KhataError, isoDate, problem, uuid } from '@khata/core';
import { ruleSetBodySchema } from '@khata/core/rules';
import type { CommandHandler } from '../commands/apply-command.ts';
import { withRules } from '../queries/shg-records.ts';

export const defineRuleSetSchema = z.strictObject({
  id: uuid,
  /** The organisation's root node: rule sets are kept per organisation. */
  nodeId: uuid,
  /** May be in the future: the version waits until then. Decisions dated before it keep the earlier rules. */
  effectiveFrom: isoDate,
  /** Anything left out takes the DOMAIN.md default; the stored body is complete. */
  body: ruleSetBodySchema.prefault({}),
});
type DefineRuleSet = z.output<typeof defineRuleSetSchema>;

/**
 * A new version of the organisation's rules (formation triggers, inclusion, funds, bank linkage, grading), effective
 * from a date. Versions are numbered 1, 2, 3… per organisation and never edited (the database refuses): a change
 * is a new version. Of two versions effective the same day, the later one is in force from that day.
 */
export const defineRuleSet: CommandHandler<DefineRuleSet, { ruleSetId: string; version: number; effectiveFrom: string }> = {
  type: 'define-rule-set',
  schema: defineRuleSetSchema,
  permission: 'administer',
  nodeOf: async (_tx, p) => p.nodeId,
  apply: async (tx, ctx, p) => {
    const organisationId = ctx.actor.organisationId;
    const node = await tx.selectFrom('node').select(['kind']).where('id', '=', p.nodeId).executeTakeFirstOrThrow();
    if (node.kind !== 'organisation') {
      throw new KhataError(problem(ErrorCode.ValidationFailed, 'nodeId', 'rule sets are kept for the whole organisation: give its root node'));
    }
    // One definition at a time per organisation, so that versions are numbered without gaps or clashes.
    await tx.selectFrom('organisation').select('id').where('id', '=', organisationId).forUpdate().executeTakeFirstOrThrow();
    const r = withRules(tx);
    const last = await r.selectFrom('rule_set').select((eb) => eb.fn.max('version').as('v')).where('organisation_id', '=', organisationId).executeTakeFirst();
    const version = Number(last?.v ?? 0) + 1;
    await r
      .insertInto('rule_set')
      .values({ id: p.id, organisation_id: organisationId, version, effective_from: p.effectiveFrom, body: JSON.stringify(p.body), created_by: ctx.actor.userId })
      .execute();
    return { ruleSetId: p.id, version, effectiveFrom: p.effectiveFrom };
  },
};
