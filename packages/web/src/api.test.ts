import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, queryString, setFetch, setUnauthenticatedHandler, toApiError } from './api.ts';

const json = (status: number, body: unknown) =>
  new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

afterEach(() => {
  setFetch((input, init) => fetch(input, init));
  setUnauthenticatedHandler(undefined);
});

describe('api client', () => {
  it('builds query strings without empty values', () => {
    expect(queryString({ from: '2024-01-01', to: undefined, asOf: '', memberId: null })).toBe('?from=2024-01-01');
    expect(queryString({})).toBe('');
  });

  it('reads the error shape, and copes with anything else', () => {
    const e = toApiError(400, { error: { code: 'VALIDATION_FAILED', message: 'bad', field: 'date', problems: [{ code: 'VALIDATION_FAILED', field: 'date', message: 'bad' }] } });
    expect([e.code, e.field, e.problems.length, e.status]).toEqual(['VALIDATION_FAILED', 'date', 1, 400]);
    expect(toApiError(502, '<html>').code).toBe('UNKNOWN');
    expect(toApiError(401, undefined).code).toBe('UNAUTHENTICATED');
  });

  it('sends credentials and JSON, unwraps the answer', async () => {
    const calls: [string, RequestInit | undefined][] = [];
    setFetch(async (input, init) => {
      calls.push([input, init]);
      return json(200, { report: { name: 'dcb', entityCode: 'S1', params: {}, columns: [], rows: [] } });
    });
    const report = await api.report('s 1', 'dcb', { from: '2024-04-01', to: '2025-03-31' });
    expect(report.name).toBe('dcb');
    expect(calls[0]![0]).toBe('/api/shgs/s%201/reports/dcb?from=2024-04-01&to=2025-03-31');
    expect(calls[0]![1]?.credentials).toBe('same-origin');
  });

  it('posts the login body and treats 204 as empty', async () => {
    const calls: RequestInit[] = [];
    setFetch(async (_input, init) => {
      calls.push(init!);
      return calls.length === 1 ? json(200, { user: { id: 'u1', name: 'Asha', language: 'hi' } }) : new Response(null, { status: 204 });
    });
    expect((await api.login('asha', 'pw')).user.name).toBe('Asha');
    expect(JSON.parse(String(calls[0]!.body))).toEqual({ username: 'asha', password: 'pw' });
    expect(calls[0]!.method).toBe('POST');
    await expect(api.logout()).resolves.toBeUndefined();
  });

  it('turns failures into ApiError and reports a lost session, except at login', async () => {
    const lost = vi.fn();
    setUnauthenticatedHandler(lost);
    setFetch(async () => json(401, { error: { code: 'UNAUTHENTICATED', message: 'no' } }));
    await expect(api.shg('x')).rejects.toBeInstanceOf(ApiError);
    expect(lost).toHaveBeenCalledTimes(1);
    await expect(api.login('a', 'b')).rejects.toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    expect(lost).toHaveBeenCalledTimes(1);
  });

  it('reports a network failure as NETWORK', async () => {
    setFetch(async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(api.nodes()).rejects.toMatchObject({ code: 'NETWORK', status: 0 });
  });
});
