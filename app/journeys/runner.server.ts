import { randomUUID } from "node:crypto";
import type { Db } from "../db/client.server";
import { hasLineChannel, lineLinksOfCustomers, type LineLinkRow } from "../db/line.server";
import {
  advanceEntry,
  claimDueEntries,
  type EntryRow,
  finishEntry,
  insertOutboxRow,
  type JourneyCustomer,
  journeyCustomers,
  journeysWithStatus,
  lastMessageSentAt,
  markOutboxRejected,
  markOutboxSending,
  markOutboxSent,
  type OutboxRow,
  ordersSince,
  currentSegments,
  outboxRowsOfEntries,
  pointsOfCustomers,
  shopForJourneys,
  suppressedCustomers,
} from "../db/journeys.server";
import type { ShopRef } from "../db/shops.server";
import {
  addLocalDays,
  isConversion,
  type JourneyStep,
  marketingSendTime,
  nextLocalTime,
  outboxKey,
  stableMessageId,
  unitHash,
  type ZoneClock,
  zoneClock,
} from "../domain/journeys";
import { MS_PER_DAY } from "../domain/time";
import type { PointsProgramSettings } from "../domain/points/settings";
import { parseShopSettings, type JourneySettings } from "../domain/settings/shop-settings";
import { formatTierName } from "../i18n/format";
import { adjustCustomerPoints } from "../points/customer-points.server";
import type { AdminClient } from "../shopify/admin-client.server";
import { createCodeDiscount, DiscountCreationError } from "../shopify/discounts.server";
import { addCustomerTags, removeCustomerTags } from "../shopify/pushback.server";
import type { JobQueue } from "../jobs/queue.server";
import { recordJourneyStepEvent } from "../flow/journey-step.server";
import { queueFlowSend } from "../flow/sender.server";
import type { MessageChannel, MessageContext } from "./channel";
import { type LoadedJourney, loadJourney } from "./enrol.server";
import { type RecommendedProduct, recommendedProducts } from "./recommended-product.server";

/**
 * The step runner (decision 020): claims due entries in batches under a lease and runs their steps until
 * each reaches a wait or its end. Memory stays flat however many entries are due: a batch is loaded,
 * run and released before the next is claimed.
 *
 * Sending is exactly-once in effect through the outbox: the step's JourneyMessage row (unique key
 * j<journey>.e<entry>.s<step>, Message-ID fixed at insert) is written first, marked `sending`, then the
 * channel is called, then the row is marked `sent`/`rejected`. A crash after `sending` leaves the row there;
 * the entry's lease expires, the next run finds the row in `sending` and sends again with the same Message-ID,
 * which receivers (and the local mailbox) treat as the same message. A crash before `sending` sends nothing
 * yet; a crash after `sent` finds the row done and only advances the entry.
 */
export interface RunnerDeps {
  channel: MessageChannel;
  /** the LINE channel (decision 025); without it LINE steps are skipped as not configured */
  line?: MessageChannel;
  /** the shop's Admin API client, for discount codes and tags (created on first use) */
  admin?: () => Promise<AdminClient>;
  queue?: JobQueue;
  /** entries claimed per batch */
  batchSize?: number;
  /** how long a claimed entry stays ours */
  leaseMs?: number;
  /** sends in flight at once within a batch */
  concurrency?: number;
  /** stop after this many batches (the job queues itself again); default: until nothing is due */
  maxBatches?: number;
  log?: (line: string) => void;
}

export interface RunOutcome {
  claimed: number;
  sent: number;
  heldOut: number;
  suppressed: number;
  rejected: number;
  deferred: number;
  finished: number;
  errors: number;
}

const DEFAULT_LEASE_MS = 5 * 60_000;
const RETRY_SEND_MS = 10 * 60_000;
const MAX_SEND_ATTEMPTS = 5;
/** steps run inline per entry before it is released (a definition has at most 30) */
const MAX_STEPS_PER_CLAIM = 40;

