/**
 * The meeting screen in all four languages, in real Chromium, screenshotted (.tmp/field-meeting-<lang>.png), with
 * two checks on what is on screen:
 *  - no tofu: every character shown has a glyph in Khata's own self-hosted Noto fonts (read from the built woff2
 *    files' cmap tables, so a phone without Indic system fonts shows them too), the fonts for the language are
 *    loaded, and document.fonts.check agrees for the text shown;
 *  - no missing translation: no catalog key is shown raw, and outside English no English text of the catalogs is
 *    left on the screen.
 * Odia is checked with native digits on (୦–୯ need their glyphs too).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, startE2eServer, type E2eServer } from './support.ts';
import { makeGroup, ok, type TestGroup, regularMeeting } from '../packages/server/src/testing/fixtures.ts';
import { WEB_DIST } from '../packages/server/src/start.ts';
import { addDays } from '../packages/core/src/dates.ts';
import en from '../packages/web/src/i18n/en.json';
import hi from '../packages/web/src/i18n/hi.json';
import bn from '../packages/web/src/i18n/bn.json';
import or from '../packages/web/src/i18n/or.json';

const LANGS = [
  { lang: 'en', button: 'English', family: 'Noto Sans', catalog: en as Record<string, string> },
  { lang: 'hi', button: 'हिन्दी', family: 'Noto Sans Devanagari', catalog: hi as Record<string, string> },
  { lang: 'bn', button: 'বাংলা', family: 'Noto Sans Bengali', catalog: bn as Record<string, string> },
  { lang: 'or', button: 'ଓଡ଼ିଆ', family: 'Noto Sans Oriya', catalog: or as Record<string, string>, nativeDigits: true },
] as const;

// ---------------------------------------------------------------------------------------------------------------
// Which characters Khata's own fonts draw: the cmap of every woff2 file the build ships
// ---------------------------------------------------------------------------------------------------------------

const KNOWN_TAGS = ['cmap', 'head', 'hhea', 'hmtx', 'maxp', 'name', 'OS/2', 'post', 'cvt ', 'fpgm', 'glyf', 'loca', 'prep', 'CFF ', 'VORG', 'EBDT', 'EBLC', 'gasp', 'hdmx', 'kern', 'LTSH', 'PCLT', 'VDMX', 'vhea', 'vmtx', 'BASE', 'GDEF', 'GPOS', 'GSUB', 'EBSC', 'JSTF', 'MATH', 'CBDT', 'CBLC', 'COLR', 'CPAL', 'SVG ', 'sbix', 'acnt', 'avar', 'bdat', 'bloc', 'bsln', 'cvar', 'fdsc', 'feat', 'fmtx', 'fvar', 'gvar', 'hsty', 'just', 'lcar', 'mort', 'morx', 'opbd', 'prop', 'trak', 'Zapf', 'Silf', 'Glat', 'Gloc', 'Feat', 'Sill'];

/** The code points a WOFF2 font maps (format 4 and 12 cmap subtables). */
export function woff2CodePoints(file: Buffer): Set<number> {
  if (file.toString('latin1', 0, 4) !== 'wOF2') throw new Error('not a woff2 file');
  const numTables = file.readUInt16BE(12);
  const compressedSize = file.readUInt32BE(20);
  let p = 48;
  const base128 = () => {
    let v = 0;
    for (let i = 0; i < 5; i++) {
      const b = file[p++]!;
      v = v * 128 + (b & 0x7f);
      if (!(b & 0x80)) return v;
    }
    throw new Error('bad UIntBase128');
  };
  const tables: { tag: string; length: number }[] = [];
  for (let i = 0; i < numTables; i++) {
    const flags = file[p++]!;
    const tag = (flags & 0x3f) === 63 ? file.toString('latin1', p, (p += 4)) : KNOWN_TAGS[flags & 0x3f]!;
    const version = flags >> 6;
    const origLength = base128();
    const transformed = tag === 'glyf' || tag === 'loca' ? version === 0 : version !== 0;
    const length = transformed ? base128() : origLength;
    tables.push({ tag, length });
  }
  const data = brotliDecompressSync(file.subarray(p, p + compressedSize));
  let offset = 0;
  let cmap: Buffer | undefined;
  for (const t of tables) {
    if (t.tag === 'cmap') cmap = data.subarray(offset, offset + t.length);
    offset += t.length;
  }
  if (!cmap) throw new Error('no cmap');
  const points = new Set<number>();
  const n = cmap.readUInt16BE(2);
  for (let i = 0; i < n; i++) {
    const at = cmap.readUInt32BE(4 + i * 8 + 4);
    const format = cmap.readUInt16BE(at);
    if (format === 4) {
      const segX2 = cmap.readUInt16BE(at + 6);
      const ends = at + 14;
      const starts = ends + segX2 + 2;
      const deltas = starts + segX2;
      const ranges = deltas + segX2;
      for (let s = 0; s < segX2 / 2; s++) {
        const end = cmap.readUInt16BE(ends + s * 2);
        const start = cmap.readUInt16BE(starts + s * 2);
        const delta = cmap.readInt16BE(deltas + s * 2);
        const rangeOffset = cmap.readUInt16BE(ranges + s * 2);
        for (let c = start; c <= end && c !== 0xffff; c++) {
          let glyph: number;
          if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
          else {
            const g = cmap.readUInt16BE(ranges + s * 2 + rangeOffset + (c - start) * 2);
            glyph = g === 0 ? 0 : (g + delta) & 0xffff;
          }
          if (glyph !== 0) points.add(c);
        }
      }
    } else if (format === 12) {
      const groups = cmap.readUInt32BE(at + 12);
      for (let k = 0; k < groups; k++) {
        const start = cmap.readUInt32BE(at + 16 + k * 12);
        const end = cmap.readUInt32BE(at + 20 + k * 12);
        const glyph = cmap.readUInt32BE(at + 24 + k * 12);
        for (let c = start; c <= end; c++) if (glyph + (c - start) !== 0) points.add(c);
      }
    }
  }
  return points;
}

