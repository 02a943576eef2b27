/**
 * Federation screens on the demo data, in real Chromium: a branch manager (whose language is Bengali) opens a
 * village's readiness (the VO trigger's verdict and every shortfall, in Bengali), a VO's reconciliation (each pair
 * matched to the paisa), and grades an SHG (the grade-shg command through the Grading tab).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, startDemoE2eServer, type DemoE2eServer } from './support.ts';
import { sql } from 'kysely';

let server: DemoE2eServer;
let browser: Browser;
let page: Page;
let ids: { village: string; vo: string; shg: string };

beforeAll(async () => {
  server = await startDemoE2eServer();
  const rows = await sql<{ village: string; vo: string; shg: string }>`
    select v.id as village, vo.id as vo, m.member_node_id as shg
      from node v join node vo on vo.parent_id = v.id and vo.kind = 'vo'
      join federation_membership m on m.federation_id = vo.id
     where v.kind = 'village' and v.name = 'Ramnagar' limit 1`.execute(server.t.db);
  ids = rows.rows[0]!;
  browser = await launchChromium();
  page = await browser.newPage();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const body = async () => (await page.textContent('body')) ?? '';

describe('federation screens in Chromium (demo data)', () => {
  it('signs in as the branch manager: the screens speak Bengali', async () => {
    await page.goto(`${server.url}/#/login`);
    await page.getByLabel('Username').fill('manager.baruipur');
    await page.getByLabel('Password').fill('khata-manager');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('bn');
  });

  it('shows a village’s VO readiness: the verdict and each shortfall in Bengali', async () => {
    await page.goto(`${server.url}/#/node/${ids.village}/readiness?asOf=2026-10-31`);
    await page.waitForSelector('.verdict');
    const text = await body();
    expect(text).toContain('গ্রাম সংগঠন গড়ার জন্য প্রস্তুত?'); // Ready to form a Village Organisation?
    // The verdict, and when not met every shortfall: the rule it cites, in Bengali words, naming the group.
    const met = text.includes('হ্যাঁ, প্রস্তুত।'); // Yes, ready.
    expect(met || text.includes('এখনও নয়।')).toBe(true); // Not yet.
    const reasons = page.locator('.verdict .reasons li[data-rule]');
    if (!met) {
      expect(await reasons.count()).toBeGreaterThan(0);
      expect(await reasons.first().getAttribute('data-rule')).toBe('voFormation.minShgs'); // the count rule first
      for (const line of await reasons.allTextContents()) expect(line).toMatch(/[\u0980-\u09FF]{3,}/);
      const about = await page.locator('.verdict .reasons li[data-rule]:not([data-rule="voFormation.minShgs"])').allTextContents();
      for (const line of about) expect(line).toContain('Maa Durga SHG'); // Ramnagar's one SHG, by name
    }
    // Each SHG with whether it is working well.
    expect(await page.locator('table').last().textContent()).toContain('Maa Durga SHG');
    // Tabs of a place, in Bengali; no raw catalog key and no English reason sentence left on the screen.
    expect(await page.locator('nav.tabs').textContent()).toContain('প্রস্তুতি');
    expect(text).not.toMatch(/reason\.|section\.fed|functional SHGs|has not completed/);
    await page.screenshot({ path: '.tmp/e2e-readiness-bn.png', fullPage: true });
  });

  it('shows a VO’s reconciliation: every pair matched to the paisa', async () => {
    await page.goto(`${server.url}/#/node/${ids.vo}/reconciliation?asOf=2026-10-31`);
    await page.waitForSelector('.pair');
    const text = await body();
    expect(text).toContain('সব হিসাব পয়সা পর্যন্ত মেলে।'); // All books match, to the paisa.
    const pairs = page.locator('.pair');
    expect(await pairs.count()).toBeGreaterThanOrEqual(2); // the CLF above, the SHG below (and whoever else gave)
    expect(await page.locator('.pair [data-matched="true"]').count()).toBe(await pairs.count());
    expect(await pairs.allTextContents().then((t) => t.join(' '))).toContain('Maa Durga SHG');
    expect(text).toContain('সিআইএফ ঋণ'); // CIF loan
    await page.screenshot({ path: '.tmp/e2e-reconciliation-bn.png', fullPage: true });
  });

  it('in English too; and the SHG is graded from its records through the Grading tab', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    await expect.poll(body).toContain('All books match, to the paisa.');
    await page.goto(`${server.url}/#/shg/${ids.shg}/grading`);
    await page.waitForSelector('[data-indicator="meetings"]');
    expect(await body()).toContain('Not graded yet');
    // Its VO is one click away from the SHG's page.
    expect(await page.locator('.shg-federation a').textContent()).toContain('Village Organisation');
    await page.getByLabel('Records up to').fill('2026-10-31');
    await page.getByLabel('When').selectOption('before-cif');
    await page.getByRole('button', { name: 'Grade and save' }).click();
    await expect.poll(() => page.locator('.grade-now [role=status]').textContent()).toMatch(/Saved: grade [ABC]/);
    await expect.poll(body).toContain('Waiting for someone else to sign');
    expect(await page.locator('table').last().textContent()).toContain('Before CIF');
    expect(await body()).toContain('Latest grading');
    await page.screenshot({ path: '.tmp/e2e-grading-en.png', fullPage: true });
  });

  it('opens every federation section and the organisation rules without a problem', async () => {
    const root = await sql<{ id: string }>`select id from node where kind = 'organisation' limit 1`.execute(server.t.db);
    const checks: [string, string][] = [
      [`#/node/${ids.vo}/members`, 'Maa Durga SHG'],
      [`#/node/${ids.vo}/committee`, 'President'],
      [`#/node/${ids.vo}/meetings`, 'Executive committee meeting'],
      [`#/node/${ids.vo}/loans`, 'Loans given to members'],
      [`#/node/${ids.vo}/books?asOf=2026-10-31`, 'Trial balance'],
      [`#/node/${ids.village}/federations`, 'Ramnagar Village Organisation'],
    ];
    for (const [hash, expected] of checks) {
      await page.goto(`${server.url}/${hash}`);
      await expect.poll(body, { timeout: 15_000 }).toContain(expected);
      expect(await page.locator('.tab-panel [role=alert]').count(), hash).toBe(0);
    }
    // The organisation's rules: the administrator reaches the organisation node (a branch manager does not).
    const admin = await browser.newPage();
    await admin.goto(`${server.url}/#/login`);
    await admin.getByLabel('Username').fill('admin');
    await admin.getByLabel('Password').fill('khata-admin');
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.waitForSelector('text=Log out');
    await admin.goto(`${server.url}/#/node/${root.rows[0]!.id}/rules`);
    await expect.poll(async () => (await admin.textContent('body')) ?? '', { timeout: 15_000 }).toContain('Rules in force on');
    expect(await admin.textContent('body')).toContain('Working SHGs needed');
    await admin.screenshot({ path: '.tmp/e2e-rules-en.png', fullPage: true });
    await admin.close();
  });
});