interface RunContext {
  client: Db;
  shop: ShopRef;
  deps: RunnerDeps;
  now: Date;
  clock: ZoneClock;
  guards: JourneySettings;
  tiers: PointsProgramSettings["tiers"];
  shopInfo: Awaited<ReturnType<typeof shopForJourneys>>;
  journeys: Map<number, LoadedJourney>;
  // read once per claimed batch (a few queries for 200 entries instead of several per message)
  customers: Map<bigint, JourneyCustomer>;
  lastSent: Map<bigint, Date>;
  /** outbox rows the batch's entries already have, by key */
  outbox: Map<string, OutboxRow>;
  suppressed: Set<bigint>;
  points: Map<bigint, { balance: number; tier: string | null }>;
  outcome: RunOutcome;
  admin: AdminClient | null;
  /** the batch's customers, and their recommended products once a send needs them (read once per batch) */
  batchCustomerIds: bigint[];
  products: Map<bigint, RecommendedProduct> | null;
  /** whether the shop has a LINE channel (read on the first LINE step of the run) */
  lineConfigured: boolean | null;
  /** the batch's LINE links, read on the first LINE step of the batch */
  lineLinks: Map<bigint, LineLinkRow> | null;
}

export async function runDueSteps(client: Db, shop: ShopRef, now: Date, deps: RunnerDeps): Promise<RunOutcome> {
  const outcome: RunOutcome = {
    claimed: 0,
    sent: 0,
    heldOut: 0,
    suppressed: 0,
    rejected: 0,
    deferred: 0,
    finished: 0,
    errors: 0,
  };
  const journeys = new Map((await journeysWithStatus(client, shop, ["active"])).map((row) => [row.id, loadJourney(row)]));
  if (journeys.size === 0) return outcome;
  const shopInfo = await shopForJourneys(client, shop);
  const settings = parseShopSettings(shopInfo.settings);
  const ctx: RunContext = {
    client,
    shop,
    deps,
    now,
    clock: zoneClock(shopInfo.timezone),
    guards: settings.journeys,
    tiers: settings.points.tiers,
    shopInfo,
    journeys,
    customers: new Map(),
    lastSent: new Map(),
    outbox: new Map(),
    suppressed: new Set(),
    points: new Map(),
    outcome,
    admin: null,
    batchCustomerIds: [],
    products: null,
    lineConfigured: null,
    lineLinks: null,
  };
  const batchSize = deps.batchSize ?? 200;
  const concurrency = Math.max(1, deps.concurrency ?? 8);
  for (let batch = 0; deps.maxBatches === undefined || batch < deps.maxBatches; batch++) {
    const entries = await claimDueEntries(client, shop, now, { leaseMs: deps.leaseMs ?? DEFAULT_LEASE_MS, limit: batchSize });
    if (entries.length === 0) break;
    outcome.claimed += entries.length;
    const ids = [...new Set(entries.map((entry) => entry.customerId))];
    ctx.batchCustomerIds = ids;
    ctx.products = null;
    ctx.lineLinks = null;
    [ctx.customers, ctx.lastSent, ctx.outbox, ctx.suppressed, ctx.points] = await Promise.all([
      journeyCustomers(client, shop, ids),
      lastMessageSentAt(client, shop, ids),
      outboxRowsOfEntries(
        client,
        shop,
        entries.map((entry) => entry.id),
      ),
      suppressedCustomers(client, shop, ids),
      pointsOfCustomers(client, shop, ids),
    ]);
    // entries of one customer run one after another (the frequency cap sees the earlier send)
    const byCustomer = new Map<bigint, EntryRow[]>();
    for (const entry of entries) byCustomer.set(entry.customerId, [...(byCustomer.get(entry.customerId) ?? []), entry]);
    const lanes = [...byCustomer.values()];
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, lanes.length) }, async () => {
        while (next < lanes.length) {
          const lane = lanes[next++];
          for (const entry of lane) {
            try {
              await runEntry(ctx, entry);
            } catch (error) {
              outcome.errors++;
              (deps.log ?? console.warn)(`[journeys] ${shop.domain} entry ${entry.id}: ${String(error)}`);
              // released for a later run; the outbox row (if any) keeps what happened
              await advanceEntry(client, shop, entry.id, {
                stepIndex: entry.stepIndex,
                dueAt: new Date(now.getTime() + RETRY_SEND_MS),
              });
            }
          }
        }
      }),
    );
  }
  return outcome;
}

