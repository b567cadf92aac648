/**
 * When a journey step is due, in the shop's time zone. Waits are calendar maths on the local wall clock
 * ("wait 7 days" from 10:30 is 10:30 seven local days later, across a DST change too), quiet hours move a
 * send to the end of the quiet window, and the frequency cap moves a marketing send until the customer's
 * previous marketing message is `days` old. All pure: instants in, instants out.
 */
import { dayNumberFromCivil, isoDateFromDayNumber, MS_PER_DAY, utcOffsetFunction } from "../time";

export interface LocalTime {
  /** local day number (days since 1970-01-01 in the zone's calendar) */
  day: number;
  /** minutes since local midnight */
  minute: number;
  /** seconds and milliseconds past the minute */
  restMs: number;
}

const MS_PER_MINUTE = 60_000;

export function parseTimeOfDay(hhmm: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!match) throw new RangeError(`"${hhmm}" is not a time of day in HH:MM form`);
  return Number(match[1]) * 60 + Number(match[2]);
}

export interface ZoneClock {
  timeZone: string;
  toLocal(at: Date): LocalTime;
  /**
   * The instant a local wall time happens. A wall time skipped by a DST jump (02:30 on a spring-forward night)
   * resolves to the same distance after the jump (03:30); a repeated one (autumn) to its first occurrence.
   */
  fromLocal(day: number, minute: number, restMs?: number): Date;
}

export function zoneClock(timeZone: string): ZoneClock {
  const offsetAt = utcOffsetFunction(timeZone);
  return {
    timeZone,
    toLocal(at) {
      const ms = at.getTime();
      const local = ms + offsetAt(ms);
      const day = Math.floor(local / MS_PER_DAY);
      const inDay = local - day * MS_PER_DAY;
      return { day, minute: Math.floor(inDay / MS_PER_MINUTE), restMs: inDay % MS_PER_MINUTE };
    },
    fromLocal(day, minute, restMs = 0) {
      const wall = day * MS_PER_DAY + minute * MS_PER_MINUTE + restMs;
      // the two offsets that can apply around this wall time (equal unless a DST change is near)
      const before = wall - offsetAt(wall - MS_PER_DAY);
      const after = wall - offsetAt(wall + MS_PER_DAY);
      const valid = (t: number) => t + offsetAt(t) === wall;
      if (valid(before) && valid(after)) return new Date(Math.min(before, after));
      if (valid(before)) return new Date(before);
      if (valid(after)) return new Date(after);
      // a skipped wall time: with the offset from before the jump, it lands the same distance past it
      return new Date(before);
    },
  };
}

/** `days` local calendar days after `from`, at the same local time of day. */
export function addLocalDays(clock: ZoneClock, from: Date, days: number): Date {
  const local = clock.toLocal(from);
  return clock.fromLocal(local.day + days, local.minute, local.restMs);
}

/** The next moment the local clock shows `hhmm` at or after `from`. */
export function nextLocalTime(clock: ZoneClock, from: Date, hhmm: string): Date {
  const target = parseTimeOfDay(hhmm);
  const local = clock.toLocal(from);
  const today = clock.fromLocal(local.day, target);
  return today.getTime() >= from.getTime() ? today : clock.fromLocal(local.day + 1, target);
}

export interface QuietHours {
  /** HH:MM local: sends stop */
  start: string;
  /** HH:MM local: sends resume */
  end: string;
}

/** Is `at` inside the quiet window (which may wrap midnight: 21:00–09:00)? */
export function inQuietHours(clock: ZoneClock, at: Date, quiet: QuietHours): boolean {
  const start = parseTimeOfDay(quiet.start);
  const end = parseTimeOfDay(quiet.end);
  if (start === end) return false;
  const { minute } = clock.toLocal(at);
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/** A send due in quiet hours moves to the end of the window (09:00 local by default); otherwise unchanged. */
export function outsideQuietHours(clock: ZoneClock, at: Date, quiet: QuietHours | null): Date {
  if (!quiet || !inQuietHours(clock, at, quiet)) return at;
  return nextLocalTime(clock, at, quiet.end);
}

/**
 * The frequency cap: at most one marketing message per customer per `days` days, across all journeys.
 * A capped send is deferred (not skipped) to the moment the cap allows: the message still matters (a
 * follow-up, a birthday code), and one a few days late is better than none. Returns null when it may go now.
 */
export function frequencyCapRelease(lastMarketingSentAt: Date | null, days: number, now: Date): Date | null {
  if (days <= 0 || !lastMarketingSentAt) return null;
  const release = lastMarketingSentAt.getTime() + days * MS_PER_DAY;
  return release > now.getTime() ? new Date(release) : null;
}

/**
 * When a marketing send due at `due` may actually go: after the frequency cap, then out of quiet hours.
 * Equal to `due` when nothing holds it.
 */
export function marketingSendTime(
  clock: ZoneClock,
  due: Date,
  guards: { quietHours: QuietHours | null; capDays: number; lastMarketingSentAt: Date | null },
): Date {
  const capped = frequencyCapRelease(guards.lastMarketingSentAt, guards.capDays, due) ?? due;
  return outsideQuietHours(clock, capped, guards.quietHours);
}

/** The local calendar date of an instant, YYYY-MM-DD. */
export function localIsoDate(clock: ZoneClock, at: Date): string {
  return isoDateFromDayNumber(clock.toLocal(at).day);
}

/**
 * Days from local day `today` to the next birthday of someone born `birthDate` (YYYY-MM-DD; Feb 29 counts
 * as Feb 28 in common years), and that birthday's year.
 */
export function daysUntilBirthday(birthDate: string, today: number): { days: number; year: number } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!match) return null;
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const { year } = civil(today);
  for (const y of [year, year + 1]) {
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    const d = month === 2 && day === 29 && !leap ? 28 : day;
    const at = dayNumberFromCivil(y, month, d);
    if (at >= today) return { days: at - today, year: y };
  }
  return null;
}

function civil(day: number): { year: number; month: number; day: number } {
  const iso = isoDateFromDayNumber(day);
  return { year: Number(iso.slice(0, 4)), month: Number(iso.slice(5, 7)), day: Number(iso.slice(8, 10)) };
}

/** Birth month (1–12) of a YYYY-MM-DD birth date, or null. */
export function birthMonth(birthDate: string | null): number | null {
  const month = birthDate && /^\d{4}-(\d{2})-\d{2}$/.exec(birthDate)?.[1];
  return month ? Number(month) : null;
}

export function localCivil(day: number): { year: number; month: number; day: number } {
  return civil(day);
}
