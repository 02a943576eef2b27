import { parse } from 'csv-parse/sync';
import { expect } from 'vitest';
import { toDecimalString } from '@khata/core/money';
import type { TestApp } from '../testing/app.ts';

/** A GET as the given user (admin by default) without parsing: the body as text, and the content type. */
export async function rawGet(h: TestApp, url: string, login: { username: string; password: string } = { username: 'admin', password: 'admin-pass-1' }) {
  const session = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { ...login, device: { id: 'test-device' } } });
  const token = session.json().token as string;
  const r = await h.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
  return { status: r.statusCode, type: String(r.headers['content-type'] ?? ''), body: r.body, raw: r.rawPayload };
}

/** CSV text → records by header (the byte-order mark dropped). */
export function csvRecords(text: string): Array<Record<string, string>> {
  return parse(text.replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
}

/**
 * The export's rows are the JSON rows: every column of the file equals the JSON value of the same key (money as
 * rupees with two decimals, nothing for null).
 */
export function expectExportEqualsJson(csv: string, json: ReadonlyArray<Record<string, unknown>>, moneyKeys: readonly string[] = []) {
  const records = csvRecords(csv);
  expect(records.length).toBe(json.length);
  records.forEach((record, i) => {
    const row = json[i]!;
    for (const [key, text] of Object.entries(record)) {
      const value = row[key];
      const expected = value === null || value === undefined ? '' : moneyKeys.includes(key) ? toDecimalString(Number(value)) : String(value);
      expect(`${key}=${text}`).toBe(`${key}=${expected}`);
    }
  });
}
