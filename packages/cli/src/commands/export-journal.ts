import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { dataDirFrom, openDatabase } from '@khata/server';
import { writeHledgerJournal } from '@khata/server/src/export/hledger-journal.ts';
import { stringFlag, UsageError, type ParsedArgs } from '../args.ts';
import { resolveEntities } from './report.ts';

export const EXPORT_JOURNAL_USAGE = `khata export journal --format hledger [--entity CODE|all] [--out FILE] [--data-dir DIR]
  every entity's books (or one entity's) as one hledger journal; to stdout unless --out is given`;

/**
 * `khata export journal --format hledger`: the books as one plain-text journal that hledger reads, streamed page by
 * page to stdout or a file. A summary goes to stderr, so that stdout stays the journal.
 */
export async function exportJournalCommand(args: ParsedArgs): Promise<number> {
  const format = stringFlag(args, 'format') ?? 'hledger';
  if (format !== 'hledger') throw new UsageError(`unknown format: ${format} (supported: hledger)\n\n${EXPORT_JOURNAL_USAGE}`);
  const outFile = stringFlag(args, 'out');
  const entityFlag = stringFlag(args, 'entity') ?? 'all';

  const database = await openDatabase({ dataDir: dataDirFrom(stringFlag(args, 'data-dir')), databaseUrl: process.env.DATABASE_URL });
  try {
    const entities = await resolveEntities(database.db, entityFlag);
    const entityIds = entities === 'all' ? null : entities.map((e) => e.id);
    const out = outFile ? createWriteStream(outFile) : process.stdout;
    const counts = await writeHledgerJournal(database.db, out, { entityIds });
    if (outFile) {
      out.end();
      await finished(out);
    }
    process.stderr.write(`Exported ${counts.entries} entries (${counts.lines} lines) of ${counts.entities} entities${outFile ? ` to ${outFile}` : ''}.\n`);
    return 0;
  } finally {
    await database.close();
  }
}
