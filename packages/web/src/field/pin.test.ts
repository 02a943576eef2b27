import { describe, expect, it } from 'vitest';
import { checkNewPin, hashPin, pinWaitMs, toAsciiDigits, verifyPin } from './pin.ts';

describe('PIN', () => {
  it('accepts 4–6 digits and refuses weak or mistyped ones', () => {
    expect(checkNewPin('2580', '2580')).toBeNull();
    expect(checkNewPin('905172', '905172')).toBeNull();
    expect(checkNewPin('123', '123')).toBe('format');
    expect(checkNewPin('1234567', '1234567')).toBe('format');
    expect(checkNewPin('12a4', '12a4')).toBe('format');
    expect(checkNewPin('1111', '1111')).toBe('weak');
    expect(checkNewPin('3456', '3456')).toBe('weak');
    expect(checkNewPin('9876', '9876')).toBe('weak');
    expect(checkNewPin('2580', '2581')).toBe('mismatch');
  });

  it('reads native digits as digits', () => {
    expect(toAsciiDigits('२५८०')).toBe('2580');
    expect(toAsciiDigits('২৫৮০')).toBe('2580');
    expect(toAsciiDigits('୨୫୮୦')).toBe('2580');
    expect(checkNewPin('२५८०', '2580')).toBeNull();
  });

  it('keeps only a salted hash, and verifies', async () => {
    const a = await hashPin('2580', 1000);
    const b = await hashPin('2580', 1000);
    expect(a.saltB64).not.toBe(b.saltB64);
    expect(a.hashB64).not.toBe(b.hashB64);
    expect(JSON.stringify(a)).not.toContain('2580');
    expect(await verifyPin('2580', a)).toBe(true);
    expect(await verifyPin('२५८०', a)).toBe(true);
    expect(await verifyPin('2581', a)).toBe(false);
  });

  it('makes the phone wait after five wrong PINs, doubling, capped at an hour', () => {
    expect([0, 4].map(pinWaitMs)).toEqual([0, 0]);
    expect([5, 6, 7].map(pinWaitMs)).toEqual([30_000, 60_000, 120_000]);
    expect(pinWaitMs(40)).toBe(3_600_000);
  });
});
