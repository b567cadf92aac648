import path from "node:path";
import { beforeAll, expect, it } from "vitest";
import { recomputeShopAnalytics } from "../../app/analytics/recompute.server";
import { run as clvFit } from "../../app/cli/commands/clv-fit";
import { db } from "../../app/db/client.server";
import { registerShop, type ShopRef } from "../../app/db/shops.server";
import { importHistoryFile } from "../../app/sync/history-import.server";

/**
 * A real transaction log imported as a shop's history feeds the analytics exactly as the same file feeds
 * `kizuna clv-fit`: CDNOW's 6,919 purchases by 2,357 customers, imported into a shop with no Shopify
 * customers, give the same BG/NBD and Gamma-Gamma parameters (to about 3 significant digits).
 */
const CDNOW = path.join(process.env.KIZUNA_CDNOW_DIR ?? path.join(__dirname, "../data/cdnow"), "cdnow_sample_transactions.csv");
const AS_OF = new Date("1998-06-30T12:00:00Z");
let shop: ShopRef;

beforeAll(async () => {
  const record = await registerShop(db(), "cdnow-history.myshopify.com", { currency: "USD", timezone: "UTC" });
  shop = { id: record.id, domain: record.domain };
});

it("imports CDNOW as historical-only customers and fits the same model as kizuna clv-fit", async () => {
  const outcome = await importHistoryFile(db(), shop, CDNOW, {
    preset: "transaction-log",
    now: new Date("2026-11-01T00:00:00Z"),
  });
  expect(outcome.status).toBe("imported");
  if (outcome.status !== "imported") return;
  expect(outcome.report).toMatchObject({ orders: 6919, customers: 2357, customersCreated: 2357, problemCount: 0 });

  const { resultId } = await recomputeShopAnalytics(db(), shop, { now: AS_OF });
  const result = await db().analyticsResult.findUniqueOrThrow({ where: { id: resultId }, select: { model: true } });
  const model = JSON.parse(result.model) as {
    status: string;
    bgnbd: { params: { r: number; alpha: number; a: number; b: number } } | null;
    gammaGamma: { params: { p: number; q: number; v: number } };
  };
  expect(model.status).toBe("fitted");

  const out: string[] = [];
  const code = await clvFit(["--transactions", CDNOW, "--calibration-end", "1998-06-30", "--period", "day"], {
    stdout: (text) => out.push(text),
    stderr: (text) => out.push(text),
  });
  expect(code).toBe(0);
  const cli = JSON.parse(out.join("")) as {
    customers: number;
    bgnbd: { r: number; alpha: number; a: number; b: number };
    gammaGamma: { p: number; q: number; v: number };
  };
  expect(cli.customers).toBe(2357);
  const close = (actual: number, expected: number) => expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThan(1e-3);
  // The app may choose another frequency model than BG/NBD when one fits the data better (model selection): the
  // BG/NBD it keeps, when it keeps one, and the Gamma-Gamma spend model are the CLI's.
  if (model.bgnbd) for (const key of ["r", "alpha", "a", "b"] as const) close(model.bgnbd.params[key], cli.bgnbd[key]);
  close(model.gammaGamma.params.p, cli.gammaGamma.p);
  close(model.gammaGamma.params.q, cli.gammaGamma.q);
  // the app keeps v in minor units (cents), the CLI prints dollars
  close(model.gammaGamma.params.v / 100, cli.gammaGamma.v);
});
