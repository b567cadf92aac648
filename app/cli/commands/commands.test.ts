import { parse } from "csv-parse/sync";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CDNOW_DIR } from "../../domain/clv/test-support";
import { run as runClvFit } from "./clv-fit";
import { run as runRfm } from "./rfm";

const CDNOW = `${CDNOW_DIR}/cdnow_sample_transactions.csv`;

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s) }, out, err };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "kizuna-cli-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe("kizuna clv-fit", () => {
  it("fits CDNOW and reports the published parameters", async () => {
    const { io, out, err } = capture();
    const code = await runClvFit(["--transactions", CDNOW, "--calibration-end", "1997-09-30"], io);
    expect(err.join("")).toBe("");
    expect(code).toBe(0);
    const result = JSON.parse(out.join(""));
    expect(result.customers).toBe(2357);
    expect(result.repeatCustomers).toBe(946);
    expect(result.period).toBe("week");
    expect(result.bgnbd.r).toBeCloseTo(0.2426, 3);
    expect(result.bgnbd.alpha).toBeCloseTo(4.4136, 2);
    expect(result.bgnbd.a).toBeCloseTo(0.7929, 3);
    expect(result.bgnbd.b).toBeCloseTo(2.4259, 2);
    expect(result.bgnbd.logLikelihood).toBeCloseTo(-9582.4, 0);
    expect(result.gammaGamma.p).toBeCloseTo(6.25, 1);
    expect(result.gammaGamma.q).toBeCloseTo(3.74, 1);
    expect(result.gammaGamma.v).toBeCloseTo(15.44, 1);
    expect(result.model).toEqual({ status: "fitted" });
    expect(result.holdout).toBeUndefined();
  });

  it("compares predictions with the holdout period", async () => {
    const { io, out } = capture();
    const code = await runClvFit(["--transactions", CDNOW, "--calibration-end", "1997-09-30", "--holdout-end", "1998-06-30"], io);
    expect(code).toBe(0);
    const { holdout } = JSON.parse(out.join(""));
    expect(holdout.durationPeriods).toBeCloseTo(273 / 7, 12);
    expect(holdout.byCalibrationFrequency.map((g: { calibrationFrequency: string }) => g.calibrationFrequency)).toEqual([
      "0",
      "1",
      "2",
      "3",
      "4",
      "5",
      "6",
      "7+",
    ]);
    expect(holdout.byCalibrationFrequency.reduce((s: number, g: { customers: number }) => s + g.customers, 0)).toBe(2357);
    // 1,882 repeat purchase days in weeks 40–78; 1,411 customers had no repeat purchase in calibration.
    expect(holdout.actual).toBe(1882);
    expect(holdout.byCalibrationFrequency[0].customers).toBe(1411);
    // BG/NBD underpredicts CDNOW's holdout a little (~12 %), mostly for customers with 1–2 repeats.
    expect(Math.abs(holdout.predicted - holdout.actual) / holdout.actual).toBeLessThan(0.15);
  });

  it("fits in days", async () => {
    const { io, out } = capture();
    expect(await runClvFit(["--transactions", CDNOW, "--calibration-end", "1997-09-30", "--period", "day"], io)).toBe(0);
    const result = JSON.parse(out.join(""));
    expect(result.bgnbd.alpha / 7).toBeCloseTo(4.4136, 2);
    expect(result.bgnbd.r).toBeCloseTo(0.2426, 3);
  });

  it.each([
    [[], /--transactions FILE.csv is required/],
    [["--transactions", CDNOW], /--calibration-end is required/],
    [["--transactions", CDNOW, "--calibration-end", "30/09/1997"], /--calibration-end "30\/09\/1997" is not a date/],
    [["--transactions", CDNOW, "--calibration-end", "1997-09-30", "--holdout-end", "1997-01-01"], /must be after/],
    [["--transactions", CDNOW, "--calibration-end", "1997-09-30", "--period", "month"], /--period must be "day" or "week"/],
    [["--transactions", CDNOW, "--calibration-end", "1997-09-30", "--frobnicate"], /Unknown option '--frobnicate'/],
    [["--transactions", "/nonexistent/x.csv", "--calibration-end", "1997-09-30"], /no such file/],
    [["--transactions", CDNOW, "--calibration-end", "1990-01-01"], /no transactions on or before/],
  ])("rejects bad flags %j", async (args, message) => {
    const { io, out, err } = capture();
    expect(await runClvFit(args as string[], io)).toBe(1);
    expect(out).toEqual([]);
    expect(err.join("")).toMatch(message);
    expect(err.join("")).toMatch(/usage: kizuna clv-fit/);
  });
});

