/**
 * Shopify Flow in the emulator: `flowTriggerReceive` checks the payload against the trigger extension the app
 * declares (extensions/<folder>/shopify.extension.toml, type flow_trigger) as Flow does — unknown handle, a field
 * missing, of the wrong type or not declared, a customer that does not exist, a payload over 50 KB: userErrors —
 * and records what it accepted (handle, payload, time) for the control API. Flow action requests are played to the
 * app signed like Shopify signs them (control `playFlowAction`).
 */
import { createHmac, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseToml } from "smol-toml";
import { type ShopState, shopNumericId } from "../state";
import type { ResolverContext } from "./views";

export interface FlowExtensionField {
  type: string;
  /** payload key; a customer_reference is `customer_id` */
  key: string;
  required: boolean;
}

export interface FlowExtension {
  type: "flow_trigger" | "flow_action";
  handle: string;
  name: string;
  folder: string;
  runtimeUrl: string | null;
  fields: FlowExtensionField[];
}

export interface FlowTriggerReceived {
  at: number;
  handle: string;
  payload: Record<string, unknown>;
}

/** Flow's limit on a trigger payload. */
export const FLOW_PAYLOAD_MAX_BYTES = 50_000;

const REFERENCE_KEYS: Record<string, string> = {
  customer_reference: "customer_id",
  order_reference: "order_id",
  product_reference: "product_id",
};

export function extensionsDir(): string {
  return process.env.KIZUNA_EXTENSIONS_DIR ?? fileURLToPath(new URL("../../extensions/", import.meta.url));
}

