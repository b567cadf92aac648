import { isMessageKey } from "../i18n";
import type { CampaignMessageKey } from "../i18n/catalog/campaigns";

export type { CampaignMessageKey };

export function isCampaignMessageKey(key: string): key is CampaignMessageKey {
  return key.startsWith("campaigns.") && isMessageKey(key);
}

export interface LocalisedMessage {
  key: CampaignMessageKey;
  values?: Record<string, string>;
}

/** Shopify's userErrors in the merchant's language: known codes get Kizuna's words, others Shopify's own. */
export function shopifyErrorMessages(userErrors: { message: string; code?: string | null }[]): LocalisedMessage[] {
  if (userErrors.length === 0) return [{ key: "campaigns.error.shopify", values: { message: "" } }];
  return userErrors.map((error) => {
    const specific = `campaigns.error.shopify.${error.code ?? ""}`;
    return isCampaignMessageKey(specific)
      ? { key: specific, values: { message: error.message } }
      : { key: "campaigns.error.shopify", values: { message: error.message } };
  });
}
