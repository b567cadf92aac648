import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { config } from "../config.server";
import { db } from "../db/client.server";
import { authenticateCustomerAccountToken, customerAccountPoints } from "../points/customer-account.server";

/**
 * GET /api/customer-account/points: the signed-in customer's points for the customer account UI extension
 * (extensions/kizuna-customer-account). Whose points: the session token's shop and customer only
 * (app/points/customer-account.server). Called cross-origin from Shopify's customer accounts, so every
 * answer carries CORS headers and a preflight is answered; no cookies are used.
 */
const CORS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, OPTIONS",
  "Access-Control-Allow-Headers": "Authorization, Content-Type",
  "Access-Control-Max-Age": "7200",
  "Cache-Control": "private, no-store",
  Vary: "Authorization",
};

function answer(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: CORS });
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: CORS });
  const token = /^Bearer\s+(\S+)$/i.exec(request.headers.get("Authorization") ?? "")?.[1] ?? null;
  const { SHOPIFY_API_KEY: apiKey, SHOPIFY_API_SECRET: apiSecret } = config();
  const auth = await authenticateCustomerAccountToken(db(), token, { apiKey, apiSecret });
  if (!auth.ok) return answer({ error: auth.error }, auth.status);
  return answer(await customerAccountPoints(db(), auth.shop, auth.customerId));
};

export const action = async ({ request }: ActionFunctionArgs) =>
  request.method === "OPTIONS" ? new Response(null, { status: 204, headers: CORS }) : answer({ error: "Use GET." }, 405);
