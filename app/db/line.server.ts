import type { Db } from "./client.server";
import { secretBox } from "./encryption.server";
import { findInChunks } from "./in-chunks";
import type { ShopRef } from "./shops.server";
import { upsertRows } from "./upsert.server";

/**
 * LINE data of a shop (decision 025): the channel's credentials (secret and token sealed at rest, decision 011),
 * customer ↔ LINE user links, one-time link codes and the webhook inbox. Every read and write is scoped by shop.
 */
export type LineLinkStatus = "linked" | "blocked" | "unlinked";

export interface LineChannelSecrets {
  channelId: string;
  channelSecret: string;
  accessToken: string;
  basicId: string | null;
  botUserId: string | null;
}

const secretContext = (column: "channelSecret" | "accessToken", shopId: number) => `LineChannel.${column}:${shopId}`;

export async function lineChannelOf(client: Db, shop: ShopRef): Promise<LineChannelSecrets | null> {
  const row = await client.lineChannel.findUnique({ where: { shopId: shop.id } });
  if (!row) return null;
  const box = secretBox();
  return {
    channelId: row.channelId,
    channelSecret: box.open(row.channelSecretEnc, secretContext("channelSecret", shop.id)),
    accessToken: box.open(row.accessTokenEnc, secretContext("accessToken", shop.id)),
    basicId: row.basicId,
    botUserId: row.botUserId,
  };
}

/** What the settings page may show: never a secret, only its last four characters. */
export interface LineChannelSummary {
  channelId: string;
  secretEnding: string;
  tokenEnding: string;
  basicId: string | null;
  botUserId: string | null;
  updatedAt: Date;
}

export async function lineChannelSummary(client: Db, shop: ShopRef): Promise<LineChannelSummary | null> {
  const row = await client.lineChannel.findUnique({ where: { shopId: shop.id }, select: { updatedAt: true } });
  const secrets = row ? await lineChannelOf(client, shop) : null;
  if (!row || !secrets) return null;
  return {
    channelId: secrets.channelId,
    secretEnding: secrets.channelSecret.slice(-4),
    tokenEnding: secrets.accessToken.slice(-4),
    basicId: secrets.basicId,
    botUserId: secrets.botUserId,
    updatedAt: row.updatedAt,
  };
}

/** Saves the channel; a secret or token left empty keeps the stored one (the form never shows them). */
export async function saveLineChannel(
  client: Db,
  shop: ShopRef,
  values: {
    channelId: string;
    channelSecret?: string | null;
    accessToken?: string | null;
    basicId?: string | null;
    botUserId?: string | null;
  },
): Promise<void> {
  const box = secretBox();
  const existing = await client.lineChannel.findUnique({ where: { shopId: shop.id }, select: { shopId: true } });
  const secret = values.channelSecret ? box.seal(values.channelSecret, secretContext("channelSecret", shop.id)) : undefined;
  const token = values.accessToken ? box.seal(values.accessToken, secretContext("accessToken", shop.id)) : undefined;
  if (!existing) {
    if (!secret || !token) throw new Error("A new LINE channel needs its channel secret and access token.");
    await client.lineChannel.create({
      data: {
        shopId: shop.id,
        channelId: values.channelId,
        channelSecretEnc: secret,
        accessTokenEnc: token,
        basicId: values.basicId ?? null,
        botUserId: values.botUserId ?? null,
      },
    });
    return;
  }
  await client.lineChannel.update({
    where: { shopId: shop.id },
    data: {
      channelId: values.channelId,
      ...(secret ? { channelSecretEnc: secret } : {}),
      ...(token ? { accessTokenEnc: token } : {}),
      ...(values.basicId !== undefined ? { basicId: values.basicId } : {}),
      ...(values.botUserId !== undefined ? { botUserId: values.botUserId } : {}),
    },
  });
}

