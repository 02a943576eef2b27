/**
 * Field app figures against DESIGN.md's budgets, in Debian's Chromium on a real server (embedded PostgreSQL):
 *  - first-load JS, gzipped: the scripts a phone downloads to show the field app's first screen (<= 150 KB), and
 *    the scripts the meeting screen needs on top (core's rules, loaded after unlock);
 *  - time to open the meeting screen of 15 members under 4x CPU throttling (CDP Emulation.setCPUThrottlingRate),
 *    from the tap on "Record a meeting" to every member's row on screen; and a cold start to the PIN screen;
 *  - bytes on the wire to sync one weekly meeting of 15 members (<= 2 KB gzipped).
 * Run: npx tsx bench/field-app.bench.ts [--dist] [--runs 7]   (--dist: use the existing build in packages/web/dist)
 */
import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { openDatabase } from '../packages/server/src/open-database.ts';
import { buildApp } from '../packages/server/src/http/app.ts';
import { WEB_DIST } from '../packages/server/src/start.ts';
import { applyCommand } from '../packages/server/src/commands/apply-command.ts';
import { createOrganisation } from '../packages/server/src/use-cases/create-organisation.ts';
import { loadActor } from '../packages/server/src/access.ts';
import { addDays } from '../packages/core/src/dates.ts';
import { intFlag, parseArgs } from '../packages/cli/src/args.ts';

const args = parseArgs(process.argv.slice(2));
const RUNS = intFlag(args, 'runs', 7, 1, 100);
const BUDGET_KB = 150;
const SYNC_BUDGET_BYTES = 2048;
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

if (!args.flags.has('dist')) {
  console.log('building the web app…');
  const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: path.resolve(WEB_DIST, '..'), stdio: 'inherit' });
  if (r.status !== 0) throw new Error('web build failed');
} else if (!existsSync(path.join(WEB_DIST, 'index.html'))) {
  throw new Error('no build in packages/web/dist: run without --dist');
}

// ---- a server with one SHG of 15 members, three of them with loans, and her bookkeeper ------------------------
const dir = path.resolve('.tmp/bench-field');
rmSync(dir, { recursive: true, force: true });
const database = await openDatabase({ dataDir: dir });
const { db } = database;
process.on('uncaughtException', (e) => {
  console.error(e);
  void database.close().finally(() => process.exit(1));
});
const org = await createOrganisation(db, { code: 'BENCH', name: 'Bench NGO', admin: { username: 'bench', name: 'Bench', password: 'bench-password' } });
const actor = (await loadActor(db, org.adminUserId))!;
const run = (type: string, payload: unknown) => applyCommand(db, actor, { id: randomUUID(), type, payload });
const today = (() => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
})();
const blockId = randomUUID();
const villageId = randomUUID();
await run('create-node', { id: blockId, parentId: org.rootNodeId, kind: 'block', name: 'Block', code: 'BLK' });
await run('create-node', { id: villageId, parentId: blockId, kind: 'village', name: 'Village', code: 'VIL' });
const shgId = randomUUID();
await run('create-shg', { id: shgId, villageId, name: 'Durga SHG', code: 'DRG', formedOn: addDays(today, -70), meetingFrequency: 'weekly', compulsorySavingsPaise: 1000 });
const members: string[] = [];
for (let m = 0; m < 15; m++) {
  const id = randomUUID();
  await run('admit-member', { id, shgId, name: `Member ${m + 1}`, joinedOn: addDays(today, -70) });
  members.push(id);
}
await run('record-meeting', {
  meetingId: randomUUID(),
  shgId,
  date: addDays(today, -35),
  attendance: members.map((memberId) => ({ memberId, status: 'present' })),
  savings: members.map((memberId) => ({ memberId, compulsoryPaise: 1000, voluntaryPaise: 0 })),
  otherReceipts: [{ kind: 'revolving-fund', amountPaise: 2_000_000 }],
  disbursements: members.slice(0, 3).map((memberId) => ({ loanId: randomUUID(), memberId, principalPaise: 500_000, purpose: 'goat', terms: { kind: 'flexible', ratePercentPerMonth: '2', period: 'monthly' } })),
});
await run('create-user', { id: randomUUID(), username: 'asha', name: 'Asha Devi', password: 'asha-pass-12', language: 'en', roles: [{ nodeId: shgId, role: 'bookkeeper' }] });
const app = await buildApp({ db, webDir: WEB_DIST });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

