import type { Db } from "../db/client.server";
import { deleteLineChannel, lineChannelSummary, saveLineChannel, updateLineBotIdentity } from "../db/line.server";
import type { ShopRef } from "../db/shops.server";
import { type LineClientFactory, lineClientFor } from "./shop-client.server";

/**
 * Settings → LINE (decision 025). What the page may show: the channel id, the last four characters of the
 * secret and token (never more: the browser never receives a secret), the webhook URL to paste into the
 * LINE Developers console, and this month's messages against the quota, read from LINE.
 */
export interface LineSettingsView {
  configured: boolean;
  channelId: string | null;
  secretEnding: string | null;
  tokenEnding: string | null;
  basicId: string | null;
  webhookUrl: string;
  quota: { used: number; limit: number | null } | { error: string } | null;
}

export function lineWebhookUrl(appUrl: string, shop: ShopRef): string {
  return `${appUrl.replace(/\/+$/, "")}/webhooks/line/${shop.domain}`;
}

export async function lineSettingsView(
  client: Db,
  shop: ShopRef,
  appUrl: string,
  factory?: LineClientFactory,
): Promise<LineSettingsView> {
  const summary = await lineChannelSummary(client, shop);
  const webhookUrl = lineWebhookUrl(appUrl, shop);
  if (!summary) {
    return { configured: false, channelId: null, secretEnding: null, tokenEnding: null, basicId: null, webhookUrl, quota: null };
  }
  let quota: LineSettingsView["quota"] = null;
  const connection = await lineClientFor(client, shop, factory);
  if (connection) {
    try {
      const [limit, used] = await Promise.all([connection.line.quota(), connection.line.consumption()]);
      quota = { used, limit: limit.type === "limited" ? (limit.value ?? null) : null };
    } catch (error) {
      quota = { error: (error as Error).message };
    }
  }
  return {
    configured: true,
    channelId: summary.channelId,
    secretEnding: summary.secretEnding,
    tokenEnding: summary.tokenEnding,
    basicId: summary.basicId,
    webhookUrl,
    quota,
  };
}

export type LineConnectionResult = { ok: true; name: string; basicId: string } | { ok: false; detail: string };

/** "Test connection": the bot info with the stored token; remembers the account's basic id and bot user id. */
export async function testLineConnection(client: Db, shop: ShopRef, factory?: LineClientFactory): Promise<LineConnectionResult> {
  const connection = await lineClientFor(client, shop, factory);
  if (!connection) return { ok: false, detail: "not configured" };
  try {
    const info = await connection.line.botInfo();
    await updateLineBotIdentity(client, shop, { basicId: info.basicId, botUserId: info.userId });
    return { ok: true, name: info.displayName, basicId: info.basicId };
  } catch (error) {
    return { ok: false, detail: (error as Error).message };
  }
}

export type SaveLineSettingsResult =
  | { ok: true; connection: LineConnectionResult }
  | { ok: false; error: "line.errors.secretRequired" };

/** Saves the channel (secret/token left empty keep the stored ones), then tests it so the page can say so. */
export async function saveLineSettings(
  client: Db,
  shop: ShopRef,
  input: { channelId: string; channelSecret: string; accessToken: string },
  factory?: LineClientFactory,
): Promise<SaveLineSettingsResult> {
  const existing = await lineChannelSummary(client, shop);
  if (!existing && (!input.channelSecret || !input.accessToken)) return { ok: false, error: "line.errors.secretRequired" };
  await saveLineChannel(client, shop, {
    channelId: input.channelId,
    channelSecret: input.channelSecret || null,
    accessToken: input.accessToken || null,
  });
  return { ok: true, connection: await testLineConnection(client, shop, factory) };
}

export async function removeLineSettings(client: Db, shop: ShopRef): Promise<void> {
  await deleteLineChannel(client, shop);
}
