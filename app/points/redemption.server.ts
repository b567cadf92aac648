import { randomInt } from "node:crypto";
import { Prisma } from "@prisma/client";
import type { Db } from "../db/client.server";
import {
  findRedemption,
  finishRedemption,
  oldestPendingRedemption,
  insertRedemption,
  type RedemptionRow,
  stalePendingRedemptions,
  writeLedger,
} from "../db/points.server";
import type { ShopRef } from "../db/shops.server";
import { decideRedemption, decideRedemptionFailed } from "../domain/points";
import { translateMessage, translator } from "../i18n";
import type { AdminClient } from "../shopify/admin-client.server";
import { createCodeDiscount, DiscountCreationError } from "../shopify/discounts.server";
import { loadPointsProgram, type PointsDeps, schedulePointsPush, scheduleRedemptionRecovery } from "./program.server";

/*
 * Points → a one-time discount code, exactly once per request id.
 *
 * 1. One transaction appends the `redeem` entry and inserts the PointsRedemption (pending) with its code,
 *    keyed by (shop, requestId): a repeated request finds the row and gets the same answer.
 * 2. The discount is created in Shopify with that code, for that customer only, usable once.
 *    - created → the redemption is `created`;
 *    - Shopify refused it (userErrors) → in one transaction the redemption becomes `failed` and a
 *      `redeem_refund` entry gives the points back;
 *    - no clear answer (network, HTTP 5xx after retries, crash) → it stays `pending`.
 * 3. Pending redemptions older than STALE_REDEMPTION_MS are RETRIED, not refunded blindly, by the
 *    points.recover-redemptions job (queued for then) and by the daily run: creating the same code again
 *    either succeeds, or Shopify answers "code must be unique" — the earlier attempt did create it, so
 *    the redemption is `created` — or refuses, and the points come back. A redemption still unsettled
 *    after GIVE_UP_MS is refunded.
 */

export const STALE_REDEMPTION_MS = 10 * 60_000;
export const GIVE_UP_MS = 24 * 60 * 60_000;
/**
 * How long a storefront redemption waits for Shopify before it answers "pending" (with the request id
 * the block then polls). The discount is still created in the background; see docs/decisions/009.
 */
export const STOREFRONT_BUDGET_MS = 3_000;

// No 0/O, 1/I/L: a code a customer may type from a receipt.
const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const REQUEST_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** KZ-XXXX-XXXX from the crypto RNG: 31^8 ≈ 8.5 × 10^11 codes, not guessable from other codes. */
export function generateRedemptionCode(): string {
  const part = () => Array.from({ length: 4 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join("");
  return `KZ-${part()}-${part()}`;
}

export interface RedemptionView {
  requestId: string;
  status: "pending" | "created" | "failed";
  points: number;
  discountMinor: number;
  /** only once the discount exists in Shopify */
  code: string | null;
  error: string | null;
  createdAt: string;
}

export type RedeemErrorCode =
  | "PROGRAM_DISABLED"
  | "INVALID_REQUEST"
  | "REQUEST_ID_TAKEN"
  | "NOT_A_LADDER_STEP"
  | "INSUFFICIENT_BALANCE"
  | "DISCOUNT_FAILED";

export type RedeemResult =
  | {
      ok: true;
      redemption: RedemptionView;
      /** answered before Shopify did: the settlement still running in the background (tests and shutdown may await it) */
      settling?: Promise<void>;
    }
  | { ok: false; error: RedeemErrorCode; message: string; redemption?: RedemptionView };

export interface RedeemDeps extends PointsDeps {
  /** answer (pending) after this long if Shopify has not answered yet; unset: wait for the settlement */
  budgetMs?: number;
  /** resolves after `ms` (injectable so tests need no real waiting) */
  timer?: (ms: number) => Promise<void>;
}

const realTimer = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref?.();
  });

export function redemptionView(row: RedemptionRow): RedemptionView {
  const status = row.status === "created" || row.status === "failed" ? row.status : "pending";
  return {
    requestId: row.requestId,
    status,
    points: row.points,
    discountMinor: row.discountMinor,
    code: status === "created" ? row.code : null,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
  };
}

