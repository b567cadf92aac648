/**
 * Epoch milliseconds → shop-local day numbers for millions of orders. createLocalDayNumber (domain/time)
 * caches the UTC offset per hour, which still means two Intl calls for every distinct hour — ~26,000 hours in
 * three years, most of the conversion time. Here the offset is looked up once per UTC day (at its first and
 * last second); only the days on which it changes (daylight saving) go through the per-hour function.
 */
import { createLocalDayNumber, MS_PER_DAY, utcOffsetFunction } from "../domain/time";

export function localDayColumn(epochMs: ArrayLike<number>, count: number, timeZone: string): Int32Array {
  const days = new Int32Array(count);
  if (count === 0) return days;
  const exact = createLocalDayNumber(timeZone);
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
