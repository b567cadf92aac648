import nodemailer from "nodemailer";
import type SMTPPool from "nodemailer/lib/smtp-pool";
import type { MailConfig } from "./config";

/**
 * The only door to SMTP: a pooled nodemailer transport with a per-process rate limit. A message the server
 * refuses for good (a 5xx reply to RCPT TO or DATA) comes back as `rejected` with the server's words; a
 * temporary refusal (4xx), a connection that cannot be made or drops, and a timeout throw, so the caller
 * retries later with the same Message-ID.
 */
export interface OutgoingMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** the stable Message-ID header, with its angle brackets: <j1.e2.s3@kizuna.shop.myshopify.com> */
  messageId: string;
  /** the From header; the configured MAIL_FROM when absent */
  from?: string;
  /** extra headers (List-Unsubscribe, List-Unsubscribe-Post, …) */
  headers?: Record<string, string>;
}

export interface MailSendResult {
  accepted: boolean;
  /** the server's last reply, e.g. "250 2.0.0 Ok: queued" or "550 5.1.1 mailbox unavailable" */
  response: string;
  /** set when the server refused the message for good: its reply */
  rejected?: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<MailSendResult>;
  close(): void;
}

/** nodemailer's error codes for a reply the server gave (as opposed to a connection or protocol failure). */
const REFUSAL_CODES = new Set(["EENVELOPE", "EMESSAGE"]);

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
}

export class MailTransportError extends Error {
  override name = "MailTransportError";
}

export function createMailer(config: MailConfig, options: { maxConnections?: number } = {}): Mailer {
  const url = new URL(config.smtpUrl);
  const secure = url.protocol === "smtps:";
  const transportOptions: SMTPPool.Options = {
    pool: true,
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    maxConnections: options.maxConnections ?? 5,
    maxMessages: 1000,
    // nodemailer pauses the pool once `rateLimit` messages went out in `rateDelta` ms (shared by the connections)
    rateDelta: 1000,
    rateLimit: config.ratePerSecond,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000,
  };
  const transport = nodemailer.createTransport(transportOptions);

  return {
    async send(mail) {
      try {
        const info = await transport.sendMail({
          from: mail.from ?? config.from,
          to: mail.to,
          subject: mail.subject,
          html: mail.html,
          text: mail.text,
          messageId: mail.messageId,
          headers: mail.headers,
        });
        const response = String(info.response ?? "");
        const rejected = info.rejected.length > 0;
        return rejected ? { accepted: false, response, rejected: response } : { accepted: true, response };
      } catch (error) {
        const smtp = error as SmtpError;
        if (smtp.code && REFUSAL_CODES.has(smtp.code) && (smtp.responseCode ?? 0) >= 500) {
          const reply = smtp.response ?? smtp.message;
          return { accepted: false, response: reply, rejected: reply };
        }
        const reply = smtp.response ? ` (${smtp.response})` : "";
        throw new MailTransportError(`The mail server did not take the message: ${smtp.message}${reply}`, { cause: error });
      }
    },
    close() {
      transport.close();
    },
  };
}
