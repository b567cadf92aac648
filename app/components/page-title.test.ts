import { describe, expect, it } from "vitest";
import { localeOfMatches, pageTitle } from "./page-title";

type MetaArgs = Parameters<ReturnType<typeof pageTitle>>[0];
const titleOf = (matches: Array<{ id: string; data: unknown }>) =>
  pageTitle("customers.title")({ matches } as unknown as MetaArgs);

describe("translated page titles", () => {
  it("follow the app layout's locale, which outlives client-side navigations", () => {
    expect(
      titleOf([
        { id: "root", data: { locale: "en" } },
        { id: "routes/app", data: { locale: "ja" } },
      ]),
    ).toEqual([{ title: "顧客｜Kizuna" }]);
    expect(
      titleOf([
        { id: "root", data: { locale: "ja" } },
        { id: "routes/app", data: { locale: "en" } },
      ]),
    ).toEqual([{ title: "Customers · Kizuna" }]);
  });

  it("fall back to the root's locale, then English, when the layout has no data (an error page)", () => {
    expect(
      localeOfMatches([
        { id: "root", data: { locale: "ja" } },
        { id: "routes/app", data: undefined },
      ]),
    ).toBe("ja");
    expect(localeOfMatches([])).toBe("en");
  });
});
