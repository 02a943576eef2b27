import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { freshDatabase, type TestDatabase } from '../testing/database.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(async () => t.drop());

async function setupEntity() {
  const q = (sql: string, args: unknown[] = []) => t.pool.query(sql, args);
  const org = (await q(`insert into organisation (code, name) values ('o' || floor(random()*1e9)::text, 'Org') returning id`)).rows[0].id;
  const nodeId = randomUUID();
  await q(`insert into node (id, organisation_id, kind, name, code, path) values ($1, $2, 'shg', 'SHG', $3, $4)`, [nodeId, org, `S${nodeId.slice(0, 6)}`, `/${nodeId}/`]);
  const entity = (await q(`insert into entity (organisation_id, node_id, kind, code, currency) values ($1, $2, 'shg', $3, 'INR') returning id`, [org, nodeId, `E${nodeId.slice(0, 6)}`])).rows[0].id;
  const cash = (await q(`insert into account (organisation_id, entity_id, path, kind) values ($1, $2, 'assets:cash', 'asset') returning id`, [org, entity])).rows[0].id;
  const savings = (await q(`insert into account (organisation_id, entity_id, path, kind) values ($1, $2, 'liabilities:savings:compulsory', 'liability') returning id`, [org, entity])).rows[0].id;
  return { q, org, entity, cash, savings };
}

async function post(s: Awaited<ReturnType<typeof setupEntity>>, date: string, amounts: Array<[number, number]>, lineCount = amounts.length) {
  const client = await t.pool.connect();
  try {
    await client.query('begin');
    const entryId = (await client.query(`insert into journal_entry (organisation_id, entity_id, business_date, narration, source_type, line_count) values ($1, $2, $3, 'test', 'test', $4) returning id`, [s.org, s.entity, date, lineCount])).rows[0].id;
    const params: unknown[] = [entryId, s.org, date];
    const rows = amounts.map(([account, amount], i) => {
      params.push(account, amount);
      return `($1, ${i + 1}, $2, $${4 + i * 2}, $3, $${5 + i * 2})`;
    });
    await client.query(`insert into journal_line (entry_id, line_no, organisation_id, account_id, business_date, amount_paise) values ${rows.join(',')}`, params);
    await client.query('commit');
    return entryId as number;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

describe('the database guards the books', () => {
  it('accepts a balanced entry and keeps period balances in the same transaction', async () => {
    const s = await setupEntity();
    await post(s, '2026-01-05', [[s.cash, 1000], [s.savings, -1000]]);
    await post(s, '2026-01-12', [[s.cash, 500], [s.savings, -500]]);
    const b = await s.q('select debit_paise, credit_paise from account_period_balance where account_id = $1', [s.cash]);
    expect(b.rows).toEqual([{ debit_paise: 1500, credit_paise: 0 }]);
  });

  it('refuses an unbalanced entry and writes nothing', async () => {
    const s = await setupEntity();
    await expect(post(s, '2026-01-05', [[s.cash, 1000], [s.savings, -999]])).rejects.toThrow(/KHATA_UNBALANCED/);
    expect((await s.q('select count(*)::int as n from journal_entry where entity_id = $1', [s.entity])).rows[0].n).toBe(0);
  });

  it('refuses lines that do not match the declared line count', async () => {
    const s = await setupEntity();
    await expect(post(s, '2026-01-05', [[s.cash, 1000], [s.savings, -1000]], 3)).rejects.toThrow(/KHATA_UNBALANCED/);
  });

  it('refuses to update or delete posted lines and entries', async () => {
    const s = await setupEntity();
    const id = await post(s, '2026-01-05', [[s.cash, 1000], [s.savings, -1000]]);
    await expect(s.q('update journal_line set amount_paise = 5 where entry_id = $1', [id])).rejects.toThrow(/KHATA_IMMUTABLE/);
    await expect(s.q('delete from journal_line where entry_id = $1', [id])).rejects.toThrow(/KHATA_IMMUTABLE/);
    await expect(s.q('delete from journal_entry where id = $1', [id])).rejects.toThrow(/KHATA_IMMUTABLE/);
    await expect(s.q('truncate journal_line cascade')).rejects.toThrow(/KHATA_IMMUTABLE/);
  });

  it('refuses entries dated in a locked period', async () => {
    const s = await setupEntity();
    await s.q('insert into period_lock (entity_id, organisation_id, locked_through) values ($1, $2, $3)', [s.entity, s.org, '2026-03-31']);
    await expect(post(s, '2026-03-31', [[s.cash, 1], [s.savings, -1]])).rejects.toThrow(/KHATA_PERIOD_LOCKED/);
    await post(s, '2026-04-01', [[s.cash, 1], [s.savings, -1]]);
  });
});
