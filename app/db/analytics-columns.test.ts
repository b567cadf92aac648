import { numberField, parseRecords, stringField } from "./analytics-columns.server";

describe("parseRecords", () => {
  it("splits joined records and fields, empty fields included", () => {
    const text = ["12\u001f-3\u001fweb", "4503599627370495\u001f\u001f", "7\u001f2.5\u001fa,b"].join("\u001e");
    const rows: [number, number, string | null][] = [];
    parseRecords(text, 3, (t, s) => rows.push([numberField(t, s, 0), numberField(t, s, 1), stringField(t, s, 2)]));
    expect(rows).toEqual([
      [12, -3, "web"],
      [4503599627370495, Number.NaN, null],
      [7, 2.5, "a,b"],
    ]);
  });
});
