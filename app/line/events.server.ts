import type { Db } from "../db/client.server";
import { getShop, type ShopRef } from "../db/shops.server";
import {
  consumeLinkCode,
  dueLineEvents,
  linkLineUser,
  markLineEventApplied,
  markLineEventFailed,
  setLineFollowStatus,
  type StoredLineEvent,
} from "../db/line.server";
import { resolveLocale, translator } from "../i18n";
import { type LineWebhookEvent, textMessage, webhookEventSchema } from "./api";
import type { LineClient } from "./client.server";
import { linkCodesIn } from "./link-code";
import { type LineClientFactory, lineClientFor } from "./shop-client.server";

/**
 * The LINE inbox worker (decision 025): applies stored webhook events in order of arrival.
 * - follow → the LINE user's link (if any) is `linked` again; unfollow (block) → `blocked`.
 * - a text message holding a valid, unexpired, unused link code links that LINE user to the code's customer
 *   and replies with a confirmation; an expired or used code gets a reply saying so. Other messages are
 *   stored and left alone (a person may chat with the shop in LINE's own chat screen).
 * Applying an event twice changes nothing more (codes are used once; statuses are set, not toggled), so a
 * redelivery LINE sends with a new webhookEventId is harmless too.
 */
export interface ApplyLineEventsOptions {
  lineClient?: LineClientFactory;
  batchSize?: number;
  log?: (line: string) => void;
}

const MAX_ATTEMPTS = 8;
const RETRY_MS = 60_000;

export async function applyLineEvents(
  client: Db,
  shop: ShopRef,
  now: Date,
  options: ApplyLineEventsOptions = {},
): Promise<{ applied: number; failed: number }> {
  const events = await dueLineEvents(client, shop, now, options.batchSize ?? 200);
  if (events.length === 0) return { applied: 0, failed: 0 };
  const info = await getShop(client, shop);
  const t = translator(resolveLocale(info.locale));
  let line: LineClient | null | undefined;
  const lineOf = async () => {
    if (line === undefined) line = (await lineClientFor(client, shop, options.lineClient))?.line ?? null;
    return line;
  };
  let applied = 0;
  let failed = 0;
  for (const stored of events) {
    try {
      await applyOne(client, shop, stored, now, { shopName: info.name, t, lineOf });
      await markLineEventApplied(client, shop, stored.id, now);
      applied++;
    } catch (error) {
      failed++;
      const park = stored.attempts + 1 >= MAX_ATTEMPTS;
      (options.log ?? console.warn)(`[line] ${shop.domain} event ${stored.webhookEventId}: ${(error as Error).message}`);
      await markLineEventFailed(client, shop, stored.id, {
        error: (error as Error).message,
        nextAttemptAt: new Date(now.getTime() + RETRY_MS * 2 ** stored.attempts),
        park,
        at: now,
      });
    }
  }
  return { applied, failed };
}

async function applyOne(
  client: Db,
  shop: ShopRef,
  stored: StoredLineEvent,
  now: Date,
  ctx: { shopName: string; t: ReturnType<typeof translator>; lineOf: () => Promise<LineClient | null> },
): Promise<void> {
  const parsed = webhookEventSchema.safeParse(JSON.parse(stored.payload));
  if (!parsed.success) return;
  const event: LineWebhookEvent = parsed.data;
  const userId = event.source?.type === "user" ? event.source.userId : undefined;
  if (!userId) return;
  if (event.type === "follow") {
    await setLineFollowStatus(client, shop, userId, "linked", now);
    return;
  }
  if (event.type === "unfollow") {
    await setLineFollowStatus(client, shop, userId, "blocked", now);
    return;
  }
  if (event.type !== "message" || event.message?.type !== "text" || !event.message.text) return;
  const codes = linkCodesIn(event.message.text);
  if (codes.length === 0) return;
  let outcome: Awaited<ReturnType<typeof consumeLinkCode>> = { ok: false, reason: "unknown" };
  for (const code of codes) {
    outcome = await consumeLinkCode(client, shop, code, now);
    if (outcome.ok || outcome.reason !== "unknown") break;
  }
  if (outcome.ok) await linkLineUser(client, shop, outcome.customerId, userId, now);
  // an 8-letter word in a chat is not answered as a wrong code unless the person meant to send one
  if (!outcome.ok && outcome.reason === "unknown" && !/code|コード/i.test(event.message.text)) return;
  // A reply token works for a short while only: a late (retried) event links, and LINE refuses the reply.
  if (!event.replyToken) return;
  const text = outcome.ok
    ? ctx.t("line.link.confirmed", { shop: ctx.shopName })
    : ctx.t(outcome.reason === "unknown" ? "line.link.unknown" : "line.link.expired");
  const line = await ctx.lineOf();
  if (!line) return;
  try {
    await line.reply(event.replyToken, [textMessage(text)]);
  } catch {
    // the link stands; a confirmation that could not be sent is not worth applying the event again
  }
}

/** line.apply-events: works through what is due; events that failed are tried again a minute later. */
export async function applyLineEventsJob(
  client: Db,
  shop: ShopRef,
  now: Date,
  deps: {
    queue: {
      enqueue: (
        name: "line.apply-events",
        payload: { shopId: number },
        options: { shopId: number; runAt?: Date },
      ) => Promise<void>;
    };
  } & ApplyLineEventsOptions,
): Promise<void> {
  let failed = 0;
  for (let batch = 0; batch < 50; batch++) {
    const outcome = await applyLineEvents(client, shop, now, deps);
    failed += outcome.failed;
    if (outcome.applied + outcome.failed === 0) break;
  }
  if (failed > 0)
    await deps.queue.enqueue(
      "line.apply-events",
      { shopId: shop.id },
      { shopId: shop.id, runAt: new Date(now.getTime() + RETRY_MS) },
    );
}
