/** The emulator's HTTP surface: Admin GraphQL, bulk result files, staged uploads and the /_emulator control API. */
import { type IncomingMessage, type ServerResponse, createServer, type Server } from "node:http";
import { ControlError, type EmulatorControl } from "../control/control";
import { handleGraphQL } from "../graphql/execute";
import { ADMIN_API_VERSION } from "../graphql/schema";
import type { ResolverContext } from "../graphql/views";
import type { EmulatorCore, ShopState } from "../state";

export const INVALID_TOKEN_BODY = { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" };
const MAX_BODY = 50 * 1024 * 1024;

export interface HttpHost {
  core: EmulatorCore;
  control: EmulatorControl;
  context(shop: ShopState): ResolverContext;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new ControlError("Request body too large", 413));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type":
      typeof body === "string" && !headers["Content-Type"]
        ? "application/json; charset=utf-8"
        : "application/json; charset=utf-8",
    ...headers,
  });
  res.end(text);
}

/** Minimal multipart/form-data parser (fields and one file), enough for staged upload POSTs. */
export function parseMultipart(body: Buffer, contentType: string): Map<string, Buffer> {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const parts = new Map<string, Buffer>();
  if (!match) return parts;
  const boundary = Buffer.from(`--${match[1] ?? match[2]}`);
  let start = body.indexOf(boundary);
  while (start !== -1) {
    const next = body.indexOf(boundary, start + boundary.length);
    if (next === -1) break;
    const part = body.subarray(start + boundary.length + 2, next - 2); // skip CRLF after boundary and before next
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString("utf8");
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      if (name) parts.set(name, part.subarray(headerEnd + 4));
    }
    start = next;
  }
  return parts;
}

function shopForUploadKey(host: HttpHost, key: string): ShopState | null {
  const domain = /^tmp\/([^/]+)\//.exec(key)?.[1];
  for (const state of host.core.shopsByToken.values()) if (state.store.shop.domain === domain) return state;
  return null;
}

const EXPIRED_XML =
  "<?xml version='1.0' encoding='UTF-8'?><Error><Code>ExpiredToken</Code><Message>The provided token has expired.</Message><Details>Request signature expired at: 2025-01-01T00:00:00+00:00</Details></Error>";

/** Control actions reachable as POST /_emulator/{name} with a JSON body (GET for the read-only ones). */
const CONTROL_ACTIONS = new Set([
  "addShop",
  "shops",
  "advanceTime",
  "createCustomer",
  "updateCustomer",
  "deleteCustomer",
  "createOrder",
  "updateOrder",
  "cancelOrder",
  "refundOrder",
  "requestCustomerRedaction",
  "requestCustomerData",
  "redactShop",
  "uninstallApp",
  "reinstallApp",
  "pushed",
  "flowTriggers",
  "playFlowAction",
  "calls",
  "failNext",
  "setBulkSwitches",
  "setBucket",
  "configureWebhooks",
  "setWebhookFaults",
  "webhookLog",
  "flushWebhooks",
  "reset",
]);

