/**
 * The PIN that unlocks the field app without a network. Only a salted PBKDF2-SHA-256 hash is kept (WebCrypto);
 * the PIN itself is never stored. A wrong PIN five times in a row makes the phone wait before the next try,
 * doubling each time (30 s, 1 min, 2 min…), so guessing all 10,000 four-digit PINs takes weeks.
 */
import type { PinRecord } from './model.ts';

export const PIN_ITERATIONS = 200_000;
export const FREE_ATTEMPTS = 5;
const BASE_WAIT_MS = 30_000;
const MAX_WAIT_MS = 60 * 60_000;

export type PinProblem = 'format' | 'weak' | 'mismatch';

/** 4–6 digits (Latin or native digits), not all the same, not a straight run such as 1234 or 987654. */
export function checkNewPin(pin: string, repeat: string): PinProblem | null {
  const p = toAsciiDigits(pin);
  if (!/^\d{4,6}$/.test(p)) return 'format';
  const digits = [...p].map(Number);
  const same = digits.every((d) => d === digits[0]);
  const up = digits.every((d, i) => i === 0 || d === digits[i - 1]! + 1);
  const down = digits.every((d, i) => i === 0 || d === digits[i - 1]! - 1);
  if (same || up || down) return 'weak';
  if (toAsciiDigits(repeat) !== p) return 'mismatch';
  return null;
}

const NATIVE_ZERO = [0x0966, 0x09e6, 0x0b66]; // Devanagari, Bengali, Odia

/** Native digits typed on an Indian-language keyboard count as the same digits. */
export function toAsciiDigits(text: string): string {
  return text.replace(/[\u0966-\u096f\u09e6-\u09ef\u0b66-\u0b6f]/g, (c) => {
    const code = c.charCodeAt(0);
    const zero = NATIVE_ZERO.find((z) => code >= z && code <= z + 9)!;
    return String(code - zero);
  });
}

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const unb64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function derive(pin: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(toAsciiDigits(pin)), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, key, 256);
  return new Uint8Array(bits);
}

export async function hashPin(pin: string, iterations = PIN_ITERATIONS): Promise<PinRecord> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return { saltB64: b64(salt), hashB64: b64(await derive(pin, salt, iterations)), iterations };
}

export async function verifyPin(pin: string, record: PinRecord): Promise<boolean> {
  const actual = await derive(pin, unb64(record.saltB64), record.iterations);
  const expected = unb64(record.hashB64);
  if (actual.length !== expected.length) return false;
  let diff = 0;
  for (let i = 0; i < actual.length; i++) diff |= actual[i]! ^ expected[i]!;
  return diff === 0;
}

/** How long to wait after `failures` wrong PINs in a row (0 while free attempts remain). */
export function pinWaitMs(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_WAIT_MS, BASE_WAIT_MS * 2 ** (failures - FREE_ATTEMPTS));
}
