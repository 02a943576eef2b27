import { describe, expect, it } from 'vitest';
import { useSmallDemo } from './demo-test-kit.ts';
import { balancesOf } from '../use-cases/federation-test-kit.ts';

/* The demo's grain bank and makhana producer group, generated small: they exist, and their stock agrees with the books. */

const demo = useSmallDemo({ seed: 7, shgs: 6, months: 6 });
const get = (url: string) => demo.get(url);

describe('demo: grain bank and producer group', () => {
  it('a valued grain bank with contributions, loans in kind, repayments, a loss and a count; its stock is its books’', async () => {
    const { grainBanks } = (await get('/api/grain-banks')).body;
    expect(grainBanks).toHaveLength(1);
    const bank = grainBanks[0];
    const moves = (await get(`/api/grain-banks/${bank.id}/movements`)).body.movements as Array<{ kind: string }>;
    expect([...new Set(moves.map((m) => m.kind))].sort()).toEqual(['count-loss', 'loan', 'loss', 'receipt', 'repayment']);
    const loans = (await get(`/api/grain-banks/${bank.id}/loans?asOf=2026-10-31&all=true`)).body.loans as any[];
    expect(loans).toHaveLength(3);
    expect(loans.filter((l) => l.status === 'closed')).toHaveLength(1);
    const register = (await get(`/api/grain-banks/${bank.id}/register`)).body.rows as any[];
    const value = register.reduce((s, r) => s + r.closingValuePaise, 0);
    expect((await balancesOf({ t: demo.t } as any, bank.institutionId))['assets:grain-stock']).toBe(value);
  });

  it('a makhana producer group: members from SHGs, inputs, two collections, a sale, payments, a producer company', async () => {
    const { producerGroups } = (await get('/api/producer-groups')).body;
    expect(producerGroups).toEqual([expect.objectContaining({ commodity: 'makhana' })]);
    const pg = producerGroups[0];
    expect(pg.memberCount).toBeGreaterThanOrEqual(2);
    const detail = (await get(`/api/producer-groups/${pg.id}`)).body;
    expect(detail.companies).toHaveLength(1);
    const margin = (await get(`/api/producer-groups/${pg.id}/margin?from=2026-01-01&to=2026-10-31`)).body.rows;
    expect(margin[0].salesPaise).toBeGreaterThan(0);
    const stock = (await get(`/api/producer-groups/${pg.id}/stock`)).body.rows as any[];
    const books = await balancesOf({ t: demo.t } as any, pg.id);
    expect(books['assets:inventory:produce']).toBe(stock.find((r) => r.itemKind === 'produce').closingValuePaise);
    const payments = (await get(`/api/producer-groups/${pg.id}/payments`)).body.payments;
    expect(payments).toHaveLength(pg.memberCount);
    const tb = (await get(`/api/shgs/${pg.id}/reports/trial-balance?asOf=2026-10-31`)).body.report;
    expect(tb.totals.debit).toBe(tb.totals.credit);
  });
});
