import type { z } from "zod";
import {
  botInfoSchema,
  consumptionSchema,
  DEFAULT_LINE_API_BASE,
  errorReplySchema,
  type LineBotInfo,
  type LineMessage,
  type LineProfile,
  type LineQuota,
  type PushReply,
  profileSchema,
  pushReplySchema,
  quotaSchema,
} from "./api";

/**
 * The only door to the LINE Messaging API (decision 025): one typed client per channel access token.
 * - Push carries `X-Line-Retry-Key` (a UUID the caller fixed before the first attempt): a request LINE already
 *   accepted answers 409 and is not delivered again, which this client reports as `duplicate` (= sent).
 * - 429 (rate limit) is retried after `Retry-After` seconds when LINE gives it, else with exponential backoff,
 *   at most `maxRetries` times; the monthly limit (also 429) is not retried: it throws LineQuotaError.
 * - 5xx and network failures of a push are retried with the same retry key (safe); other calls are not.
 * - The token never appears in an error or a log line: errors carry the status, the path and LINE's message.
 */
export class LineApiError extends Error {
  override name = "LineApiError";
  constructor(
    message: string,
    readonly status: number,
    /** true for a failure worth trying again later (5xx, network, rate limit after our retries) */
    readonly temporary: boolean,
  ) {
    super(message);
  }
}

/** The channel's monthly message limit is used up: nothing more goes out this month. */
export class LineQuotaError extends LineApiError {
  override name = "LineQuotaError";
}

export interface LineClientOptions {
  accessToken: string;
  /** LINE_API_BASE (the emulator in tests and the demo); https://api.line.me otherwise */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** retries after a 429 or (push only) a 5xx / network error; default 4 */
  maxRetries?: number;
  /** first backoff when LINE gives no Retry-After; doubles each time, at most `maxDelayMs` */
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** called before every HTTP request (e.g. a per-channel rate limiter) */
  beforeRequest?: () => Promise<void>;
  timeoutMs?: number;
}

export type PushOutcome =
  | { status: "accepted"; reply: PushReply; requestId: string | null }
  | { status: "duplicate"; requestId: string | null };

export interface LineClient {
  push(to: string, messages: LineMessage[], options: { retryKey: string; notificationDisabled?: boolean }): Promise<PushOutcome>;
  reply(replyToken: string, messages: LineMessage[]): Promise<void>;
  /** null when the user is not a friend of the account (or unknown) */
  profile(userId: string): Promise<LineProfile | null>;
  quota(): Promise<LineQuota>;
  consumption(): Promise<number>;
  botInfo(): Promise<LineBotInfo>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function lineApiBase(env: Record<string, string | undefined> = process.env): string {
  return (env.LINE_API_BASE?.trim() || DEFAULT_LINE_API_BASE).replace(/\/+$/, "");
}

export function createLineClient(options: LineClientOptions): LineClient {
  const base = (options.baseUrl ?? lineApiBase()).replace(/\/+$/, "");
  const doFetch = options.fetch ?? fetch;
  const maxRetries = options.maxRetries ?? 4;
  const baseDelay = options.baseDelayMs ?? 1_000;
  const maxDelay = options.maxDelayMs ?? 60_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const timeoutMs = options.timeoutMs ?? 15_000;

  async function call(
    method: "GET" | "POST",
    path: string,
    init: { body?: unknown; headers?: Record<string, string>; retryServerErrors?: boolean } = {},
  ): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      await options.beforeRequest?.();
      let response: Response;
      try {
        response = await doFetch(`${base}${path}`, {
          method,
          headers: {
            Authorization: `Bearer ${options.accessToken}`,
            ...(init.body === undefined ? {} : { "Content-Type": "application/json" }),
            ...init.headers,
          },
          body: init.body === undefined ? undefined : JSON.stringify(init.body),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        if (init.retryServerErrors && attempt < maxRetries) {
          await sleep(backoff(attempt));
          continue;
        }
        throw new LineApiError(`LINE ${method} ${path}: ${(error as Error).message}`, 0, true);
      }
      if (response.status === 429) {
        const detail = await errorMessage(response);
        if (/monthly limit/i.test(detail)) throw new LineQuotaError(`LINE ${method} ${path}: 429 ${detail}`, 429, false);
        if (attempt < maxRetries) {
          await sleep(retryAfterMs(response.headers.get("retry-after")) ?? backoff(attempt));
          continue;
        }
        throw new LineApiError(`LINE ${method} ${path}: 429 ${detail} (gave up after ${attempt + 1} tries)`, 429, true);
      }
      if (response.status >= 500 && init.retryServerErrors && attempt < maxRetries) {
        await response.body?.cancel();
        await sleep(backoff(attempt));
        continue;
      }
      return response;
    }
  }

  function backoff(attempt: number): number {
    return Math.min(baseDelay * 2 ** attempt, maxDelay);
  }

  async function expectOk<S extends z.ZodType>(
    response: Response,
    method: string,
    path: string,
    schema: S,
  ): Promise<z.output<S>> {
    if (!response.ok) await fail(response, method, path);
    const parsed = schema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success)
      throw new LineApiError(
        `LINE ${method} ${path}: unexpected reply (${parsed.error.issues[0]?.message})`,
        response.status,
        false,
      );
    return parsed.data;
  }