async function runEntry(ctx: RunContext, entry: EntryRow): Promise<void> {
  const { client, shop, now } = ctx;
  const journey = ctx.journeys.get(entry.journeyId);
  if (!journey) return;
  const steps = journey.parsed.steps;
  const customer = ctx.customers.get(entry.customerId);
  const finish = async (state: "completed" | "exited" | "converted", exitReason: string | null, extra = {}) => {
    await finishEntry(client, shop, entry.id, { state, exitReason: exitReason as never, at: now, ...extra });
    ctx.outcome.finished++;
  };
  if (!customer || customer.deletedAt || customer.redacted) {
    await finish("exited", customer?.redacted ? "redacted" : "deleted");
    return;
  }
  if (journey.parsed.exit.onUnsubscribe && (customer.emailMarketing === "UNSUBSCRIBED" || ctx.suppressed.has(customer.id))) {
    await finish("exited", "unsubscribed");
    return;
  }
  let stepIndex = entry.stepIndex;
  // the moment the current step became due: waits count from it, not from when a worker got round to it
  let base = entry.dueAt ?? entry.enteredAt;
  for (let ran = 0; ran < MAX_STEPS_PER_CLAIM; ran++) {
    if (stepIndex >= steps.length) {
      await finish("completed", null);
      return;
    }
    const step = steps[stepIndex];
    const result = await runStep(ctx, journey, entry, customer, step, stepIndex, base);
    if (result.kind === "exit") {
      await finish(result.state, result.reason, result.extra ?? {});
      return;
    }
    if (result.kind === "wait") {
      if (result.until.getTime() > now.getTime()) {
        await advanceEntry(client, shop, entry.id, { stepIndex: result.stepIndex, dueAt: result.until });
        if (result.stepIndex === stepIndex) ctx.outcome.deferred++;
        return;
      }
      base = result.until;
      stepIndex = result.stepIndex;
      continue;
    }
    stepIndex++;
  }
  await advanceEntry(client, shop, entry.id, { stepIndex, dueAt: now });
}

type StepResult =
  | { kind: "next" }
  | { kind: "wait"; stepIndex: number; until: Date }
  | { kind: "exit"; state: "exited" | "converted"; reason: string; extra?: { convertedOrderId: bigint; convertedAt: Date } };

async function runStep(
  ctx: RunContext,
  journey: LoadedJourney,
  entry: EntryRow,
  customer: JourneyCustomer,
  step: JourneyStep,
  stepIndex: number,
  base: Date,
): Promise<StepResult> {
  const { client, shop } = ctx;
  switch (step.kind) {
    case "wait":
      return { kind: "wait", stepIndex: stepIndex + 1, until: addLocalDays(ctx.clock, base, step.days) };
    case "wait_until":
      return { kind: "wait", stepIndex: stepIndex + 1, until: nextLocalTime(ctx.clock, base, step.time) };
    case "condition": {
      if (step.condition.kind === "ordered_since_entering") {
        const orders = await ordersSince(client, shop, [customer.id], entry.enteredAt);
        const order = orders.find((o) => isConversion(entry, o));
        if (order) {
          return {
            kind: "exit",
            state: "converted",
            reason: "goal",
            extra: { convertedOrderId: order.id, convertedAt: order.processedAt },
          };
        }
        return { kind: "next" };
      }
      const segment = (await currentSegments(client, shop, [customer.id])).get(customer.id) ?? null;
      return segment === step.condition.segment ? { kind: "next" } : { kind: "exit", state: "exited", reason: "condition" };
    }
    case "discount":
      // created with the message of the next step (so a suppressed or held-out message creates no code)
      return { kind: "next" };
    case "tag": {
      if (entry.groupName !== "treatment") return { kind: "next" };
      const admin = await adminOf(ctx);
      if (!admin) return { kind: "next" };
      if (step.action === "add") await addCustomerTags(admin, customer.id, [step.tag]);
      else await removeCustomerTags(admin, customer.id, [step.tag]);
      return { kind: "next" };
    }
    case "points": {
      if (entry.groupName !== "treatment") return { kind: "next" };
      const result = await adjustCustomerPoints(
        client,
        shop,
        {
          customerId: customer.id,
          // one adjustment per entry and step: running the step again appends nothing
          values: {
            points: String(step.points),
            reason: `Journey: ${journey.name}`,
            adjustmentId: `journey-${outboxKey(journey.id, entry.id, stepIndex).replace(/\./g, "-")}`,
          },
          now: ctx.now,
        },
        { queue: ctx.deps.queue },
      );
      if (!result.ok)
        ctx.deps.log?.(`[journeys] ${shop.domain} entry ${entry.id}: points not awarded (${JSON.stringify(result.errors)})`);
      return { kind: "next" };
    }
    case "flow": {
      // hand to Shopify Flow (decision 026): treated customers only, like tags and points
      if (entry.groupName !== "treatment") return { kind: "next" };
      const journeyStep = {
        journeyId: journey.id,
        journeyName: journey.name,
        entryId: entry.id,
        stepIndex,
        customerId: customer.id,
      };
      const recorded = await recordJourneyStepEvent(client, { ...shop, currency: ctx.shopInfo.currency }, journeyStep, ctx.now);
      if (recorded && ctx.deps.queue) await queueFlowSend(ctx.deps.queue, shop.id);
      return { kind: "next" };
    }
    case "send":
      return runSend(ctx, journey, entry, customer, step, stepIndex);
  }
}