function answer(row: RedemptionRow): RedeemResult {
  const redemption = redemptionView(row);
  if (redemption.status === "failed") {
    return {
      ok: false,
      error: "DISCOUNT_FAILED",
      message: "The discount code could not be created, so your points were returned. Please try again later.",
      redemption,
    };
  }
  return { ok: true, redemption };
}

export interface RedeemInput {
  customerId: bigint;
  requestId: string;
  points: number;
  now: Date;
}

export async function redeemPoints(
  client: Db,
  shop: ShopRef,
  admin: AdminClient,
  input: RedeemInput,
  deps?: RedeemDeps,
): Promise<RedeemResult> {
  if (!REQUEST_ID.test(input.requestId)) {
    return { ok: false, error: "INVALID_REQUEST", message: "The request id must be 8–64 letters, digits, '-' or '_'." };
  }
  const existing = await findRedemption(client, shop, input.requestId);
  if (existing) return repeated(existing, input.customerId);

  const program = await loadPointsProgram(client, shop);
  if (!program.settings.enabled) {
    return { ok: false, error: "PROGRAM_DISABLED", message: "The points program is not running in this shop." };
  }
  const settings = program.settings;

  let outcome: Awaited<ReturnType<typeof writeLedger<RedemptionRow | RedeemResult>>>;
  try {
    outcome = await writeLedger<RedemptionRow | RedeemResult>(client, shop, input.customerId, async ({ tx, ledger }) => {
      // Checked again under the account lock: a concurrent twin of this request may have just committed.
      const twin = await findRedemption(tx, shop, input.requestId);
      if (twin) return { entries: [], result: twin };
      const decision = decideRedemption(settings, ledger, {
        requestId: input.requestId,
        points: input.points,
        occurredAt: input.now.getTime(),
      });
      if (!decision.ok) {
        const error = decision.error === "INSUFFICIENT_BALANCE" ? "INSUFFICIENT_BALANCE" : "NOT_A_LADDER_STEP";
        // the storefront shows its own text by code; this English sentence is for the shop's developers
        return { entries: [], result: { ok: false, error, message: translateMessage(translator("en"), decision.message) } };
      }
      const entry = decision.entries[0];
      if (!entry) throw new Error(`Redemption ${input.requestId} is in the ledger without its redemption row`);
      const row = await insertRedemption(tx, shop, {
        customerId: input.customerId,
        requestId: input.requestId,
        points: -entry.points,
        discountMinor: entry.discountMinor ?? 0,
        code: generateRedemptionCode(),
        createdAt: input.now,
      });
      return { entries: decision.entries, result: row };
    });
  } catch (error) {
    // The same request id used at the same moment for another customer: the other one won.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const winner = await findRedemption(client, shop, input.requestId);
      if (winner) return repeated(winner, input.customerId);
    }
    throw error;
  }
  const result = outcome.result;
  if (!("requestId" in result)) return result;
  if (outcome.appended.length === 0) return repeated(result, input.customerId);

  await schedulePointsPush(shop, deps);
  const settlement = settleRedemption(client, shop, admin, result, settings.currencyCode, input.now, deps);
  if (deps?.budgetMs === undefined) return answer(await settlement);
  // The storefront gets an answer within the budget; a slow Shopify (retries with backoff) finishes in the
  // background, and whatever it leaves pending is settled by the recovery job as before.
  const first = await Promise.race([settlement, (deps.timer ?? realTimer)(deps.budgetMs).then(() => "time-up" as const)]);
  if (first !== "time-up") return answer(first);
  const settling = settlement.then(
    () => undefined,
    (error: unknown) => {
      console.warn(`[points] ${shop.domain} redemption ${input.requestId}: ${describeError(error)}; left to recovery`);
    },
  );
  return { ok: true, redemption: redemptionView(result), settling };
}

/** A redemption as the block polls it: only the customer's own. */
export async function redemptionStatus(
  client: Db,
  shop: ShopRef,
  customerId: bigint,
  requestId: string,
): Promise<RedemptionView | null> {
  if (!REQUEST_ID.test(requestId)) return null;
  const row = await findRedemption(client, shop, requestId);
  return row && row.customerId === customerId ? redemptionView(row) : null;
}

