import { describe, expect, it } from 'vitest';
import { DEMO_END_DATE } from '@khata/server/src/demo/generate-demo.ts';
import { demoEndDate } from './demo.ts';

describe('the demo’s end date on a first start', () => {
  it('is yesterday, so the groups look alive today; never before the fixed demo end', () => {
    expect(demoEndDate('2026-11-23')).toBe('2026-11-22');
    expect(demoEndDate('2027-01-01')).toBe('2026-12-31');
    expect(demoEndDate('2026-10-15')).toBe(DEMO_END_DATE);
    expect(demoEndDate(DEMO_END_DATE)).toBe(DEMO_END_DATE);
  });
});
