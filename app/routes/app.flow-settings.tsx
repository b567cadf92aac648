import type { ActionFunctionArgs } from "@remix-run/node";
import { db } from "../db/client.server";
import { saveFlowSettings } from "../flow/settings.server";
import { requireShop } from "../require-shop.server";

/** Settings → Shopify Flow: saves the churn-risk threshold and points-expiring lead time (FlowSettingsCard). */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireShop(request);
  const body = await request.json().catch(() => null);
  const result = await saveFlowSettings(db(), shop, body);
  return Response.json(result, { status: result.ok ? 200 : 400 });
};
