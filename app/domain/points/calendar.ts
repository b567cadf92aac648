/* Month arithmetic for expiry and tier windows; day-level calendar work lives in ../time.ts. */
import { civilFromDayNumber, createLocalDayNumber, isoDateFromDayNumber, MS_PER_DAY } from "../time";

/** Same wall-clock time `months` later in UTC; the day is clamped to the month's end (Jan 31 + 1 → Feb 28/29). */
export function addMonthsUtc(at: number, months: number): number {
  const date = new Date(at);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(date.getUTCDate(), lastDay);
  return Date.UTC(year, month, day, date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds());
}

/** "YYYY-MM-DD" of the UTC day containing `at`. */
export function utcDay(at: number): string {
  return isoDateFromDayNumber(Math.floor(at / MS_PER_DAY));
}

/** The calendar date at `at` in an IANA time zone (e.g. Asia/Tokyo); throws RangeError for an unknown zone. */
export function localDate(at: number, timeZone: string): { year: number; month: number; day: number } {
  return civilFromDayNumber(createLocalDayNumber(timeZone)(at));
}