async function adminOf(ctx: RunContext): Promise<AdminClient | null> {
  if (ctx.admin) return ctx.admin;
  if (!ctx.deps.admin) return null;
  ctx.admin = await ctx.deps.admin();
  return ctx.admin;
}

type SendStep = Extract<JourneyStep, { kind: "send" }>;
type DiscountStep = Extract<JourneyStep, { kind: "discount" }>;

/** Why a marketing message may not go to this customer, or null (suppressions as read with the batch). */
function marketingRefusal(ctx: RunContext, customer: JourneyCustomer): string | null {
  if (!customer.email) return "no-address";
  if (ctx.suppressed.has(customer.id)) return "unsubscribed";
  if (customer.emailMarketing !== "SUBSCRIBED") return customer.emailMarketing === "UNSUBSCRIBED" ? "unsubscribed" : "no-consent";
  return null;
}

async function runSend(
  ctx: RunContext,
  journey: LoadedJourney,
  entry: EntryRow,
  customer: JourneyCustomer,
  step: SendStep,
  stepIndex: number,
): Promise<StepResult> {
  const { client, shop, now } = ctx;
  const key = outboxKey(journey.id, entry.id, stepIndex);
  const locale = customerLocale(customer, ctx.shopInfo.locale);
  const discountStep =
    journey.parsed.steps[stepIndex - 1]?.kind === "discount" ? (journey.parsed.steps[stepIndex - 1] as DiscountStep) : null;
  // LINE (decision 025): a linked customer gets a LINE step's message by LINE; for "line" anyone else is
  // skipped with the reason, for "line-else-email" they get it by email under the email rules.
  const reach = step.channel === "email" || ctx.outbox.has(key) ? null : await lineReach(ctx, customer.id);
  const channel = reach === "linked" ? "line" : "email";
  const base = {
    journeyId: journey.id,
    entryId: entry.id,
    stepIndex,
    customerId: customer.id,
    channel,
    marketing: step.marketing,
    key,
    messageId: stableMessageId(journey.id, entry.id, stepIndex, shop.domain),
    templateKey: step.templateKey,
    locale,
  };

  // A row from an earlier run decides: done → move on; pending/sending → (re)send with its Message-ID.
  // (Read with the batch: the entry is leased to this run, so no other run writes its rows meanwhile.)
  let row: OutboxRow | null = ctx.outbox.get(key) ?? null;
  if (row && row.status !== "pending" && row.status !== "sending") return { kind: "next" };
  let fresh = false;

  if (!row) {
    const refusal =
      step.channel === "line" && reach !== "linked"
        ? LINE_SKIPPED[reach ?? "unlinked"]
        : channel === "line"
          ? null
          : step.marketing
            ? marketingRefusal(ctx, customer)
            : customer.email
              ? null
              : "no-address";
    if (refusal) {
      await insertOutboxRow(client, shop, { ...base, status: "suppressed", detail: refusal }, now);
      ctx.outcome.suppressed++;
      if (refusal === "unsubscribed" && journey.parsed.exit.onUnsubscribe) {
        return { kind: "exit", state: "exited", reason: "unsubscribed" };
      }
      return { kind: "next" };
    }
    if (step.marketing) {
      const at = marketingSendTime(ctx.clock, now, {
        quietHours: ctx.guards.quietHours,
        capDays: ctx.guards.frequencyCapDays,
        lastMarketingSentAt: ctx.lastSent.get(customer.id) ?? null,
      });
      if (at.getTime() > now.getTime()) return { kind: "wait", stepIndex, until: at };
    }
    if (entry.groupName === "holdout") {
      await insertOutboxRow(client, shop, { ...base, status: "held-out" }, now);
      ctx.outcome.heldOut++;
      return { kind: "next" };
    }
    const discountCode = discountStep ? journeyDiscountCode(journey.holdoutSalt, key) : null;
    // written as `sending` (attempt 1) in one statement: the same crash windows as pending → sending
    const retryKey = channel === "line" ? randomUUID() : null;
    const inserted = await insertOutboxRow(client, shop, { ...base, status: "sending", discountCode, retryKey }, now);
    row = inserted;
    if (row.status !== "pending" && row.status !== "sending") return { kind: "next" };
    fresh = inserted.created;
  }

  if (row.attempts >= MAX_SEND_ATTEMPTS) {
    await markOutboxRejected(client, shop, row.id, {
      status: "failed",
      detail: `gave up after ${row.attempts} attempts`,
      toAddress: null,
      subject: null,
    });
    return { kind: "next" };
  }
  const firstAttemptAt = row.sendingAt ?? now;
  if (!fresh) await markOutboxSending(client, shop, row.id, now);
  if (step.marketing) ctx.lastSent.set(customer.id, now);

  const context = messageContext(ctx, customer, locale);
  const product = (await productsOfBatch(ctx)).get(customer.id);
  if (product) context.product = product;
  if (discountStep && row.discountCode) {
    const endsAt = new Date(firstAttemptAt.getTime() + discountStep.expiresInDays * MS_PER_DAY);
    await ensureDiscount(ctx, journey, customer.id, row.discountCode, discountStep, firstAttemptAt, endsAt);
    context.discount = {
      code: row.discountCode,
      endsAt: endsAt.toISOString(),
      valueType: discountStep.valueType,
      value: discountStep.value,
    };
  }
  let result: Awaited<ReturnType<MessageChannel["send"]>>;
  try {
    const sender = row.channel === "line" ? ctx.deps.line : ctx.deps.channel;
    if (!sender) throw new Error("LINE is not set up in this worker");
    result = await sender.send({
      shopId: shop.id,
      outboxId: row.id,
      messageId: row.messageId,
      retryKey: row.retryKey,
      templateKey: row.templateKey,
      // the merchant's text in the language the message is rendered in
      text: step.text?.[locale],
      marketing: step.marketing,
      context,
    });
  } catch (error) {
    // unknown whether it went: the row stays `sending` and the step is tried again later, same Message-ID
    ctx.deps.log?.(`[journeys] ${shop.domain} ${key}: ${String(error)}; will retry`);
    ctx.outcome.errors++;
    return { kind: "wait", stepIndex, until: new Date(now.getTime() + RETRY_SEND_MS) };
  }
  if (result.status === "sent") {
    await markOutboxSent(client, shop, row.id, { toAddress: result.toAddress, subject: result.subject, at: now });
    ctx.outcome.sent++;
  } else {
    await markOutboxRejected(client, shop, row.id, {
      status: result.status,
      detail: result.detail,
      toAddress: result.toAddress,
      subject: result.subject,
    });
    ctx.outcome.rejected++;
  }
  return { kind: "next" };
}

