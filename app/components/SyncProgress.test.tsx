import { AppProvider } from "@shopify/polaris";
import enPolaris from "@shopify/polaris/locales/en.json";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { SyncRunView } from "../db/sync-health.server";
import { LocaleProvider } from "../i18n/react";
import { SyncProgress } from "./SyncProgress";

const shop = { currency: "JPY", timezone: "Asia/Tokyo" };
const text = (run: SyncRunView, locale: "en" | "ja") =>
  renderToStaticMarkup(
    <AppProvider i18n={enPolaris}>
      <LocaleProvider locale={locale}>
        <SyncProgress run={run} shop={shop} />
      </LocaleProvider>
    </AppProvider>,
  )
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();

const run = (overrides: Partial<SyncRunView>): SyncRunView => ({
  id: 1,
  kind: "backfill",
  status: "running",
  phase: "orders: importing",
  rowsDone: 40_000,
  rowsTotal: 65_818,
  error: null,
  startedAt: Date.UTC(2026, 0, 15, 0, 0),
  updatedAt: Date.UTC(2026, 0, 15, 0, 2),
  finishedAt: null,
  ...overrides,
});

describe("SyncProgress", () => {
  it("shows a finished copy as finished, with what it copied and when", () => {
    const done = run({ status: "completed", phase: "done", rowsDone: 65_818, finishedAt: Date.UTC(2026, 0, 15, 0, 5) });
    expect(text(done, "ja")).toBe("完了：65,818件を取り込みました（2026/01/15 09:05）");
    expect(text(done, "en")).toBe("Completed: 65,818 rows copied (Jan 15, 2026, 09:05 AM)");
    expect(text(done, "ja")).not.toContain("処理中");
  });

  it("shows a failed copy as failed", () => {
    const failed = run({ status: "failed", phase: "orders: importing", finishedAt: Date.UTC(2026, 0, 15, 0, 5) });
    expect(text(failed, "ja")).toBe("失敗：65,818件中40,000件まで取り込みました（2026/01/15 09:05）");
  });

  it("shows a running copy with its phase and progress", () => {
    expect(text(run({}), "ja")).toMatch(/^注文を取り込み中：40,000 \/ 65,818/);
  });
});
