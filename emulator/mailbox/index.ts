/**
 * A real local mailbox for the demo and the tests: an SMTP server (smtp-server) that accepts mail, parses it
 * (mailparser) and keeps it in memory (and, optionally, appended to a JSONL file), plus a small web page and
 * JSON list of what arrived. Recipients matching `rejectRecipients` (e.g. "*@bounce.example") are refused
 * with 550, to test rejections. It counts distinct Message-IDs, so a test can tell a resent message (same
 * Message-ID, dropped by real receivers as a duplicate) from a doubled one.
 */
import { appendFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type AddressObject, simpleParser } from "mailparser";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";

export interface MailboxMessage {
  /** order of arrival, from 1 */
  id: number;
  /** the Message-ID header, with its angle brackets; null when the mail had none */
  messageId: string | null;
  /** the envelope sender and recipients (MAIL FROM / RCPT TO) */
  envelopeFrom: string | null;
  envelopeTo: string[];
  from: string;
  to: string;
  subject: string;
  html: string | null;
  text: string | null;
  /** every header, lower-case name → value as text */
  headers: Record<string, string>;
  receivedAt: string;
  size: number;
}

export interface MailboxOptions {
  /** 0 (default) picks a free port */
  smtpPort?: number;
  /** 0 (default) picks a free port; null serves no web page */
  httpPort?: number | null;
  host?: string;
  /** recipients refused with 550, as a glob ("*@bounce.example") or a regular expression */
  rejectRecipients?: string | RegExp | null;
  /** every message is also appended to this file, one JSON object a line */
  jsonlFile?: string | null;
  /** how many messages are kept in memory (oldest dropped first); counts stay exact. Default 10,000 */
  keep?: number;
}

export interface Mailbox {
  /** smtp://host:port, what SMTP_URL is set to */
  smtpUrl: string;
  /** http://host:port/, the page listing what arrived (null without an HTTP port) */
  httpUrl: string | null;
  messages(): MailboxMessage[];
  /** messages accepted so far (including ones no longer kept in memory) */
  received(): number;
  /** distinct Message-IDs among them */
  distinctMessageIds(): number;
  /** recipients refused so far */
  rejectedRecipients(): number;
  /** resolves once `count` messages have arrived in all; rejects after `timeoutMs` */
  waitForMessages(count: number, timeoutMs?: number): Promise<MailboxMessage[]>;
  clear(): void;
  close(): Promise<void>;
}

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`, "i");
}

function addressText(value: AddressObject | AddressObject[] | undefined): string {
  if (!value) return "";
  return (Array.isArray(value) ? value : [value]).map((address) => address.text).join(", ");
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function listPage(messages: MailboxMessage[], received: number, distinct: number): string {
  const rows = [...messages]
    .reverse()
    .map(
      (message) => `<article>
  <h2>${escapeHtml(message.subject || "(no subject)")}</h2>
  <p class="meta">To: ${escapeHtml(message.to)} · From: ${escapeHtml(message.from)} · ${escapeHtml(message.receivedAt)} · ${escapeHtml(message.messageId ?? "")}</p>
  ${
    message.html
      ? `<iframe sandbox title="${escapeHtml(message.subject)}" srcdoc="${escapeHtml(message.html)}"></iframe>`
      : `<pre>${escapeHtml(message.text ?? "")}</pre>`
  }
</article>`,
    )
    .join("\n");
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Kizuna local mailbox</title>
<style>
body { font-family: system-ui, sans-serif; margin: 24px; background: #f6f6f7; color: #202223; }
article { background: #fff; border-radius: 8px; padding: 16px; margin: 0 0 24px 0; box-shadow: 0 1px 2px rgba(0,0,0,.1); }
h2 { font-size: 16px; margin: 0 0 4px 0; }
.meta { color: #6d7175; font-size: 13px; margin: 0 0 12px 0; }
iframe { width: 100%; height: 640px; border: 1px solid #e1e3e5; }
</style></head>
<body>
<h1>Local mailbox</h1>
<p>${received} received, ${distinct} distinct Message-IDs. JSON: <a href="/messages">/messages</a>. Newest first.</p>
${rows || "<p>Nothing has arrived yet.</p>"}
</body></html>`;
}