function customerLocale(customer: JourneyCustomer, shopLocale: string): "ja" | "en" {
  const locale = (customer.locale ?? shopLocale).toLowerCase();
  return locale.startsWith("ja") ? "ja" : "en";
}

/** A code nobody can guess, the same for the same message on every attempt: KZ + 10 base-36 characters. */
export function journeyDiscountCode(holdoutSalt: string, key: string): string {
  const a = Math.floor(unitHash(`${holdoutSalt}:${key}:code`) * 36 ** 5);
  const b = Math.floor(unitHash(`${key}:${holdoutSalt}:code2`) * 36 ** 5);
  return `KZ${a.toString(36).padStart(5, "0")}${b.toString(36).padStart(5, "0")}`.toUpperCase();
}

async function ensureDiscount(
  ctx: RunContext,
  journey: LoadedJourney,
  customerId: bigint,
  code: string,
  step: DiscountStep,
  startsAt: Date,
  endsAt: Date,
): Promise<void> {
  const admin = await adminOf(ctx);
  if (!admin) throw new Error("A discount step needs the shop's Admin API client");
  try {
    await createCodeDiscount(admin, {
      title: `Kizuna: ${journey.name} (${code})`,
      code,
      customerIds: [customerId],
      value:
        step.valueType === "percentage"
          ? { kind: "percentage", percent: step.value }
          : { kind: "fixed", amountMinor: step.value, currency: ctx.shopInfo.currency },
      startsAt,
      endsAt,
      usageLimit: 1,
      appliesOncePerCustomer: true,
    });
  } catch (error) {
    // a retry after a crash finds the code it created before: that is the code we want
    const taken =
      error instanceof DiscountCreationError &&
      error.userErrors.some((e) => e.code === "TAKEN" || /already|taken|unique/i.test(e.message));
    if (!taken) throw error;
  }
}

