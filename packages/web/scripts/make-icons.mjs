#!/usr/bin/env node
/**
 * Draws Khata's app icons (an open ledger on terracotta) as PNG and SVG into public/icons.
 * No image library: shapes are rasterised here with 4x4 supersampling and written as PNG with node:zlib.
 * Run: node packages/web/scripts/make-icons.mjs  (the output is committed; run again only to change the icon)
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../public/icons');
mkdirSync(out, { recursive: true });

const BRAND = [122, 46, 14];
const WHITE = [255, 255, 255];
const LINE = [201, 110, 70];

// Shapes in a 0..1 unit square; `pad` shrinks the artwork for the maskable safe zone.
function shapes(pad) {
  const s = (v) => pad + v * (1 - 2 * pad);
  const rect = (x0, y0, x1, y1, color) => ({ test: (x, y) => x >= s(x0) && x <= s(x1) && y >= s(y0) && y <= s(y1), color });
  return [
    rect(0.16, 0.24, 0.485, 0.78, WHITE), // left page
    rect(0.515, 0.24, 0.84, 0.78, WHITE), // right page
    ...[0.36, 0.46, 0.56, 0.66].flatMap((y) => [rect(0.22, y, 0.43, y + 0.025, LINE), rect(0.57, y, 0.78, y + 0.025, LINE)]),
  ];
}

function roundedSquare(x, y, r) {
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function draw(size, { maskable }) {
  const list = shapes(maskable ? 0.12 : 0.02);
  const px = Buffer.alloc(size * size * 4);
  const N = 4;
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sj = 0; sj < N; sj++) {
        for (let si = 0; si < N; si++) {
          const x = (i + (si + 0.5) / N) / size;
          const y = (j + (sj + 0.5) / N) / size;
          if (!maskable && !roundedSquare(x, y, 0.18)) continue;
          let c = BRAND;
          for (const sh of list) if (sh.test(x, y)) c = sh.color;
          r += c[0]; g += c[1]; b += c[2]; a += 255;
        }
      }
      const k = N * N;
      const o = (j * size + i) * 4;
      const alpha = a / k;
      px[o] = alpha ? Math.round((r / k) * (255 / alpha)) : 0;
      px[o + 1] = alpha ? Math.round((g / k) * (255 / alpha)) : 0;
      px[o + 2] = alpha ? Math.round((b / k) * (255 / alpha)) : 0;
      px[o + 3] = Math.round(alpha);
    }
  }
  return png(size, size, px);
}

function crc32(buf) {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

function png(w, h, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc((w * 4 + 1) * h);
  for (let y = 0; y < h; y++) rgba.copy(raw, y * (w * 4 + 1) + 1, y * w * 4, (y + 1) * w * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

writeFileSync(path.join(out, 'icon-192.png'), draw(192, { maskable: false }));
writeFileSync(path.join(out, 'icon-512.png'), draw(512, { maskable: false }));
writeFileSync(path.join(out, 'maskable-512.png'), draw(512, { maskable: true }));
writeFileSync(path.join(out, 'apple-touch-icon.png'), draw(180, { maskable: true }));
const lines = [0.36, 0.46, 0.56, 0.66]
  .map((y) => `<rect x="22" y="${y * 100}" width="21" height="2.5" fill="#c96e46"/><rect x="57" y="${y * 100}" width="21" height="2.5" fill="#c96e46"/>`)
  .join('');
writeFileSync(
  path.join(out, 'icon.svg'),
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><rect width="100" height="100" rx="18" fill="#7a2e0e"/>` +
    `<rect x="16" y="24" width="32.5" height="54" fill="#fff"/><rect x="51.5" y="24" width="32.5" height="54" fill="#fff"/>${lines}</svg>\n`,
);
console.log(`icons written to ${out}`);
