import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ErrorCode, KhataError, isoDate, problem, uuid } from '@khata/core';
import { DEFAULT_RULES, ruleSetInForce, ruleSetLabel, type RuleSet } from '@khata/core/rules';
import { clfTrigger, functionalShg, screenPreExistingShg, voTrigger } from '@khata/core/readiness';
import { GRADING_STAGES } from '@khata/core/grading';
import type { Database } from '../../db/pool.ts';
import { authorizeNode } from '../../access.ts';
import { requireActor } from '../app.ts';
import { todayIn } from '../../business-date.ts';
import { loadRuleSets, loadShgRecords, loadVoRecords, shgIdsUnder, withRules } from '../../queries/shg-records.ts';
import { computeShgGrading } from '../../use-cases/grade-shg.ts';

const idParams = z.object({ id: uuid });
const asOfQuery = z.object({ asOf: isoDate.optional() });
const ruleSetRef = (r: RuleSet) => ({ id: r.id, version: r.version, effectiveFrom: r.effectiveFrom, label: ruleSetLabel(r) });

/**
 * Readiness and grading, computed from the records as of a date under the rule set in force on that date (each
 * answer names the version it used). Scoped like every read: a node out of reach is not found.
 */
export const readinessRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get('/api/nodes/:id/readiness', { schema: { tags: ['readiness'], params: idParams, querystring: asOfQuery } }, async (request) => {
    const actor = requireActor(request);
    const node = await authorizeNode(db, actor, request.params.id, 'read');
    const asOf = request.query.asOf ?? todayIn();
    if (!['village', 'cluster', 'shg'].includes(node.kind)) {
      throw new KhataError(problem(ErrorCode.ValidationFailed, 'id', 'readiness is computed for a village (VO trigger), a cluster (CLF trigger) or an SHG'));
    }
    const ruleSet = ruleSetInForce(await loadRuleSets(db, actor.organisationId), asOf);
    const shgs = await loadShgRecords(db, node.kind === 'shg' ? [node.id] : await shgIdsUnder(db, node.path), asOf);
    const verdicts = shgs
      .map((s) => ({ ...functionalShg(s, asOf, ruleSet.body), screening: s.preExisting ? screenPreExistingShg(s, asOf, ruleSet.body) : null }))
      .sort((a, b) => a.name.localeCompare(b.name));
    const trigger = node.kind === 'village' ? voTrigger(shgs, asOf, ruleSet) : node.kind === 'cluster' ? clfTrigger(await loadVoRecords(db, node.path, asOf), asOf, ruleSet) : null;
    return { node: { id: node.id, kind: node.kind, name: node.name }, asOf, ruleSet: ruleSetRef(ruleSet), trigger, shgs: verdicts };
  });

  app.get(
    '/api/shgs/:id/grading',
    { schema: { tags: ['grading'], params: idParams, querystring: asOfQuery.extend({ stage: z.enum(GRADING_STAGES).default('other') }) } },
    async (request) => {
      const actor = requireActor(request);
      await authorizeNode(db, actor, request.params.id, 'read');
      const asOf = request.query.asOf ?? todayIn();
      const grading = await computeShgGrading(db, actor.organisationId, request.params.id, asOf, request.query.stage);
      return { grading: { ...grading, ruleSet: { ...grading.ruleSet, label: ruleSetLabel(grading.ruleSet) } } };
    },
  );

  app.get('/api/shgs/:id/gradings', { schema: { tags: ['grading'], params: idParams } }, async (request) => {
    const actor = requireActor(request);
    await authorizeNode(db, actor, request.params.id, 'read');
    const rows = await withRules(db)
      .selectFrom('grading as g')
      .innerJoin('app_user as u', 'u.id', 'g.graded_by')
      .leftJoin('app_user as s', 's.id', 'g.signed_off_by')
      .select([
        'g.id',
        'g.stage',
        'g.as_of as asOf',
        'g.score',
        'g.grade',
        'g.panchasutra_score as panchasutraScore',
        'g.indicators as grading',
        'g.rule_set_id as ruleSetId',
        'g.rule_set_version as ruleSetVersion',
        'g.graded_by as gradedById',
        'u.name as gradedBy',
        'g.graded_at as gradedAt',
        's.name as signedOffBy',
        'g.signed_off_at as signedOffAt',
        'g.sign_off_note as signOffNote',
      ])
      .where('g.shg_id', '=', request.params.id)
      .orderBy('g.as_of', 'desc')
      .orderBy('g.graded_at', 'desc')
      .execute();
    return { gradings: rows.map(({ gradedById, ...g }) => ({ ...g, canSignOff: g.signedOffBy === null && gradedById !== actor.userId })) };
  });

  app.get('/api/rule-sets', { schema: { tags: ['rules'], querystring: asOfQuery } }, async (request) => {
    const actor = requireActor(request);
    const asOf = request.query.asOf ?? todayIn();
    const rows = await withRules(db)
      .selectFrom('rule_set as r')
      .innerJoin('app_user as u', 'u.id', 'r.created_by')
      .select(['r.id', 'r.version', 'r.effective_from as effectiveFrom', 'r.body', 'u.name as createdBy', 'r.created_at as createdAt'])
      .where('r.organisation_id', '=', actor.organisationId)
      .orderBy('r.version')
      .execute();
    const inForce = ruleSetInForce(rows, asOf);
    return { asOf, inForce: ruleSetRef(inForce), ruleSets: rows, defaults: DEFAULT_RULES };
  });
};
