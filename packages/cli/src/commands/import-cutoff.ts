import { readFileSync } from 'node:fs';
import { ErrorCode, formatMoney, KhataError, type Problem } from '@khata/core';
import { dataDirFrom, openDatabase, type Database } from '@khata/server';
import { loadActor } from '@khata/server/src/access.ts';
import { importCutoffCsv } from '@khata/server/src/import/cutoff-csv.ts';
import { stringFlag, type ParsedArgs } from '../args.ts';

export const IMPORT_CUTOFF_USAGE = `khata import cutoff --shg <SHG code> --file <cutoff.csv> [--org <organisation code>] [--data-dir DIR]
  opening balances of a group that kept paper books, from one CSV file (docs/cutoff-csv.md)`;

export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}
const processOutput: CliOutput = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/** One line per problem: row problems already read "row N, column X: why". */
export function problemLine(p: Problem): string {
  return p.code === ErrorCode.ImportRowInvalid || !p.field ? p.message : `${p.field}: ${p.message}`;
}

async function findShg(db: Database, code: string, orgCode: string | undefined) {
  let q = db
    .selectFrom('node as n')
    .innerJoin('organisation as o', 'o.id', 'n.organisation_id')
    .select(['n.id', 'n.name', 'n.organisation_id', 'o.code as org'])
    .where('n.kind', '=', 'shg')
    .where('n.code', '=', code);
  if (orgCode) q = q.where('o.code', '=', orgCode);
  return q.execute();
}

/** The organisation's first administrator (the one created with it): the import acts as her. */
async function firstAdmin(db: Database, organisationId: number) {
  return db
    .selectFrom('role_assignment as r')
    .innerJoin('app_user as u', 'u.id', 'r.user_id')
    .select('u.id')
    .where('r.organisation_id', '=', organisationId)
    .where('r.role', '=', 'admin')
    .where('u.active', '=', true)
    .orderBy('u.created_at')
    .orderBy('u.id')
    .limit(1)
    .executeTakeFirst();
}

/**
 * `khata import cutoff --shg CODE --file F.csv`: brings a group's opening balances in through the `import-cutoff`
 * command, as the organisation's first administrator. Exit 0 with a summary; 2 on bad input (every bad row
 * printed, nothing written); 1 on anything else.
 */
export async function importCutoffCommand(args: ParsedArgs, io: CliOutput = processOutput): Promise<number> {
  const shgCode = stringFlag(args, 'shg');
  const file = stringFlag(args, 'file');
  const orgCode = stringFlag(args, 'org');
  if (!shgCode || !file) {
    io.err(`${!shgCode ? '--shg' : '--file'} is required\n\n${IMPORT_CUTOFF_USAGE}\n`);
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    io.err(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
    return 2;
  }

  const database = await openDatabase({ dataDir: dataDirFrom(stringFlag(args, 'data-dir')), databaseUrl: process.env.DATABASE_URL });
  try {
    const db = database.db;
    const shgs = await findShg(db, shgCode, orgCode);
    if (shgs.length === 0) {
      io.err(`no SHG with code ${shgCode}${orgCode ? ` in organisation ${orgCode}` : ''}\n`);
      return 2;
    }
    if (shgs.length > 1) {
      io.err(`${shgs.length} organisations have an SHG with code ${shgCode} (${shgs.map((s) => s.org).join(', ')}): add --org\n`);
      return 2;
    }
    const shg = shgs[0]!;
    const admin = await firstAdmin(db, shg.organisation_id);
    const actor = admin ? await loadActor(db, admin.id, 'cli') : null;
    if (!actor) {
      io.err(`organisation ${shg.org} has no active administrator to act as\n`);
      return 1;
    }

    let outcome;
    try {
      outcome = await importCutoffCsv(db, actor, { shgId: shg.id, text });
    } catch (error) {
      if (!(error instanceof KhataError)) throw error;
      io.err(`${file}: not imported, nothing was written (${error.problems.length} problem${error.problems.length === 1 ? '' : 's'}):\n`);
      for (const p of error.problems) io.err(`  ${problemLine(p)}\n`);
      return 2;
    }
    const r = outcome.result;
    const money = (paise: number) => formatMoney(paise);
    const difference = r.openingBalancePaise === 0 ? 'none' : `${money(Math.abs(r.openingBalancePaise))} ${r.openingBalancePaise < 0 ? 'credit (surplus)' : 'debit (shortfall)'}`;
    io.out(
      [
        outcome.status === 'duplicate'
          ? `This file was already imported for ${shgCode} (${shg.name}): nothing changed. Opening balances on ${r.date}:`
          : `Opening balances of ${shgCode} (${shg.name}) on ${r.date} imported.`,
        `  members        ${r.members} (${r.admitted.length} admitted at the cut-off); savings ${money(r.savingsPaise)}`,
        `  member loans   ${r.memberLoans}; principal outstanding ${money(r.memberLoansOutstandingPaise)}`,
        `  outside loans  ${r.externalLoans}; principal outstanding ${money(r.externalLoansOutstandingPaise)}`,
        `  cash ${money(r.cashPaise)}; bank ${money(r.bankPaise)}`,
        `  difference to equity:opening-balance: ${difference}`,
        r.entryId === null ? '  no entry (every balance is zero)' : `  opening entry #${r.entryId}`,
        '',
      ].join('\n'),
    );
    return 0;
  } finally {
    await database.close();
  }
}
