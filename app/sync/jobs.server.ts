import { z } from "zod";
import type { Db } from "../db/client.server";
import type { JobHandler } from "../jobs/queue.server";
import { runBackfill } from "./backfill.server";
import { runReconcile } from "./reconcile.server";
import { adminClientFor } from "./shop-client.server";

const ShopPayload = z.object({ shopId: z.number().int().positive() });

async function installedShop(client: Db, payload: unknown) {
  const { shopId } = ShopPayload.parse(payload);
  const shop = await client.shop.findUnique({
    where: { id: shopId },
    select: { id: true, domain: true, currency: true, installState: true },
  });
  if (shop?.installState !== "installed") return null;
  return shop;
}

export function syncJobHandlers(client: Db): Record<string, JobHandler> {
  return {
    "sync.backfill": async (job) => {
      const shop = await installedShop(client, job.payload);
      if (!shop) return;
      await runBackfill(client, shop, { admin: await adminClientFor(client, shop) });
    },
    "sync.reconcile": async (job) => {
      const shop = await installedShop(client, job.payload);
      if (!shop) return;
      await runReconcile(client, shop, { admin: await adminClientFor(client, shop) });
    },
  };
}
