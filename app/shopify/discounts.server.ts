import { currencyDecimals, minorUnitsToAmount } from "../domain/money";
import { type AdminClient, AdminApiRequestError } from "./admin-client.server";
import type { KizunaDiscountRedeemCodeBulkCreationQuery } from "./generated/admin.generated";
import type { DiscountCodeBasicInput } from "./generated/admin.types";
import {
  DISCOUNT_CODE_ACTIVATE_MUTATION,
  DISCOUNT_CODE_BASIC_CREATE_MUTATION,
  DISCOUNT_CODE_DEACTIVATE_MUTATION,
  DISCOUNT_REDEEM_CODE_BULK_ADD_MUTATION,
  DISCOUNT_REDEEM_CODE_BULK_CREATION_QUERY,
} from "./operations/discounts";
import { SHOP_PROFILE_QUERY } from "./operations/shop";

/**
 * Code discounts in Shopify: campaigns (one shared code restricted to chosen customers, or one code per
 * customer added with discountRedeemCodeBulkAdd) and points redemptions (one single-use code).
 */
export interface DiscountCodeInput {
  title: string;
  code: string;
  /** only these customers may use the code; null = every buyer */
  customerIds: bigint[] | null;
  value: { kind: "percentage"; percent: number } | { kind: "fixed"; amountMinor: number; currency: string };
  minimumSubtotalMinor?: number | null;
  startsAt: Date;
  endsAt?: Date | null;
  usageLimit?: number | null;
  appliesOncePerCustomer: boolean;
  /**
   * The shop currency, for a minimum subtotal on a percentage discount; when absent it is the fixed
   * value's currency, or else read from Shopify.
   */
  currency?: string;
}

/** A userError as the discount mutations return it (field, message and code are selected). */
export type ShopifyUserError = { field?: string[] | null; message: string; code?: string | null };

/** Shopify refused to create the discount; `userErrors` are its reasons, to show the merchant. */
export class DiscountCreationError extends Error {
  override name = "DiscountCreationError";
  constructor(
    message: string,
    readonly userErrors: ShopifyUserError[],
  ) {
    super(message);
  }
}

/** Shopify refused to change a discount (deactivate, add codes). */
export class DiscountUpdateError extends Error {
  override name = "DiscountUpdateError";
  constructor(
    message: string,
    readonly userErrors: ShopifyUserError[],
  ) {
    super(message);
  }
}

const REDEEM_CODES_PER_CALL = 250;

export function customerGid(customerId: bigint): string {
  // A negative id is a historical-only customer of a history import: not in Shopify, never sent (decision 029).
  if (customerId <= 0n) throw new RangeError(`customer ${customerId} is not a Shopify customer`);
  return `gid://shopify/Customer/${customerId}`;
}

function describe(userErrors: ShopifyUserError[]): string {
  return userErrors.map((error) => error.message).join("; ");
}

async function shopCurrency(client: AdminClient): Promise<string> {
  const data = await client.request(SHOP_PROFILE_QUERY, {}, 2);
  return data.shop.currencyCode;
}

/** The DiscountCodeBasicInput Shopify wants: decimal strings for money, 0–1 fractions for percentages. */
function basicCodeDiscountInput(input: DiscountCodeInput, currency: string): DiscountCodeBasicInput {
  const decimals = currencyDecimals(currency);
  const value =
    input.value.kind === "percentage"
      ? { percentage: input.value.percent / 100 }
      : { discountAmount: { amount: minorUnitsToAmount(input.value.amountMinor, decimals), appliesOnEachItem: false } };
  return {
    title: input.title,
    code: input.code,
    startsAt: input.startsAt.toISOString(),
    endsAt: input.endsAt ? input.endsAt.toISOString() : null,
    appliesOncePerCustomer: input.appliesOncePerCustomer,
    usageLimit: input.usageLimit ?? null,
    customerGets: { value, items: { all: true } },
    ...(input.minimumSubtotalMinor != null
      ? {
          minimumRequirement: {
            subtotal: { greaterThanOrEqualToSubtotal: minorUnitsToAmount(input.minimumSubtotalMinor, decimals) },
          },
        }
      : {}),
    context: input.customerIds ? { customers: { add: input.customerIds.map(customerGid) } } : { all: "ALL" },
  };
}

