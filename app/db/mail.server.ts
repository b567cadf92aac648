import type { Db } from "./client.server";
import type { ShopRef } from "./shops.server";

/**
 * What mail links and mail servers tell us about a sent message: unsubscribes, clicks and bounces. Every
 * function is scoped by the shop: an outbox id from a link is looked up only within the shop the app proxy
 * signature vouched for.
 */
export interface MailMessageRef {
  id: number;
  customerId: bigint;
  journeyId: number;
  locale: string;
  unsubscribedAt: Date | null;
}

export async function findMailMessage(client: Db, shop: ShopRef, outboxId: number): Promise<MailMessageRef | null> {
  return client.journeyMessage.findFirst({
    where: { id: outboxId, shopId: shop.id },
    select: { id: true, customerId: true, journeyId: true, locale: true, unsubscribedAt: true },
  });
}

export type SuppressionReason = "unsubscribed" | "bounced" | "complained";

async function suppress(
  client: Pick<Db, "mailSuppression">,
  shop: ShopRef,
  customerId: bigint,
  reason: SuppressionReason,
  messageId: number | null,
  at: Date,
): Promise<void> {
  // The first reason stays: a customer who bounced and later unsubscribed is still known to have bounced.
  await client.mailSuppression.upsert({
    where: { shopId_customerId: { shopId: shop.id, customerId } },
    create: { shopId: shop.id, customerId, reason, messageId, createdAt: at },
    update: {},
  });
}

export interface UnsubscribeOutcome {
  customerId: bigint;
  /** false when the customer had already unsubscribed through this message (a second click, a retry) */
  changed: boolean;
}

/**
 * A customer unsubscribed through the message `outboxId`: a suppression (unsubscribed), the message marked,
 * and the customer's email marketing consent set to UNSUBSCRIBED in the store copy. Shopify's consent is
 * updated by the `mail.consent-update` job the caller queues. Safe to run twice. Null when the shop has no
 * such message.
 */
export async function recordUnsubscribe(
  client: Db,
  shop: ShopRef,
  outboxId: number,
  at: Date,
): Promise<UnsubscribeOutcome | null> {
  return client.$transaction(async (tx) => {
    const message = await tx.journeyMessage.findFirst({
      where: { id: outboxId, shopId: shop.id },
      select: { id: true, customerId: true, unsubscribedAt: true },
    });
    if (!message) return null;
    await suppress(tx, shop, message.customerId, "unsubscribed", message.id, at);
    const marked = await tx.journeyMessage.updateMany({
      where: { id: message.id, shopId: shop.id, unsubscribedAt: null },
      data: { unsubscribedAt: at },
    });
    await tx.customer.updateMany({
      where: { shopId: shop.id, id: message.customerId },
      data: { emailMarketing: "UNSUBSCRIBED" },
    });
    return { customerId: message.customerId, changed: marked.count > 0 };
  });
}

/** A click through a signed link of the message: counted, the first one's time kept. False when there is no such message. */
export async function recordClick(client: Db, shop: ShopRef, outboxId: number, at: Date): Promise<boolean> {
  return client.$transaction(async (tx) => {
    const counted = await tx.journeyMessage.updateMany({
      where: { id: outboxId, shopId: shop.id },
      data: { clicks: { increment: 1 } },
    });
    if (counted.count === 0) return false;
    await tx.journeyMessage.updateMany({
      where: { id: outboxId, shopId: shop.id, firstClickAt: null },
      data: { firstClickAt: at },
    });
    return true;
  });
}

/**
 * The mail server or a bounce report says the message did not arrive. A hard bounce (the address does not
 * exist) also suppresses the customer, so no further marketing mail goes to a dead address; a soft one
 * (mailbox full, greylisted) only marks the message.
 */
export async function recordBounce(
  client: Db,
  shop: ShopRef,
  outboxId: number,
  bounce: { hard: boolean; detail: string },
  at: Date,
): Promise<boolean> {
  return client.$transaction(async (tx) => {
    const message = await tx.journeyMessage.findFirst({
      where: { id: outboxId, shopId: shop.id },
      select: { id: true, customerId: true },
    });
    if (!message) return false;
    await tx.journeyMessage.updateMany({
      where: { id: message.id, shopId: shop.id },
      data: { status: "bounced", detail: bounce.detail.slice(0, 500) },
    });
    if (bounce.hard) await suppress(tx, shop, message.customerId, "bounced", message.id, at);
    return true;
  });
}

/** Why the customer gets no marketing mail from Kizuna, or null when nothing stops it. */
export async function mailSuppression(client: Db, shop: ShopRef, customerId: bigint): Promise<SuppressionReason | null> {
  const row = await client.mailSuppression.findUnique({
    where: { shopId_customerId: { shopId: shop.id, customerId } },
    select: { reason: true },
  });
  return (row?.reason as SuppressionReason | undefined) ?? null;
}
