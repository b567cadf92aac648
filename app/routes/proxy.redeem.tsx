import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../db/client.server";
import { type RedemptionView, redeemPoints, redemptionStatus, STOREFRONT_BUDGET_MS } from "../points/redemption.server";
import { authenticateProxyRequest, proxyJson } from "../points/proxy.server";
import { adminClientFor, ShopNotConnectedError } from "../shopify/shop-client.server";

/**
 * POST /apps/kizuna/redeem with `points` and `request_id` (form or JSON body): turns points into a
 * one-time discount code for the logged-in customer. The same request_id always gets the same answer.
 * Answered within STOREFRONT_BUDGET_MS: 200 with the code, or 202 "pending" while Shopify is slow — the
 * block then polls GET /apps/kizuna/redeem?request_id=… until the redemption is created or failed.
 */
export const action = async ({ request }: ActionFunctionArgs) => {
  const auth = await authenticateProxyRequest(db(), request);
  if (!auth.ok) return auth.response;
  if (request.method !== "POST") return proxyJson({ error: "Use POST." }, 405);
  if (auth.customerId === null) return proxyJson({ guest: true, error: "Sign in to use your points." }, 403);

  const body = await readBody(request);
  const points = Number(body.points);
  const requestId = String(body.request_id ?? "");
  if (!Number.isSafeInteger(points) || points <= 0) {
    return proxyJson({ error: "INVALID_REQUEST", message: "Choose how many points to use." }, 400);
  }
  let admin: Awaited<ReturnType<typeof adminClientFor>>;
  try {
    admin = await adminClientFor(db(), auth.shop);
  } catch (error) {
    if (error instanceof ShopNotConnectedError) return proxyJson({ error: "UNAVAILABLE", message: "Try again later." }, 503);
    throw error;
  }
  const result = await redeemPoints(
    db(),
    auth.shop,
    admin,
    { customerId: auth.customerId, requestId, points, now: new Date() },
    { budgetMs: STOREFRONT_BUDGET_MS },
  );
  if (result.ok) {
    const { redemption } = result;
    return proxyJson(redemptionBody(redemption), redemption.status === "created" ? 200 : 202);
  }
  const status =
    result.error === "DISCOUNT_FAILED"
      ? 502
      : result.error === "PROGRAM_DISABLED"
        ? 404
        : result.error === "REQUEST_ID_TAKEN"
          ? 409
          : 422;
  return proxyJson({ error: result.error, message: result.message }, status);
};

/** GET /apps/kizuna/redeem?request_id=…: the status of the logged-in customer's own redemption. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const auth = await authenticateProxyRequest(db(), request);
  if (!auth.ok) return auth.response;
  const requestId = new URL(request.url).searchParams.get("request_id");
  if (!requestId) return proxyJson({ error: "Use POST to redeem, or GET with request_id for its status." }, 405);
  if (auth.customerId === null) return proxyJson({ guest: true, error: "Sign in to use your points." }, 403);
  const redemption = await redemptionStatus(db(), auth.shop, auth.customerId, requestId);
  if (!redemption) return proxyJson({ error: "NOT_FOUND", message: "No such redemption." }, 404);
  return proxyJson(redemptionBody(redemption));
};

function redemptionBody(redemption: RedemptionView) {
  return {
    status: redemption.status,
    code: redemption.code,
    points: redemption.points,
    discount_minor: redemption.discountMinor,
    request_id: redemption.requestId,
  };
}

async function readBody(request: Request): Promise<Record<string, unknown>> {
  const type = request.headers.get("content-type") ?? "";
  try {
    if (type.includes("application/json")) {
      const value = await request.json();
      return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
    }
    if (type.includes("form")) return Object.fromEntries(await request.formData());
  } catch {
    return {};
  }
  // Shopify forwards the query too (signed): accept the parameters there when there is no body.
  return Object.fromEntries(new URL(request.url).searchParams);
}