/** Creates a basic code discount; throws DiscountCreationError with Shopify's userErrors when it refuses. */
export async function createCodeDiscount(client: AdminClient, input: DiscountCodeInput): Promise<{ discountId: string }> {
  if (input.customerIds && input.customerIds.length === 0) {
    throw new DiscountCreationError("The discount has no eligible customers.", [
      { field: ["basicCodeDiscount", "context", "customers", "add"], message: "Customers can't be blank", code: "BLANK" },
    ]);
  }
  let currency = input.value.kind === "fixed" ? input.value.currency : input.currency;
  if (!currency && input.minimumSubtotalMinor != null) currency = await shopCurrency(client);
  const data = await client.request(
    DISCOUNT_CODE_BASIC_CREATE_MUTATION,
    { basicCodeDiscount: basicCodeDiscountInput(input, currency ?? "JPY") },
    10,
  );
  const codeDiscountNode = data.discountCodeBasicCreate?.codeDiscountNode;
  const userErrors = data.discountCodeBasicCreate?.userErrors ?? [];
  if (userErrors.length > 0 || !codeDiscountNode) {
    throw new DiscountCreationError(
      `Shopify did not create the discount: ${describe(userErrors) || "no discount returned"}`,
      userErrors,
    );
  }
  return { discountId: codeDiscountNode.id };
}

/** Ends a discount now. A discount already deleted in Shopify counts as deactivated. */
export async function deactivateDiscount(client: AdminClient, discountId: string): Promise<void> {
  const data = await client.request(DISCOUNT_CODE_DEACTIVATE_MUTATION, { id: discountId }, 10);
  const userErrors = data.discountCodeDeactivate?.userErrors ?? [];
  if (userErrors.length === 0) return;
  if (userErrors.every((error) => /does not exist|not found/i.test(error.message))) return;
  throw new DiscountUpdateError(`Shopify did not deactivate the discount: ${describe(userErrors)}`, userErrors);
}

/** Makes a paused discount usable again. */
export async function activateDiscount(client: AdminClient, discountId: string): Promise<void> {
  const data = await client.request(DISCOUNT_CODE_ACTIVATE_MUTATION, { id: discountId }, 10);
  const userErrors = data.discountCodeActivate?.userErrors ?? [];
  if (userErrors.length > 0) {
    throw new DiscountUpdateError(`Shopify did not activate the discount: ${describe(userErrors)}`, userErrors);
  }
}

/**
 * Adds codes to a code discount, 250 per call. Shopify imports them asynchronously: the returned ids are
 * DiscountRedeemCodeBulkCreation jobs to poll with `redeemCodeCreationResult`.
 */
export async function addRedeemCodes(client: AdminClient, discountId: string, codes: string[]): Promise<string[]> {
  const jobs: string[] = [];
  for (let start = 0; start < codes.length; start += REDEEM_CODES_PER_CALL) {
    const chunk = codes.slice(start, start + REDEEM_CODES_PER_CALL);
    const data = await client.request(
      DISCOUNT_REDEEM_CODE_BULK_ADD_MUTATION,
      { discountId, codes: chunk.map((code) => ({ code })) },
      10,
    );
    const bulkCreation = data.discountRedeemCodeBulkAdd?.bulkCreation;
    const userErrors = data.discountRedeemCodeBulkAdd?.userErrors ?? [];
    if (userErrors.length > 0 || !bulkCreation) {
      throw new DiscountUpdateError(
        `Shopify did not add the discount codes: ${describe(userErrors) || "no job returned"}`,
        userErrors,
      );
    }
    jobs.push(bulkCreation.id);
  }
  return jobs;
}

export interface RedeemCodeCreationResult {
  done: boolean;
  importedCount: number;
  failedCount: number;
  /** codes Shopify refused, with its reasons (only once done) */
  failed: { code: string; message: string }[];
}

export async function redeemCodeCreationResult(client: AdminClient, id: string): Promise<RedeemCodeCreationResult> {
  const failed: RedeemCodeCreationResult["failed"] = [];
  let after: string | null = null;
  for (;;) {
    const data: KizunaDiscountRedeemCodeBulkCreationQuery = await client.request(
      DISCOUNT_REDEEM_CODE_BULK_CREATION_QUERY,
      { id, after },
      20,
    );
    const creation = data.discountRedeemCodeBulkCreation;
    if (!creation) throw new AdminApiRequestError(`Shopify does not know the discount code job ${id}`);
    if (!creation.done) return { done: false, importedCount: 0, failedCount: 0, failed: [] };
    for (const node of creation.codes.nodes) {
      if (node.errors.length > 0) failed.push({ code: node.code, message: describe(node.errors) });
    }
    if (!creation.failedCount || !creation.codes.pageInfo.hasNextPage) {
      return { done: true, importedCount: creation.importedCount, failedCount: creation.failedCount, failed };
    }
    after = creation.codes.pageInfo.endCursor ?? null;
  }
}
