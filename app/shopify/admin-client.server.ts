import { ClientError, GraphQLClient } from "graphql-request";
import { adminApiUrl } from "./admin-origin.server";
import type { AdminDocument, AdminReply, AdminVariables } from "./admin-operations";
import { ADMIN_API_VERSION } from "./api-version";

/**
 * The Admin API client every background job uses (backfill, reconciliation, push-back). It pins the API
 * version, paces itself from `extensions.cost.throttleStatus` so it stays under the shop's leaky bucket,
 * retries THROTTLED / 429 / 5xx / network errors with exponential backoff and jitter, and gives up with a
 * clear error after a bound. Replies are typed by the document sent (./admin-operations): the document was
 * validated against the same schema Shopify answers with, so the reply is not checked again at run time.
 */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface AdminClientOptions {
  shopDomain: string;
  accessToken: string;
  apiVersion?: string;
  maxAttempts?: number;
  /** base of the exponential backoff (ms) */
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  fetch?: typeof fetch;
}

export class AdminApiRequestError extends Error {
  override name = "AdminApiRequestError";
  constructor(
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

interface GraphqlErrorShape {
  message: string;
  extensions?: { code?: string };
}

export class AdminClient {
  readonly shopDomain: string;
  private readonly client: GraphQLClient;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  /** the last throttle status the shop reported, and when */
  private bucket: { status: ThrottleStatus; at: number } | null = null;
  /** requests that had to wait or retry because of the rate limit (for progress and tests) */
  throttledCount = 0;

  constructor(options: AdminClientOptions) {
    this.shopDomain = options.shopDomain;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.backoffMs = options.backoffMs ?? 500;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.client = new GraphQLClient(adminApiUrl(options.shopDomain, options.apiVersion ?? ADMIN_API_VERSION), {
      headers: { "X-Shopify-Access-Token": options.accessToken },
      errorPolicy: "all",
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  }

  /** Runs a query or mutation and returns its `data`. `cost` is the expected query cost, for pacing. */
  async request<D extends AdminDocument>(document: D, variables: AdminVariables<D>, cost = 50): Promise<AdminReply<D>> {
    let lastProblem = "";
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      await this.waitForBudget(cost);
      let response: Awaited<ReturnType<GraphQLClient["rawRequest"]>>;
      try {
        response = await this.client.rawRequest(document, variables as Record<string, unknown>);
      } catch (error) {
        const status = error instanceof ClientError ? error.response.status : 0;
        if (status === 401 || status === 403 || status === 404) {
          throw new AdminApiRequestError(
            `Shopify refused the request for ${this.shopDomain} (HTTP ${status}): the app may have been uninstalled or its token revoked`,
            error instanceof ClientError ? error.response : undefined,
          );
        }
        // 429, 5xx and network failures are worth another try.
        lastProblem = status ? `HTTP ${status}` : `network error: ${(error as Error).message}`;
        if (status === 429) this.throttledCount++;
        await this.sleep(this.backoff(attempt));
        continue;
      }
      this.remember(response.extensions);
      const errors = (response.errors ?? []) as GraphqlErrorShape[];
      if (errors.some((error) => error.extensions?.code === "THROTTLED")) {
        this.throttledCount++;
        lastProblem = "THROTTLED";
        await this.sleep(Math.max(this.backoff(attempt), this.msUntilAvailable(cost)));
        continue;
      }
      if (errors.length > 0) {
        throw new AdminApiRequestError(
          `Shopify rejected the request: ${errors.map((error) => error.message).join("; ")}`,
          errors,
        );
      }
      if (response.data == null) throw new AdminApiRequestError("Shopify answered without data or errors", response);
      return response.data as AdminReply<D>;
    }
    throw new AdminApiRequestError(
      `Shopify did not answer ${this.shopDomain} successfully after ${this.maxAttempts} attempts (last: ${lastProblem}); try again later`,
    );
  }

  private remember(extensions: unknown): void {
    const status = (extensions as { cost?: { throttleStatus?: ThrottleStatus } } | undefined)?.cost?.throttleStatus;
    if (status) this.bucket = { status, at: Date.now() };
  }

  /** The bucket refills at restoreRate points per second; wait until the next request fits. */
  private msUntilAvailable(cost: number): number {
    if (!this.bucket) return 0;
    const { status, at } = this.bucket;
    const needed = Math.min(cost, status.maximumAvailable);
    const available = Math.min(
      status.maximumAvailable,
      status.currentlyAvailable + ((Date.now() - at) / 1000) * status.restoreRate,
    );
    if (available >= needed) return 0;
    return Math.ceil(((needed - available) / status.restoreRate) * 1000);
  }

  private async waitForBudget(cost: number): Promise<void> {
    const wait = this.msUntilAvailable(cost);
    if (wait > 0) {
      this.throttledCount++;
      await this.sleep(wait);
    }
  }

  private backoff(attempt: number): number {
    const base = this.backoffMs * 2 ** (attempt - 1);
    return Math.min(30_000, base / 2 + this.random() * base);
  }
}
