import { describe, expect, it } from "vitest";
import { en, ja } from "./catalog";
import { resolveLocale, translateMessage, translator } from "./index";
import { untranslatedWords } from "./latin-words";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe("message catalogues", () => {
  it("have the same keys in Japanese and English, each translated, with the same placeholders", () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(ja[key].trim(), key).not.toBe("");
      expect(placeholders(ja[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it("follow the admin's locale and fill placeholders", () => {
    expect(resolveLocale("ja-JP")).toBe("ja");
    expect(resolveLocale(null, "fr-FR,ja;q=0.8")).toBe("en");
    expect(translator("ja")("settings.sync.eta", { minutes: 3 })).toBe("残り約3分");
    expect(translator("en")("settings.sync.eta", { minutes: 3 })).toBe("About 3 min left");
  });
});

describe("Japanese messages", () => {
  it("contain no English words, only brand names, units and codes", () => {
    const english = Object.entries(ja)
      .map(([key, text]) => [key, untranslatedWords(text.replace(/\{\w+\}/g, ""))] as const)
      .filter(([, words]) => words.length > 0);
    expect(english).toEqual([]);
  });

  it("catch an English sentence on a Japanese page", () => {
    expect(untranslatedWords("Enter a whole number of points.")).toEqual(["Enter", "a", "whole", "number", "of", "points"]);
    expect(untranslatedWords("ストア example.myshopify.com の $app:kizuna（R5・F3、CSV、12 pt）")).toEqual([]);
  });

  it("translate a message with values, and fall back to a generic message for an unknown key", () => {
    const t = translator("ja");
    expect(translateMessage(t, { key: "points.errors.adjustmentTooLarge", values: { max: "100,000" } })).toMatch(
      /^1回に調整できるのは最大100,000ポイントまでです/,
    );
    expect(translateMessage(t, "Tier must be positive")).toBe(ja["forms.errors.invalid"]);
  });
});