export async function startMailbox(options: MailboxOptions = {}): Promise<Mailbox> {
  const host = options.host ?? "127.0.0.1";
  const keep = options.keep ?? 10_000;
  const reject =
    options.rejectRecipients == null
      ? null
      : typeof options.rejectRecipients === "string"
        ? globToRegExp(options.rejectRecipients)
        : options.rejectRecipients;
  let stored: MailboxMessage[] = [];
  let received = 0;
  let rejected = 0;
  const messageIds = new Set<string>();
  const waiters: { count: number; resolve: () => void }[] = [];

  const accept = (message: MailboxMessage) => {
    stored.push(message);
    if (stored.length > keep) stored = stored.slice(stored.length - keep);
    if (message.messageId) messageIds.add(message.messageId);
    if (options.jsonlFile) appendFileSync(options.jsonlFile, `${JSON.stringify(message)}\n`);
    for (const waiter of [...waiters]) {
      if (received >= waiter.count) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };

  const smtpOptions: SMTPServerOptions = {
    secure: false,
    disabledCommands: ["STARTTLS"],
    authOptional: true,
    allowInsecureAuth: true,
    logger: false,
    banner: "Kizuna local mailbox",
    size: 25 * 1024 * 1024,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? "local" });
    },
    onRcptTo(address, _session, callback) {
      if (reject?.test(address.address)) {
        rejected++;
        const error = new Error(`5.1.1 <${address.address}>: Recipient address rejected: mailbox unavailable`) as Error & {
          responseCode: number;
        };
        error.responseCode = 550;
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", callback);
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((parsed) => {
            received++;
            const headers: Record<string, string> = {};
            for (const line of parsed.headerLines) {
              const value = line.line.slice(line.line.indexOf(":") + 1).trim();
              headers[line.key] = headers[line.key] ? `${headers[line.key]}, ${value}` : value;
            }
            accept({
              id: received,
              messageId: parsed.messageId
                ? parsed.messageId.startsWith("<")
                  ? parsed.messageId
                  : `<${parsed.messageId}>`
                : null,
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
              envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              from: addressText(parsed.from),
              to: addressText(parsed.to),
              subject: parsed.subject ?? "",
              html: typeof parsed.html === "string" ? parsed.html : null,
              text: parsed.text ?? null,
              headers,
              receivedAt: new Date().toISOString(),
              size: raw.length,
            });
            callback(null, `Ok: queued as ${received}`);
          })
          .catch((error: Error) => callback(error));
      });
    },
  };
  const smtp = new SMTPServer(smtpOptions);
  await new Promise<void>((resolve, reject) => {
    smtp.once("error", reject);
    smtp.listen(options.smtpPort ?? 0, host, () => resolve());
  });
  smtp.on("error", () => undefined);
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  let http: Server | null = null;
  let httpUrl: string | null = null;
  if (options.httpPort !== null) {
    http = createServer((request, response) => {
      const path = new URL(request.url ?? "/", "http://mailbox").pathname;
      if (request.method === "GET" && path === "/messages") {
        response.writeHead(200, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" });
        response.end(JSON.stringify({ received, distinctMessageIds: messageIds.size, messages: stored }));
        return;
      }
      if (request.method === "DELETE" && path === "/messages") {
        mailbox.clear();
        response.writeHead(204).end();
        return;
      }
      if (request.method === "GET" && path === "/") {
        response.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
        response.end(listPage(stored, received, messageIds.size));
        return;
      }
      response.writeHead(404, { "Content-Type": "text/plain" }).end("Not found: GET / or GET /messages");
    });
    const server = http;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.httpPort ?? 0, host, () => resolve());
    });
    httpUrl = `http://${host}:${(server.address() as AddressInfo).port}/`;
  }

  const mailbox: Mailbox = {
    smtpUrl: `smtp://${host}:${smtpPort}`,
    httpUrl,
    messages: () => [...stored],
    received: () => received,
    distinctMessageIds: () => messageIds.size,
    rejectedRecipients: () => rejected,
    waitForMessages(count, timeoutMs = 10_000) {
      if (received >= count) return Promise.resolve([...stored]);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`The mailbox has ${received} messages, not ${count}, after ${timeoutMs} ms`));
        }, timeoutMs);
        const waiter = {
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve([...stored]);
          },
        };
        waiters.push(waiter);
      });
    },
    clear() {
      stored = [];
      received = 0;
      rejected = 0;
      messageIds.clear();
    },
    async close() {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      if (http) {
        http.closeAllConnections();
        await new Promise<void>((resolve) => http?.close(() => resolve()));
      }
    },
  };
  return mailbox;
}
