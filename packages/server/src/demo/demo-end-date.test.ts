import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { freshDatabase } from '../testing/database.ts';
import { setServerContext } from '../server-context.ts';
import { registerAllHandlers } from '../commands/registry.ts';
import { generateDemo } from './generate-demo.ts';

/*
 * `khata start` ends the demo yesterday (cli demoEndDate), so the demo is generated on whatever day someone first
 * starts Khata. Every chapter must accept any end date: this runs the whole demo (small) as if today were the day
 * after an awkward end — the first day of a month and of a financial year — with the clock moved for the
 * server code. Set DEMO_ENDS=2026-12-01,2027-02-14 to try other dates.
 */
describe('the demo on any end date', () => {
  for (const end of (process.env.DEMO_ENDS ?? '2027-04-01').split(',')) {
    it(end, async () => {
      setServerContext({ secretKey: randomBytes(32), dataDir: '.tmp' });
      registerAllHandlers();
      const t = await freshDatabase();
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date(`${end}T12:00:00Z`).getTime() + 86_400_000); // the next day: the demo ends yesterday
      try {
        const r = await generateDemo(t.db, { seed: 1, shgs: 8, months: 12, endDate: end });
        expect(r.summary.meetings).toBeGreaterThan(0);
      } finally {
        vi.useRealTimers();
        await t.drop();
      }
    }, 300_000);
  }
});
