#!/usr/bin/env node
/**
 * Adds or updates catalog keys in all four languages at once, so a key never lands in one catalog only.
 *   node scripts/i18n-add.mjs keys.json
 * keys.json: { "cadre.title": { "en": "Community professionals", "hi": "…", "bn": "…", "or": "…" }, … }
 * New keys are appended; existing keys get the new text. Each catalog is rewritten in one step (read, change,
 * write), so several people adding keys at the same time do not lose each other's keys.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const LANGS = ['en', 'hi', 'bn', 'or'];
const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'packages', 'web', 'src', 'i18n');
const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/i18n-add.mjs keys.json');
  process.exit(2);
}
const additions = JSON.parse(readFileSync(file, 'utf8'));
const wrong = Object.entries(additions).filter(([, v]) => LANGS.some((l) => typeof v?.[l] !== 'string' || v[l].trim() === ''));
if (wrong.length) {
  console.error(`every key needs non-empty en, hi, bn and or: ${wrong.map(([k]) => k).join(', ')}`);
  process.exit(2);
}
for (const lang of LANGS) {
  const path = join(dir, `${lang}.json`);
  const catalog = JSON.parse(readFileSync(path, 'utf8'));
  for (const [key, texts] of Object.entries(additions)) catalog[key] = texts[lang];
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(catalog, null, 2)}\n`);
  renameSync(tmp, path);
}
console.log(`${Object.keys(additions).length} keys written to ${LANGS.join(', ')}`);
