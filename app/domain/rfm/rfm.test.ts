import { readFileSync } from "node:fs";
import { ordersFromRecords } from "../orders";
import {
  computeRfmMetrics,
  DEFAULT_FIXED_THRESHOLDS,
  movementMatrix,
  NO_SEGMENT,
  quintileThresholds,
  RFM_SEGMENT_KEYS,
  RFM_SEGMENT_NAMES,
  rfmScoringConfigSchema,
  rfmSegment,
  rfmSegmentCodes,
  scoreRfm,
  netMoves,
  storedMovement,
} from "./index";

describe("computeRfmMetrics", () => {
  const { orders, customerIds } = ordersFromRecords([
    { customerId: "a", day: 100, amount: 1000 },
    { customerId: "a", day: 110, amount: 2500 },
    { customerId: "a", day: 111, amount: -500 }, // a refund recorded as its own negative row
    { customerId: "b", day: 105, amount: 700 },
    { customerId: "b", day: 130, amount: 900 }, // after the as-of day: ignored
    { customerId: "c", day: 125, amount: 100 },
  ]);

  it("counts orders, net spend and days since the last order as of a day", () => {
    const m = computeRfmMetrics(orders, { asOfDay: 120 });
    expect(customerIds).toEqual(["a", "b", "c"]);
    expect(Array.from(m.recencyDays)).toEqual([9, 15, Number.NaN]);
    expect(Array.from(m.frequency)).toEqual([3, 1, 0]);
    expect(Array.from(m.monetary)).toEqual([3000, 700, 0]);
  });
});

describe("quintileThresholds", () => {
  it("splits distinct values into fifths", () => {
    const values = Float64Array.from({ length: 10 }, (_, i) => 10 - i); // unsorted input
    expect(quintileThresholds(values)).toEqual([3, 5, 7, 9]);
  });

  it("gives equal values equal scores and is independent of input order", () => {
    // 6 × 1 order, 2 × 2 orders, 1 × 3, 1 × 8: mid-rank percentiles .3, .7, .85, .95 → scores 2, 4, 5, 5,
    // so score 2 starts at 1, scores 3 and 4 at 2, score 5 at 3.
    const values = [1, 2, 1, 1, 8, 1, 2, 1, 3, 1];
    expect(quintileThresholds(Float64Array.from(values))).toEqual([1, 2, 2, 3]);
    expect(quintileThresholds(Float64Array.from(values.reverse()))).toEqual([1, 2, 2, 3]);
  });

  it("puts everyone in the middle when all values are equal", () => {
    expect(quintileThresholds(Float64Array.from([4, 4, 4]))).toEqual([4, 4, Infinity, Infinity]);
  });
});

describe("scoreRfm", () => {
  it("scores quintiles with more recent = higher R", () => {
    const n = 10;
    const metrics = {
      customerCount: n + 1,
      recencyDays: Float64Array.from([...Array.from({ length: n }, (_, i) => i * 10), Number.NaN]),
      frequency: Int32Array.from([...Array.from({ length: n }, (_, i) => i + 1), 0]),
      monetary: Float64Array.from([...Array.from({ length: n }, (_, i) => (n - i) * 1000), 0]),
    };
    const s = scoreRfm(metrics);
    expect(Array.from(s.recency)).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1, 0]);
    expect(Array.from(s.frequency)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 0]);
    expect(Array.from(s.monetary)).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1, 0]);
    expect(s.thresholds.recencyDays).toEqual([10, 30, 50, 70]);
  });

  it("uses fixed thresholds: F 1 / 2 / 3–4 / 5–9 / 10+", () => {
    const frequencies = [1, 2, 3, 4, 5, 9, 10, 50];
    const metrics = {
      customerCount: frequencies.length,
      recencyDays: Float64Array.from([0, 30, 31, 90, 180, 181, 365, 366]),
      frequency: Int32Array.from(frequencies),
      monetary: Float64Array.from([0, 4999, 5000, 10_000, 24_999, 25_000, 50_000, 1e9]),
    };
    const s = scoreRfm(metrics, rfmScoringConfigSchema.parse(DEFAULT_FIXED_THRESHOLDS));
    expect(Array.from(s.frequency)).toEqual([1, 2, 3, 3, 4, 4, 5, 5]);
    expect(Array.from(s.recency)).toEqual([5, 5, 4, 4, 3, 2, 2, 1]);
    expect(Array.from(s.monetary)).toEqual([1, 1, 2, 3, 3, 4, 5, 5]);
  });

  it("validates fixed thresholds for settings forms", () => {
    expect(rfmScoringConfigSchema.safeParse({ method: "quintiles" }).success).toBe(true);
    const bad = rfmScoringConfigSchema.safeParse({ ...DEFAULT_FIXED_THRESHOLDS, frequency: [2, 2, 5, 10] });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(bad.error.issues[0].message).toMatch(/Frequency thresholds must increase/);
    expect(rfmScoringConfigSchema.safeParse({ ...DEFAULT_FIXED_THRESHOLDS, monetary: [1, 2, 3] }).success).toBe(false);
  });
});