function shippedCoverage(): Set<number> {
  const dir = path.join(WEB_DIST, 'assets');
  const all = new Set<number>();
  const files = readdirSync(dir).filter((f) => /^noto-sans.*\.woff2$/.test(f));
  expect(files.length).toBeGreaterThan(8);
  for (const f of files) for (const c of woff2CodePoints(readFileSync(path.join(dir, f)))) all.add(c);
  return all;
}

// ---------------------------------------------------------------------------------------------------------------

let server: E2eServer;
let g: TestGroup;
let browser: Browser;
let page: Page;
let coverage: Set<number>;
/** The English screen's text: the leftover detector must flag it on every other language (it works). */
let englishScreen = '';
const today = (() => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
})();

beforeAll(async () => {
  server = await startE2eServer();
  coverage = shippedCoverage();
  g = await makeGroup(server.h, server.h.admin, { members: 15, formedOn: addDays(today, -70) });
  await ok(
    server.h.admin.command('record-meeting', regularMeeting(g, addDays(today, -35), {
      otherReceipts: [{ kind: 'revolving-fund', amountPaise: 2_000_000 }],
      disbursements: [{ loanId: randomUUID(), memberId: g.memberIds[0], principalPaise: 500_000, purpose: 'goat', terms: { kind: 'flexible', ratePercentPerMonth: '2', period: 'monthly' } }],
    })),
  );
  await ok(server.h.admin.command('create-user', { id: randomUUID(), username: 'mala', name: 'Mala', password: 'mala-pass-12', language: 'hi', roles: [{ nodeId: g.shgId, role: 'bookkeeper' }] }));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 412, height: 1400 } });
  mkdirSync('.tmp', { recursive: true });
  // Sign in (the screen is in English on a fresh phone), then the PIN screen comes in her language (Hindi).
  await page.goto(`${server.url}/#/field`);
  await page.locator('#f-username').fill('mala');
  await page.locator('#f-password').fill('mala-pass-12');
  await page.locator('form button[type=submit]').click();
  await page.locator('#f-pin-new').fill('4711');
  await page.locator('#f-pin-repeat').fill('4711');
  await page.locator('form button[type=submit]').click();
  await page.getByTestId(`group-${g.shgId}`).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** English phrases of the catalogs that a translated screen must not show (data such as names excluded). */