const LINE_SKIPPED: Record<Exclude<LineReach, "linked">, string> = {
  unlinked: "line-not-linked",
  blocked: "line-blocked",
  "not-configured": "line-not-configured",
};

type LineReach = "linked" | "blocked" | "unlinked" | "not-configured";

/** Whether the customer can be reached by LINE now (the shop's channel, their link and its status). */
async function lineReach(ctx: RunContext, customerId: bigint): Promise<LineReach> {
  ctx.lineConfigured ??= ctx.deps.line ? await hasLineChannel(ctx.client, ctx.shop) : false;
  if (!ctx.lineConfigured) return "not-configured";
  ctx.lineLinks ??= await lineLinksOfCustomers(ctx.client, ctx.shop, ctx.batchCustomerIds);
  const link = ctx.lineLinks.get(customerId);
  return link?.status === "linked" ? "linked" : link?.status === "blocked" ? "blocked" : "unlinked";
}

/** The recommended products of the batch's customers, read on the first send of the batch. */
async function productsOfBatch(ctx: RunContext): Promise<Map<bigint, RecommendedProduct>> {
  if (ctx.products) return ctx.products;
  try {
    ctx.products = await recommendedProducts(ctx.client, ctx.shop, ctx.batchCustomerIds, {
      admin: await adminOf(ctx),
      now: ctx.now,
      storefrontUrl: `https://${ctx.shopInfo.domain}`,
      log: ctx.deps.log,
    });
  } catch (error) {
    // a message without its product block is better than no message
    ctx.deps.log?.(`[journeys] ${ctx.shop.domain}: no recommended products (${String(error)})`);
    ctx.products = new Map();
  }
  return ctx.products;
}

/**
 * What the message's template may show. The points tier is the rank's display name as the customer reads it
 * (the merchant's own name, or a default rank in the customer's language: ブロンズ), never its id. The
 * recommended product is added by the caller (productsOfBatch).
 */
function messageContext(ctx: RunContext, customer: JourneyCustomer, locale: "ja" | "en"): MessageContext {
  const info = ctx.shopInfo;
  const account = ctx.points.get(customer.id);
  const tier = account?.tier ? ctx.tiers.find((t) => t.id === account.tier) : undefined;
  const tierName = tier ? formatTierName(tier, locale) : null;
  return {
    shop: {
      name: info.name,
      domain: info.domain,
      url: `https://${info.domain}`,
      currency: info.currency,
      timezone: info.timezone,
    },
    customer: {
      id: String(customer.id),
      firstName: customer.firstName,
      lastName: customer.lastName,
      email: customer.email,
      locale,
    },
    ...(account ? { points: { balance: account.balance, tierName } } : {}),
  };
}
