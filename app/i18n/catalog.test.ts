import { describe, expect, it } from "vitest";
import { en, ja } from "./catalog";
import { resolveLocale, translator } from "./index";

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
