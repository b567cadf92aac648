import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { z } from "zod";
import { db } from "../db/client.server";
import { jobQueue } from "../jobs/index.server";
import { requireShop } from "../require-shop.server";
import {
  createDefinitionsNow,
  queueShopifySegmentsSync,
  setShopifySegmentsSync,
  shopifySegmentsOverview,
} from "../segments-sync/settings.server";
import { adminClientFor } from "../shopify/shop-client.server";

/**
 * The Settings card "Shopify segments" (app/components/ShopifySegmentsCard): its status, loaded after the
 * page (it asks Shopify for the definitions), and its three buttons. Decision 027.
 */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop } = await requireShop(request);
  return json(await shopifySegmentsOverview(db(), shop, () => adminClientFor(db(), shop)));
};

const formSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("definitions") }),
  z.object({ intent: z.literal("sync"), sync: z.boolean() }),
  z.object({ intent: z.literal("syncNow") }),
]);

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  const form = formSchema.safeParse(await request.json().catch(() => null));
  if (!form.success) return json({ ok: false as const, intent: null }, { status: 400 });
  if (form.data.intent === "definitions") {
    const report = await createDefinitionsNow(await adminClientFor(db(), shop));
    return json({
      ok: true as const,
      intent: "definitions" as const,
      created: report.created.length + report.madeFilterable.length,
    });
  }
  if (form.data.intent === "sync") {
    await setShopifySegmentsSync(db(), shop, jobQueue(), form.data.sync);
    return json({ ok: true as const, intent: "sync" as const, created: 0 });
  }
  await queueShopifySegmentsSync(jobQueue(), shop);
  return json({ ok: true as const, intent: "syncNow" as const, created: 0 });
};
