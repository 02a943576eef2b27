import { dataDirFrom, openDatabase, type Database } from '@khata/server';
import { REPORT_NAMES, reportDefinition } from '@khata/server/src/reports/registry.ts';
import { trialBalanceAll } from '@khata/server/src/reports/trial-balance.ts';
import { formatReportText } from '@khata/server/src/reports/report-text.ts';
import type { Report } from '@khata/server/src/reports/report.ts';
import { intFlag, stringFlag, UsageError, type ParsedArgs } from '../args.ts';

export const REPORT_USAGE = `khata report <name> --entity <code>|all [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--as-of YYYY-MM-DD]
             [--member <membership number>] [--account <path>] [--by-month] [--json] [--data-dir DIR]
  reports: ${REPORT_NAMES.join(', ')}
  --entity all: the trial balance of every entity in one table (accounts named as in the hledger export);
                any other report once per entity.`;

export interface EntityRef {
  id: number;
  code: string;
  nodeId: string;
}

/** The entities `--entity` names: one code, or every entity (`all`). A code used by two organisations is refused. */
export async function resolveEntities(db: Database, entity: string | undefined): Promise<EntityRef[] | 'all'> {
  if (!entity) throw new UsageError(`--entity is required (an entity code, or all)\n\n${REPORT_USAGE}`);
  if (entity === 'all') return 'all';
  const rows = await db.selectFrom('entity').select(['id', 'code', 'node_id']).where('code', '=', entity).execute();
  if (rows.length === 0) throw new UsageError(`no entity with code ${entity}`);
  if (rows.length > 1) throw new UsageError(`${rows.length} organisations have an entity with code ${entity}: use --entity all`);
  return rows.map((r) => ({ id: r.id, code: r.code, nodeId: r.node_id }));
}

/** The report parameters from the flags, as strings: each report's schema checks and converts them. */
function reportParams(args: ParsedArgs): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const from = stringFlag(args, 'from');
  const to = stringFlag(args, 'to');
  const asOf = stringFlag(args, 'as-of');
  const account = stringFlag(args, 'account');
  if (from) out.from = from;
  if (to) out.to = to;
  if (asOf) out.asOf = asOf;
  if (account) out.account = account;
  if (args.flags.get('by-month') === true) out.byMonth = true;
  return out;
}

async function memberIdOf(db: Database, entity: EntityRef, membershipNumber: number): Promise<string> {
  const m = await db.selectFrom('member').select('id').where('shg_id', '=', entity.nodeId).where('membership_number', '=', membershipNumber).executeTakeFirst();
  if (!m) throw new UsageError(`entity ${entity.code} has no member number ${membershipNumber}`);
  return m.id;
}

/** Runs one report; refused parameters become a usage error naming the flag. */
async function runOne(db: Database, name: string, entity: EntityRef, params: Record<string, unknown>, member: number | null): Promise<Report> {
  const definition = reportDefinition(name)!;
  const given = { ...params, ...(member !== null ? { memberId: await memberIdOf(db, entity, member) } : {}) };
  const parsed = definition.params.safeParse(given);
  if (!parsed.success) {
    const flag = (k: string) => ({ asOf: '--as-of', memberId: '--member', byMonth: '--by-month' })[k] ?? `--${k}`;
    throw new UsageError(parsed.error.issues.map((i) => `${i.path.length ? `${flag(String(i.path[0]))}: ` : ''}${i.message}`).join('\n'));
  }
  return definition.run(db, entity.id, parsed.data);
}

/**
 * `khata report <name> --entity CODE|all …`: a report of the books, as an aligned table (₹) or, with --json, the
 * report object the API returns (an array of them when one report runs for every entity).
 */
export async function reportCommand(args: ParsedArgs): Promise<number> {
  const name = args.positionals[1];
  if (!name) throw new UsageError(REPORT_USAGE);
  if (!reportDefinition(name)) throw new UsageError(`unknown report: ${name}\n\n${REPORT_USAGE}`);
  const json = args.flags.get('json') === true;
  const member = args.flags.has('member') ? intFlag(args, 'member', 0, 1, 1_000_000) : null;
  if (name === 'passbook' && member === null) throw new UsageError('the passbook needs --member <membership number>');
  const params = reportParams(args);
  const entityFlag = stringFlag(args, 'entity');
  if (!entityFlag) throw new UsageError(`--entity is required (an entity code, or all)\n\n${REPORT_USAGE}`);
  if (entityFlag === 'all' && member !== null) throw new UsageError('--member needs one entity, not --entity all');

  const database = await openDatabase({ dataDir: dataDirFrom(stringFlag(args, 'data-dir')), databaseUrl: process.env.DATABASE_URL });
  try {
    const { db } = database;
    const entities = await resolveEntities(db, entityFlag);
    let reports: Report[];
    if (entities === 'all' && name === 'trial-balance') {
      const parsed = reportDefinition(name)!.params.safeParse(params);
      if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => i.message).join('\n'));
      reports = [await trialBalanceAll(db, parsed.data as { asOf?: string })];
    } else {
      const list =
        entities === 'all'
          ? (await db.selectFrom('entity').select(['id', 'code', 'node_id', 'kind']).orderBy('id').execute())
              .filter((e) => !reportDefinition(name)!.perMember || e.kind === 'shg')
              .map((e) => ({ id: e.id, code: e.code, nodeId: e.node_id }))
          : entities;
      reports = [];
      for (const entity of list) reports.push(await runOne(db, name, entity, params, member));
    }
    if (json) {
      process.stdout.write(`${JSON.stringify(entities === 'all' && name !== 'trial-balance' ? reports : reports[0], null, 2)}\n`);
    } else {
      process.stdout.write(reports.map((r) => formatReportText(r)).join('\n'));
    }
    return 0;
  } finally {
    await database.close();
  }
}
