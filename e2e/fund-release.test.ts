/**
 * A fund release through the maker–checker flow, in real Chromium on the demo data: the administrator asks for a
 * release to a VO from its "Loans and funds" section (a release the rules refuse shows the rule in words), cannot
 * approve her own request on #/approvals (it waits for someone else; the server's refusal is shown translated), the
 * accounts officer approves it there, and the VO's Loans and funds section then shows the money received.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { formatMoney } from '../packages/core/src/money.ts';
import { launchChromium, startDemoE2eServer, type DemoE2eServer } from './support.ts';

let server: DemoE2eServer;
let browser: Browser;
let page: Page;
let ids: { vo: string; voName: string; root: string; rootName: string };

const VRF_PAISE = 50_000_00;

/** What the organisation has given the VO so far (grants, in the VO's books): the funds table's figure. */
async function grantedToVo(): Promise<number> {
  const r = await sql<{ paise: string }>`
    select coalesce(sum(ft.amount_paise), 0) as paise
      from fund_transfer ft
      join entity r on r.id = ft.to_entity_id
      join entity g on g.id = ft.from_entity_id
     where ft.kind = 'grant' and r.node_id = ${ids.vo} and g.node_id = ${ids.root}`.execute(server.t.db);
  return Number(r.rows[0]!.paise);
}

async function approvalsOf(kind: string) {
  const r = await sql<{ id: string; status: string; amount: string }>`
    select id, status, (payload->'release'->>'amountPaise') as amount from approval_request
     where kind = ${kind} and payload->'release'->>'receiverId' = ${ids.vo} and payload->'release'->>'fund' = 'vrf'`.execute(server.t.db);
  return r.rows;
}

async function signIn(username: string, password: string) {
  await page.goto(`${server.url}/#/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Log out' }).waitFor();
}

beforeAll(async () => {
  server = await startDemoE2eServer();
  const rows = await sql<{ vo: string; voName: string; root: string; rootName: string }>`
    select vo.id as vo, vo.name as "voName", o.id as root, o.name as "rootName"
      from node v join node vo on vo.parent_id = v.id and vo.kind = 'vo'
      join node o on o.kind = 'organisation'
     where v.kind = 'village' and v.name = 'Ramnagar' limit 1`.execute(server.t.db);
  ids = rows.rows[0]!;
  browser = await launchChromium();
  page = await browser.newPage();
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('fund release: asked for on a VO page, approved by a second person on #/approvals', () => {
  let before = 0;

  it('the administrator asks for a release on the VO’s Loans and funds section', async () => {
    before = await grantedToVo();
    await signIn('admin', 'khata-admin');
    await page.goto(`${server.url}/#/node/${ids.vo}/loans`);
    await page.getByText('Release a fund', { exact: true }).click();
    const form = page.locator('form.release-fund');
    // From the organisation to this VO: chosen from a list, never typed.
    expect(await form.locator('#rf-route option').first().textContent()).toBe(`${ids.rootName} → ${ids.voName}`);
    // The rule set asks a second person for every release (by default): no "Release now".
    await form.getByText("Every release needs a second person's approval.").waitFor();
    expect(await form.getByRole('button', { name: 'Release now' }).count()).toBe(0);

    // A start-up fund beyond what a VO may get: refused, naming the field and the rule in words.
    await form.locator('#rf-fund').selectOption('start-up');
    await form.locator('#rf-amount').fill('30000');
    await form.getByRole('button', { name: 'Send for approval' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Amount: The programme rules do not allow this yet. (Start-up fund for a VO)');

    // The Vulnerability Reduction Fund, Rs 50,000: sent for approval.
    await form.locator('#rf-fund').selectOption('vrf');
    await form.locator('#rf-amount').fill('50,000');
    await form.locator('#rf-note').fill('VRF for the village: flood relief');
    await form.getByRole('button', { name: 'Send for approval' }).click();
    await form.getByRole('status').waitFor();
    expect(await form.getByRole('status').textContent()).toContain(`Sent for approval: ${formatMoney(VRF_PAISE)} to ${ids.voName}. Someone else must approve it.`);
    const pending = await approvalsOf('fund-release');
    expect(pending).toEqual([{ id: expect.any(String), status: 'pending', amount: String(VRF_PAISE) }]);
    expect(await grantedToVo()).toBe(before); // nothing posted yet
  });

  it('her own request waits for someone else; approving it herself is refused, in words', async () => {
    await page.locator('header.topbar').getByRole('link', { name: 'Approvals' }).click();
    const card = page.locator('li.approval[data-kind="fund-release"]', { hasText: ids.voName });
    await card.waitFor();
    const text = (await card.textContent()) ?? '';
    expect(text).toContain(`Vulnerability Reduction Fund (VRF) from ${ids.rootName} to ${ids.voName}`);
    expect(text).toContain(formatMoney(VRF_PAISE));
    expect(text).toContain('Why: VRF for the village: flood relief');
    expect(text).toContain('Your request: waiting for someone else to decide.');
    expect(await card.getByRole('button', { name: 'Approve' }).count()).toBe(0);

    // A screen that offered her the buttons anyway (an out-of-date list): the server refuses, the screen says why.
    await page.route('**/api/approvals?*', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { approvals: Array<Record<string, unknown>> };
      await route.fulfill({ response, json: { approvals: body.approvals.map((a) => ({ ...a, mine: false, canDecide: true })) } });
    });
    await page.reload();
    await card.getByRole('button', { name: 'Approve' }).click();
    const alert = card.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Request: Someone else must approve this.');
    await page.unroute('**/api/approvals?*');
    expect((await approvalsOf('fund-release'))[0]!.status).toBe('pending');
    await page.screenshot({ path: '.tmp/e2e-approvals-self.png', fullPage: true });
  });

  it('the accounts officer approves it; the VO’s Loans and funds then show the money', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await signIn('accounts', 'khata-accounts');
    await page.goto(`${server.url}/#/approvals`);
    const card = page.locator('li.approval[data-kind="fund-release"]', { hasText: ids.voName });
    await card.waitFor();
    expect(await card.textContent()).toContain('Asked by');
    await card.getByLabel('Note with your decision').fill('VO resolution seen');
    await card.getByRole('button', { name: 'Approve' }).click();
    const status = page.locator('section.approvals p.ok[role="status"]');
    await status.waitFor();
    expect(await status.textContent()).toBe(`Approved: Fund release, ${formatMoney(VRF_PAISE)}.`);
    expect((await approvalsOf('fund-release'))[0]!.status).toBe('approved');
    expect(await grantedToVo()).toBe(before + VRF_PAISE);
    // Nothing left waiting for this VO.
    await expect.poll(() => card.count()).toBe(0);

    await page.goto(`${server.url}/#/node/${ids.vo}/loans`);
    const row = page.locator('table tbody tr', { hasText: ids.rootName }).filter({ hasText: 'Grants' });
    await row.first().waitFor();
    expect(await row.first().textContent()).toContain(formatMoney(before + VRF_PAISE));
    await page.screenshot({ path: '.tmp/e2e-fund-release-loans.png', fullPage: true });
  });
});