export async function updateLineBotIdentity(
  client: Db,
  shop: ShopRef,
  values: { basicId?: string; botUserId?: string },
): Promise<void> {
  await client.lineChannel.updateMany({ where: { shopId: shop.id }, data: values });
}

export async function deleteLineChannel(client: Db, shop: ShopRef): Promise<void> {
  await client.lineChannel.deleteMany({ where: { shopId: shop.id } });
}

// ------------------------------------------------------------------ links

export interface LineLinkRow {
  customerId: bigint;
  lineUserId: string;
  status: LineLinkStatus;
  linkedAt: Date;
  blockedAt: Date | null;
}

const LINK_SELECT = { customerId: true, lineUserId: true, status: true, linkedAt: true, blockedAt: true } as const;
const asLink = (row: { customerId: bigint; lineUserId: string; status: string; linkedAt: Date; blockedAt: Date | null }) =>
  ({ ...row, status: row.status as LineLinkStatus }) satisfies LineLinkRow;

export async function lineLinksOfCustomers(client: Db, shop: ShopRef, customerIds: bigint[]): Promise<Map<bigint, LineLinkRow>> {
  const rows = await findInChunks(customerIds, (ids) =>
    client.lineLink.findMany({ where: { shopId: shop.id, customerId: { in: ids } }, select: LINK_SELECT }),
  );
  return new Map(rows.map((row) => [row.customerId, asLink(row)]));
}

export async function lineLinkOfCustomer(client: Db, shop: ShopRef, customerId: bigint): Promise<LineLinkRow | null> {
  const row = await client.lineLink.findUnique({
    where: { shopId_customerId: { shopId: shop.id, customerId } },
    select: LINK_SELECT,
  });
  return row ? asLink(row) : null;
}

/**
 * Links a LINE user to a customer. A LINE user belongs to one customer and a customer to one LINE user: an
 * earlier link of either side is replaced (the latest code the person sent wins).
 */
export async function linkLineUser(client: Db, shop: ShopRef, customerId: bigint, lineUserId: string, at: Date): Promise<void> {
  await client.$transaction(async (tx) => {
    await tx.lineLink.deleteMany({ where: { shopId: shop.id, lineUserId, NOT: { customerId } } });
    await tx.lineLink.upsert({
      where: { shopId_customerId: { shopId: shop.id, customerId } },
      create: { shopId: shop.id, customerId, lineUserId, status: "linked", linkedAt: at },
      update: { lineUserId, status: "linked", linkedAt: at, blockedAt: null },
    });
  });
}

/** follow → linked again, unfollow (block) → blocked; for a LINE user who is linked to a customer. */
export async function setLineFollowStatus(
  client: Db,
  shop: ShopRef,
  lineUserId: string,
  status: "linked" | "blocked",
  at: Date,
): Promise<number> {
  const changed = await client.lineLink.updateMany({
    where: { shopId: shop.id, lineUserId, status: { not: "unlinked" } },
    data: status === "blocked" ? { status, blockedAt: at } : { status, blockedAt: null },
  });
  return changed.count;
}

// ------------------------------------------------------------------ link codes

export async function insertLinkCode(
  client: Db,
  shop: ShopRef,
  values: { customerId: bigint; code: string; expiresAt: Date; now: Date },
): Promise<void> {
  // a customer's earlier unused codes stop working: only the latest button press counts
  await client.lineLinkCode.updateMany({
    where: { shopId: shop.id, customerId: values.customerId, usedAt: null, expiresAt: { gt: values.now } },
    data: { expiresAt: values.now },
  });
  await client.lineLinkCode.create({
    data: {
      shopId: shop.id,
      customerId: values.customerId,
      code: values.code,
      expiresAt: values.expiresAt,
      createdAt: values.now,
    },
  });
}

