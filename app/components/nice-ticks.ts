/**
 * Axis ticks on round steps (1, 2 or 5 × 10^n), as a person would draw them: 0..2,197,800 gets
 * 0, 500,000, …, 2,500,000 instead of whatever equal fifths of the data range happen to be.
 */

/** Round away floating-point noise (0.1 × 3 = 0.30000000000000004) without losing real digits. */
const clean = (value: number) => Number(value.toPrecision(12));

/**
 * About `count` ticks (never more than count + 1) covering min..max, the first at or below min and the
 * last at or above max, so they can also serve as the axis domain. `minStep` keeps the step from going
 * below a unit that cannot be split (1 for people, one whole currency unit for money in minor units).
 */
export function niceTicks(min: number, max: number, count: number, options: { minStep?: number } = {}): number[] {
  const minStep = options.minStep ?? 0;
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0];
  let low = Math.min(min, max);
  let high = Math.max(min, max);
  if (high === low) {
    // A flat series still needs an axis: stretch it one step upwards (or downwards, below zero).
    const unit = Math.max(minStep, low === 0 ? 1 : 10 ** Math.floor(Math.log10(Math.abs(low))));
    if (high <= 0 && low < 0) high = 0;
    else if (low >= 0 && high > 0) low = 0;
    else high = low + unit;
  }
  const wanted = Math.max(2, Math.floor(count));
  const rough = (high - low) / (wanted - 1);
  let magnitude = 10 ** Math.floor(Math.log10(rough));
  for (;;) {
    for (const multiple of [1, 2, 5]) {
      const step = clean(multiple * magnitude);
      if (step < minStep) continue;
      const first = Math.floor(clean(low / step));
      const last = Math.ceil(clean(high / step));
      if (last - first + 1 <= wanted + 1) {
        return Array.from({ length: last - first + 1 }, (_, i) => clean((first + i) * step));
      }
    }
    magnitude *= 10;
  }
}
