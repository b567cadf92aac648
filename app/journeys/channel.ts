/**
 * The seam between the journey engine and the channels that carry its messages (email now; LINE and others
 * plug in here later). The engine decides who gets which message when, writes the outbox row and its stable
 * Message-ID, and hands the channel one message at a time; the channel renders and delivers it and says what
 * happened. A channel never writes the outbox itself.
 */

export type ChannelName = "email" | "line";

/** What a message template may show. Built by the engine from the store copy; rendered by the channel. */
export interface MessageContext {
  shop: { name: string; domain: string /** the storefront, https://… */; url: string; currency: string; timezone: string };
  customer: {
    id: string;
    firstName: string | null;
    lastName: string | null;
    email: string | null;
    /** ja | en (the customer's locale when known, else the shop's) */
    locale: "ja" | "en";
  };
  /** a unique single-use code created for this message */
  discount?: { code: string /** ISO instant */; endsAt: string | null; valueType: "percentage" | "fixed"; value: number };
  points?: { balance: number; tierName: string | null; expiringPoints?: number /** YYYY-MM-DD */; expiresOn?: string };
  /** a recommended product (bought together with what the customer bought) */
  product?: { title: string; url: string; imageUrl: string | null; priceMinor?: number | null };
}

export interface ChannelMessage {
  shopId: number;
  /** JourneyMessage.id: the outbox row (signed unsubscribe and click links name it) */
  outboxId: number;
  /** the stable Message-ID header value, e.g. <j12.e345.s2@kizuna.example-shop.myshopify.com> */
  messageId: string;
  /** a UUID fixed with the outbox row before the first attempt: LINE's X-Line-Retry-Key (null for email) */
  retryKey?: string | null;
  templateKey: string;
  /** the merchant's own text for the message's language (each part given replaces the built-in one) */
  text?: { subject?: string; preheader?: string; body?: string };
  /** marketing messages carry the one-click unsubscribe headers and link */
  marketing: boolean;
  context: MessageContext;
}

export type ChannelSendResult =
  | { status: "sent"; toAddress: string; subject: string; response?: string }
  | { status: "rejected" | "bounced"; toAddress: string | null; subject: string | null; detail: string };

export interface MessageChannel {
  readonly name: ChannelName;
  /** false when the channel is not set up (e.g. no SMTP_URL): journeys that use it cannot be switched on */
  configured(): boolean;
  send(message: ChannelMessage): Promise<ChannelSendResult>;
}
