import { parseArgs, UsageError } from './args.ts';
import { loanScheduleCommand } from './commands/loan-schedule.ts';
import { startCommand } from './commands/start.ts';
import { reportCommand } from './commands/report.ts';
import { exportJournalCommand } from './commands/export-journal.ts';
import { demoCommand } from './commands/demo.ts';
import { importCutoffCommand } from './commands/import-cutoff.ts';
import { reportMisCommand } from './commands/report-mis.ts';
import { misRefreshCommand } from './commands/mis-refresh.ts';

const USAGE = `khata — books and records of Self-Help Groups

Usage:
  khata start [--port 8080] [--data-dir .khata]      start Khata (embedded PostgreSQL unless DATABASE_URL is set)
  khata demo --data-dir DIR [--seed N] [--shgs N --months N]
                                                     a new data directory with demo data (same seed, same data)
  khata loan schedule < terms.json                   print a loan schedule (JSON in, JSON out)
  khata report <name> --entity <code>|all [--from D --to D --as-of D --member N] [--json] [--data-dir DIR]
                                                     any report: trial-balance, balance-sheet, income-expenditure,
                                                     receipts-payments, cash-book, general-ledger, savings-register,
                                                     passbook, internal-loan-ledger, external-loan-ledger, dcb,
                                                     portfolio, overdue
  khata report mis --node <code> [--as-of D] [--json] [--data-dir DIR]
                                                     consolidated MIS of a place (the sum of its groups' books)
  khata mis refresh [--data-dir DIR]                 compute the MIS facts now (the server also keeps them ready)
  khata import cutoff --shg CODE --file F.csv [--data-dir DIR]
                                                     opening balances of an existing group (docs/cutoff-csv.md)
  khata export journal --format hledger [--entity CODE] [--out FILE] [--data-dir DIR]
                                                     every entity's books as one hledger journal

Environment: DATABASE_URL (external PostgreSQL), KHATA_DATA_DIR (default ./.khata), PORT (default 8080),
KHATA_MIS_REFRESH=0 (no background refresh of the MIS facts).
`;

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const [command, sub] = args.positionals;
  try {
    switch (command) {
      case 'start':
        return await startCommand(args);
      case 'demo':
        return await demoCommand(args);
      case 'report':
        if (sub === 'mis') return await reportMisCommand(args);
        return await reportCommand(args);
      case 'export':
        if (sub === 'journal') return await exportJournalCommand(args);
        break;
      case 'import':
        if (sub === 'cutoff') return await importCutoffCommand(args);
        break;
      case 'mis':
        if (sub === 'refresh') return await misRefreshCommand(args);
        break;
      case 'loan':
        if (sub === 'schedule') return await loanScheduleCommand();
        break;
      case undefined:
      case 'help':
        process.stdout.write(USAGE);
        return 0;
    }
    process.stderr.write(`unknown command: ${args.positionals.join(' ')}\n\n${USAGE}`);
    return 2;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    process.stderr.write(`${(error as Error).message}\n`);
    return 1;
  }
}
