import { db } from "../db/client.server";
import { authenticate } from "../shopify.server";
import { storeWebhook } from "./webhook-intake.server";
import type { WebhookTopic } from "./webhook-payloads";

/**
 * The action of every `webhooks.*` route: verify the HMAC through `authenticate.webhook` (a forgery gets
 * 401 and nothing is written), then hand the raw delivery to the inbox.
 */
export async function handleWebhookRequest(request: Request, routeTopic: WebhookTopic): Promise<Response> {
  const rawBody = await request.clone().text();
  try {
    await authenticate.webhook(request);
  } catch (error) {
    if (error instanceof Response) return error;
    // The HMAC was valid (it is checked first) but the body is not JSON: store it as rejected below.
    if (!(error instanceof SyntaxError)) throw error;
  }
  const headers = request.headers;
  const result = await storeWebhook(
    db(),
    {
      shopDomain: headers.get("x-shopify-shop-domain") ?? "",
      topic: headers.get("x-shopify-topic") ?? "",
      webhookId: headers.get("x-shopify-webhook-id") ?? "",
      apiVersion: headers.get("x-shopify-api-version"),
      eventId: headers.get("x-shopify-event-id"),
      triggeredAt: headers.get("x-shopify-triggered-at"),
      rawBody,
    },
    routeTopic,
  );
  if (result.outcome === "rejected") {
    return Response.json({ error: result.error }, { status: result.status });
  }
  return new Response(null, { status: 200 });
}