function englishLeftovers(text: string, lang: Record<string, string>): string[] {
  const english = en as Record<string, string>;
  const found: string[] = [];
  for (const [key, value] of Object.entries(english)) {
    if (lang[key] === value) continue;
    for (const part of value.split(/\{\{[^}]*\}\}/)) {
      const phrase = part.replace(/[.,:;()…“”!?]/g, ' ').trim();
      if (phrase.length < 5 || !/[A-Za-z]{3,}/.test(phrase)) continue;
      if (new RegExp(`(^|[^A-Za-z])${phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z])`).test(text)) found.push(`${key}: ${phrase}`);
    }
  }
  return found;
}

describe('field meeting screen in four languages', () => {
  for (const { lang, button, family, catalog, ...rest } of LANGS) {
    it(`${lang}: every glyph in Khata's fonts, every string translated`, async () => {
      await page.goto(`${server.url}/#/field/settings`);
      await page.getByRole('button', { name: button, exact: true }).click();
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
      const digits = page.locator('label.check input[type=checkbox]');
      if ((await digits.count()) > 0 && (await digits.isChecked()) !== ('nativeDigits' in rest)) await digits.click();

      await page.goto(`${server.url}/#/field/shg/${g.shgId}/new?date=${today}`);
      await page.getByTestId('all-as-expected').click();
      await page.getByTestId('member-3').locator('[data-att="late"]').click();
      await page.getByTestId('member-1').locator('.f-row-who').click(); // her loan: due, interest, owed
      await page.getByTestId('add-loan').click();
      await page.getByTestId('loan-member-0').selectOption({ index: 2 });
      await page.getByTestId('loan-amount-0').fill('2000');
      await page.getByTestId('loan-preview').waitFor();
      await page.getByTestId('loan-purpose-0').fill('seeds');
      await page.getByTestId('add-expense').click();
      await page.getByTestId('expense-amount-0').fill('25');
      await page.getByTestId('cash-matches').click();
      await page.getByTestId('cash-difference').waitFor();
      // A problem from core's plan, next to its field, in her language.
      await page.getByTestId('bank-deposit').fill('99999');
      const problem = page.locator('.f-money.has-problem', { has: page.getByTestId('bank-deposit') }).locator('.f-problem');
      await expect.poll(() => problem.textContent()).toContain(catalog['error.INSUFFICIENT_CASH']!);
      await page.evaluate(() => document.fonts.ready);
      await page.screenshot({ path: `.tmp/field-meeting-${lang}.png`, fullPage: true });

      const text = await page.evaluate(() => document.body.innerText);
      // Missing translations: no key shown raw; outside English, no English phrase of the catalogs.
      const keys = Object.keys(en).filter((k) => text.includes(k));
      expect(keys).toEqual([]);
      expect(text).not.toMatch(/\b(fieldApp|field|error|column|meeting|attendance)\.[a-z][A-Za-z.]+/);
      const data = [...g.memberIds.map((_, i) => `Member ${i + 1}`), 'Khata'];
      const withoutData = data.reduce((t, d) => t.split(d).join(' '), text);
      if (lang === 'en') englishScreen = withoutData;
      else {
        expect(englishLeftovers(withoutData, catalog)).toEqual([]);
        expect(englishLeftovers(englishScreen, catalog).length).toBeGreaterThan(20);
        expect(text).not.toMatch(/\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b/);
      }

      // Tofu: every character on screen is in Khata's own fonts.
      const chars = [...new Set([...text].filter((c) => !/\s/.test(c)))];
      const missing = chars.filter((c) => !coverage.has(c.codePointAt(0)!)).map((c) => `${c} U+${c.codePointAt(0)!.toString(16).toUpperCase()}`);
      expect(missing).toEqual([]);
      // …and the face for the language is loaded and covers what is shown.
      const fonts = await page.evaluate(
        ({ family, text }) => ({
          loaded: [...document.fonts].filter((f) => f.family.replace(/"/g, '') === family && f.status === 'loaded').length,
          check: document.fonts.check(`16px "${family}"`, text),
          computed: getComputedStyle(document.body).fontFamily,
        }),
        { family, text },
      );
      expect(fonts.loaded).toBeGreaterThan(0);
      expect(fonts.check).toBe(true);
      expect(fonts.computed.split(',')[0]!.replace(/["']/g, '').trim()).toBe(family);
      if ('nativeDigits' in rest) expect(text).toMatch(/[୦-୯]/);
    });
  }
});