describe("RFM segment grid", () => {
  // Parsed from docs/rfm-segments.md so the documentation and the code cannot drift apart.
  const doc = readFileSync(new URL("../../../docs/rfm-segments.md", import.meta.url), "utf8");
  const keyByName = new Map(RFM_SEGMENT_KEYS.map((k) => [RFM_SEGMENT_NAMES[k], k]));
  const rows = doc
    .split("\n")
    .filter((line) => /^\| \*\*[1-5]\*\* \|/.test(line))
    .map((line) =>
      line
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );

  it("documents all 25 cells", () => {
    expect(rows).toHaveLength(5);
  });

  for (let r = 1; r <= 5; r++) {
    for (let fm = 1; fm <= 5; fm++) {
      it(`R${r} FM${fm}`, () => {
        const row = rows.find((cells) => cells[0] === `**${r}**`);
        const expected = keyByName.get(row?.[fm] ?? "");
        expect(expected).toBeDefined();
        // F and M that average (rounded down) to fm: both equal, and one above / one below.
        expect(rfmSegment(r, fm, fm)).toBe(expected);
        if (fm < 5) expect(rfmSegment(r, fm, fm + 1)).toBe(expected);
        if (fm > 1 && fm < 5) expect(rfmSegment(r, fm + 1, fm - 1)).toBe(expected);
      });
    }
  }

  it("has a stable key and an English name for every segment, used in the grid", () => {
    expect(RFM_SEGMENT_KEYS).toHaveLength(11);
    expect(RFM_SEGMENT_NAMES.cant_lose_them).toBe("Can't Lose Them");
    const used = new Set(rows.flatMap((cells) => cells.slice(1)));
    for (const key of RFM_SEGMENT_KEYS) expect(used.has(RFM_SEGMENT_NAMES[key])).toBe(true);
  });

  it("rejects scores outside 1–5", () => {
    expect(() => rfmSegment(0, 3, 3)).toThrow(/1–5/);
    expect(() => rfmSegment(3, 6, 3)).toThrow(/1–5/);
  });

  it("codes agree with the scalar function", () => {
    const recency = new Uint8Array(126);
    const frequency = new Uint8Array(126);
    const monetary = new Uint8Array(126);
    let i = 0;
    for (let r = 1; r <= 5; r++)
      for (let f = 1; f <= 5; f++)
        for (let m = 1; m <= 5; m++) {
          recency[i] = r;
          frequency[i] = f;
          monetary[i] = m;
          i++;
        }
    const codes = rfmSegmentCodes({ recency, frequency, monetary });
    for (let j = 0; j < 125; j++) expect(RFM_SEGMENT_KEYS[codes[j]]).toBe(rfmSegment(recency[j], frequency[j], monetary[j]));
    expect(codes[125]).toBe(NO_SEGMENT);
  });
});

describe("segment movement", () => {
  const at = (counts: number[][], keys: readonly string[], from: string, to: string) =>
    counts[keys.indexOf(from)][keys.indexOf(to)];

  it("counts the customers who changed segment, with none for no segment", () => {
    const movement = movementMatrix([
      { from: "champions", to: "champions" },
      { from: "champions", to: "at_risk" },
      { from: "loyal", to: "at_risk" },
      { from: null, to: "new" },
      { from: null, to: "none" },
      { from: "lost", to: "lost" },
    ]);
    expect(at(movement.counts, movement.keys, "champions", "at_risk")).toBe(1);
    expect(at(movement.counts, movement.keys, "loyal", "at_risk")).toBe(1);
    expect(at(movement.counts, movement.keys, "none", "new")).toBe(1);
    expect(movement.counts.flat().reduce((a, b) => a + b, 0)).toBe(3);
    expect(movement.changed).toBe(3);
  });

  it("reduces recorded changes to each customer's net move", () => {
    const moves = netMoves([
      { customerId: 1, from: "loyal", to: "at_risk" },
      { customerId: 2, from: null, to: "new" },
      { customerId: 1, from: "at_risk", to: "lost" },
      { customerId: 2, from: "new", to: "none" },
      { customerId: 3, from: "hibernating", to: "lost" },
      { customerId: 3, from: "lost", to: "hibernating" },
    ]);
    expect(moves).toEqual([{ from: "loyal", to: "lost" }]);
  });

  it("re-indexes a stored matrix and drops the customers who stayed", () => {
    const keys = ["none", "lost", "champions"];
    const movement = storedMovement({
      keys,
      counts: [
        [5, 1, 0],
        [0, 7, 2],
        [0, 0, 9],
      ],
      changed: 3,
    });
    expect(at(movement.counts, movement.keys, "none", "lost")).toBe(1);
    expect(at(movement.counts, movement.keys, "lost", "champions")).toBe(2);
    expect(movement.counts.flat().reduce((a, b) => a + b, 0)).toBe(3);
  });
});
