/**
 * The micro-business plan form in real Chromium on the demo data: the case worker opens her case, changes the
 * price in the plan form and sees the break-even change as she types (worked out in the browser by core's
 * computePlan: the figure equals core's for the same figures), and saves the plan as a new version.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { computePlan, CURRENCY_SYMBOL, planFiguresSchema, type ProgrammeCurrency } from '../packages/core/src/business-plan.ts';
import { formatMoney } from '../packages/core/src/money.ts';
import { launchChromium, startDemoE2eServer, type DemoE2eServer } from './support.ts';

let server: DemoE2eServer;
let browser: Browser;
let page: Page;

async function latestPlan() {
  const r = await sql<{ case_id: string; code: string; version: number; figures: unknown; currency: ProgrammeCurrency }>`
    select v.case_id, c.code, v.version, v.figures, p.currency
      from mb_plan_version v join mb_case c on c.id = v.case_id join mb_partner p on p.id = c.partner_id
     order by v.version desc limit 1`.execute(server.t.db);
  return r.rows[0]!;
}

beforeAll(async () => {
  server = await startDemoE2eServer();
  browser = await launchChromium();
  page = await browser.newPage();
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the business plan form', () => {
  it('shows the break-even live as she types and saves a new plan version', async () => {
    const before = await latestPlan();
    const figures = planFiguresSchema.parse(before.figures);
    await page.goto(`${server.url}/#/login`);
    await page.getByLabel('Username').fill('caseworker');
    await page.getByLabel('Password').fill('khata-caseworker');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Log out' }).waitFor();
    await page.goto(`${server.url}/#/cases`);
    await page.getByRole('link', { name: before.code }).click();
    await page.getByRole('button', { name: 'Change the plan' }).click();

    const breakEven = page.getByTestId('live-break-even');
    const expected = (priceMinor: number) => {
      const c = computePlan({ ...figures, priceMinor });
      if (!c.ok || !c.value.breakEven) throw new Error('no break-even');
      return `${c.value.breakEven.unitsPerMonth} ${figures.unitName} a month = ${formatMoney(c.value.breakEven.salesMinor, { symbol: CURRENCY_SYMBOL[before.currency] })}`;
    };
    await expect.poll(() => breakEven.textContent()).toBe(expected(figures.priceMinor));

    // She types a higher price: the break-even falls at once, before anything is saved.
    const runningPerUnit = figures.runningCosts.reduce((s, r) => s + r.perUnitMinor, 0);
    const newPrice = figures.priceMinor + Math.max(10_000, runningPerUnit);
    await page.getByLabel('Price of one piece').fill(String(newPrice / 100));
    await expect.poll(() => breakEven.textContent()).toBe(expected(newPrice));
    expect(expected(newPrice)).not.toBe(expected(figures.priceMinor));

    await page.getByLabel('Why is the plan changed?').fill('Better price at the haat');
    await page.getByRole('button', { name: 'Save the plan' }).click();
    const saved = page.getByRole('status').filter({ hasText: `Plan saved as version ${before.version + 1}.` });
    await Promise.race([saved.waitFor(), page.getByRole('alert').waitFor().then(async () => expect.fail(`refused: ${await page.getByRole('alert').textContent()}`))]);
    const after = await latestPlan();
    expect(after.version).toBe(before.version + 1);
    expect(planFiguresSchema.parse(after.figures).priceMinor).toBe(newPrice);
  }, 180_000);
});
