import type { Db } from "../db/client.server";
import { lineLinkOfCustomer } from "../db/line.server";
import type { ShopRef } from "../db/shops.server";
import { formatDate, formatMoney } from "../i18n/format";
import { isMessageKey, type MessageKey, translator } from "../i18n";
import { flexCard, type LineMessage, textMessage } from "../line/api";
import { LineApiError, LineQuotaError } from "../line/client.server";
import { type LineClientFactory, lineClientFor } from "../line/shop-client.server";
import type { ChannelMessage, ChannelSendResult, MessageChannel, MessageContext } from "./channel";

/**
 * The LINE channel of the journey engine (decision 025). The engine decided that this customer is reached
 * by LINE and fixed the outbox row's retry key before the first attempt; the channel writes the message
 * (the step's template as a short LINE text in the customer's language, plus a Flex card for a coupon or a
 * recommended product) and pushes it with that key as X-Line-Retry-Key, so a push retried after a crash or
 * a lost answer is delivered once (LINE answers 409 to a key it already accepted: that is "sent").
 * The link is checked again at send time: a customer who blocked the account meanwhile is not pushed to.
 * A temporary failure (5xx, network, 429 after the client's own retries) throws, so the engine retries the
 * same row with the same key later; a refusal (4xx, monthly limit) is `rejected` with LINE's words.
 */
export interface LineChannelOptions {
  client: Db;
  /** tests and the demo hand in a client factory; default: the shop's stored credentials and LINE_API_BASE */
  lineClient?: LineClientFactory;
}

export function createLineJourneyChannel(options: LineChannelOptions): MessageChannel {
  return {
    name: "line",
    // per shop: the runner checks the shop's channel before it chooses LINE
    configured: () => true,
    async send(message: ChannelMessage): Promise<ChannelSendResult> {
      const shop: ShopRef = { id: message.shopId, domain: message.context.shop.domain };
      const customerId = BigInt(message.context.customer.id);
      const connection = await lineClientFor(options.client, shop, options.lineClient);
      if (!connection) return { status: "rejected", toAddress: null, subject: null, detail: "line-not-configured" };
      const link = await lineLinkOfCustomer(options.client, shop, customerId);
      if (link?.status !== "linked") {
        return {
          status: "rejected",
          toAddress: null,
          subject: null,
          detail: link?.status === "blocked" ? "line-blocked" : "line-not-linked",
        };
      }
      if (!message.retryKey) throw new Error(`LINE message ${message.messageId} has no retry key`);
      const messages = lineMessagesFor(message.templateKey, message.context);
      const summary = summaryOf(messages);
      try {
        const outcome = await connection.line.push(link.lineUserId, messages, { retryKey: message.retryKey });
        return {
          status: "sent",
          toAddress: link.lineUserId,
          subject: summary,
          response:
            outcome.status === "duplicate"
              ? `already accepted (retry key ${message.retryKey})`
              : `accepted ${outcome.requestId ?? ""}`.trim(),
        };
      } catch (error) {
        if (error instanceof LineQuotaError) {
          return {
            status: "rejected",
            toAddress: link.lineUserId,
            subject: summary,
            detail: "line: monthly message limit reached",
          };
        }
        if (error instanceof LineApiError && !error.temporary) {
          return { status: "rejected", toAddress: link.lineUserId, subject: summary, detail: `line: ${error.message}` };
        }
        throw error;
      }
    },
  };
}

function summaryOf(messages: LineMessage[]): string {
  const first = messages[0];
  const text = first.type === "text" ? first.text : first.altText;
  return text.replace(/\s+/g, " ").slice(0, 120);
}

/** The LINE messages of a journey template: a short text, then a coupon or product card when there is one. */
export function lineMessagesFor(templateKey: string, context: MessageContext): LineMessage[] {
  const locale = context.customer.locale;
  const t = translator(locale);
  const name =
    locale === "ja"
      ? context.customer.lastName || context.customer.firstName
        ? `${[context.customer.lastName, context.customer.firstName].filter(Boolean).join(" ")} 様`
        : t("line.customer.fallbackName")
      : context.customer.firstName || t("line.customer.fallbackName");
  const key = `line.message.${templateKey}`;
  const text = t(isMessageKey(key) ? (key as MessageKey) : "line.message.generic", { name, shop: context.shop.name });
  const messages: LineMessage[] = [textMessage(text)];
  if (context.discount) {
    const { code, endsAt, valueType, value } = context.discount;
    const valueLabel =
      valueType === "percentage"
        ? locale === "ja"
          ? `${value}%OFF`
          : `${value}% off`
        : locale === "ja"
          ? `${formatMoney(value, context.shop.currency, locale)}OFF`
          : `${formatMoney(value, context.shop.currency, locale)} off`;
    // the last day the code works: the day of the second before it ends, in the shop's time zone
    const endsOn = endsAt ? formatDate(Date.parse(endsAt) - 1000, context.shop.timezone, locale) : null;
    messages.push(
      flexCard({
        altText: `${t("line.card.couponTitle")} ${valueLabel}`,
        title: t("line.card.couponTitle"),
        subtitle: valueLabel,
        note: endsOn ? t("line.card.couponNote", { code, endsOn }) : t("line.card.couponNoteNoEnd", { code }),
        button: { label: t("line.card.useCoupon"), url: `${context.shop.url}/discount/${encodeURIComponent(code)}` },
      }),
    );
  } else if (context.product) {
    const { title, url, imageUrl, priceMinor } = context.product;
    messages.push(
      flexCard({
        altText: title,
        imageUrl,
        title,
        subtitle: typeof priceMinor === "number" ? formatMoney(priceMinor, context.shop.currency, locale) : null,
        button: { label: t("line.card.shopButton"), url },
      }),
    );
  }
  return messages;
}
