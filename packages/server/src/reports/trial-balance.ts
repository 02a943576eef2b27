import type { Database } from '../db/pool.ts';
import { hledgerAccountName, loadEntityNames } from '../export/hledger-names.ts';
import { balancesAsOf } from './ledger-data.ts';
import { asOfSchema, col, entityInfo, resolveAsOf, type Report, type Row } from './report.ts';

export const trialBalanceParams = asOfSchema;

const columns = [col('account', 'text'), col('debit', 'money'), col('credit', 'money')];

function row(account: string, balance: number): Row {
  return { account, debit: balance > 0 ? balance : null, credit: balance < 0 ? -balance : null };
}

function totals(rows: Row[]): Row {
  let debit = 0;
  let credit = 0;
  for (const r of rows) {
    debit += (r.debit as number | null) ?? 0;
    credit += (r.credit as number | null) ?? 0;
  }
  return { account: null, debit, credit };
}

/**
 * Trial balance of one entity as of a date: every account of its chart (zero balances included), debit balances
 * in `debit`, credit balances in `credit`; the two totals are equal. Reads period balances for whole months.
 */
export async function trialBalance(db: Database, entityId: number, params: { asOf?: string | undefined }): Promise<Report> {
  const entity = await entityInfo(db, entityId);
  const asOf = resolveAsOf(params);
  const balances = await balancesAsOf(db, [entityId], asOf);
  const rows = balances.map((b) => row(b.account, b.balance));
  return { name: 'trial-balance', entityCode: entity.code, params: { asOf }, columns, rows, totals: totals(rows) };
}

/**
 * Balances of every account with a nonzero balance, named as in the exported hledger journal
 * (`<entity>:<account path>`), signed (debit positive). `asOf` null: everything posted.
 */
export async function hledgerBalances(db: Database, options: { entityIds?: readonly number[] | null; asOf?: string | null } = {}): Promise<Map<string, number>> {
  const entityIds = options.entityIds ?? null;
  const [names, balances] = await Promise.all([loadEntityNames(db, entityIds), balancesAsOf(db, entityIds, options.asOf ?? null)]);
  const out = new Map<string, number>();
  for (const b of balances) if (b.balance !== 0) out.set(hledgerAccountName(names.get(b.entityId)!, b.account), b.balance);
  return out;
}

/**
 * Trial balance of several entities (every entity when `entityIds` is null) in one table, each account named as
 * in the exported journal; accounts with a zero balance are left out (as `hledger bal` does). One section per
 * entity would be long for a state, so it is one list; each entity's lines sum to zero.
 */
export async function trialBalanceAll(
  db: Database,
  params: { asOf?: string | undefined; entityIds?: readonly number[] | null },
): Promise<Report> {
  const asOf = resolveAsOf(params);
  const balances = await hledgerBalances(db, { entityIds: params.entityIds ?? null, asOf });
  const rows = [...balances.entries()].map(([account, balance]) => row(account, balance));
  return { name: 'trial-balance', entityCode: 'all', params: { asOf }, columns, rows, totals: totals(rows) };
}
