/**
 * Seeded randomness for the store generator: a small counter-free PRNG (sfc32) and the samplers the
 * buy-till-you-die process needs. No external packages, no Math.random — the same keys give the same
 * stream on every platform (only IEEE-754 double arithmetic and Math.log/exp/sqrt/cos/pow are used).
 */

/** Murmur3's 32-bit finaliser: a good avalanche for turning (seed, index, stream) into generator state. */
function mix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Splits a safe integer into two 32-bit words so seeds above 2^32 still matter. */
function foldKey(h: number, key: number): number {
  const lo = key >>> 0;
  const hi = Math.floor(key / 4294967296) >>> 0;
  return mix32(mix32(h ^ lo) + 0x9e3779b9 + hi);
}

const TWO_PI = 2 * Math.PI;
const TWO_POW_32 = 4294967296;

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator), keyed by up to three integers. Independent
 * streams come from different keys, e.g. `new Rng(seed, customerIndex, STREAM_PROCESS)`.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(k0: number, k1 = 0, k2 = 0) {
    let h = foldKey(0x6b697a75, k0); // "kizu"
    h = foldKey(h, k1);
    h = foldKey(h, k2);
    this.a = mix32(h + 0x243f6a88);
    this.b = mix32(h + 0x85a308d3);
    this.c = mix32(h + 0x13198a2e);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.uint32();
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform on the open interval (0, 1): never 0, so logs and powers are always finite. */
  next(): number {
    return (this.uint32() + 0.5) / TWO_POW_32;
  }

  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Standard normal via Box–Muller (one of the pair is discarded to keep the stream stateless). */
  normal(): number {
    return Math.sqrt(-2 * Math.log(this.next())) * Math.cos(TWO_PI * this.next());
  }

  /** Exponential with the given rate (mean 1/rate). A rate of 0 gives Infinity. */
  exponential(rate: number): number {
    return -Math.log(this.next()) / rate;
  }

  /** Gamma(shape, rate) — mean shape/rate — by Marsaglia & Tsang (2000), with the u^(1/shape) boost below 1. */
  gamma(shape: number, rate: number): number {
    if (shape < 1) {
      return (this.gamma(shape + 1, 1) * this.next() ** (1 / shape)) / rate;
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.next();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return (d * v) / rate;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return (d * v) / rate;
    }
  }

  /** Beta(a, b) as X/(X+Y) with X ~ Gamma(a), Y ~ Gamma(b). */
  beta(a: number, b: number): number {
    const x = this.gamma(a, 1);
    const y = this.gamma(b, 1);
    return x / (x + y);
  }

  /** Poisson by inversion (fine for the small means used here). */
  poisson(mean: number): number {
    const limit = Math.exp(-mean);
    let k = 0;
    let product = this.next();
    while (product > limit) {
      k++;
      product *= this.next();
    }
    return k;
  }
}

/** Cumulative weights for repeated weighted picks; `pickWeighted` does a binary search. */
export function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    sum += weights[i];
    out[i] = sum;
  }
  return out;
}

/** Index drawn with probability proportional to its weight, given `cumulative(weights)`. */
export function pickWeighted(rng: Rng, cdf: Float64Array): number {
  const target = rng.next() * cdf[cdf.length - 1];
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid] > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
