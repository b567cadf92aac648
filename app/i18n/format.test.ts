import { describe, expect, it } from "vitest";
import { formatMoney } from "./format";

describe("formatMoney", () => {
  it("keeps thousands separators in 万 / 億 abbreviations", () => {
    expect(formatMoney(21_978_000, "JPY", "ja", { compact: true })).toBe("￥2,197.8万");
    expect(formatMoney(219_780_000_000, "JPY", "ja", { compact: true })).toBe("￥2,197.8億");
    expect(formatMoney(9_800, "JPY", "ja", { compact: true })).toBe("￥9,800");
    expect(formatMoney(123_456_789_000, "USD", "en", { compact: true })).toBe("$1.2B");
  });

  it("writes full amounts with separators and the currency's decimals", () => {
    expect(formatMoney(6_000, "JPY", "ja")).toBe("￥6,000");
    expect(formatMoney(150_050, "USD", "en")).toBe("$1,500.50");
  });
});
