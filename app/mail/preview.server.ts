import type { MailContext, MailLocale } from "./context";
import { UNSUBSCRIBE_PATH } from "./links";
import { type MessageTemplate, type RenderedMessage, renderMessage } from "./render.server";

/**
 * Previews and test sends render with sample data: the customer is the textbook 山田 花子 様 (Hanako Yamada),
 * the shop and product say they are samples (サンプル / Sample) unless the merchant's own shop is passed in,
 * and a test mail's subject is marked [テスト] / [Test], so neither passes for a real customer's message.
 */
const SAMPLE: Record<MailLocale, { shopName: string; firstName: string; lastName: string; product: string; tier: string }> = {
  ja: {
    shopName: "サンプルショップ",
    firstName: "花子",
    lastName: "山田",
    product: "サンプル商品",
    tier: "ゴールド（サンプル）",
  },
  en: { shopName: "Sample Shop", firstName: "Hanako", lastName: "Yamada", product: "Sample product", tier: "Gold (sample)" },
};

const DAY_MS = 86_400_000;

/** A sample context in `locale`; `overrides` replace parts of it (e.g. the merchant's real shop name and URL). */
export function sampleMailContext(locale: MailLocale, now = Date.now(), overrides: Partial<MailContext> = {}): MailContext {
  const sample = SAMPLE[locale];
  const shop = overrides.shop ?? {
    name: sample.shopName,
    domain: "sample-shop.myshopify.com",
    url: "https://sample-shop.myshopify.com",
    currency: "JPY",
    timezone: "Asia/Tokyo",
  };
  const expires = new Date(now + 14 * DAY_MS).toISOString().slice(0, 10);
  return {
    shop,
    customer: overrides.customer ?? {
      id: "0",
      firstName: sample.firstName,
      lastName: sample.lastName,
      email: null,
      locale,
    },
    discount: overrides.discount ?? {
      code: "SAMPLE-0000",
      endsAt: new Date(now + 30 * DAY_MS).toISOString(),
      valueType: "percentage",
      value: 10,
    },
    points: overrides.points ?? { balance: 1200, tierName: sample.tier, expiringPoints: 300, expiresOn: expires },
    product: overrides.product ?? { title: sample.product, url: `${shop.url}/products/sample`, imageUrl: null, priceMinor: 3980 },
  };
}

/**
 * The template `templateKey` (or the merchant's edited `source`) rendered with sample data, for the editor's
 * live preview. Links are left as they are (no signed redirects) and the unsubscribe link is a sample.
 */
export function renderPreview(
  templateKey: string,
  locale: MailLocale,
  sampleContext: Partial<MailContext> = {},
  source?: Partial<MessageTemplate>,
): RenderedMessage {
  const context = sampleMailContext(locale, Date.now(), sampleContext);
  context.customer = { ...context.customer, locale };
  return renderMessage({
    templateKey,
    context,
    links: { track: (target) => target, unsubscribeUrl: `${new URL(context.shop.url).origin}${UNSUBSCRIBE_PATH}?preview=1` },
    source,
  });
}
