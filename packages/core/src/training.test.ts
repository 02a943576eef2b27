import { describe, expect, it } from 'vitest';
import { attendanceByDay, completionOf, eventDays } from './training.ts';

describe('training events', () => {
  it('an event’s days, first to last', () => {
    expect(eventDays('2026-02-27', '2026-03-02')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(eventDays('2026-03-02', '2026-03-01')).toEqual([]);
  });

  it('completion: days attended (each once, only the event’s own) against the module’s required days', () => {
    const days = eventDays('2026-01-05', '2026-01-10');
    expect(completionOf(6, days, days)).toMatchObject({ attendedDays: 6, completed: true });
    expect(completionOf(6, days, [...days.slice(0, 5), days[0]!, '2026-01-11'])).toMatchObject({ attendedDays: 5, completed: false, explanation: 'attended 5 of 6 days; 6 days required: not completed' });
    expect(completionOf(5, days, days.slice(1))).toMatchObject({ completed: true });
  });

  it('attendance per day', () => {
    expect(attendanceByDay(['2026-01-05', '2026-01-06'], [{ participantId: 'a', day: '2026-01-05' }, { participantId: 'b', day: '2026-01-05' }, { participantId: 'a', day: '2026-01-06' }])).toEqual([
      { day: '2026-01-05', present: 2 },
      { day: '2026-01-06', present: 1 },
    ]);
  });
});
