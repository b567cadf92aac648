import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createCampaign } from "../../app/campaigns/campaigns.server";
import { db } from "../../app/db/client.server";
import { pushToShopify } from "../../app/pushback/push.server";
import { importHistoryFile } from "../../app/sync/history-import.server";
import { type ShopHarness, startShopHarness, writeMetrics } from "../pushback/harness";

/**
 * Imported orders and historical-only customers never reach Shopify: the push and campaigns leave them out,
 * whatever Kizuna computed for them; a matched Shopify customer is pushed as before.
 */
let h: ShopHarness;
const sent: string[] = [];
const realFetch = globalThis.fetch;

beforeAll(async () => {
  h = await startShopHarness({ customers: 6, seed: 29 });
  globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    if (typeof init?.body === "string") sent.push(init.body);
    return realFetch(input, init);
  }) as typeof fetch;
});
afterAll(async () => {
  globalThis.fetch = realFetch;
  await h.stop();
});

it("pushes the matched Shopify customer and nothing about historical-only customers", async () => {
  const matched = h.customerIds[0];
  const email = (await db().customer.findUnique({ where: { shopId_id: { shopId: h.shop.id, id: matched } } }))?.email;
  expect(email).toBeTruthy();
  const dir = mkdtempSync(path.join(tmpdir(), "kizuna-import-push-"));
  const file = path.join(dir, "history.csv");
  writeFileSync(
    file,
    ["order_id,date,email,amount", `H-1,2024-01-05,${email},1200`, "H-2,2024-02-05,history-only@example.com,800"].join("\n"),
  );
  const outcome = await importHistoryFile(db(), h.shop, file, { preset: "generic", now: new Date("2026-03-01T00:00:00Z") });
  expect(outcome.status).toBe("imported");
  const historical = await db().customer.findFirst({ where: { shopId: h.shop.id, email: "history-only@example.com" } });
  expect(historical && historical.id < 0n).toBe(true);
  if (!historical) return;

  // The recompute scores every customer with orders, historical-only ones too.
  for (const customerId of [matched, historical.id]) await writeMetrics(h.shop, customerId, { segment: "champions" });
  sent.length = 0;
  const summary = await pushToShopify(db(), h.shop, h.admin);
  expect(summary.failed).toEqual([]);
  expect(summary.customersChanged).toBe(1);
  expect(sent.some((body) => body.includes(`Customer/${matched}`))).toBe(true);
  expect(sent.some((body) => body.includes("Customer/-"))).toBe(false);
  expect(await db().customerPushState.count({ where: { shopId: h.shop.id, customerId: { lt: 0 } } })).toBe(0);
  expect(
    h.emulator
      .store(h.shop.domain)
      .customers.get(Number(matched))
      ?.tags.some((tag) => tag.includes("champion")),
  ).toBe(true);
});

it("a campaign's audience leaves historical-only customers out (no discount code can reach them)", async () => {
  sent.length = 0;
  const campaign = await createCampaign(db(), h.shop, h.admin, {
    name: "Champions thanks",
    audience: { type: "segment", segment: "champions" },
    value: { kind: "percentage", percent: 10 },
    minimumSubtotalMinor: null,
    startsAt: new Date("2026-03-01T00:00:00Z"),
    endsAt: null,
    codeMode: "shared",
    sharedCode: "THANKS10",
    holdoutShare: 0,
    tagMembers: false,
  });
  const members = await db().campaignMember.findMany({ where: { campaignId: campaign.id } });
  expect(members.length).toBeGreaterThan(0);
  expect(members.every((member) => member.customerId > 0n)).toBe(true);
  expect(sent.some((body) => body.includes("Customer/-"))).toBe(false);
});
