import { dataDirFrom, openDatabase } from '@khata/server';
import { formatMoney } from '@khata/core/money';
import { consolidatedMis, type Mis } from '@khata/server/src/queries/mis.ts';
import { todayIn } from '@khata/server/src/business-date.ts';
import { stringFlag, UsageError, type ParsedArgs } from '../args.ts';

export const MIS_USAGE = `khata report mis --node <code> [--as-of YYYY-MM-DD] [--json] [--data-dir DIR]
  the consolidated MIS of a place (organisation, state, district, block, cluster, village): the sum of its groups' books`;

const PLACES = ['organisation', 'state', 'district', 'block', 'cluster', 'village'];

/** A few lines for a terminal; --json gives the whole MIS as the API does. */
export function misText(m: Mis): string {
  const rs = (p: number) => formatMoney(p);
  const lines = [
    `${m.node.name} (${m.node.kind} ${m.node.code}; NRLM ${m.node.nrlmCode ?? '-'}, LGD ${m.node.lgdCode ?? '-'}) as of ${m.asOf}`,
    `SHGs ${m.shgs.total - m.shgs.closed} (active ${m.shgs.active}), members ${m.members.active}`,
    `savings ${rs(m.savings.totalPaise)}`,
    `loans outstanding ${rs(m.loansOutstanding.totalPaise)}: to members ${rs(m.loansOutstanding.internal)}, bank ${rs(m.loansOutstanding.bank)}, federation ${rs(m.loansOutstanding.federation)}, other ${rs(m.loansOutstanding.other)}`,
    `repayment rate ${m.portfolio.repaymentRate ?? '-'}% (${m.portfolio.from} to ${m.portfolio.to}); PAR ${m.portfolio.par.atRiskPercent}% of ${rs(m.portfolio.par.outstandingPaise)}`,
    `grades A ${m.grades.A}, B ${m.grades.B}, C ${m.grades.C}, not graded ${m.grades.notGraded}`,
    `readiness: ${m.funnel.map((f) => `${f.step} ${f.shgs}`).join(', ')}`,
    ...m.funds.map((f) => `fund ${f.fund} to ${f.level}: ${f.institutions} received ${rs(f.receivedPaise)}, repaid ${rs(f.repaidPaise)}`),
  ];
  return `${lines.join('\n')}\n`;
}

export async function reportMisCommand(args: ParsedArgs): Promise<number> {
  const code = stringFlag(args, 'node');
  if (!code) throw new UsageError(`--node is required (the code of a place)\n\n${MIS_USAGE}`);
  const asOf = stringFlag(args, 'as-of') ?? todayIn();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new UsageError('--as-of must be a date YYYY-MM-DD');
  const database = await openDatabase({ dataDir: dataDirFrom(stringFlag(args, 'data-dir')), databaseUrl: process.env.DATABASE_URL });
  try {
    const nodes = await database.db.selectFrom('node').selectAll().where('code', '=', code).execute();
    if (nodes.length === 0) throw new UsageError(`no place with code ${code}`);
    if (nodes.length > 1) throw new UsageError(`${nodes.length} organisations have a place with code ${code}`);
    const node = nodes[0]!;
    if (!PLACES.includes(node.kind)) throw new UsageError(`${code} is a ${node.kind}: the MIS is for a place (${PLACES.join(', ')})`);
    const mis = await consolidatedMis(database.db, node, asOf);
    process.stdout.write(args.flags.get('json') === true ? `${JSON.stringify(mis, null, 2)}\n` : misText(mis));
    return 0;
  } finally {
    await database.close();
  }
}
