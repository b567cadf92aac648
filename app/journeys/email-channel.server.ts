import { randomBytes } from "node:crypto";
import { type MailConfig, mailConfigFromEnv } from "../mail/config";
import type { MailContext, MailLocale } from "../mail/context";
import { linkSigner, mailLinkKey } from "../mail/links";
import { createMailer, type Mailer } from "../mail/mailer.server";
import { renderPreview } from "../mail/preview.server";
import { type MessageTemplate, renderMessage } from "../mail/render.server";
import type { ChannelMessage, ChannelSendResult, MessageChannel, MessageContext } from "./channel";

/**
 * The email channel: renders a message (Liquid → layout → inlined CSS → text), signs its links, adds the
 * one-click unsubscribe headers to marketing mail, sends it with the engine's stable Message-ID and says what
 * happened. A refusal by the mail server (5xx) is `rejected`; a connection failure or a temporary refusal
 * throws, so the engine retries the same message later. A template that cannot be rendered throws
 * MailRenderError (app/mail/render.server).
 */
export interface EmailChannelOptions {
  /** null when email is not set up (no SMTP_URL / MAIL_FROM): the channel reports itself not configured */
  mailer: Mailer | null;
  /** the app secret (SHOPIFY_API_SECRET): signs unsubscribe and click links */
  appSecret: string;
  /** the From header; the mailer's MAIL_FROM when absent */
  from?: string;
}

// MessageContext (the engine's) must stay assignable to MailContext (what app/mail renders).
const contextFits = (context: MessageContext): MailContext => context;

export function createEmailChannel(options: EmailChannelOptions): MessageChannel {
  const key = options.appSecret ? mailLinkKey(options.appSecret) : null;
  return {
    name: "email",
    configured: () => options.mailer !== null && key !== null,
    async send(message: ChannelMessage): Promise<ChannelSendResult> {
      if (!options.mailer || !key) throw new Error("Email is not configured: set SMTP_URL and MAIL_FROM (see README, Email).");
      const context = contextFits(message.context);
      const to = context.customer.email?.trim();
      if (!to) return { status: "rejected", toAddress: null, subject: null, detail: "no-address" };
      const signer = linkSigner(key, context.shop.domain, context.shop.url);
      const unsubscribeUrl = message.marketing ? signer.unsubscribeUrl(message.outboxId) : null;
      const rendered = renderMessage({
        templateKey: message.templateKey,
        context,
        links: { track: (target) => signer.clickUrl(message.outboxId, target), unsubscribeUrl },
        source: message.text,
      });
      const result = await options.mailer.send({
        to,
        from: options.from,
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        messageId: message.messageId,
        headers: unsubscribeUrl ? unsubscribeHeaders(unsubscribeUrl) : undefined,
      });
      if (result.accepted) return { status: "sent", toAddress: to, subject: rendered.subject, response: result.response };
      return {
        status: "rejected",
        toAddress: to,
        subject: rendered.subject,
        detail: `smtp: ${result.rejected ?? result.response}`,
      };
    },
  };
}

/** RFC 2369 + RFC 8058: mail providers show an unsubscribe button that POSTs to the signed link. */
export function unsubscribeHeaders(unsubscribeUrl: string): Record<string, string> {
  return { "List-Unsubscribe": `<${unsubscribeUrl}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}

/** The process's email channel from SMTP_URL / MAIL_FROM / MAIL_RATE_PER_SECOND (not configured when unset). */
export function emailChannelFromEnv(
  env: Record<string, string | undefined>,
  appSecret: string,
): {
  channel: MessageChannel;
  config: MailConfig | null;
  close(): void;
} {
  const config = mailConfigFromEnv(env);
  const mailer = config ? createMailer(config) : null;
  return { channel: createEmailChannel({ mailer, appSecret }), config, close: () => mailer?.close() };
}

export interface TestMessageInput {
  mailer: Mailer | null;
  templateKey: string;
  locale: MailLocale;
  /** where the merchant wants the test (their own address) */
  to: string;
  /** the merchant's shop, so the test looks like their mail; the customer data stays sample data */
  shop?: MailContext["shop"];
  /** the template as edited in the editor, not yet saved */
  source?: Partial<MessageTemplate>;
  from?: string;
}

export type TestMessageResult = { ok: true; subject: string; response: string } | { ok: false; detail: string };

const TEST_PREFIX: Record<MailLocale, string> = { ja: "[テスト]", en: "[Test]" };

/**
 * The editor's "send a test to me": the template rendered with sample data (サンプル / Sample), the subject
 * marked [テスト] / [Test], links left unsigned and untracked. Never throws for a delivery problem: the
 * result says what went wrong, for the editor to show.
 */
export async function sendTestMessage(input: TestMessageInput): Promise<TestMessageResult> {
  if (!input.mailer) return { ok: false, detail: "Email is not configured: set SMTP_URL and MAIL_FROM (see README, Email)." };
  if (!/^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/.test(input.to)) return { ok: false, detail: `"${input.to}" is not an email address.` };
  let rendered: ReturnType<typeof renderPreview>;
  try {
    rendered = renderPreview(input.templateKey, input.locale, input.shop ? { shop: input.shop } : {}, input.source);
  } catch (error) {
    return { ok: false, detail: (error as Error).message };
  }
  const subject = `${TEST_PREFIX[input.locale]} ${rendered.subject}`;
  const domain = input.shop?.domain ?? "kizuna.local";
  try {
    const result = await input.mailer.send({
      to: input.to,
      from: input.from,
      subject,
      html: rendered.html,
      text: rendered.text,
      messageId: `<test.${randomBytes(8).toString("hex")}@kizuna.${domain}>`,
    });
    return result.accepted
      ? { ok: true, subject, response: result.response }
      : { ok: false, detail: result.rejected ?? result.response };
  } catch (error) {
    return { ok: false, detail: (error as Error).message };
  }
}
