import type { Db } from "../db/client.server";
import { type LineChannelSecrets, lineChannelOf } from "../db/line.server";
import type { ShopRef } from "../db/shops.server";
import { createLineClient, type LineClient, type LineClientOptions, lineApiBase } from "./client.server";
import { createPacer, lineRatePerSecond } from "./rate-limit";

/**
 * The LINE client of a shop's channel, from its stored (sealed) credentials. One pacer per channel per
 * process, so every sender of the shop shares LINE_RATE_PER_SECOND.
 */
const pacers = new Map<string, () => Promise<void>>();

export type LineClientFactory = (secrets: LineChannelSecrets) => LineClient;

export function lineClientFromSecrets(secrets: LineChannelSecrets, options: Partial<LineClientOptions> = {}): LineClient {
  let pacer = pacers.get(secrets.channelId);
  if (!pacer) {
    pacer = createPacer(lineRatePerSecond());
    pacers.set(secrets.channelId, pacer);
  }
  return createLineClient({ accessToken: secrets.accessToken, baseUrl: lineApiBase(), beforeRequest: pacer, ...options });
}

export async function lineClientFor(
  client: Db,
  shop: ShopRef,
  factory: LineClientFactory = (secrets) => lineClientFromSecrets(secrets),
): Promise<{ secrets: LineChannelSecrets; line: LineClient } | null> {
  const secrets = await lineChannelOf(client, shop);
  return secrets ? { secrets, line: factory(secrets) } : null;
}
