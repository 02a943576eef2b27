import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, startE2eServer, type E2eServer } from './support.ts';
import { makeGroup, ok, type TestGroup } from '../packages/server/src/testing/fixtures.ts';

let server: E2eServer;
let browser: Browser;
let page: Page;
let g: TestGroup;

beforeAll(async () => {
  server = await startE2eServer();
  g = await makeGroup(server.h, server.h.admin, { members: 4, formedOn: '2026-01-05' });
  for (const [i, date] of ['2026-01-05', '2026-01-12'].entries()) {
    await ok(server.h.admin.command('record-meeting', {
      meetingId: randomUUID(),
      shgId: g.shgId,
      date,
      attendance: g.memberIds.map((memberId) => ({ memberId, status: 'present' })),
      // 12,34,567.89 rupees in the first meeting shows the lakh grouping on screen.
      savings: g.memberIds.map((memberId, k) => ({ memberId, compulsoryPaise: i === 0 && k === 0 ? 123456789 : 1000, voluntaryPaise: 0 })),
    }));
  }
  browser = await launchChromium();
  page = await browser.newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function signIn(username: string, password: string) {
  await page.goto(`${server.url}/#/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('web shell in Chromium', () => {
  it('refuses a wrong password with a translated message and stays on sign-in', async () => {
    await signIn('admin', 'wrong-password');
    await expect.poll(() => page.locator('[role=alert]').first().textContent()).toBeTruthy();
    expect(await page.getByRole('button', { name: 'Sign in' }).count()).toBe(1);
  });

  it('signs in and shows an SHG’s members with lakh-grouped money', async () => {
    await signIn('admin', 'admin-pass-1');
    await page.waitForSelector('text=Log out');
    await page.goto(`${server.url}/#/shg/${g.shgId}/members`);
    // Member 1 saved 12,34,567.89 then 10.00.
    await expect.poll(() => page.textContent('body')).toContain('₹12,34,577.89');
  });

  it('shows the trial balance with equal totals', async () => {
    await page.goto(`${server.url}/#/shg/${g.shgId}/reports/trial-balance`);
    await page.waitForSelector('table');
    await page.screenshot({ path: '.tmp/e2e-tb.png' });
    const body = (await page.textContent('body')) ?? '';
    // Cash: 12,34,567.89 + 3 x 10 + 4 x 10 = 12,34,637.89 in debit and savings in credit.
    expect(body).toContain('₹12,34,637.89');
  });

  it('switches language: the screen is in Bengali with no English left in the navigation', async () => {
    await page.getByRole('button', { name: 'বাংলা' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('bn');
    const body = (await page.textContent('body')) ?? '';
    expect(body).not.toContain('Log out');
    expect(body).not.toContain('Trial balance');
    await page.getByRole('button', { name: 'English' }).click();
  });

  it('prints a member passbook page', async () => {
    await page.goto(`${server.url}/#/shg/${g.shgId}/members/${g.memberIds[0]}/passbook`);
    await expect.poll(() => page.textContent('body')).toContain('₹12,34,567.89');
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
