import { parseRuleSetBody, ruleSetInForce, ruleSetLabel, DEFAULT_RULES, type RuleSetBody } from '@khata/core/rules';
import type { Database } from '../db/pool.ts';
import type { Tx } from '../ledger/post-entry.ts';
import { loadRuleSets } from './shg-records.ts';

export interface RulesInForce {
  version: number;
  label: string;
  effectiveFrom: string;
  body: RuleSetBody;
}

/**
 * The organisation's rules in force on `date`, completed with today's defaults (a version stored before a part of
 * the rules existed, such as the inclusion goals, takes that part's default).
 */
export async function rulesInForce(db: Database | Tx, organisationId: number, date: string): Promise<RulesInForce> {
  const r = ruleSetInForce(await loadRuleSets(db, organisationId), date);
  const parsed = parseRuleSetBody(r.body);
  return { version: r.version, label: ruleSetLabel(r), effectiveFrom: r.effectiveFrom, body: parsed.ok ? parsed.value : { ...DEFAULT_RULES, ...r.body } };
}