async function route(host: HttpHost, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? "/", "http://emulator");
  const path = url.pathname;
  const method = req.method ?? "GET";

  const graphql = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(path);
  if (graphql) {
    if (method !== "POST") return send(res, 405, { errors: "Method Not Allowed" });
    const token = req.headers["x-shopify-access-token"];
    const shop = typeof token === "string" ? host.core.shopsByToken.get(token) : undefined;
    if (!shop?.installed) return send(res, 401, INVALID_TOKEN_BODY);
    if (graphql[1] !== ADMIN_API_VERSION && graphql[1] !== "unstable")
      host.core.warn(`API version ${graphql[1]} requested; the emulator serves ${ADMIN_API_VERSION}`);
    const raw = await readBody(req);
    let body: Record<string, unknown>;
    try {
      body = (
        String(req.headers["content-type"] ?? "").includes("application/graphql")
          ? { query: raw.toString("utf8") }
          : JSON.parse(raw.toString("utf8") || "{}")
      ) as Record<string, unknown>;
    } catch {
      return send(res, 400, { errors: "Invalid JSON in request body" });
    }
    const result = await handleGraphQL(host.context(shop), body);
    return send(res, result.status, result.body, { "X-Request-Id": crypto.randomUUID() });
  }

  const bulkFile = /^\/_emulator\/bulk\/(\d+)(\.partial)?\.jsonl$/.exec(path);
  if (bulkFile && method === "GET") {
    for (const state of host.core.shopsByToken.values()) {
      const op = state.bulkOperations.get(Number(bulkFile[1]));
      if (!op) continue;
      if (state.bulkSwitches.expiredUrls)
        return send(res, 403, EXPIRED_XML, { "Content-Type": "application/xml; charset=UTF-8" });
      const file = bulkFile[2] ? op.partialFile : op.file;
      if (!file) break;
      res.writeHead(200, { "Content-Type": "application/jsonl", "Content-Length": String(file.length) });
      return res.end(file);
    }
    return send(
      res,
      404,
      "<?xml version='1.0' encoding='UTF-8'?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>",
      { "Content-Type": "application/xml; charset=UTF-8" },
    );
  }

  if (path === "/_emulator/staged-uploads" && method === "POST") {
    const raw = await readBody(req);
    const form = parseMultipart(raw, String(req.headers["content-type"] ?? ""));
    const key = form.get("key")?.toString("utf8");
    const file = form.get("file");
    if (!key || !file)
      return send(res, 400, "<Error><Code>InvalidArgument</Code><Message>Missing key or file.</Message></Error>", {
        "Content-Type": "application/xml",
      });
    const shop = shopForUploadKey(host, key);
    if (!shop) return send(res, 403, "<Error><Code>AccessDenied</Code></Error>", { "Content-Type": "application/xml" });
    shop.stagedUploads.set(key, file);
    return send(
      res,
      201,
      `<?xml version="1.0" encoding="UTF-8"?><PostResponse><Location>${host.core.baseUrl()}/_emulator/staged-uploads/${encodeURIComponent(key)}</Location><Key>${key}</Key></PostResponse>`,
      { "Content-Type": "application/xml" },
    );
  }
  const put = /^\/_emulator\/staged-uploads\/(.+)$/.exec(path);
  if (put && method === "PUT") {
    const key = decodeURIComponent(put[1]);
    const shop = shopForUploadKey(host, key);
    if (!shop) return send(res, 403, "<Error><Code>AccessDenied</Code></Error>", { "Content-Type": "application/xml" });
    shop.stagedUploads.set(key, await readBody(req));
    return send(res, 200, "");
  }

  if (path === "/_emulator/health") return send(res, 200, { ok: true, shops: host.control.shops() });
  if (path === "/_emulator/warnings") return send(res, 200, { warnings: host.core.warnings });
  const action = /^\/_emulator\/(\w+)$/.exec(path)?.[1];
  if (action && CONTROL_ACTIONS.has(action)) {
    let input: unknown = Object.fromEntries(url.searchParams);
    if (method === "POST") {
      const raw = (await readBody(req)).toString("utf8");
      input = raw ? JSON.parse(raw) : {};
    }
    const fn = (host.control as unknown as Record<string, (arg: unknown) => unknown>)[action];
    const result = await fn.call(host.control, input);
    return send(res, 200, result ?? { ok: true });
  }
  return send(res, 404, { errors: "Not Found" });
}

export function createEmulatorServer(host: HttpHost): Server {
  return createServer((req, res) => {
    route(host, req, res).catch((error: unknown) => {
      if (error instanceof ControlError) return send(res, error.status, { error: error.message });
      if (error instanceof SyntaxError) return send(res, 400, { error: `Invalid JSON: ${error.message}` });
      host.core.log(`emulator error: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) send(res, 500, { errors: "Internal Server Error" });
    });
  });
}
