/**
 * Shopify Flow actions served by Kizuna (decision 026): "Award Kizuna points" and "Start a Kizuna journey for this
 * customer" (extensions/kizuna-flow-award-points, kizuna-flow-start-journey). Flow POSTs JSON — shop domain,
 * action_run_id, handle, properties — signed with the app's secret: `X-Shopify-Hmac-SHA256` is the base64
 * HMAC-SHA256 of the raw body. A missing or wrong signature is 401 and nothing is read; a body that is not the
 * action's shape is 400 with what is wrong. Flow retries a failed run with the same action_run_id, so the run id
 * is the idempotency key: the points adjustment id, the journey entry's trigger key.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db/client.server";
import { findJourney } from "../db/journeys.server";
import { findCustomer } from "../db/points.server";
import { findShop, type ShopRef } from "../db/shops.server";
import type { JobQueue } from "../jobs/queue.server";
import { queueRunDue } from "../journeys/engine.server";
import { enrolCustomers, loadJourney } from "../journeys/enrol.server";
import { adjustCustomerPoints } from "../points/customer-points.server";

/** Flow action bodies are small; anything larger is refused before its signature is computed. */
export const FLOW_ACTION_MAX_BYTES = 64 * 1024;

export const FLOW_ACTIONS = {
  "award-points": { handle: "kizuna-award-points" },
  "start-journey": { handle: "kizuna-start-journey" },
} as const;
export type FlowActionName = keyof typeof FLOW_ACTIONS;

export interface FlowActionDeps {
  client: Db;
  /** the app's client secret (SHOPIFY_API_SECRET) */
  secret: string;
  queue: JobQueue;
  now: Date;
}

