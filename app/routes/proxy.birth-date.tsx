import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../db/client.server";
import { registerStorefrontBirthDate, storefrontBirthDate } from "../journeys/birth-date-proxy.server";
import { authenticateProxyRequest, proxyJson } from "../points/proxy.server";

const signInRequired = () => proxyJson({ error: "SIGN_IN_REQUIRED", message: "Sign in to register your birth date." }, 401);

/** GET /apps/kizuna/birth-date: the signed-in customer's birth date in Kizuna and whether they may still give one. */
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const auth = await authenticateProxyRequest(db(), request);
  if (!auth.ok) return auth.response;
  if (auth.customerId === null) return signInRequired();
  const answer = await storefrontBirthDate(db(), auth.shop, auth.customerId);
  return proxyJson(answer.body, answer.status);
};

/**
 * POST /apps/kizuna/birth-date with `birth_date` (YYYY-MM-DD, form or JSON body): registers it for the customer
 * Shopify signed in (logged_in_customer_id of the verified request; a customer id in the body is ignored),
 * once — see app/journeys/birth-date-proxy.server.ts for the rule.
 */
export const action = async ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return proxyJson({ error: "Use POST." }, 405);
  const auth = await authenticateProxyRequest(db(), request);
  if (!auth.ok) return auth.response;
  if (auth.customerId === null) return signInRequired();
  const value = await birthDateFromBody(request);
  const answer = await registerStorefrontBirthDate(db(), auth.shop, auth.customerId, value, new Date());
  return proxyJson(answer.body, answer.status);
};

async function birthDateFromBody(request: Request): Promise<string> {
  const type = request.headers.get("content-type") ?? "";
  try {
    if (type.includes("application/json")) {
      const body: unknown = await request.json();
      const value = body && typeof body === "object" ? (body as Record<string, unknown>).birth_date : undefined;
      return typeof value === "string" ? value : "";
    }
    if (type.includes("form")) {
      const value = (await request.formData()).get("birth_date");
      return typeof value === "string" ? value : "";
    }
  } catch {
    return "";
  }
  return "";
}
