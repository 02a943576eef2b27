/**
 * Today's business date where the groups are (India by default). The one place the server reads the clock for
 * a business date: a use case's date when none is given, a report's default period.
 */
export function todayIn(timeZone = 'Asia/Kolkata', now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