describe("kizuna rfm", () => {
  it("scores CDNOW customers", async () => {
    const { io, out, err } = capture();
    expect(await runRfm(["--transactions", CDNOW, "--as-of", "1998-06-30"], io)).toBe(0);
    expect(err).toEqual([]);
    const lines = out.join("").trimEnd().split("\n");
    expect(lines[0]).toBe("customer_id,recency_days,frequency,monetary,r_score,f_score,m_score,segment");
    expect(lines).toHaveLength(2358);
    // Customer 1: orders on 1997-01-01, 01-18, 08-02, 12-12; last one 200 days before 1998-06-30.
    expect(lines[1]).toMatch(/^1,200,4,100\.50,\d,\d,\d,[A-Za-z' ]+$/);
    const segments = new Set(lines.slice(1).map((l) => l.split(",")[7]));
    expect(segments.has("Champions")).toBe(true);
    expect([...segments].every((s) => s.length > 0)).toBe(true);
  });

  it("quotes fields and uses fixed thresholds on request", async () => {
    const path = file(
      "quoted.csv",
      'customer_id,date,amount\n"Doe, Jane",2024-01-01,10.00\n"Doe, Jane",2024-03-01,5.5\nbob,2023-01-01,100\n',
    );
    const { io, out } = capture();
    expect(await runRfm(["--transactions", path, "--as-of", "2024-03-31", "--scoring", "fixed"], io)).toBe(0);
    expect(out.join("")).toBe(
      [
        "customer_id,recency_days,frequency,monetary,r_score,f_score,m_score,segment",
        '"Doe, Jane",30,2,15.50,5,2,1,New',
        "bob,455,1,100.00,1,1,3,Lost",
        "",
      ].join("\n"),
    );
  });

  it.each([
    ["missing-header.csv", "1,1997-01-01,29.33\n", /line 1: expected the header "customer_id,date,amount"/],
    ["bad-amount.csv", "customer_id,date,amount\n1,1997-01-01,29.33\n1,1997-01-02,abc\n", /line 3: amount "abc" is not a number/],
    [
      "bad-date.csv",
      "customer_id,date,amount\n1,01/02/1997,29.33\n",
      /line 2: date "01\/02\/1997" is not a date in YYYY-MM-DD form/,
    ],
    ["bad-calendar.csv", "customer_id,date,amount\n1,1997-02-30,29.33\n", /line 2: date "1997-02-30"/],
    ["fields.csv", "customer_id,date,amount\n1,1997-01-01\n", /line 2: expected 3 fields/],
    ["quote.csv", 'customer_id,date,amount\n"1,1997-01-01,3\n', /line 2: a quoted field is not closed/],
    ["empty.csv", "", /the file is empty/],
  ])("rejects %s with the line number and prints nothing", async (name, content, message) => {
    const { io, out, err } = capture();
    expect(await runRfm(["--transactions", file(name, content), "--as-of", "1998-01-01"], io)).toBe(1);
    expect(out).toEqual([]);
    expect(err.join("")).toMatch(message);
  });

  it("requires --as-of and a known scoring", async () => {
    const missing = capture();
    expect(await runRfm(["--transactions", CDNOW], missing.io)).toBe(1);
    expect(missing.err.join("")).toMatch(/--as-of is required/);
    const scoring = capture();
    expect(await runRfm(["--transactions", CDNOW, "--as-of", "1998-01-01", "--scoring", "deciles"], scoring.io)).toBe(1);
    expect(scoring.err.join("")).toMatch(/--scoring must be/);
  });

  it("reports the bad line in clv-fit too (CRLF file, line 17)", async () => {
    const good = Array.from({ length: 15 }, (_, i) => `${i % 4},1997-01-${String(i + 1).padStart(2, "0")},12.50`);
    const path = file("clv-bad.csv", ["customer_id,date,amount", ...good, "2,1997-01-20,abc", ""].join("\r\n"));
    const { io, out, err } = capture();
    expect(await runClvFit(["--transactions", path, "--calibration-end", "1997-09-30"], io)).toBe(1);
    expect(out).toEqual([]);
    expect(err.join("")).toMatch(/^error: line 17: amount "abc" is not a number\n/);
  });
});

describe("transactions CSV quoting", () => {
  it("reads quoted ids and guards formula-like ids in what rfm prints", async () => {
    const path = file(
      "quoted.csv",
      '\uFEFFcustomer_id,date,amount\r\n"say ""hi"", A",1997-01-01,10.00\r\n"=cmd|\' /C calc\'!A0",1997-01-02,"5.50"\r\n',
    );
    const { io, out, err } = capture();
    expect(await runRfm(["--transactions", path, "--as-of", "1997-02-01", "--scoring", "fixed"], io)).toBe(0);
    expect(err).toEqual([]);
    const ids = (parse(out.join(""), { columns: true }) as { customer_id: string }[]).map((row) => row.customer_id);
    expect(ids).toEqual(['say "hi", A', "'=cmd|' /C calc'!A0"]);
  });
});

describe("the CLI says what is wrong with its input in one line", () => {
  const oneLine = (err: string[]) => err.join("").split("\n")[0];

  it.each([
    ["a directory", () => dir, /is a directory, not a CSV file/],
    ["a header without rows", () => file("header-only.csv", "customer_id,date,amount\n"), /no transactions/],
    [
      "a negative amount",
      () => file("negative.csv", "customer_id,date,amount\n1,1997-01-01,29.33\n2,1997-01-02,-5.00\n"),
      /^error: line 3: amount "-5.00" is negative/,
    ],
    [
      "more decimals than the currency has",
      () => file("yen-decimals.csv", "customer_id,date,amount\n1,1997-01-01,1500.5\n"),
      /^error: line 2: amount "1500.5" has more decimals than JPY allows/,
      ["--currency", "JPY"],
    ],
  ])("rejects %s (exit 1, no stack)", async (_what, path, message, extra: string[] = []) => {
    for (const command of [runRfm, runClvFit]) {
      const dateFlag = command === runRfm ? "--as-of" : "--calibration-end";
      const { io, out, err } = capture();
      expect(await command(["--transactions", path(), dateFlag, "1998-01-01", ...extra], io)).toBe(1);
      expect(out).toEqual([]);
      expect(oneLine(err)).toMatch(message);
      expect(err.join("")).not.toMatch(/\n\s+at /);
    }
  });

  it.runIf(process.getuid?.() !== 0)("rejects a file it may not read", async () => {
    const path = file("secret.csv", "customer_id,date,amount\n1,1997-01-01,1\n");
    chmodSync(path, 0o000);
    const { io, err } = capture();
    expect(await runRfm(["--transactions", path, "--as-of", "1998-01-01"], io)).toBe(1);
    expect(oneLine(err)).toMatch(/cannot be read \(permission denied\)/);
  });

  it("refuses an --as-of before every transaction", async () => {
    const { io, out, err } = capture();
    expect(await runRfm(["--transactions", CDNOW, "--as-of", "1990-01-01"], io)).toBe(1);
    expect(out).toEqual([]);
    expect(oneLine(err)).toMatch(/no transactions on or before the as-of date 1990-01-01; the first is on 1997-01-01/);
  });
});

describe("kizuna rfm with few customers and in other currencies", () => {
  const few = () =>
    file(
      "few.csv",
      ["customer_id,date,amount", "a,2024-03-01,12000", "a,2024-03-20,9000", "b,2023-05-01,3000", "c,2024-02-01,60000", ""].join(
        "\n",
      ),
    );

  it("warns that quintiles need more customers and scores by fixed thresholds instead", async () => {
    const { io, out, err } = capture();
    expect(await runRfm(["--transactions", few(), "--as-of", "2024-03-31", "--currency", "JPY"], io)).toBe(0);
    expect(err.join("")).toMatch(/^warning: 3 customers with an order are too few for quintile scores \(50 or more\)/);
    expect(err.join("")).toMatch(/fixed thresholds/);
    // JPY amounts are yen, not cents: ¥21,000 over two orders is M3 (¥10,000–¥24,999), ¥60,000 is M5.
    expect(out.join("")).toBe(
      [
        "customer_id,recency_days,frequency,monetary,r_score,f_score,m_score,segment",
        "a,11,2,21000,5,2,3,Potential Loyalist",
        "b,335,1,3000,2,1,1,Hibernating",
        "c,59,1,60000,4,1,5,Potential Loyalist",
        "",
      ].join("\n"),
    );
  });

  it("takes fixed thresholds from the command line, in the currency's units", async () => {
    const { io, out, err } = capture();
    const args = ["--transactions", few(), "--as-of", "2024-03-31", "--currency", "JPY", "--scoring", "fixed"];
    expect(await runRfm([...args, "--monetary", "1000,2000,4000,8000", "--frequency", "2,3,4,5"], io)).toBe(0);
    expect(err).toEqual([]);
    expect(out.join("").split("\n")[1]).toBe("a,11,2,21000,5,2,5,Potential Loyalist");
  });

  it.each([
    [["--monetary", "100,50,200,300"], /--monetary: thresholds must increase/],
    [["--frequency", "2,3,x,5"], /--frequency "2,3,x,5" must be four numbers/],
    [["--currency", "yen"], /--currency "yen" is not a three-letter currency code/],
  ])("refuses bad thresholds %j", async (extra, message) => {
    const { io, err } = capture();
    expect(await runRfm(["--transactions", few(), "--as-of", "2024-03-31", "--scoring", "fixed", ...extra], io)).toBe(1);
    expect(oneLineOf(err)).toMatch(message);
  });
});

describe("kizuna clv-fit on data that cannot identify the model", () => {
  it("says the parameters did not converge, and why, instead of presenting them as fitted", async () => {
    // 30 customers who all bought exactly twice, two months apart: the drop-out parameters run off.
    const rows = Array.from({ length: 30 }, (_, c) => [
      `c${c},2024-01-${String(1 + (c % 28)).padStart(2, "0")},1000`,
      `c${c},2024-03-${String(1 + (c % 28)).padStart(2, "0")},1200`,
    ]).flat();
    const path = file("degenerate.csv", ["customer_id,date,amount", ...rows, ""].join("\n"));
    const { io, out } = capture();
    expect(await runClvFit(["--transactions", path, "--calibration-end", "2024-06-30"], io)).toBe(0);
    const result = JSON.parse(out.join(""));
    expect(result.bgnbd.converged).toBe(false);
    expect(result.bgnbd.reason).toMatch(/extreme|cannot/);
    expect(result.gammaGamma.converged).toBe(false);
    expect(result.model.status).toBe("insufficient_data");
  });
});

function oneLineOf(err: string[]) {
  return err.join("").split("\n")[0];
}
