/**
 * A LINE Messaging API emulator for the tests and the demo (decision 025; README.md beside this file).
 * It answers the endpoints Kizuna calls (push, reply, profile, quota, consumption, bot info) for the
 * channels it was given, checking the bearer token; deduplicates pushes by X-Line-Retry-Key (409 for a key
 * already accepted, as LINE does); can be told to answer 429 for a while; and plays LINE users through a
 * control API: follow, unfollow and send a text, each POSTed to the channel's webhook URL signed with the
 * channel secret, the way LINE's platform does. Every conversation is kept and shown on GET / and as JSON.
 */
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface LineEmulatorChannel {
  channelId: string;
  channelSecret: string;
  accessToken: string;
  /** the official account's id users add as a friend, e.g. @kizuna-demo */
  basicId: string;
  displayName: string;
  /** the bot's user id (the webhook "destination") */
  botUserId?: string;
  /** where the signed webhooks go (Kizuna's /webhooks/line/<shop>) */
  webhookUrl?: string | null;
  /** monthly message limit; null = none */
  monthlyLimit?: number | null;
}

export interface LineEmulatorOptions {
  port?: number;
  host?: string;
  channels?: LineEmulatorChannel[];
}

/** One entry of a conversation: what the account sent (push/reply) or what the user did. */
export interface ConversationEntry {
  at: string;
  direction: "to-user" | "from-user";
  kind: "push" | "reply" | "text" | "follow" | "unfollow";
  messages?: unknown[];
  text?: string;
  retryKey?: string | null;
  /** the status Kizuna's webhook answered (user events) */
  webhookStatus?: number | null;
}

export interface LineUser {
  userId: string;
  displayName: string;
  language: string;
  following: boolean;
}

export interface WebhookDelivery {
  status: number | null;
  error?: string;
  body: string;
  webhookEventId: string;
}

interface ChannelState extends Required<Omit<LineEmulatorChannel, "webhookUrl" | "monthlyLimit">> {
  webhookUrl: string | null;
  monthlyLimit: number | null;
  users: Map<string, LineUser>;
  conversations: Map<string, ConversationEntry[]>;
  /** retry key → the request id that accepted it */
  acceptedRetryKeys: Map<string, string>;
  replyTokens: Map<string, string>;
  /** messages sent this month (push + reply) */
  usage: number;
  /** every push request that was accepted (a 409 is not counted) */
  pushesAccepted: number;
  lastDelivery: { body: string } | null;
}

export interface LineEmulator {
  url: string;
  control: {
    addChannel(channel: LineEmulatorChannel): void;
    setWebhookUrl(channelId: string, url: string | null): void;
    follow(
      channelId: string,
      user?: { userId?: string; displayName?: string; language?: string },
    ): Promise<{ user: LineUser; delivery: WebhookDelivery | null }>;
    unfollow(channelId: string, userId: string): Promise<WebhookDelivery | null>;
    sendText(channelId: string, userId: string, text: string): Promise<WebhookDelivery | null>;
    /** posts the last webhook body again, flagged isRedelivery, with the same webhookEventIds */
    redeliverLast(channelId: string): Promise<WebhookDelivery | null>;
    /** the next `count` API calls answer 429 (with Retry-After when given) */
    failNext(count: number, options?: { status?: number; retryAfterSeconds?: number; message?: string }): void;
    conversation(channelId: string, userId: string): ConversationEntry[];
    /** messages pushed to a user (each element is one push request's messages) */
    pushesTo(channelId: string, userId: string): unknown[][];
    stats(channelId: string): { pushesAccepted: number; usage: number; requests429: number; duplicateRetries: number };
    users(channelId: string): LineUser[];
    reset(): void;
  };
  stop(): Promise<void>;
}

const json = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  response.writeHead(status, { "Content-Type": "application/json", ...headers });
  response.end(JSON.stringify(body));
};

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const newUserId = () => `U${randomBytes(16).toString("hex")}`;

