import { describe, expect, it } from "vitest";
import {
  countryName,
  formatCustomerName,
  formatMoney,
  formatRegion,
  formatTierName,
  prefectureName,
  tierNameToStore,
} from "./format";

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

describe("formatCustomerName", () => {
  const hara = { firstName: "浩", lastName: "原" };
  it("writes family name first on Japanese pages and for names in kanji or kana, given name first otherwise", () => {
    expect(formatCustomerName(hara, "ja")).toBe("原 浩");
    expect(formatCustomerName(hara, "en")).toBe("原 浩");
    expect(formatCustomerName({ firstName: "Hiro", lastName: "Hara" }, "en")).toBe("Hiro Hara");
    expect(formatCustomerName({ firstName: "Hiro", lastName: "Hara" }, "ja")).toBe("Hara Hiro");
    expect(formatCustomerName({ firstName: "ひろし", lastName: null }, "en")).toBe("ひろし");
  });

  it("adds 様 on Japanese pages only, and leaves a customer without a name to the caller", () => {
    expect(formatCustomerName(hara, "ja", { honorific: true })).toBe("原 浩 様");
    expect(formatCustomerName({ firstName: "Hiro", lastName: "Hara" }, "en", { honorific: true })).toBe("Hiro Hara");
    expect(formatCustomerName({ firstName: " ", lastName: null }, "ja", { honorific: true })).toBeNull();
  });
});

describe("regions", () => {
  it("names all 47 prefectures from their JP code in both languages", () => {
    expect(prefectureName("JP-33", "ja")).toBe("岡山県");
    expect(prefectureName("JP-33", "en")).toBe("Okayama");
    expect(prefectureName("33", "ja")).toBe("岡山県");
    expect(prefectureName("JP-01", "ja")).toBe("北海道");
    expect(prefectureName("JP-13", "ja")).toBe("東京都");
    expect(prefectureName("JP-47", "en")).toBe("Okinawa");
    expect(prefectureName("JP-48", "ja")).toBeNull();
    expect(prefectureName("CA", "ja")).toBeNull();
    const all = Array.from({ length: 47 }, (_, i) => prefectureName(`JP-${String(i + 1).padStart(2, "0")}`, "ja"));
    expect(new Set(all).size).toBe(47);
    expect(all.every((name) => /[都道府県]$/.test(name ?? ""))).toBe(true);
  });

  it("names countries in the page's language", () => {
    expect(countryName("US", "ja")).toBe("アメリカ合衆国");
    expect(countryName("JP", "en")).toBe("Japan");
    expect(countryName("XX", "en")).toBe("XX");
  });

  it("writes a place as people write it: largest first in Japanese, smallest first in English", () => {
    const kurashiki = { city: "倉敷市", provinceCode: "JP-33", countryCode: "JP" };
    expect(formatRegion(kurashiki, "ja")).toBe("岡山県 倉敷市");
    expect(formatRegion({ ...kurashiki, city: "Kurashiki" }, "en")).toBe("Kurashiki, Okayama");
    expect(formatRegion({ city: "Los Angeles", provinceCode: "US-CA", countryCode: "US" }, "en")).toBe(
      "Los Angeles, CA, United States",
    );
    expect(formatRegion({ city: "Los Angeles", provinceCode: "CA", countryCode: "US" }, "ja")).toBe(
      "アメリカ合衆国 CA Los Angeles",
    );
    expect(formatRegion({ city: null, provinceCode: null, countryCode: null }, "ja")).toBeNull();
  });
});

describe("rank names", () => {
  it("translates a default rank the merchant has not renamed, and never shows the id", () => {
    expect(formatTierName({ id: "bronze", name: "Bronze" }, "ja")).toBe("ブロンズ");
    expect(formatTierName({ id: "gold", name: "Gold" }, "en")).toBe("Gold");
    expect(formatTierName({ id: "gold", name: "プラチナ" }, "ja")).toBe("プラチナ");
    expect(formatTierName({ id: "tier-4", name: "Bronze" }, "ja")).toBe("Bronze");
  });

  it("stores a default rank's translated name as the default, so each language keeps its own", () => {
    expect(tierNameToStore({ id: "silver", name: "シルバー" })).toBe("Silver");
    expect(tierNameToStore({ id: "silver", name: "Silver" })).toBe("Silver");
    expect(tierNameToStore({ id: "silver", name: "白銀会員" })).toBe("白銀会員");
    expect(tierNameToStore({ id: "tier-4", name: "シルバー" })).toBe("シルバー");
  });
});
