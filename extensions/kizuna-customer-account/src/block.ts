import "@shopify/ui-extensions/preact";
import { h, render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { fetchPoints, type PointsState } from "./points";
import { PointsView, type ViewTools } from "./PointsView";

/** The customer account's `shopify` global, as far as this block uses it. */
interface ShopifyApi {
  sessionToken: { get(): Promise<string> };
  settings: { value: { app_url?: unknown } };
  i18n: {
    translate(key: string, values?: Record<string, string | number>): string;
    formatNumber(value: number): string;
    formatCurrency(value: number, options: { currency: string }): string;
    formatDate(date: Date): string;
  };
}

declare const shopify: ShopifyApi;

/** Minor units per currency unit: JPY and KRW have none. */
const decimals = (currency: string) => (["JPY", "KRW"].includes(currency) ? 0 : 2);

function Block() {
  const [state, setState] = useState<PointsState>({ kind: "loading" });
  useEffect(() => {
    const appUrl = typeof shopify.settings.value.app_url === "string" ? shopify.settings.value.app_url : "";
    if (!appUrl) setState({ kind: "error" });
    else void fetchPoints(appUrl, () => shopify.sessionToken.get()).then(setState);
  }, []);
  const tools: ViewTools = {
    t: (key, values) => shopify.i18n.translate(key, values),
    formatNumber: (value) => shopify.i18n.formatNumber(value),
    formatMoney: (minor, currency) => shopify.i18n.formatCurrency(minor / 10 ** decimals(currency), { currency }),
    formatDate: (iso) => shopify.i18n.formatDate(new Date(iso)),
  };
  return h(PointsView, { state, tools });
}

/** The extension's entry: renders the block into the target's root. */
export function renderPointsBlock(): void {
  render(h(Block, {}), document.body);
}
