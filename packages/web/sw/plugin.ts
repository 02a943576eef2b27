import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

/** Font subsets for scripts Khata never shows are left to the network (and are never needed offline). */
const UNUSED_FONT = /(cyrillic|greek|vietnamese)/;

/** Which built files the service worker keeps: the shell, every JS/CSS chunk, the woff2 fonts Khata's scripts use. */
export function precacheable(fileName: string): boolean {
  if (fileName.endsWith('.map') || fileName === 'sw.js') return false;
  if (/\.(woff|ttf|eot)$/.test(fileName)) return false; // every browser with a service worker reads woff2
  if (fileName.endsWith('.woff2')) return !UNUSED_FONT.test(fileName);
  return true;
}

function publicFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => path.relative(dir, path.join(d.parentPath, d.name)).split(path.sep).join('/'));
  } catch {
    return [];
  }
}

/**
 * Emits sw.js from sw/sw.js with the list of files to precache and a version that changes whenever any of them
 * (or the worker itself) changes.
 */
export function serviceWorkerPlugin(): Plugin {
  let publicDir = '';
  return {
    name: 'khata-service-worker',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      publicDir = config.publicDir;
    },
    generateBundle(_options, bundle) {
      const template = readFileSync(path.join(import.meta.dirname, 'sw.js'), 'utf8');
      const built = Object.keys(bundle).filter(precacheable);
      const fromPublic = publicFiles(publicDir).filter(precacheable);
      const files = [...new Set([...built, ...fromPublic])].sort();
      const urls = files.map((f) => (f === 'index.html' ? '/index.html' : `/${f}`));
      const hash = createHash('sha256').update(template);
      for (const f of files) {
        const item = bundle[f];
        hash.update(f);
        if (item && item.type === 'asset') hash.update(typeof item.source === 'string' ? item.source : Buffer.from(item.source));
        else if (item && item.type === 'chunk') hash.update(item.code);
        else hash.update(readFileSync(path.join(publicDir, f)));
      }
      const version = hash.digest('hex').slice(0, 16);
      const source = template.replace('__KHATA_VERSION__', version).replace('__KHATA_PRECACHE__', JSON.stringify(urls, null, 0));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}
