import type { Db } from "../db/client.server";
import { accountsToPush, deletedCustomerIds, markAccountPushed, type PointsAccountState } from "../db/points.server";
import type { ShopRef } from "../db/shops.server";
import { currencyDecimals } from "../domain/money";
import { tierForSpend, tierProgressMetafield } from "../domain/points";
import type { AdminClient } from "../shopify/admin-client.server";
import { type CustomerMetafieldValue, ensureKizunaMetafieldDefinitions, setCustomerMetafields } from "../shopify/pushback.server";
import { loadPointsProgram, type PointsDeps, type PointsSettings, schedulePointsPush, tierById } from "./program.server";

/*
 * Balance and tier on the customer's `$app:kizuna` metafields, for the theme block to render without a
 * network call. An account whose updatedAt is after its pushedAt is due; the push records the version it
 * wrote, so a change made during the push is pushed next time.
 */

const PAGE = 100;
/** Pages per run; a shop with more due accounts queues another run. */
const MAX_PAGES = 50;

export function pointsMetafieldValues(settings: PointsSettings, account: PointsAccountState): CustomerMetafieldValue[] {
  const tier = tierById(settings, account.tier) ?? tierForSpend(settings, account.rollingSpendMinor);
  const progress = tierProgressMetafield(settings, account.rollingSpendMinor, currencyDecimals(settings.currencyCode));
  // The stored tier wins over the one the spend points to: tiers move at recompute, not in between.
  const tierProgress = { ...progress, tier: tier.id, tier_name: tier.name };
  return [
    { customerId: account.customerId, key: "points_balance", type: "number_integer", value: String(account.balance) },
    { customerId: account.customerId, key: "tier", type: "single_line_text_field", value: tier.name },
    { customerId: account.customerId, key: "tier_progress", type: "json", value: JSON.stringify(tierProgress) },
  ];
}

export interface PointsPushResult {
  pushed: number;
  /** customers deleted in Shopify or in Kizuna: marked pushed, nothing written */
  skipped: number;
  more: boolean;
}

export async function pushPointsMetafields(
  client: Db,
  shop: ShopRef,
  admin: AdminClient,
  deps?: PointsDeps,
): Promise<PointsPushResult> {
  const program = await loadPointsProgram(client, shop);
  const result: PointsPushResult = { pushed: 0, skipped: 0, more: false };
  if (!program.writeMetafields) return result;
  let definitionsChecked = false;
  for (let page = 0; page < MAX_PAGES; page++) {
    const accounts = await accountsToPush(client, shop, PAGE);
    if (accounts.length === 0) return result;
    if (!definitionsChecked) {
      await ensureKizunaMetafieldDefinitions(admin);
      definitionsChecked = true;
    }
    const deleted = await deletedCustomerIds(
      client,
      shop,
      accounts.map((account) => account.customerId),
    );
    const live = accounts.filter((account) => !deleted.has(account.customerId));
    const { skippedCustomerIds } = await setCustomerMetafields(
      admin,
      live.flatMap((account) => pointsMetafieldValues(program.settings, account)),
    );
    for (const account of accounts) await markAccountPushed(client, shop, account.customerId, account.updatedAt);
    result.skipped += deleted.size + skippedCustomerIds.length;
    result.pushed += live.length - skippedCustomerIds.length;
  }
  result.more = true;
  await schedulePointsPush(shop, deps);
  return result;
}