/** Reads every Flow extension declared under `dir` (one folder per extension, as the Shopify CLI lays them out). */
export function loadFlowExtensions(dir: string = extensionsDir()): FlowExtension[] {
  if (!existsSync(dir)) return [];
  const found: FlowExtension[] = [];
  for (const folder of readdirSync(dir, { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    const file = join(dir, folder.name, "shopify.extension.toml");
    if (!existsSync(file)) continue;
    const toml = parseToml(readFileSync(file, "utf8")) as {
      extensions?: { type?: string; handle?: string; name?: string; runtime_url?: string }[];
      settings?: { fields?: { type?: string; key?: string; required?: boolean }[] };
    };
    for (const extension of toml.extensions ?? []) {
      if (extension.type !== "flow_trigger" && extension.type !== "flow_action") continue;
      found.push({
        type: extension.type,
        handle: String(extension.handle ?? ""),
        name: String(extension.name ?? ""),
        folder: folder.name,
        runtimeUrl: extension.runtime_url ?? null,
        fields: (toml.settings?.fields ?? []).map((field) => ({
          type: String(field.type),
          key: REFERENCE_KEYS[String(field.type)] ?? String(field.key ?? ""),
          // a trigger's fields are all part of its payload; an action's are required when declared so
          required: extension.type === "flow_trigger" ? true : field.required === true,
        })),
      });
    }
  }
  return found;
}

let cache: { dir: string; extensions: FlowExtension[] } | null = null;

function extensions(): FlowExtension[] {
  const dir = extensionsDir();
  if (!cache || cache.dir !== dir) cache = { dir, extensions: loadFlowExtensions(dir) };
  return cache.extensions;
}

export function flowExtension(type: FlowExtension["type"], handle: string): FlowExtension | undefined {
  return extensions().find((extension) => extension.type === type && extension.handle === handle);
}

const isNumericId = (value: unknown) =>
  (typeof value === "number" && Number.isSafeInteger(value) && value > 0) || (typeof value === "string" && /^\d+$/.test(value));

/** What is wrong with `payload` for these declared fields (empty: valid). */
export function flowPayloadErrors(
  fields: readonly FlowExtensionField[],
  payload: unknown,
  customerExists: (id: number) => boolean,
): string[] {
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) return ["payload must be a JSON object"];
  const values = payload as Record<string, unknown>;
  const errors: string[] = [];
  for (const field of fields) {
    const value = values[field.key];
    if (value === undefined || value === null) {
      if (field.required) errors.push(`${field.key} is required`);
      continue;
    }
    switch (field.type) {
      case "customer_reference":
        if (!isNumericId(value)) errors.push(`${field.key} must be a customer id`);
        else if (!customerExists(Number(value))) errors.push(`${field.key}: customer ${value} does not exist`);
        break;
      case "order_reference":
      case "product_reference":
        if (!isNumericId(value)) errors.push(`${field.key} must be an id`);
        break;
      case "number_decimal":
        if (typeof value !== "number" || !Number.isFinite(value)) errors.push(`${field.key} must be a number`);
        break;
      case "boolean":
        if (typeof value !== "boolean") errors.push(`${field.key} must be true or false`);
        break;
      case "single_line_text_field":
      case "multi_line_text_field":
      case "email":
      case "url":
        if (typeof value !== "string") errors.push(`${field.key} must be a string`);
        else if (field.type === "single_line_text_field" && /[\r\n]/.test(value)) errors.push(`${field.key} must be one line`);
        break;
      default:
        errors.push(`${field.key} has a type the emulator does not know (${field.type})`);
    }
  }
  const declared = new Set(fields.map((field) => field.key));
  for (const key of Object.keys(values)) if (!declared.has(key)) errors.push(`${key} is not a field of this trigger`);
  return errors;
}

const received = new WeakMap<ShopState, FlowTriggerReceived[]>();

/** The triggers the shop's app sent and the emulator accepted, oldest first. */
export function flowTriggersOf(shop: ShopState): FlowTriggerReceived[] {
  let list = received.get(shop);
  if (!list) {
    list = [];
    received.set(shop, list);
  }
  return list;
}

export function flowTriggerReceive(ctx: ResolverContext, args: Record<string, unknown>) {
  const fail = (field: string[], message: string) => ({ userErrors: [{ field, message }] });
  if (args.body !== undefined && args.body !== null) return fail(["body"], "body is deprecated: send handle and payload");
  const handle = typeof args.handle === "string" ? args.handle : "";
  const extension = flowExtension("flow_trigger", handle);
  if (!extension) return fail(["handle"], `Trigger handle "${handle}" was not found: no flow_trigger extension declares it`);
  let payload = args.payload;
  if (typeof payload === "string") {
    try {
      payload = JSON.parse(payload);
    } catch {
      return fail(["payload"], "payload is not valid JSON");
    }
  }
  if (Buffer.byteLength(JSON.stringify(payload ?? null), "utf8") > FLOW_PAYLOAD_MAX_BYTES) {
    return fail(["payload"], `payload exceeds ${FLOW_PAYLOAD_MAX_BYTES} bytes`);
  }
  const errors = flowPayloadErrors(extension.fields, payload, (id) => ctx.shop.store.customers.has(id));
  if (errors.length > 0) return { userErrors: errors.map((message) => ({ field: ["payload"], message })) };
  flowTriggersOf(ctx.shop).push({ at: ctx.shop.store.now, handle, payload: payload as Record<string, unknown> });
  return { userErrors: [] };
}

export interface FlowActionPlay {
  handle: string;
  properties: Record<string, unknown>;
  /** the same id on a retry (Flow resends a failed action with it) */
  actionRunId?: string;
  /** sign with this secret instead of the app's (to play a forged request) */
  secret?: string;
  /** leave the signature header out */
  unsigned?: boolean;
}

/**
 * Posts a Flow action request to the app as Shopify does: JSON body (shop, action run id, handle, properties),
 * `X-Shopify-Hmac-SHA256` = base64 HMAC-SHA256 of the raw body with the app's secret, to the path of the action's
 * runtime_url on the app's URL.
 */
export async function playFlowAction(
  shop: ShopState,
  app: { appUrl: string; apiSecret: string },
  play: FlowActionPlay,
): Promise<{ status: number; body: unknown; actionRunId: string }> {
  const extension = flowExtension("flow_action", play.handle);
  if (!extension?.runtimeUrl) throw new Error(`No flow_action extension with handle "${play.handle}"`);
  const errors = flowPayloadErrors(extension.fields, play.properties, (id) => shop.store.customers.has(id));
  if (errors.length > 0) throw new Error(`The action's properties do not match its fields: ${errors.join("; ")}`);
  const actionRunId = play.actionRunId ?? randomUUID();
  const body = JSON.stringify({
    shop_id: `gid://shopify/Shop/${shopNumericId(shop.store.shop.domain)}`,
    shopify_domain: shop.store.shop.domain,
    action_run_id: actionRunId,
    action_definition_id: extension.handle,
    handle: extension.handle,
    properties: play.properties,
  });
  const url = new URL(new URL(extension.runtimeUrl).pathname, app.appUrl);
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (!play.unsigned) {
    headers["X-Shopify-Hmac-SHA256"] = createHmac("sha256", play.secret ?? app.apiSecret)
      .update(body, "utf8")
      .digest("base64");
  }
  const response = await fetch(url, { method: "POST", headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed, actionRunId };
}
