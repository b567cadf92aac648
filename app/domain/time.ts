/**
 * Calendar arithmetic on day numbers (days since 1970-01-01). The domain counts time in whole local
 * days: a shop's orders are bucketed into the shop's calendar once (toLocalDayNumbers), and from
 * there on everything is integer arithmetic — no Date objects in hot loops, no clock reads.
 */

export const MS_PER_DAY = 86_400_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "YYYY-MM-DD" → day number; throws a readable error for anything else (including 2023-02-30). */
export function dayNumberFromIsoDate(iso: string): number {
  const match = ISO_DATE.exec(iso);
  if (!match) throw new RangeError(`"${iso}" is not a date in YYYY-MM-DD form`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const dayNumber = dayNumberFromCivil(year, month, day);
  const check = civilFromDayNumber(dayNumber);
  if (check.month !== month || check.day !== day) throw new RangeError(`"${iso}" is not a real calendar date`);
  return dayNumber;
}

export function isoDateFromDayNumber(dayNumber: number): string {
  const { year, month, day } = civilFromDayNumber(dayNumber);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

// Howard Hinnant's days_from_civil / civil_from_days: exact proleptic Gregorian, branch-light.
export function dayNumberFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDayNumber(dayNumber: number): { year: number; month: number; day: number } {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Months since 1970-01 (0 = January 1970): consecutive months differ by 1, so offsets are subtraction. */
export function monthIndexFromDayNumber(dayNumber: number): number {
  const { year, month } = civilFromDayNumber(dayNumber);
  return (year - 1970) * 12 + (month - 1);
}

/** Month index → "YYYY-MM". */
export function monthKey(monthIndex: number): string {
  const year = 1970 + Math.floor(monthIndex / 12);
  const month = monthIndex - (year - 1970) * 12 + 1;
  return `${year}-${String(month).padStart(2, "0")}`;
}

const MS_PER_HOUR = 3_600_000;

/**
 * The UTC offset (ms, east positive) of an IANA time zone at an instant, from the zone's rules via Intl.
 * The one place the offset is worked out; callers cache it as their access pattern allows.
 */
export function utcOffsetFunction(timeZone: string): (epochMs: number) => number {
  if (timeZone === "UTC" || timeZone === "Etc/UTC") return () => 0;
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });
  return (ms: number) => {
    const parts = format.formatToParts(ms);
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    const localAsUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
    return localAsUtc - (ms - (((ms % 1000) + 1000) % 1000));
  };
}

/** The UTC instant of local midnight of an ISO date ("2026-11-23") in a time zone. */
export function localMidnight(isoDay: string, timeZone: string): Date {
  const [year, month, day] = isoDay.split("-").map(Number);
  const offsetAt = utcOffsetFunction(timeZone);
  const guess = Date.UTC(year, month - 1, day);
  const first = guess - offsetAt(guess);
  return new Date(guess - offsetAt(first));
}

/**
 * Returns epochMs → local day number in an IANA time zone. Intl is slow (microseconds a call), so the
 * UTC offset is cached per UTC hour; an hour whose start and end offsets differ (a DST change inside
 * it) is resolved per timestamp. Pure: the only input is the time zone's rules.
 */
export function createLocalDayNumber(timeZone: string): (epochMs: number) => number {
  if (timeZone === "UTC" || timeZone === "Etc/UTC") return (ms) => Math.floor(ms / MS_PER_DAY);
  const offsetAt = utcOffsetFunction(timeZone);
  const offsetByHour = new Map<number, number>();
  return (ms: number) => {
    const hour = Math.floor(ms / MS_PER_HOUR);
    let offset = offsetByHour.get(hour);
    if (offset === undefined) {
      const start = offsetAt(hour * MS_PER_HOUR);
      const end = offsetAt((hour + 1) * MS_PER_HOUR - 1000);
      offset = start === end ? start : Number.NaN;
      offsetByHour.set(hour, offset);
    }
    if (Number.isNaN(offset)) offset = offsetAt(ms);
    return Math.floor((ms + offset) / MS_PER_DAY);
  };
}

/**
 * Epoch milliseconds → shop-local day numbers, for a whole column (millions of orders). Throws RangeError
 * for an unknown time zone. Per-hour caching (createLocalDayNumber) still means two Intl calls for every
 * distinct hour — ~26,000 hours in three years, most of the conversion time. Here the offset is looked up
 * once per UTC day (at its first and last second); only the days on which it changes (daylight saving) go
 * through the per-hour function.
 */
export function toLocalDayNumbers(epochMs: ArrayLike<number>, timeZone: string): Int32Array {
  const exact = createLocalDayNumber(timeZone);
  const count = epochMs.length;
  const days = new Int32Array(count);
  if (count === 0) return days;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < count; i++) {
    const ms = epochMs[i];
    if (ms < min) min = ms;
    if (ms > max) max = ms;
  }
  const firstDay = Math.floor(min / MS_PER_DAY);
  const span = Math.floor(max / MS_PER_DAY) - firstDay + 1;
  if (!(span > 0 && span <= 200_000)) {
    for (let i = 0; i < count; i++) days[i] = exact(epochMs[i]);
    return days;
  }
  const offsetAt = utcOffsetFunction(timeZone);
  // offset[d] in ms for UTC day firstDay + d, NaN when it changes during that day.
  const offset = new Float64Array(span);
  let previousEnd = Number.NaN;
  for (let d = 0; d < span; d++) {
    const start = (firstDay + d) * MS_PER_DAY;
    const atStart = d > 0 && !Number.isNaN(previousEnd) ? previousEnd : offsetAt(start);
    const atEnd = offsetAt(start + MS_PER_DAY - 1000);
    offset[d] = atStart === atEnd ? atStart : Number.NaN;
    previousEnd = atEnd;
  }
  for (let i = 0; i < count; i++) {
    const ms = epochMs[i];
    const o = offset[Math.floor(ms / MS_PER_DAY) - firstDay];
    days[i] = Number.isNaN(o) ? exact(ms) : Math.floor((ms + o) / MS_PER_DAY);
  }
  return days;
}
