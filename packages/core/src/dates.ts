import { ErrorCode, fail, ok, problem, type Result } from './errors.ts';

/**
 * Calendar dates as ISO 'YYYY-MM-DD' strings: business dates, with no time of day and no time zone.
 * Arithmetic goes through the day number (days since 1970-01-01, proleptic Gregorian, "days from civil"),
 * never through Date objects. Years 0001..9999.
 * Functions other than the parsers expect valid dates and throw a RangeError on an invalid one (a bug:
 * validate input at the boundary with `parseIsoDate`).
 */
export type IsoDate = string;

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const MIN_DAY = -719162; // 0001-01-01
const MAX_DAY = 2932896; // 9999-12-31

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

interface Ymd {
  year: number;
  month: number;
  day: number;
}

function split(text: string): Ymd | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

function splitOrThrow(date: IsoDate): Ymd {
  const ymd = split(date);
  if (!ymd) throw new RangeError(`not a valid ISO date: ${String(date)}`);
  return ymd;
}

/** Is `value` a real calendar date written 'YYYY-MM-DD' (so '2023-02-29' is not)? */
export function isIsoDate(value: unknown): value is IsoDate {
  return typeof value === 'string' && split(value) !== undefined;
}

/** Validates a date from input; the Problem names `field`. */
export function parseIsoDate(text: unknown, field = 'date'): Result<IsoDate> {
  if (isIsoDate(text)) return ok(text);
  return fail(problem(ErrorCode.ValidationFailed, field, 'must be a calendar date written YYYY-MM-DD'));
}

function format({ year, month, day }: Ymd): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// Howard Hinnant's days_from_civil / civil_from_days, in plain integer arithmetic.
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (m + 9) % 12; // March = 0
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): Ymd {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Days since 1970-01-01 (negative before). */
export function toDayNumber(date: IsoDate): number {
  const { year, month, day } = splitOrThrow(date);
  return daysFromCivil(year, month, day);
}

/** The date `n` days after 1970-01-01. */
export function fromDayNumber(n: number): IsoDate {
  if (!Number.isSafeInteger(n) || n < MIN_DAY || n > MAX_DAY) throw new RangeError('date out of range 0001-01-01..9999-12-31');
  return format(civilFromDays(n));
}

function checkInteger(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be an integer`);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  checkInteger(days, 'days');
  return fromDayNumber(toDayNumber(date) + days);
}

export function addWeeks(date: IsoDate, weeks: number): IsoDate {
  checkInteger(weeks, 'weeks');
  return addDays(date, weeks * 7);
}

/**
 * Adds calendar months, clamping to the end of a shorter month: 2011-01-31 + 1 month = 2011-02-28,
 * 2012-01-31 + 1 month = 2012-02-29. For a series of due dates, always add n*every months to the same anchor
 * (31 Jan → 28 Feb → 31 Mar), never chain from the previous clamped date.
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  checkInteger(months, 'months');
  const { year, month, day } = splitOrThrow(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  if (y < 1 || y > 9999) throw new RangeError('date out of range 0001-01-01..9999-12-31');
  return format({ year: y, month: m, day: Math.min(day, daysInMonth(y, m)) });
}

/** Days from `from` to `to`: positive when `to` is later. */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** -1, 0 or 1 as `a` is before, on or after `b`. */
export function compareDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  const d = toDayNumber(a) - toDayNumber(b);
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

/** ISO day of week: 1 = Monday … 7 = Sunday. */
export function dayOfWeek(date: IsoDate): 1 | 2 | 3 | 4 | 5 | 6 | 7 {
  // 1970-01-01 was a Thursday (4).
  const n = toDayNumber(date);
  return (((((n + 3) % 7) + 7) % 7) + 1) as 1 | 2 | 3 | 4 | 5 | 6 | 7;
}
