import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../testing/app.ts';
import { makeGroup, ok, type TestGroup } from '../testing/fixtures.ts';

let h: TestApp;
let g: TestGroup;
beforeAll(async () => {
  h = await testApp();
  g = await makeGroup(h, h.admin, { members: 2, formedOn: '2026-01-05' });
});
afterAll(async () => h.close());

describe('households, loan products and demand', () => {
  it('registers a household and links a member to it', async () => {
    const householdId = randomUUID();
    await ok(h.admin.command('register-household', { id: householdId, villageId: g.villageId, headName: 'Sabita Mondal', povertyStatus: 'poorest', seccDeprivations: ['d2', 'd7'], pipListed: true, pipVettedOn: '2025-12-01', categories: ['sc', 'landless'] }));
    await ok(h.admin.command('admit-member', { id: randomUUID(), shgId: g.shgId, householdId, name: 'Sabita Mondal', joinedOn: '2026-01-05', categories: ['sc'] }));
    const { households } = await ok(h.admin.get(`/api/nodes/${g.villageId}/households`));
    expect(households).toEqual([expect.objectContaining({ headName: 'Sabita Mondal', povertyStatus: 'poorest', pipListed: true, activeMembers: 1 })]);
    const bad = await h.admin.command('register-household', { id: randomUUID(), villageId: g.shgId, headName: 'X', povertyStatus: 'poor' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('villageId');
  });

  it('offers loan products defined above the SHG, and refuses terms that give no schedule', async () => {
    const terms = { kind: 'flexible', ratePercentPerMonth: '2', period: 'monthly' };
    await ok(h.admin.command('define-loan-product', { id: randomUUID(), nodeId: h.rootNodeId, name: 'Internal loan 2% a month', terms }));
    const { products } = await ok(h.admin.get(`/api/shgs/${g.shgId}/loan-products`));
    expect(products.map((p: any) => p.name)).toEqual(['Internal loan 2% a month']);
    const bad = await h.admin.command('define-loan-product', { id: randomUUID(), nodeId: h.rootNodeId, name: 'Bad', terms: { kind: 'scheduled', annualRatePercent: '24', interestMethod: 'declining', amortization: 'equal-installments', repayments: 4, unit: 'months', graceOnPrincipal: 4 } });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.body.error.field).toMatch(/^terms\./);
  });

  it('tells what a meeting should collect: compulsory savings and what is due on loans', async () => {
    const loanId = randomUUID();
    const memberId = g.memberIds[0]!;
    await ok(h.admin.command('record-meeting', {
      meetingId: randomUUID(), shgId: g.shgId, date: '2026-01-05',
      savings: g.memberIds.map((id) => ({ memberId: id, compulsoryPaise: 10000, voluntaryPaise: 0 })),
      disbursements: [{ loanId, memberId, principalPaise: 10000, purpose: 'seeds', terms: { kind: 'flexible', ratePercentPerMonth: '2', period: 'monthly' } }],
    }));
    const { demand } = await ok(h.admin.get(`/api/shgs/${g.shgId}/demand?date=2026-02-05`));
    const hers = demand.find((d: any) => d.memberId === memberId);
    expect(hers.compulsorySavingsPaise).toBe(1000);
    // One month at 2% on Rs 100.
    expect(hers.loans[0].interestPaise).toBe(200);
  });
});