/** Uses a code once: the customer it was issued to, or why not. */
export async function consumeLinkCode(
  client: Db,
  shop: ShopRef,
  code: string,
  now: Date,
): Promise<{ ok: true; customerId: bigint } | { ok: false; reason: "unknown" | "expired" | "used" }> {
  const used = await client.lineLinkCode.updateMany({
    where: { shopId: shop.id, code, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  const row = await client.lineLinkCode.findUnique({
    where: { shopId_code: { shopId: shop.id, code } },
    select: { customerId: true, usedAt: true },
  });
  if (!row) return { ok: false, reason: "unknown" };
  if (used.count === 1) return { ok: true, customerId: row.customerId };
  return { ok: false, reason: row.usedAt ? "used" : "expired" };
}

// ------------------------------------------------------------------ webhook inbox

export interface NewLineEvent {
  webhookEventId: string;
  type: string;
  lineUserId: string | null;
  payload: string;
  isRedelivery: boolean;
}

/** Stores events not seen before (unique webhookEventId per shop); returns how many were new. */
export async function insertLineEvents(client: Db, shop: ShopRef, events: NewLineEvent[], now: Date): Promise<number> {
  if (events.length === 0) return 0;
  return upsertRows(
    client,
    { table: "LineEvent", key: ["shopId", "webhookEventId"], update: [] },
    events.map((event) => ({
      shopId: shop.id,
      webhookEventId: event.webhookEventId,
      type: event.type,
      lineUserId: event.lineUserId,
      payload: event.payload,
      isRedelivery: event.isRedelivery,
      receivedAt: now,
      attempts: 0,
      nextAttemptAt: now,
    })),
  );
}

export interface StoredLineEvent {
  id: number;
  webhookEventId: string;
  type: string;
  lineUserId: string | null;
  payload: string;
  attempts: number;
}

/** Unapplied events due now, oldest first (LINE's order of delivery). */
export async function dueLineEvents(client: Db, shop: ShopRef, now: Date, limit: number): Promise<StoredLineEvent[]> {
  return client.lineEvent.findMany({
    where: { shopId: shop.id, processedAt: null, nextAttemptAt: { lte: now } },
    orderBy: { id: "asc" },
    take: limit,
    select: { id: true, webhookEventId: true, type: true, lineUserId: true, payload: true, attempts: true },
  });
}

export async function markLineEventApplied(client: Db, shop: ShopRef, id: number, at: Date): Promise<void> {
  await client.lineEvent.updateMany({
    where: { shopId: shop.id, id },
    data: { processedAt: at, error: null, attempts: { increment: 1 } },
  });
}

export async function markLineEventFailed(
  client: Db,
  shop: ShopRef,
  id: number,
  values: { error: string; nextAttemptAt: Date; park: boolean; at: Date },
): Promise<void> {
  await client.lineEvent.updateMany({
    where: { shopId: shop.id, id },
    data: {
      error: values.error.slice(0, 500),
      attempts: { increment: 1 },
      nextAttemptAt: values.nextAttemptAt,
      // a parked event is marked processed so it no longer blocks the queue; its error stays
      ...(values.park ? { processedAt: values.at } : {}),
    },
  });
}

// ------------------------------------------------------------------ privacy

/**
 * customers/redact: the customer's link, their codes and every stored event of their LINE user go.
 * Runs inside the caller's transaction.
 */
export async function eraseLineDataOfCustomer(client: Db, shop: ShopRef, customerId: bigint): Promise<void> {
  const link = await client.lineLink.findUnique({
    where: { shopId_customerId: { shopId: shop.id, customerId } },
    select: { lineUserId: true },
  });
  if (link) await client.lineEvent.deleteMany({ where: { shopId: shop.id, lineUserId: link.lineUserId } });
  await client.lineLink.deleteMany({ where: { shopId: shop.id, customerId } });
  await client.lineLinkCode.deleteMany({ where: { shopId: shop.id, customerId } });
}

export async function hasLineChannel(client: Db, shop: ShopRef): Promise<boolean> {
  return (await client.lineChannel.count({ where: { shopId: shop.id } })) > 0;
}
