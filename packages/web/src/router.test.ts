import { describe, expect, it } from 'vitest';
import { href, parseHash, type Route } from './router.ts';

describe('hash router', () => {
  it('parses the routes', () => {
    expect(parseHash('')).toEqual({ name: 'home' });
    expect(parseHash('#/')).toEqual({ name: 'home' });
    expect(parseHash('#/login')).toEqual({ name: 'login' });
    expect(parseHash('#/shg/42')).toEqual({ name: 'shg', shgId: '42', tab: 'overview' });
    expect(parseHash('#/shg/42/loans')).toEqual({ name: 'shg', shgId: '42', tab: 'loans' });
    expect(parseHash('#/shg/42/meetings/m-7')).toEqual({ name: 'meeting', shgId: '42', meetingId: 'm-7' });
    expect(parseHash('#/shg/42/reports/trial-balance?asOf=2024-03-31')).toEqual({
      name: 'report',
      shgId: '42',
      report: 'trial-balance',
      params: { asOf: '2024-03-31' },
    });
    expect(parseHash('#/shg/42/members/9/passbook?from=2024-01-01&to=2024-03-31')).toEqual({
      name: 'passbook',
      shgId: '42',
      memberId: '9',
      params: { from: '2024-01-01', to: '2024-03-31' },
    });
  });

  it('parses the programme’s case routes (ids only)', () => {
    expect(parseHash('#/cases')).toEqual({ name: 'cases' });
    expect(parseHash('#/cases/c-1')).toEqual({ name: 'case', caseId: 'c-1' });
    expect(parseHash('#/cases/c-1/extra').name).toBe('not-found');
    expect(href({ name: 'case', caseId: 'c-1' })).toBe('#/cases/c-1');
  });

  it('parses the approvals route', () => {
    expect(parseHash('#/approvals')).toEqual({ name: 'approvals' });
    expect(parseHash('#/approvals/')).toEqual({ name: 'approvals' });
    expect(parseHash('#/approvals/x').name).toBe('not-found');
    expect(href({ name: 'approvals' })).toBe('#/approvals');
  });

  it('tolerates a missing slash and trailing slashes', () => {
    expect(parseHash('#shg/5/')).toEqual({ name: 'shg', shgId: '5', tab: 'overview' });
  });

  it('drops malformed dates and keeps memberId as given', () => {
    expect(parseHash('#/shg/1/reports/dcb?from=yesterday&to=2024-02-29&memberId=abc')).toEqual({
      name: 'report',
      shgId: '1',
      report: 'dcb',
      params: { to: '2024-02-29', memberId: 'abc' },
    });
  });

  it('sends unknown paths to not-found', () => {
    expect(parseHash('#/nope').name).toBe('not-found');
    expect(parseHash('#/shg/1/elsewhere').name).toBe('not-found');
    expect(parseHash('#/shg/1/meetings/2/3').name).toBe('not-found');
    expect(parseHash('#/shg/%E0%A4').name).toBe('not-found'); // broken percent-encoding
    expect(parseHash('#/node/1/mis/extra').name).toBe('not-found');
  });

  it('round-trips every route through href', () => {
    const routes: Route[] = [
      { name: 'home' },
      { name: 'login' },
      { name: 'shg', shgId: 'a b/c', tab: 'overview' },
      { name: 'shg', shgId: '1', tab: 'reports' },
      { name: 'meeting', shgId: '1', meetingId: 'ü?x' },
      { name: 'report', shgId: '1', report: 'balance-sheet', params: { asOf: '2025-03-31' } },
      { name: 'report', shgId: '1', report: 'cash-book', params: {} },
      { name: 'passbook', shgId: '1', memberId: '3', params: { from: '2024-04-01' } },
      { name: 'node', nodeId: 'n-1', section: undefined, params: {} },
      { name: 'node', nodeId: 'n-1', section: 'mis', params: { asOf: '2026-10-31' } },
      { name: 'approvals' },
      { name: 'cases' },
      { name: 'case', caseId: '6f1c0d2e-0000-4000-8000-000000000001' },
    ];
    for (const r of routes) expect(parseHash(href(r))).toEqual(r);
  });
});
