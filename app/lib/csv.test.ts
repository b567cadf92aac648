import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvLines, guardFormula } from "./csv";

describe("guardFormula", () => {
  it.each([
    ["=1+1", "'=1+1"],
    ["+1", "'+1"],
    ["-1+2", "'-1+2"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tx", "'\tx"],
    ["\rx", "'\rx"],
    ["\n=1+1", "'\n=1+1"],
    ["\r\n=1+1", "'\r\n=1+1"],
    ["\n\n+1", "'\n\n+1"],
    ["\n-1", "'\n-1"],
    ["\n@x", "'\n@x"],
    ["＝1+1", "'＝1+1"],
    ["＋1", "'＋1"],
    ["－1", "'－1"],
    ["＠x", "'＠x"],
    ["\n＝1", "'\n＝1"],
  ])("guards %j", (input, guarded) => {
    expect(guardFormula(input)).toBe(guarded);
  });

  it.each(["山田 花子", "a=b", "x\n=1", "-1500", "12.50", "0", "", "\nplain", "info@example.jp"])(
    "leaves %j as it is",
    (input) => {
      expect(guardFormula(input)).toBe(input);
    },
  );
});

describe("csvLines", () => {
  it("quotes what needs quoting and reads back to the guarded values", () => {
    const rows = [
      ["id", "name", "amount"],
      ["1", 'say "hi", then go', -12],
      ["2", "line\nbreak", null],
      ["3", "=cmd", undefined],
    ];
    const text = csvLines(rows);
    expect(text.split("\r\n")[0]).toBe("id,name,amount");
    expect(text.endsWith("\r\n")).toBe(true);
    expect(parse(text)).toEqual([
      ["id", "name", "amount"],
      ["1", 'say "hi", then go', "-12"],
      ["2", "line\nbreak", ""],
      ["3", "'=cmd", ""],
    ]);
    expect(csvLines([["a"]], { recordDelimiter: "\n" })).toBe("a\n");
  });
});
