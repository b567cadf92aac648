import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../app/db/database-url.mjs";
import { db } from "../../app/db/client.server";
import { updateShopSettings } from "../../app/db/settings.server";
import { type EmulatedShop, expectDatabaseMatchesStore, startShopSendingWebhooks } from "../support/emulated-shop";
import type { WebhookApp } from "../support/webhook-app";

let app: WebhookApp;
let shop: EmulatedShop;

beforeAll(async () => {
  ({ app, shop } = await startShopSendingWebhooks(db(), { seed: 31, customers: 200 }));
  // The worker runs everything, analytics and push-back included; pushed tags would come back as new
  // customers/update webhooks after the test stopped waiting. This test is about applying webhooks.
  await updateShopSettings(db(), shop.shop, "push", { tagPrefix: "kizuna:", taggedSegments: [], writeMetafields: false });
});

afterAll(async () => {
  await shop.emulator.stop();
  await app.close();
});

function startWorker(): ChildProcess {
  return spawn(process.execPath, [path.join(projectRoot, "bin/kizuna.js"), "worker"], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL, KIZUNA_WORKER: "off" },
    stdio: "ignore",
  });
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("timed out");
}

/** Ends the claims a killed worker left on the inbox (decision 023: they expire after INBOX_LEASE_MS anyway). */
async function expireInboxClaims(): Promise<number> {
  const expired = await db().webhookEvent.updateMany({
    where: { shopId: shop.shop.id, status: "processing" },
    data: { nextAttemptAt: new Date(0) },
  });
  return expired.count;
}

const applied = () => db().webhookEvent.count({ where: { shopId: shop.shop.id, status: "applied" } });
const unfinished = () => db().webhookEvent.count({ where: { shopId: shop.shop.id, status: { in: ["pending", "processing"] } } });

describe("the worker killed half way through its queue", () => {
  it("leaves, once restarted, the same final state as a worker never killed", async () => {
    const control = shop.emulator.control;
    const customers = [...shop.store.customers.keys()];
    for (let i = 0; i < 600; i++) {
      control.advanceTime({ ms: 1_000 });
      if (i % 3 === 0) control.updateCustomer({ id: customers[i % customers.length], lastName: `kill-${i}` });
      else control.createOrder({ customerId: customers[(i * 7) % customers.length] });
    }
    await shop.emulator.flush();
    const total = await unfinished();
    expect(total).toBeGreaterThan(500);

    const first = startWorker();
    await waitFor(async () => (await applied()) >= total / 3, 60_000);
    first.kill("SIGKILL");
    await new Promise((resolve) => first.once("exit", resolve));
    const afterKill = await applied();
    expect(afterKill).toBeLessThan(total);

    // A batch the killed worker had claimed (if it died inside one) is left to its claim's lease, which
    // expires (here at once instead of after INBOX_LEASE_MS) and the restarted worker takes it over. Events it
    // never reached are still pending, and the restarted worker claims and applies them.
    await expireInboxClaims();
    const second = startWorker();
    try {
      await waitFor(async () => (await unfinished()) === 0, 120_000);
    } finally {
      second.kill("SIGTERM");
      await new Promise((resolve) => second.once("exit", resolve));
    }
    await expectDatabaseMatchesStore(db(), shop.shop.id, shop.store);
  }, 240_000);
});