export async function startLineEmulator(options: LineEmulatorOptions = {}): Promise<LineEmulator> {
  const channels = new Map<string, ChannelState>();
  let failures: { remaining: number; status: number; retryAfterSeconds?: number; message: string } | null = null;
  let requests429 = 0;
  let duplicateRetries = 0;

  function addChannel(channel: LineEmulatorChannel): void {
    channels.set(channel.channelId, {
      channelId: channel.channelId,
      channelSecret: channel.channelSecret,
      accessToken: channel.accessToken,
      basicId: channel.basicId,
      displayName: channel.displayName,
      botUserId: channel.botUserId ?? newUserId(),
      webhookUrl: channel.webhookUrl ?? null,
      monthlyLimit: channel.monthlyLimit === undefined ? 1000 : channel.monthlyLimit,
      users: new Map(),
      conversations: new Map(),
      acceptedRetryKeys: new Map(),
      replyTokens: new Map(),
      usage: 0,
      pushesAccepted: 0,
      lastDelivery: null,
    });
  }
  for (const channel of options.channels ?? []) addChannel(channel);

  const channelOf = (channelId: string) => {
    const channel = channels.get(channelId);
    if (!channel) throw new Error(`The LINE emulator has no channel ${channelId}`);
    return channel;
  };
  const log = (channel: ChannelState, userId: string, entry: Omit<ConversationEntry, "at">) => {
    const list = channel.conversations.get(userId) ?? [];
    const full = { at: new Date().toISOString(), ...entry };
    list.push(full);
    channel.conversations.set(userId, list);
    return full;
  };

  async function deliver(
    channel: ChannelState,
    events: Record<string, unknown>[],
    redelivery = false,
  ): Promise<WebhookDelivery | null> {
    const body = JSON.stringify({
      destination: channel.botUserId,
      events: events.map((event) => ({ ...event, deliveryContext: { isRedelivery: redelivery } })),
    });
    channel.lastDelivery = { body };
    const webhookEventId = String(events[0]?.webhookEventId ?? "");
    if (!channel.webhookUrl) return null;
    const signature = createHmac("sha256", channel.channelSecret).update(body).digest("base64");
    try {
      const response = await fetch(channel.webhookUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Line-Signature": signature, "User-Agent": "LineBotWebhook/2.0" },
        body,
      });
      await response.body?.cancel();
      return { status: response.status, body, webhookEventId };
    } catch (error) {
      return { status: null, error: (error as Error).message, body, webhookEventId };
    }
  }

  const event = (type: string, userId: string, extra: Record<string, unknown> = {}) => ({
    type,
    mode: "active",
    timestamp: Date.now(),
    source: { type: "user", userId },
    webhookEventId: `01${randomBytes(12).toString("hex").toUpperCase()}`,
    ...extra,
  });

  function replyToken(channel: ChannelState, userId: string): string {
    const token = randomBytes(16).toString("hex");
    channel.replyTokens.set(token, userId);
    return token;
  }

  const control: LineEmulator["control"] = {
    addChannel,
    setWebhookUrl(channelId, url) {
      channelOf(channelId).webhookUrl = url;
    },
    async follow(channelId, user = {}) {
      const channel = channelOf(channelId);
      const userId = user.userId ?? newUserId();
      const existing = channel.users.get(userId);
      const record: LineUser = {
        userId,
        displayName: user.displayName ?? existing?.displayName ?? `LINE user ${channel.users.size + 1}`,
        language: user.language ?? existing?.language ?? "ja",
        following: true,
      };
      channel.users.set(userId, record);
      const delivery = await deliver(channel, [
        event("follow", userId, { replyToken: replyToken(channel, userId), follow: { isUnblocked: existing !== undefined } }),
      ]);
      log(channel, userId, { direction: "from-user", kind: "follow", webhookStatus: delivery?.status ?? null });
      return { user: record, delivery };
    },
    async unfollow(channelId, userId) {
      const channel = channelOf(channelId);
      const user = channel.users.get(userId);
      if (user) user.following = false;
      const delivery = await deliver(channel, [event("unfollow", userId)]);
      log(channel, userId, { direction: "from-user", kind: "unfollow", webhookStatus: delivery?.status ?? null });
      return delivery;
    },
    async sendText(channelId, userId, text) {
      const channel = channelOf(channelId);
      const delivery = await deliver(channel, [
        event("message", userId, {
          replyToken: replyToken(channel, userId),
          message: { id: String(Date.now()), type: "text", text, quoteToken: randomBytes(8).toString("hex") },
        }),
      ]);
      log(channel, userId, { direction: "from-user", kind: "text", text, webhookStatus: delivery?.status ?? null });
      return delivery;
    },
    async redeliverLast(channelId) {
      const channel = channelOf(channelId);
      if (!channel.lastDelivery) return null;
      const { events } = JSON.parse(channel.lastDelivery.body) as { events: Record<string, unknown>[] };
      return deliver(channel, events, true);
    },
    failNext(count, failure = {}) {
      failures = {
        remaining: count,
        status: failure.status ?? 429,
        retryAfterSeconds: failure.retryAfterSeconds,
        message: failure.message ?? "The API rate limit has been exceeded. Try again later.",
      };
    },
    conversation(channelId, userId) {
      return [...(channelOf(channelId).conversations.get(userId) ?? [])];
    },
    pushesTo(channelId, userId) {
      return (channelOf(channelId).conversations.get(userId) ?? [])
        .filter((entry) => entry.kind === "push")
        .map((entry) => entry.messages ?? []);
    },
    stats(channelId) {
      const channel = channelOf(channelId);
      return { pushesAccepted: channel.pushesAccepted, usage: channel.usage, requests429, duplicateRetries };
    },
    users(channelId) {
      return [...channelOf(channelId).users.values()];
    },
    reset() {
      for (const channel of channels.values()) {
        channel.users.clear();
        channel.conversations.clear();
        channel.acceptedRetryKeys.clear();
        channel.replyTokens.clear();
        channel.usage = 0;
        channel.pushesAccepted = 0;
        channel.lastDelivery = null;
      }
      failures = null;
      requests429 = 0;
      duplicateRetries = 0;
    },
  };

  function authorised(request: IncomingMessage): ChannelState | null {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
    if (!token) return null;
    for (const channel of channels.values()) if (channel.accessToken === token) return channel;
    return null;
  }

  const messagesValid = (messages: unknown): messages is Record<string, unknown>[] =>
    Array.isArray(messages) &&
    messages.length >= 1 &&
    messages.length <= 5 &&
    messages.every((m) => {
      const message = m as Record<string, unknown>;
      if (message.type === "text")
        return typeof message.text === "string" && message.text.length > 0 && message.text.length <= 5000;
      if (message.type === "flex") return typeof message.altText === "string" && typeof message.contents === "object";
      return false;
    });

  async function api(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    const channel = authorised(request);
    if (!channel)
      return json(response, 401, {
        message: "Authentication failed. Confirm that the access token in the authorization header is valid.",
      });
    if (failures && failures.remaining > 0) {
      failures.remaining--;
      if (failures.status === 429) requests429++;
      const headers: Record<string, string> =
        failures.retryAfterSeconds !== undefined ? { "Retry-After": String(failures.retryAfterSeconds) } : {};
      return json(response, failures.status, { message: failures.message }, headers);
    }
    const requestId = randomUUID();
    const idHeader = { "X-Line-Request-Id": requestId };
    if (request.method === "POST" && path === "/v2/bot/message/push") {
      const retryKey = request.headers["x-line-retry-key"];
      const key = typeof retryKey === "string" ? retryKey : null;
      if (key !== null && !UUID.test(key))
        return json(response, 400, { message: "The retry key is not a valid UUID." }, idHeader);
      if (key && channel.acceptedRetryKeys.has(key)) {
        duplicateRetries++;
        return json(
          response,
          409,
          { message: "The retry key is already accepted", sentMessages: [] },
          { ...idHeader, "X-Line-Accepted-Request-Id": channel.acceptedRetryKeys.get(key) ?? "" },
        );
      }
      const body = JSON.parse((await readBody(request)) || "{}") as { to?: string; messages?: unknown };
      if (typeof body.to !== "string" || !messagesValid(body.messages)) {
        return json(
          response,
          400,
          { message: "The request body has 1 error(s)", details: [{ message: "invalid to or messages" }] },
          idHeader,
        );
      }
      if (channel.monthlyLimit !== null && channel.usage + body.messages.length > channel.monthlyLimit) {
        return json(response, 429, { message: "You have reached your monthly limit." }, idHeader);
      }
      if (key) channel.acceptedRetryKeys.set(key, requestId);
      channel.pushesAccepted++;
      channel.usage += body.messages.length;
      // LINE accepts a push to someone who blocked the account and drops it; the log says so
      const user = channel.users.get(body.to);
      log(channel, body.to, { direction: "to-user", kind: "push", messages: body.messages, retryKey: key });
      if (user && !user.following)
        log(channel, body.to, { direction: "to-user", kind: "push", text: "(not delivered: the user blocked the account)" });
      return json(
        response,
        200,
        { sentMessages: body.messages.map(() => ({ id: String(Date.now()), quoteToken: randomBytes(8).toString("hex") })) },
        idHeader,
      );
    }
    if (request.method === "POST" && path === "/v2/bot/message/reply") {
      const body = JSON.parse((await readBody(request)) || "{}") as { replyToken?: string; messages?: unknown };
      const userId = body.replyToken ? channel.replyTokens.get(body.replyToken) : undefined;
      if (!userId) return json(response, 400, { message: "Invalid reply token" }, idHeader);
      if (!messagesValid(body.messages)) return json(response, 400, { message: "The request body has 1 error(s)" }, idHeader);
      channel.replyTokens.delete(body.replyToken ?? "");
      channel.usage += 0; // replies are free
      log(channel, userId, { direction: "to-user", kind: "reply", messages: body.messages });
      return json(response, 200, { sentMessages: [] }, idHeader);
    }
    if (request.method === "GET" && path.startsWith("/v2/bot/profile/")) {
      const user = channel.users.get(decodeURIComponent(path.slice("/v2/bot/profile/".length)));
      if (!user?.following) return json(response, 404, { message: "Not found" }, idHeader);
      return json(response, 200, { userId: user.userId, displayName: user.displayName, language: user.language }, idHeader);
    }
    if (request.method === "GET" && path === "/v2/bot/message/quota") {
      return json(
        response,
        200,
        channel.monthlyLimit === null ? { type: "none" } : { type: "limited", value: channel.monthlyLimit },
        idHeader,
      );
    }
    if (request.method === "GET" && path === "/v2/bot/message/quota/consumption") {
      return json(response, 200, { totalUsage: channel.usage }, idHeader);
    }
    if (request.method === "GET" && path === "/v2/bot/info") {
      return json(
        response,
        200,
        {
          userId: channel.botUserId,
          basicId: channel.basicId,
          displayName: channel.displayName,
          chatMode: "bot",
          markAsReadMode: "auto",
        },
        idHeader,
      );
    }
    return json(response, 404, { message: "Not found" }, idHeader);
  }

  async function controlApi(request: IncomingMessage, response: ServerResponse, method: string): Promise<void> {
    const body = request.method === "POST" ? (JSON.parse((await readBody(request)) || "{}") as Record<string, unknown>) : {};
    const channelId = typeof body.channelId === "string" ? body.channelId : [...channels.keys()][0];
    const userId = typeof body.userId === "string" ? body.userId : "";
    switch (method) {
      case "follow":
        return json(response, 200, await control.follow(channelId, body as { userId?: string; displayName?: string }));
      case "unfollow":
        return json(response, 200, { delivery: await control.unfollow(channelId, userId) });
      case "message":
        return json(response, 200, { delivery: await control.sendText(channelId, userId, String(body.text ?? "")) });
      case "redeliver":
        return json(response, 200, { delivery: await control.redeliverLast(channelId) });
      case "failNext":
        control.failNext(Number(body.count ?? 1), body as { status?: number; retryAfterSeconds?: number });
        return json(response, 200, { ok: true });
      case "conversations":
        return json(response, 200, conversationsJson());
      case "reset":
        control.reset();
        return json(response, 200, { ok: true });
      default:
        return json(response, 404, { error: `Unknown control method ${method}` });
    }
  }

  function conversationsJson() {
    return [...channels.values()].map((channel) => ({
      channelId: channel.channelId,
      basicId: channel.basicId,
      displayName: channel.displayName,
      webhookUrl: channel.webhookUrl,
      usage: channel.usage,
      monthlyLimit: channel.monthlyLimit,
      users: [...channel.conversations.entries()].map(([userId, entries]) => ({
        userId,
        displayName: channel.users.get(userId)?.displayName ?? null,
        following: channel.users.get(userId)?.following ?? false,
        entries,
      })),
    }));
  }

  function page(): string {
    const sections = conversationsJson()
      .map((channel) => {
        const users = channel.users
          .map(
            (
              user,
            ) => `<section><h3>${escapeHtml(user.displayName ?? user.userId)} <small>${escapeHtml(user.userId)}${user.following ? "" : " · blocked"}</small></h3>
${user.entries.map((entry) => `<div class="${entry.direction}"><time>${escapeHtml(entry.at)}</time> <b>${escapeHtml(entry.kind)}</b> ${escapeHtml(describe(entry))}</div>`).join("\n")}
</section>`,
          )
          .join("\n");
        return `<h2>${escapeHtml(channel.displayName)} (${escapeHtml(channel.basicId)}) <small>channel ${escapeHtml(channel.channelId)} · ${channel.usage}${channel.monthlyLimit === null ? "" : ` / ${channel.monthlyLimit}`} messages this month</small></h2>${users || "<p>No conversations yet.</p>"}`;
      })
      .join("\n");
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LINE emulator</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:900px}section{border:1px solid #ddd;border-radius:8px;padding:0 1rem 1rem;margin:1rem 0}
.to-user{background:#e8f8ec;margin:.3rem 0 .3rem 4rem;padding:.4rem .6rem;border-radius:8px}.from-user{background:#f2f2f2;margin:.3rem 4rem .3rem 0;padding:.4rem .6rem;border-radius:8px}
time{color:#777;font-size:.8em}small{color:#777;font-weight:normal}</style></head><body><h1>LINE emulator</h1>
<p>JSON: <a href="/_line/conversations">/_line/conversations</a>. Control: POST /_line/follow, /_line/unfollow, /_line/message (see emulator/line/README.md).</p>
${sections}</body></html>`;
  }

  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    const handle = async () => {
      if (path.startsWith("/v2/")) return api(request, response, path);
      if (path.startsWith("/_line/")) return controlApi(request, response, path.slice("/_line/".length));
      if (path === "/" && request.method === "GET") {
        response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
        response.end(page());
        return;
      }
      json(response, 404, { message: "Not found" });
    };
    handle().catch((error: Error) => json(response, 500, { message: error.message }));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve()));
  const address = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? "127.0.0.1"}:${address.port}`,
    control,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function describe(entry: ConversationEntry): string {
  if (entry.text) return entry.text;
  if (!entry.messages) return "";
  return entry.messages
    .map((m) => {
      const message = m as { type?: string; text?: string; altText?: string };
      return message.type === "text" ? (message.text ?? "") : `[${message.type}] ${message.altText ?? ""}`;
    })
    .join(" / ");
}