const gzipKb = (files: Iterable<string>) => {
  let bytes = 0;
  for (const f of files) bytes += gzipSync(readFileSync(path.join(WEB_DIST, f)), { level: 9 }).length;
  return bytes / 1024;
};
const jsPath = (u: string) => new URL(u).pathname.replace(/^\//, '');

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ARGS });
try {
  // ---- first load: a new phone (no cache, no service worker) opening the field app ---------------------------
  const fresh = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 412, height: 915 } });
  const page = await fresh.newPage();
  const loaded: string[] = [];
  page.on('response', (r) => {
    if (r.url().endsWith('.js') && r.ok()) loaded.push(jsPath(r.url()));
  });
  await page.goto(`${url}/#/field`);
  await page.getByLabel('Username').waitFor();
  await page.waitForLoadState('networkidle');
  const firstLoad = [...new Set(loaded)];
  // Signing in and opening the meeting screen: what else comes (core's rules, prefetched after unlock).
  await page.getByLabel('Username').fill('asha');
  await page.getByLabel('Password').fill('asha-pass-12');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('New PIN').fill('2580');
  await page.getByLabel('The same PIN again').fill('2580');
  await page.getByRole('button', { name: 'Save PIN' }).click();
  await page.getByTestId(`group-${shgId}`).click();
  await page.getByTestId('new-meeting').click();
  await page.getByTestId('member-15').waitFor();
  await page.waitForLoadState('networkidle');
  const meetingJs = [...new Set(loaded)];
  const lazy = meetingJs.filter((f) => !firstLoad.includes(f));
  await fresh.close();

  // ---- the installed app on a slow phone: 4x CPU throttling ---------------------------------------------------
  const ctx = await browser.newContext({ viewport: { width: 412, height: 915 } });
  const p = await ctx.newPage();
  await p.goto(`${url}/#/field`);
  await p.getByLabel('Username').fill('asha');
  await p.getByLabel('Password').fill('asha-pass-12');
  await p.getByRole('button', { name: 'Sign in' }).click();
  await p.getByLabel('New PIN').fill('2580');
  await p.getByLabel('The same PIN again').fill('2580');
  await p.getByRole('button', { name: 'Save PIN' }).click();
  await p.getByTestId(`group-${shgId}`).waitFor();
  await p.evaluate(() => navigator.serviceWorker.ready);
  await p.waitForLoadState('networkidle');
  const cdp = await ctx.newCDPSession(p);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });

  const openMeeting = async (pg: Page): Promise<number> => {
    await pg.goto(`${url}/#/field/shg/${shgId}`);
    await pg.getByTestId('new-meeting').waitFor();
    // A string, not a function: tsx would wrap named inner functions in a helper the page does not have.
    return pg.evaluate<number>(`new Promise((resolve) => {
      const start = performance.now();
      document.querySelector('[data-testid="new-meeting"]').click();
      const check = () => document.querySelector('[data-testid="member-15"]') ? requestAnimationFrame(() => resolve(performance.now() - start)) : requestAnimationFrame(check);
      check();
    })`);
  };
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const opens: number[] = [];
  for (let i = 0; i < RUNS; i++) opens.push(await openMeeting(p));

  // A cold start of the installed app (from the service worker's cache) to the PIN screen, throttled.
  const colds: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await p.goto(`${url}/?start=${i}#/field`); // a real load (a hash change alone would not reload the app)
    await p.getByLabel('Your PIN').waitFor();
    colds.push(await p.evaluate(() => performance.now()));
  }
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });

  // ---- one weekly meeting of 15 members on the wire ----------------------------------------------------------
  await p.getByLabel('Your PIN').fill('2580');
  await p.getByRole('button', { name: 'Open', exact: true }).click();
  await p.getByTestId(`group-${shgId}`).click();
  await p.getByTestId('new-meeting').click();
  await p.getByTestId('all-as-expected').click();
  await p.getByTestId('cash-matches').click();
  const push = p.waitForRequest((r) => r.url().endsWith('/api/sync/push'));
  await p.getByTestId('save-meeting').click();
  const request = await push;
  const wire = request.postDataBuffer()?.length ?? 0;
  const encoding = (await request.allHeaders())['content-encoding'] ?? 'identity';
  await ctx.close();

  const first = gzipKb(firstLoad);
  const extra = gzipKb(lazy);
  console.log(`\nfield app benchmark (Chromium ${browser.version()}, ${RUNS} runs each)`);
  console.log(`  first-load JS, gzipped              : ${first.toFixed(1)} KB  (budget <= ${BUDGET_KB} KB) ${first <= BUDGET_KB ? 'OK' : 'OVER BUDGET'}`);
  console.log(`      ${firstLoad.map((f) => `${path.basename(f)} ${gzipKb([f]).toFixed(1)}`).join(', ')}`);
  console.log(`  meeting screen adds, lazily         : ${extra.toFixed(1)} KB  (${lazy.map((f) => path.basename(f)).join(', ')}; prefetched after unlock)`);
  console.log(`  all JS to the meeting screen        : ${(first + extra).toFixed(1)} KB`);
  console.log(`  open the meeting screen, 4x CPU     : median ${median(opens).toFixed(0)} ms  (min ${Math.min(...opens).toFixed(0)}, max ${Math.max(...opens).toFixed(0)}; tap to 15 rows on screen)`);
  console.log(`  cold start to PIN screen, 4x CPU    : median ${median(colds).toFixed(0)} ms  (installed app, from the service worker)`);
  console.log(`  one meeting of 15 members on wire   : ${wire} bytes, ${encoding}  (budget <= ${SYNC_BUDGET_BYTES}) ${wire <= SYNC_BUDGET_BYTES ? 'OK' : 'OVER BUDGET'}`);
} finally {
  await browser.close();
  await app.close();
  await database.close();
  rmSync(dir, { recursive: true, force: true });
}
