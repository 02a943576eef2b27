import { createInstance, type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MeetingSummary } from '../api.ts';
import { makeFormatter } from '../format.ts';
import en from '../i18n/en.json';
import { sortMeetings } from './ShgMeetings.tsx';
import { meetingDayText } from './ShgOverview.tsx';

let t: TFunction;
beforeAll(async () => {
  const i = createInstance();
  await i.init({ resources: { en: { translation: en } }, lng: 'en', keySeparator: false, nsSeparator: false, interpolation: { escapeValue: false } });
  t = i.t;
});

describe('screen helpers', () => {
  const fmt = makeFormatter('en', false);
  it('names the meeting day', () => {
    expect(meetingDayText(t, fmt, 'weekly', 1)).toBe('Monday');
    expect(meetingDayText(t, fmt, 'fortnightly', 0)).toBe('Sunday');
    expect(meetingDayText(t, fmt, 'weekly', 'thursday')).toBe('Thursday');
    expect(meetingDayText(t, fmt, 'monthly', 10)).toBe('day 10 of the month');
    expect(meetingDayText(t, fmt, 'weekly', null)).toBe('—');
  });

  it('lists meetings newest first', () => {
    const m = (id: string, date: string): MeetingSummary => ({ id, date, present: 0, absent: 0, savingsPaise: 0, repaymentsPaise: 0, disbursementsPaise: 0, cashDifferencePaise: null, reversed: false });
    expect(sortMeetings([m('a', '2024-01-01'), m('b', '2024-03-01'), m('c', '2024-02-01')]).map((x) => x.id)).toEqual(['b', 'c', 'a']);
  });
});
