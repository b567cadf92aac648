/**
 * What a message template may show, as the renderer receives it. The same shape as MessageContext in
 * app/journeys/channel.ts (the email channel passes that in; app/mail sits below app/journeys and cannot
 * import it, so the shape is stated here and the channel's compile checks that the two agree).
 */
export type MailLocale = "ja" | "en";

export interface MailContext {
  shop: { name: string; domain: string /** the storefront, https://… */; url: string; currency: string; timezone: string };
  customer: {
    id: string;
    firstName: string | null;
    lastName: string | null;
    email: string | null;
    locale: MailLocale;
  };
  /** a unique single-use code; `value` is a percentage (10 = 10%) or an amount in minor units of the shop currency */
  discount?: { code: string /** ISO instant */; endsAt: string | null; valueType: "percentage" | "fixed"; value: number };
  points?: { balance: number; tierName: string | null; expiringPoints?: number /** YYYY-MM-DD */; expiresOn?: string };
  /** the recommended product; `priceMinor` in minor units of the shop currency (its lowest variant price) */
  product?: { title: string; url: string; imageUrl: string | null; priceMinor?: number | null };
}

/** How links in a message are made: the signed click redirect and the signed unsubscribe link. */
export interface MessageLinks {
  /** the URL a link in the body points to instead of `target` (the identity for previews) */
  track(target: string): string;
  /** null for a message that carries no unsubscribe link (a transactional one) */
  unsubscribeUrl: string | null;
}
