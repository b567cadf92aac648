/**
 * The parts of the LINE Messaging API Kizuna uses: message objects it sends and the replies it reads,
 * validated with zod (a reply that does not match is an error, never a silently wrong value).
 * Reference: https://developers.line.biz/en/reference/messaging-api/
 */
import { z } from "zod";

export const DEFAULT_LINE_API_BASE = "https://api.line.me";

export interface LineTextMessage {
  type: "text";
  text: string;
}

/** A Flex message (one bubble); `altText` is what notifications and old clients show. */
export interface LineFlexMessage {
  type: "flex";
  altText: string;
  contents: Record<string, unknown>;
}

export type LineMessage = LineTextMessage | LineFlexMessage;

/** LINE's limits: 5,000 characters of text, 400 of alt text, 5 messages a request. */
export const LINE_TEXT_MAX = 5000;
export const LINE_ALT_TEXT_MAX = 400;
export const LINE_MESSAGES_PER_REQUEST = 5;

export function textMessage(text: string): LineTextMessage {
  return { type: "text", text: text.length > LINE_TEXT_MAX ? `${text.slice(0, LINE_TEXT_MAX - 1)}…` : text };
}

export interface FlexCard {
  altText: string;
  /** https only (LINE refuses http image URLs) */
  imageUrl?: string | null;
  title: string;
  /** a price or a coupon's value, shown under the title */
  subtitle?: string | null;
  /** small print: a code, an expiry */
  note?: string | null;
  button: { label: string; url: string };
}

/** A product or coupon card: hero image (when there is one), title, price/value, note, one button. */
export function flexCard(card: FlexCard): LineFlexMessage {
  const body: Record<string, unknown>[] = [{ type: "text", text: card.title, weight: "bold", size: "lg", wrap: true }];
  if (card.subtitle) body.push({ type: "text", text: card.subtitle, size: "md", color: "#111111", margin: "md", wrap: true });
  if (card.note) body.push({ type: "text", text: card.note, size: "sm", color: "#666666", margin: "md", wrap: true });
  const bubble: Record<string, unknown> = {
    type: "bubble",
    body: { type: "box", layout: "vertical", contents: body },
    footer: {
      type: "box",
      layout: "vertical",
      contents: [
        {
          type: "button",
          style: "primary",
          action: { type: "uri", label: card.button.label.slice(0, 40), uri: card.button.url },
        },
      ],
    },
  };
  if (card.imageUrl?.startsWith("https://")) {
    bubble.hero = { type: "image", url: card.imageUrl, size: "full", aspectRatio: "1:1", aspectMode: "cover" };
  }
  return { type: "flex", altText: card.altText.slice(0, LINE_ALT_TEXT_MAX), contents: bubble };
}

// ------------------------------------------------------------------ replies

export const pushReplySchema = z.object({
  sentMessages: z.array(z.object({ id: z.string(), quoteToken: z.string().optional() })).default([]),
});
export type PushReply = z.infer<typeof pushReplySchema>;

export const profileSchema = z.object({
  userId: z.string(),
  displayName: z.string(),
  pictureUrl: z.string().optional(),
  statusMessage: z.string().optional(),
  language: z.string().optional(),
});
export type LineProfile = z.infer<typeof profileSchema>;

export const quotaSchema = z.object({ type: z.enum(["none", "limited"]), value: z.number().int().nonnegative().optional() });
export type LineQuota = z.infer<typeof quotaSchema>;

export const consumptionSchema = z.object({ totalUsage: z.number().int().nonnegative() });

export const botInfoSchema = z.object({
  userId: z.string(),
  basicId: z.string(),
  premiumId: z.string().optional(),
  displayName: z.string(),
  pictureUrl: z.string().optional(),
  chatMode: z.string().optional(),
  markAsReadMode: z.string().optional(),
});
export type LineBotInfo = z.infer<typeof botInfoSchema>;

export const errorReplySchema = z.object({ message: z.string().default("") }).loose();

// ------------------------------------------------------------------ webhooks

const sourceSchema = z
  .object({ type: z.string(), userId: z.string().optional(), groupId: z.string().optional(), roomId: z.string().optional() })
  .loose();

/** One webhook event; fields Kizuna does not read are kept (loose) and stored as they came. */
export const webhookEventSchema = z
  .object({
    type: z.string().min(1).max(40),
    mode: z.string().optional(),
    timestamp: z.number(),
    webhookEventId: z.string().min(1).max(64),
    deliveryContext: z.object({ isRedelivery: z.boolean() }).loose(),
    source: sourceSchema.optional(),
    replyToken: z.string().optional(),
    message: z.object({ id: z.string(), type: z.string(), text: z.string().optional() }).loose().optional(),
  })
  .loose();
export type LineWebhookEvent = z.infer<typeof webhookEventSchema>;

export const webhookBodySchema = z.object({
  destination: z.string().min(1).max(64),
  events: z.array(webhookEventSchema).max(1000),
});
export type LineWebhookBody = z.infer<typeof webhookBodySchema>;