function repeated(row: RedemptionRow, customerId: bigint): RedeemResult {
  if (row.customerId !== customerId) {
    return { ok: false, error: "REQUEST_ID_TAKEN", message: "This request id was already used; send a new one." };
  }
  return answer(row);
}

/** Creates the redemption's discount in Shopify and records the outcome (see the top of this file). */
async function settleRedemption(
  client: Db,
  shop: ShopRef,
  admin: AdminClient,
  redemption: RedemptionRow,
  currency: string,
  now: Date,
  deps: PointsDeps | undefined,
  options: { giveUp?: boolean } = {},
): Promise<RedemptionRow> {
  const code = redemption.code ?? generateRedemptionCode();
  try {
    const { discountId } = await createCodeDiscount(admin, {
      title: `Kizuna points: ${redemption.points} pt (${code})`,
      code,
      customerIds: [redemption.customerId],
      value: { kind: "fixed", amountMinor: redemption.discountMinor, currency },
      startsAt: now,
      endsAt: null,
      usageLimit: 1,
      appliesOncePerCustomer: true,
    });
    await finishRedemption(client, shop, redemption.requestId, { status: "created", shopifyDiscountId: discountId });
  } catch (error) {
    if (error instanceof DiscountCreationError && codeAlreadyExists(error)) {
      // Only Kizuna knows this random code: an earlier attempt created it and its answer was lost.
      await finishRedemption(client, shop, redemption.requestId, { status: "created", shopifyDiscountId: null });
    } else if (error instanceof DiscountCreationError || options.giveUp) {
      await refundRedemption(client, shop, redemption, describeError(error), now);
      await schedulePointsPush(shop, deps);
    } else {
      await scheduleRedemptionRecovery(shop, new Date(now.getTime() + STALE_REDEMPTION_MS), deps);
    }
  }
  return (await findRedemption(client, shop, redemption.requestId)) ?? redemption;
}

function codeAlreadyExists(error: DiscountCreationError): boolean {
  return error.userErrors.some(
    (userError) => userError.code === "TAKEN" && (userError.field ?? []).some((field) => field === "code"),
  );
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Marks the redemption failed and gives the points back, together, only if it was still pending. */
async function refundRedemption(client: Db, shop: ShopRef, redemption: RedemptionRow, reason: string, now: Date) {
  await writeLedger(client, shop, redemption.customerId, async ({ tx, ledger }) => {
    const moved = await finishRedemption(tx, shop, redemption.requestId, { status: "failed", error: reason });
    if (!moved) return { entries: [], result: null };
    const decision = decideRedemptionFailed(ledger, {
      requestId: redemption.requestId,
      occurredAt: now.getTime(),
    });
    return { entries: decision.ok ? decision.entries : [], result: null };
  });
}

export interface RedemptionRecovery {
  created: number;
  refunded: number;
  stillPending: number;
  /** when the oldest redemption still pending becomes due for recovery; null when none is left */
  nextDueAt: Date | null;
}

/** Settles pending redemptions older than STALE_REDEMPTION_MS: retried with the same code, refunded after GIVE_UP_MS. */
export async function recoverPendingRedemptions(
  client: Db,
  shop: ShopRef,
  admin: AdminClient,
  now: Date,
  deps?: PointsDeps,
): Promise<RedemptionRecovery> {
  const result: RedemptionRecovery = { created: 0, refunded: 0, stillPending: 0, nextDueAt: null };
  const stale = await stalePendingRedemptions(client, shop, new Date(now.getTime() - STALE_REDEMPTION_MS));
  if (stale.length > 0) {
    const { settings } = await loadPointsProgram(client, shop);
    for (const redemption of stale) {
      const giveUp = now.getTime() - redemption.createdAt.getTime() > GIVE_UP_MS;
      const settled = await settleRedemption(client, shop, admin, redemption, settings.currencyCode, now, deps, { giveUp });
      if (settled.status === "created") result.created++;
      else if (settled.status === "failed") result.refunded++;
      else result.stillPending++;
    }
  }
  const oldest = await oldestPendingRedemption(client, shop);
  if (oldest) result.nextDueAt = new Date(Math.max(now.getTime() + 60_000, oldest.getTime() + STALE_REDEMPTION_MS));
  return result;
}