  return {
    async push(to, messages, { retryKey, notificationDisabled }) {
      if (!UUID.test(retryKey)) throw new Error(`X-Line-Retry-Key must be a UUID, got "${retryKey}"`);
      const path = "/v2/bot/message/push";
      const response = await call("POST", path, {
        body: { to, messages, ...(notificationDisabled ? { notificationDisabled } : {}) },
        headers: { "X-Line-Retry-Key": retryKey },
        retryServerErrors: true,
      });
      const requestId = response.headers.get("x-line-request-id");
      // accepted before (an earlier attempt whose answer we never saw): not delivered again
      if (response.status === 409) {
        await response.body?.cancel();
        return { status: "duplicate", requestId: response.headers.get("x-line-accepted-request-id") ?? requestId };
      }
      return { status: "accepted", reply: await expectOk(response, "POST", path, pushReplySchema), requestId };
    },
    async reply(replyToken, messages) {
      const path = "/v2/bot/message/reply";
      const response = await call("POST", path, { body: { replyToken, messages } });
      await expectOk(response, "POST", path, errorReplySchema);
    },
    async profile(userId) {
      const path = `/v2/bot/profile/${encodeURIComponent(userId)}`;
      const response = await call("GET", path);
      if (response.status === 404) {
        await response.body?.cancel();
        return null;
      }
      return expectOk(response, "GET", "/v2/bot/profile/{userId}", profileSchema);
    },
    async quota() {
      return expectOk(await call("GET", "/v2/bot/message/quota"), "GET", "/v2/bot/message/quota", quotaSchema);
    },
    async consumption() {
      const path = "/v2/bot/message/quota/consumption";
      return (await expectOk(await call("GET", path), "GET", path, consumptionSchema)).totalUsage;
    },
    async botInfo() {
      return expectOk(await call("GET", "/v2/bot/info"), "GET", "/v2/bot/info", botInfoSchema);
    },
  };
}

async function errorMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => "");
  try {
    const parsed = errorReplySchema.safeParse(JSON.parse(text));
    if (parsed.success && parsed.data.message) return parsed.data.message;
  } catch {
    // not JSON
  }
  return text.slice(0, 200);
}

async function fail(response: Response, method: string, path: string): Promise<never> {
  const detail = await errorMessage(response);
  throw new LineApiError(`LINE ${method} ${path}: ${response.status} ${detail}`.trim(), response.status, response.status >= 500);
}

/** Retry-After as seconds or an HTTP date; null when absent or unreadable. Capped at 5 minutes. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 300_000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.min(Math.max(0, at - now), 300_000);
}
