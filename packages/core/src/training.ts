import { z } from 'zod';
import { addDays, compareDates, daysBetween, type IsoDate } from './dates.ts';

/*
 * Training and events: modules (what is taught, and how many days make it complete), events (a workshop or a
 * training batch on a module, a conference at cluster or district level, an exposure visit) with their days,
 * participants and attendance per day. Completion is a rule over the attendance: a participant who attended at
 * least the module's required days has completed it. Pure: the server records, this decides.
 */

/** Kinds of event. A workshop or batch teaches a module; a conference or an exposure visit may have none. */
export const TRAINING_EVENT_KINDS = ['workshop', 'batch', 'conference', 'exposure-visit'] as const;
export type TrainingEventKind = (typeof TRAINING_EVENT_KINDS)[number];

/** Who takes part: an SHG member, a community professional (cadre), the organisation's staff, anyone else. */
export const PARTICIPANT_KINDS = ['member', 'cadre', 'staff', 'other'] as const;
export type ParticipantKind = (typeof PARTICIPANT_KINDS)[number];

export const TRAINING_EVENT_STATUSES = ['planned', 'completed'] as const;
export type TrainingEventStatus = (typeof TRAINING_EVENT_STATUSES)[number];

/** Module codes are the words the rule sets name ("vo-concepts", "clf-concepts", "bookkeeping"). */
export const moduleCodeSchema = z.string().trim().regex(/^[a-z0-9-]{1,60}$/, 'must be a module code such as "vo-concepts" (small letters, digits, dashes)');

/** The longest event Khata records as one (a residential training of several weeks is several events). */
export const MAX_EVENT_DAYS = 60;

/** The days of an event, first to last (inclusive). Empty when the dates are reversed. */
export function eventDays(startDate: IsoDate, endDate: IsoDate): IsoDate[] {
  if (compareDates(startDate, endDate) > 0) return [];
  const n = Math.min(daysBetween(startDate, endDate) + 1, MAX_EVENT_DAYS);
  return Array.from({ length: n }, (_, i) => addDays(startDate, i));
}

export interface Completion {
  attendedDays: number;
  requiredDays: number;
  completed: boolean;
  /** "attended 5 of 6 days; 6 are required". */
  explanation: string;
}

/**
 * Whether a participant completed a module at an event: the days she attended (only the event's own days count,
 * each once) against the module's required days.
 */
export function completionOf(requiredDays: number, days: readonly IsoDate[], attended: readonly IsoDate[]): Completion {
  const own = new Set(days);
  const attendedDays = new Set(attended.filter((d) => own.has(d))).size;
  const completed = attendedDays >= requiredDays;
  const plural = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;
  return {
    attendedDays,
    requiredDays,
    completed,
    explanation: `attended ${attendedDays} of ${plural(days.length)}; ${plural(requiredDays)} required: ${completed ? 'completed' : 'not completed'}`,
  };
}

/** Attendance of an event day by day: how many of the participants were present each day. */
export function attendanceByDay(days: readonly IsoDate[], present: ReadonlyArray<{ participantId: string; day: IsoDate }>): Array<{ day: IsoDate; present: number }> {
  return days.map((day) => ({ day, present: new Set(present.filter((p) => p.day === day).map((p) => p.participantId)).size }));
}