/** Whether `signature` (base64, from X-Shopify-Hmac-SHA256) is the body's HMAC-SHA256 with `secret`. */
export function verifyFlowSignature(rawBody: Buffer, signature: string | null, secret: string): boolean {
  if (!signature || !secret) return false;
  const given = Buffer.from(signature, "base64");
  const expected = createHmac("sha256", secret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A Shopify numeric id as Flow sends a reference: a number, a numeric string or a gid. */
const shopifyId = (type: string) =>
  z.union([z.number().int().positive(), z.string().trim()]).transform((value, ctx) => {
    const text = String(value);
    const match = new RegExp(`^(?:gid://shopify/${type}/)?(\\d{1,20})$`).exec(text);
    if (!match) {
      ctx.addIssue({ code: "custom", message: `must be a ${type} id` });
      return z.NEVER;
    }
    return BigInt(match[1]);
  });

const flowRequestSchema = z.object({
  shopify_domain: z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, "must be a myshopify.com domain"),
  action_run_id: z.string().min(1).max(200),
  handle: z.string(),
  properties: z.record(z.string(), z.unknown()),
});

const awardPointsProperties = z.object({
  customer_id: shopifyId("Customer"),
  points: z
    .number()
    .int("must be a whole number")
    .refine((value) => value !== 0, "must not be 0")
    .refine((value) => Math.abs(value) <= 1_000_000_000, "is too large"),
  reason: z.string().trim().min(1, "is required").max(200, "must be at most 200 characters"),
});

const startJourneyProperties = z.object({
  customer_id: shopifyId("Customer"),
  journey_id: z.number().int("must be a whole number").positive("must be a journey id"),
});

const json = (status: number, body: Record<string, unknown>) => Response.json(body, { status });
const problem = (status: number, error: string) => json(status, { error });

function describe(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "body"} ${issue.message}`).join("; ");
}

/** The ledger adjustment id for a Flow run: stable per run id, within the ledger's id alphabet. */
export function flowAdjustmentId(actionRunId: string): string {
  if (/^[A-Za-z0-9_-]{3,59}$/.test(actionRunId)) return `flow-${actionRunId}`;
  return `flow-${createHash("sha256").update(actionRunId).digest("hex").slice(0, 40)}`;
}

async function readBody(request: Request): Promise<Buffer | null> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (declared > FLOW_ACTION_MAX_BYTES) return null;
  const body = Buffer.from(await request.arrayBuffer());
  return body.length > FLOW_ACTION_MAX_BYTES ? null : body;
}

/** Handles one Flow action request for `action` end to end and answers as Flow expects (200 = done). */
export async function handleFlowAction(request: Request, action: FlowActionName, deps: FlowActionDeps): Promise<Response> {
  if (request.method !== "POST") return problem(405, "Flow actions are POST requests");
  const body = await readBody(request);
  if (!body) return problem(413, `Flow action bodies are limited to ${FLOW_ACTION_MAX_BYTES} bytes`);
  if (!verifyFlowSignature(body, request.headers.get("x-shopify-hmac-sha256"), deps.secret)) {
    return problem(401, "The request is not signed by Shopify (X-Shopify-Hmac-SHA256 missing or wrong)");
  }
  let raw: unknown;
  try {
    raw = JSON.parse(body.toString("utf8"));
  } catch {
    return problem(400, "The body is not JSON");
  }
  const parsed = flowRequestSchema.safeParse(raw);
  if (!parsed.success) return problem(400, `The request is not a Flow action: ${describe(parsed.error)}`);
  const { handle, action_run_id: runId, shopify_domain: domain } = parsed.data;
  if (handle !== FLOW_ACTIONS[action].handle) {
    return problem(400, `This endpoint serves ${FLOW_ACTIONS[action].handle}, not ${handle}`);
  }
  const shop = await findShop(deps.client, domain);
  if (shop?.installState !== "installed") return problem(404, `Kizuna is not installed on ${domain}`);
  const ref: ShopRef = { id: shop.id, domain: shop.domain };
  return action === "award-points"
    ? awardPoints(ref, runId, parsed.data.properties, deps)
    : startJourney(ref, runId, parsed.data.properties, deps);
}

async function awardPoints(shop: ShopRef, runId: string, properties: unknown, deps: FlowActionDeps): Promise<Response> {
  const parsed = awardPointsProperties.safeParse(properties);
  if (!parsed.success) return problem(400, `Invalid properties: ${describe(parsed.error)}`);
  const { customer_id: customerId, points, reason } = parsed.data;
  const result = await adjustCustomerPoints(
    deps.client,
    shop,
    {
      customerId,
      values: { points: String(points), reason, adjustmentId: flowAdjustmentId(runId) },
      now: deps.now,
    },
    { queue: deps.queue },
  );
  if (!result.ok) {
    const reasons = Object.entries(result.errors).map(([field, message]) => `${field}: ${message?.key}`);
    // refused by the program's rules (program off, customer gone, limit, balance): retrying will not change it
    return problem(422, `Points not awarded (${reasons.join("; ")})`);
  }
  return json(200, { ok: true, balance: result.balance, duplicate: result.duplicate });
}

async function startJourney(shop: ShopRef, runId: string, properties: unknown, deps: FlowActionDeps): Promise<Response> {
  const parsed = startJourneyProperties.safeParse(properties);
  if (!parsed.success) return problem(400, `Invalid properties: ${describe(parsed.error)}`);
  const { customer_id: customerId, journey_id: journeyId } = parsed.data;
  const [row, customer] = await Promise.all([
    findJourney(deps.client, shop, journeyId),
    findCustomer(deps.client, shop, customerId),
  ]);
  if (!row) return problem(422, `Journey ${journeyId} does not exist in this shop`);
  if (row.status !== "active") return problem(422, `Journey ${journeyId} is not active (${row.status}): switch it on in Kizuna`);
  if (!customer || customer.deletedAt) return problem(422, `Customer ${customerId} is not in Kizuna (deleted or not synced yet)`);
  const enrolled = await enrolCustomers(deps.client, shop, loadJourney(row), [{ customerId, triggerKey: `flow:${runId}` }], {
    enteredAt: deps.now,
    now: deps.now,
  });
  if (enrolled > 0) await queueRunDue(deps.queue, shop);
  return json(200, { ok: true, enrolled });
}
