import { dataDirFrom, openDatabase, refreshMisFacts } from '@khata/server';
import { stringFlag, type ParsedArgs } from '../args.ts';

export const MIS_REFRESH_USAGE = `khata mis refresh [--data-dir DIR]
  computes the MIS facts of every SHG that are missing or stale (today and the 11 month ends before), as the
  running server does in the background; for a first start on a large database or after an import`;

export async function misRefreshCommand(args: ParsedArgs): Promise<number> {
  const database = await openDatabase({ dataDir: dataDirFrom(stringFlag(args, 'data-dir')), databaseUrl: process.env.DATABASE_URL });
  try {
    const started = Date.now();
    const outcome = await refreshMisFacts(database.db, {
      onOrganisation: (done, total, computed) => process.stderr.write(`\rorganisation ${done} of ${total}: ${computed} SHG facts computed`),
    });
    process.stderr.write('\n');
    process.stdout.write(`${outcome.computed} SHG facts computed for ${outcome.organisations} organisations in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return 0;
  } finally {
    await database.close();
  }
}
