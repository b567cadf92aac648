import type { Db } from "../db/client.server";
import { insertLineEvents, lineChannelOf, updateLineBotIdentity } from "../db/line.server";
import { findShop } from "../db/shops.server";
import { JobNames } from "../jobs/catalog";
import type { JobQueue } from "../jobs/queue.server";
import { webhookBodySchema } from "./api";
import { verifyLineSignature } from "./signature";

/**
 * POST /webhooks/line/<shop domain> (decision 025): LINE's webhook for that shop's channel.
 * The body is read once with a size limit; X-Line-Signature is checked against the shop's channel secret over
 * the raw bytes before anything is parsed or stored (forged or missing → 401, nothing stored). A genuine
 * body's events go to the LineEvent inbox (a webhookEventId seen before is skipped: redeliveries are
 * harmless) and the worker applies them; LINE gets its 200 at once.
 */
export const LINE_WEBHOOK_MAX_BYTES = 1024 * 1024;

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

const answer = (status: number, error?: string) =>
  error ? Response.json({ error }, { status }) : new Response(null, { status });

class BodyTooLarge extends Error {}

async function readBody(request: Request, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel();
        throw new BodyTooLarge();
      }
      chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
    }
  }
  return Buffer.concat(chunks, size);
}

export async function receiveLineWebhook(
  client: Db,
  request: Request,
  shopDomain: string,
  deps: { queue: JobQueue; now: Date },
): Promise<Response> {
  if (request.method !== "POST") return answer(405, "Use POST.");
  if (!SHOP_DOMAIN.test(shopDomain)) return answer(404, "Unknown shop.");
  const signature = request.headers.get("x-line-signature");
  if (!signature) return answer(401, "X-Line-Signature is missing.");
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (declared > LINE_WEBHOOK_MAX_BYTES)
    return answer(413, `LINE webhook bodies are limited to ${LINE_WEBHOOK_MAX_BYTES} bytes.`);
  const shop = await findShop(client, shopDomain);
  if (shop?.installState !== "installed") return answer(404, "Unknown shop.");
  const ref = { id: shop.id, domain: shop.domain };
  const channel = await lineChannelOf(client, ref);
  if (!channel) return answer(404, "This shop has no LINE channel set up in Kizuna.");
  let body: Buffer;
  try {
    body = await readBody(request, LINE_WEBHOOK_MAX_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLarge) return answer(413, `LINE webhook bodies are limited to ${LINE_WEBHOOK_MAX_BYTES} bytes.`);
    throw error;
  }
  if (!verifyLineSignature(channel.channelSecret, body, signature)) return answer(401, "X-Line-Signature does not match.");

  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    return answer(400, "The body is not JSON.");
  }
  const parsed = webhookBodySchema.safeParse(json);
  if (!parsed.success)
    return answer(400, `Not a LINE webhook body: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}`);
  const { destination, events } = parsed.data;
  if (channel.botUserId === null) await updateLineBotIdentity(client, ref, { botUserId: destination });

  const stored = await insertLineEvents(
    client,
    ref,
    events.map((event) => ({
      webhookEventId: event.webhookEventId,
      type: event.type,
      lineUserId: event.source?.userId ?? null,
      payload: JSON.stringify(event),
      isRedelivery: event.deliveryContext.isRedelivery,
    })),
    deps.now,
  );
  if (stored > 0) {
    await deps.queue.enqueue(JobNames.lineApplyEvents, { shopId: ref.id }, { shopId: ref.id });
  }
  return answer(200);
}
