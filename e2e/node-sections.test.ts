/**
 * A tour of every screen a node of the tree has, on the demo data, in a real browser and in all four languages:
 * starting at the organisation, it follows every link to another node and opens every section tab. No screen may
 * show an error, stay loading, or show a catalog key instead of words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, startDemoE2eServer, type DemoE2eServer } from './support.ts';

let server: DemoE2eServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startDemoE2eServer();
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(`${server.url}/#/login`);
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill('khata-admin');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForSelector('text=Log out');
}, 240_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Waits until the screen has settled: nothing loading any more. */
async function settle(): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"], .loading'), undefined, { timeout: 15_000 });
}

async function open(hash: string): Promise<string> {
  await page.goto(`${server.url}/${hash}`);
  await page.waitForSelector('main h1', { timeout: 15_000 });
  await settle();
  return (await page.textContent('main')) ?? '';
}

const nodeLinks = () =>
  page.$$eval('main a[href^="#/node/"]', (as) => [...new Set(as.map((a) => a.getAttribute('href')!.split('?')[0]!))]);

// A catalog key shown raw looks like `word.word` (letters only, at least one dot), e.g. `cadre.title`.
const RAW_KEY = /\b[a-z][a-zA-Z]+\.[a-z][a-zA-Z]+(\.[a-zA-Z]+)*\b/g;

const visited: string[] = [];

describe('every node section, on the demo data', () => {
  it('opens every section of every node reachable from the organisation without an error', async () => {
    const root = await page.evaluate(async () => (await (await fetch('/api/nodes')).json()) as { nodes: { id: string }[] });
    const queue = root.nodes.map((n) => `#/node/${n.id}`);
    const seen = new Set(queue);
    const failures: string[] = [];
    while (queue.length > 0 && visited.length < 250) {
      const nodeHash = queue.shift()!;
      await open(nodeHash);
      const tabs = await page.$$eval('main nav.tabs a', (as) => as.map((a) => a.getAttribute('href')!));
      for (const hash of tabs.length ? tabs : [nodeHash]) {
        const text = await open(hash);
        visited.push(hash);
        const alert = await page.$('main [role=alert]');
        if (alert) failures.push(`${hash}: ${(await alert.textContent())?.slice(0, 200)}`);
        if (text.trim().length < 20) failures.push(`${hash}: nearly empty`);
        for (const link of await nodeLinks()) {
          if (!seen.has(link)) {
            seen.add(link);
            queue.push(link);
          }
        }
      }
    }
    console.log(`visited ${visited.length} section pages of ${seen.size} nodes`);
    expect(failures).toEqual([]);
    expect(visited.length).toBeGreaterThan(5);
  }, 600_000);

  for (const [lang, button] of [
    ['bn', 'বাংলা'],
    ['hi', 'हिन्दी'],
    ['or', 'ଓଡ଼ିଆ'],
  ] as const) {
    it(`shows every kind of section in ${lang} with no catalog key left raw`, async () => {
      await page.getByRole('button', { name: button }).click();
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
      // One page of each section kind is enough: the screens are the same for every node of a kind.
      const bySection = new Map<string, string>();
      for (const hash of visited) bySection.set(hash.split('/').slice(3).join('/') || 'default', bySection.get(hash.split('/').slice(3).join('/') || 'default') ?? hash);
      const raw: string[] = [];
      for (const hash of bySection.values()) {
        const text = await open(hash);
        const keys = [...text.matchAll(RAW_KEY)].map((m) => m[0]);
        if (keys.length) raw.push(`${hash}: ${[...new Set(keys)].slice(0, 5).join(', ')}`);
      }
      await page.getByRole('button', { name: 'English' }).click();
      console.log(`${lang}: ${bySection.size} kinds of section`);
      expect(raw).toEqual([]);
    }, 300_000);
  }
});
