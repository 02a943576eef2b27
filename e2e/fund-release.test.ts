/**
 * A fund release through the maker–checker flow, in real Chromium on the demo data: the administrator asks for a
 * release to a VO from its "Loans and funds" section (a release the rules refuse shows the rule in words), cannot
 * approve her own request on #/approvals (it waits for someone else; the server's refusal is shown translated), the
 * accounts officer approves it there, and the VO's Loans and funds section then shows the money received.
 * Then the federation's own records kept from its pages: an EC meeting with its attendance and numbered decisions,
 * an office bearer and a sub-committee, the receipt of a repayment an SHG made at its meeting (in transit until
 * then), and a new VO formed from the village's Federations section.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { formatMoney } from '../packages/core/src/money.ts';
import { launchChromium, startDemoE2eServer, type DemoE2eServer } from './support.ts';

let server: DemoE2eServer;
let browser: Browser;
let page: Page;
let ids: { vo: string; voName: string; root: string; rootName: string; village: string };

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
  const rows = await sql<{ vo: string; voName: string; root: string; rootName: string; village: string }>`
    select vo.id as vo, vo.name as "voName", o.id as root, o.name as "rootName", v.id as village
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

describe('a federation’s own records, kept from its pages', () => {
  it('an EC meeting: everyone on the EC ticked, decisions typed one to a line and numbered', async () => {
    await page.goto(`${server.url}/#/node/${ids.vo}/meetings`);
    await page.getByText('Record a meeting', { exact: true }).click();
    await page.locator('#fm-kind').selectOption('ec');
    await page.locator('#fm-date').fill('2026-10-30');
    const boxes = page.locator('fieldset.people-ticks input[type="checkbox"]');
    await boxes.first().waitFor();
    for (const box of await boxes.all()) await box.check();
    const ticked = await page.locator('fieldset.people-ticks input[type="checkbox"]:checked').count();
    expect(ticked).toBeGreaterThan(0);
    await page.locator('#fm-decisions').fill('1. Repayments to be deposited in the bank every week\n\n2) Next EC meeting on 5 November');
    await page.getByRole('button', { name: 'Save the meeting' }).click();
    const status = page.locator('.federation-action p.ok[role="status"]');
    await status.waitFor();
    expect(await status.textContent()).toContain(`${ticked} present, 2 decisions`);
    const saved = await sql<{ decisions: unknown; present: string }>`
      select m.decisions, (select count(*) from federation_meeting_attendance a where a.meeting_id = m.id) as present
        from federation_meeting m where m.federation_id = ${ids.vo} and m.kind = 'ec' and m.date = '2026-10-30'`.execute(server.t.db);
    expect(saved.rows.map((r) => ({ ...r, present: Number(r.present) }))).toEqual([
      {
        decisions: [
          { no: 1, text: 'Repayments to be deposited in the bank every week' },
          { no: 2, text: 'Next EC meeting on 5 November' },
        ],
        present: ticked,
      },
    ]);
    await page.locator('ol.decisions li', { hasText: 'Next EC meeting on 5 November' }).waitFor();
  });

  it('a secretary chosen from the EC, and a sub-committee with its convenor', async () => {
    await page.goto(`${server.url}/#/node/${ids.vo}/committee`);
    await page.getByText('Appoint to the committee', { exact: true }).click();
    await page.locator('#ec-role').selectOption('secretary');
    const person = await page.locator('#ec-person option').nth(1).getAttribute('value');
    await page.locator('#ec-person').selectOption(person!);
    await page.locator('#ec-from').fill('2026-10-30');
    await page.getByRole('button', { name: 'Appoint', exact: true }).click();
    await page.locator('.federation-action p.ok[role="status"]').waitFor();
    const seats = await sql<{ role: string }>`select role from federation_ec_member where federation_id = ${ids.vo} and person_id = ${person} order by role`.execute(server.t.db);
    expect(seats.rows.map((r) => r.role)).toContain('representative');
    expect(seats.rows.map((r) => r.role)).toContain('secretary');

    await page.getByText('Form a sub-committee', { exact: true }).click();
    await page.locator('#sc-name').fill('Bank linkage');
    await page.locator('#sc-formed').fill('2026-10-30');
    const boxes = page.locator('fieldset.people-ticks input[type="checkbox"]');
    await boxes.first().waitFor();
    const chosen = Math.min(2, await boxes.count());
    for (let i = 0; i < chosen; i++) await boxes.nth(i).check();
    const convenor = await page.locator('#sc-convenor option').nth(1).getAttribute('value');
    await page.locator('#sc-convenor').selectOption(convenor!);
    await page.getByRole('button', { name: 'Form the sub-committee' }).click();
    await page.getByText('The sub-committee Bank linkage is formed.').waitFor();
    const members = await sql<{ person_id: string; role: string }>`
      select m.person_id, m.role from federation_sub_committee c join federation_sub_committee_member m on m.sub_committee_id = c.id
       where c.federation_id = ${ids.vo} and c.name = 'Bank linkage'`.execute(server.t.db);
    expect(members.rows).toHaveLength(chosen);
    expect(members.rows.filter((m) => m.role === 'convenor')).toEqual([{ person_id: convenor, role: 'convenor' }]);
  });

  it('a repayment made at an SHG’s meeting, in transit until the VO records receiving it', async () => {
    // An SHG of the VO repays Rs 500 of its CIF loan from the VO at its own meeting: the VO has not received it yet.
    const loan = await sql<{ loanId: string; shgId: string }>`
      select l.id as "loanId", b.node_id as "shgId" from institution_loan l
        join entity le on le.id = l.lender_entity_id join entity b on b.id = l.borrower_entity_id
       where le.node_id = ${ids.vo} order by b.node_id limit 1`.execute(server.t.db);
    const { loanId, shgId } = loan.rows[0]!;
    const paid = await page.request.post(`${server.url}/api/commands`, {
      data: { id: crypto.randomUUID(), type: 'record-meeting', payload: { meetingId: crypto.randomUUID(), shgId, date: '2026-11-02', externalLoanRepayments: [{ externalLoanId: loanId, principalPaise: 50_000, interestPaise: 0, via: 'bank' }] } },
    });
    expect(paid.ok(), `record-meeting answered ${paid.status()}`).toBe(true);
    await page.goto(`${server.url}/#/node/${ids.vo}/reconciliation`);
    const rows = page.locator('section.in-transit tbody tr');
    await page.locator('section.verdict').waitFor();
    const before = await rows.count();
    expect(before).toBeGreaterThan(0);
    const meetingId = await rows.first().getAttribute('data-meeting');
    await rows.first().getByRole('button', { name: /Record receipt/ }).click();
    await rows.first().locator('input[type="date"]').fill('2026-11-05');
    await rows.first().locator('select').selectOption('cash');
    await rows.first().getByRole('button', { name: /^Received / }).click();
    await expect.poll(async () => (await sql<{ n: number }>`select count(*)::int as n from fund_transfer where kind = 'meeting-receipt' and meeting_id = ${meetingId}`.execute(server.t.db)).rows[0]!.n).toBe(1);
    await expect.poll(() => page.locator(`section.in-transit tr[data-meeting="${meetingId}"]`).count()).toBe(0);
  });

  it('a new VO formed from the village’s Federations section', async () => {
    await page.goto(`${server.url}/#/node/${ids.village}/federations`);
    await page.getByText('Form a Village Organisation (VO)', { exact: true }).click();
    expect(await page.locator('#cf-level option').allTextContents()).toHaveLength(1);
    await page.locator('#cf-name').fill('Ramnagar Second Village Organisation');
    await page.locator('#cf-code').fill('E2E-VO-2');
    await page.locator('#cf-formed').fill('2026-10-01');
    await page.locator('#cf-regas').fill('society');
    await page.getByRole('button', { name: 'Form the federation' }).click();
    await page.getByText('Ramnagar Second Village Organisation is formed.').waitFor();
    const made = await sql<{ kind: string; parent_id: string; registered_as: string | null; level: string }>`
      select n.kind, n.parent_id, f.registered_as, f.level from node n join federation f on f.node_id = n.id where n.code = 'E2E-VO-2'`.execute(server.t.db);
    expect(made.rows).toEqual([{ kind: 'vo', parent_id: ids.village, registered_as: 'society', level: 'vo' }]);
    await page.locator('table tbody tr', { hasText: 'Ramnagar Second Village Organisation' }).waitFor();
  });
});
