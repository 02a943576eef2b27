import { describe, expect, it } from 'vitest';
import { isFieldHash } from '../router.ts';
import { fieldHref, parseFieldHash, type FieldRoute } from './route.ts';

const ID = '6f1c1c8e-2f59-4d0e-9f1f-8c2b1c0d9e11';

describe('field routes', () => {
  const routes: FieldRoute[] = [
    { name: 'groups' },
    { name: 'group', shgId: ID },
    { name: 'new-meeting', shgId: ID },
    { name: 'new-meeting', shgId: ID, date: '2026-11-23' },
    { name: 'meeting', shgId: ID, meetingId: ID },
    { name: 'correct', shgId: ID, meetingId: ID },
    { name: 'attention' },
    { name: 'fix', commandId: ID },
    { name: 'settings' },
  ];
  for (const r of routes) {
    it(`round-trips ${fieldHref(r)}`, () => {
      expect(parseFieldHash(fieldHref(r))).toEqual(r);
      expect(isFieldHash(fieldHref(r))).toBe(true);
    });
  }

  it('falls back to the groups for anything unknown, and drops a malformed date', () => {
    expect(parseFieldHash('#/field/nope')).toEqual({ name: 'groups' });
    expect(parseFieldHash('#/field/shg/x/new?date=23-11-2026')).toEqual({ name: 'new-meeting', shgId: 'x' });
    expect(parseFieldHash('#/field/%E0%A4')).toEqual({ name: 'groups' });
  });

  it('tells field hashes from office ones', () => {
    expect(isFieldHash('#/field')).toBe(true);
    expect(isFieldHash('#/field?x=1')).toBe(true);
    expect(isFieldHash('#/fieldwork')).toBe(false);
    expect(isFieldHash('#/shg/1')).toBe(false);
    expect(isFieldHash('')).toBe(false);
  });
});
