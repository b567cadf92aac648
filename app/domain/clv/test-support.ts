/**
 * Test-only helpers shared by the CLV tests: a CDNOW summary parser and a seeded BG/NBD simulator.
 * Pure (the tests read the files), so it can live next to the code it exercises.
 */
import { parse } from "csv-parse/sync";
import type { BgNbdParams } from "./bgnbd";
import { type RfmSummary, summaryFromColumns } from "./summary";

/** The CDNOW reference data kept in the repository (tests/data/cdnow, with its licence and source). */
export const CDNOW_DIR =
  process.env.KIZUNA_CDNOW_DIR ?? decodeURIComponent(new URL("../../../tests/data/cdnow", import.meta.url).pathname);

/** Parses cdnow_customers_summary_with_transactions.csv (ID,x,t_x,T,zbar; zbar in dollars). */
export function parseCdnowSummary(text: string): RfmSummary {
  const rows = (parse(text, { from_line: 2, skip_empty_lines: true }) as string[][]).map((fields) => fields.map(Number));
  return summaryFromColumns({
    frequency: rows.map((r) => r[1]),
    recency: rows.map((r) => r[2]),
    T: rows.map((r) => r[3]),
    monetaryValue: rows.map((r) => r[4]),
  });
}

export function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function makeSamplers(random: () => number) {
  const normal = () => {
    const u = 1 - random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
  // Marsaglia & Tsang; shape < 1 via the U^(1/shape) boost.
  const gamma = (shape: number): number => {
    if (shape < 1) return gamma(shape + 1) * (1 - random()) ** (1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = 1 - random();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
    }
  };
  const beta = (a: number, b: number) => {
    const x = gamma(a);
    return x / (x + gamma(b));
  };
  return { gamma, beta };
}

/** Draws (x, t_x, T) for customers who joined at time 0 and are observed until T. */
export function simulateBgNbd(params: BgNbdParams, customers: number, seed: number) {
  const random = mulberry32(seed);
  const { gamma, beta } = makeSamplers(random);
  const frequency = new Float64Array(customers);
  const recency = new Float64Array(customers);
  const T = new Float64Array(customers);
  for (let i = 0; i < customers; i++) {
    const lambda = gamma(params.r) / params.alpha;
    const p = beta(params.a, params.b);
    const horizon = 26 + Math.floor(random() * 53); // whole weeks, so rows compress
    let time = 0;
    let purchases = 0;
    let last = 0;
    for (;;) {
      time += -Math.log(1 - random()) / lambda;
      if (time > horizon) break;
      purchases++;
      last = time;
      if (random() < p) break; // dropped out after this purchase
    }
    frequency[i] = purchases;
    recency[i] = last;
    T[i] = horizon;
  }
  return summaryFromColumns({ frequency, recency, T });
}
