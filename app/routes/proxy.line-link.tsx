import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { db } from "../db/client.server";
import { kizunaNow } from "../lib/clock.server";
import { requestLineLink } from "../line/link-request.server";
import { authenticateProxyRequest, proxyJson } from "../points/proxy.server";

/**
 * POST /apps/kizuna/line-link (the theme's "LINEで連携" block): verified as Shopify's app proxy signed it; the
 * customer is the logged_in_customer_id Shopify added (nothing from the form), the answer a redirect to LINE
 * with the one-time code pre-filled (app/line/link-request.server.ts).
 */
export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return proxyJson({ error: "Use POST." }, 405);
  const auth = await authenticateProxyRequest(db(), request);
  if (!auth.ok) return auth.response;
  if (auth.customerId === null) return redirect("/account/login", { headers: { "Cache-Control": "no-store" } });
  const link = await requestLineLink(db(), auth.shop, auth.customerId, kizunaNow());
  if (!link.ok) return proxyJson({ error: link.reason, message: "This shop has not connected LINE yet." }, 404);
  return redirect(link.url, { status: 303, headers: { "Cache-Control": "no-store" } });
};

export const loader = () => proxyJson({ error: "Use POST from the LINE link block." }, 405);
