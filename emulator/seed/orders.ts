/**
 * Turns a customer's drawn purchases (times and values from process.ts) into Shopify orders.
 *
 * Order value: each purchase carries a drawn value z (Gamma-Gamma, major units). The basket is filled from
 * the catalog until its list-price merchandise total Σ originalUnitPrice·quantity is close to z (typically
 * within ±10–15%; the realised totals are therefore a slightly noisier version of z). Discounts then lower
 * the subtotal; shipping (and, where prices exclude tax, the tax) come on top. SeedTruth records the drawn
 * process, not the realised totals.
 *
 * Money is integer minor units throughout and these identities hold exactly for every order:
 *   line.discountedTotal = line.originalUnitPrice·quantity − line.totalDiscount
 *   subtotal             = Σ line.discountedTotal            totalDiscounts = Σ line.totalDiscount
 *   total                = subtotal + totalShipping + (taxesIncluded ? 0 : totalTax)
 *   Σ refund.totalRefunded ≤ total; REFUNDED ⇔ refunded = total; PARTIALLY_REFUNDED ⇔ 0 < refunded < total
 * With taxesIncluded (JPY, EUR, GBP) totalTax is the tax contained in the prices: Σ round(line·rate/(1+rate))
 * over lines and shipping, at the food rate for food lines (Japan's 8%) and the standard rate otherwise.
 * Presentment money equals shop money.
 *
 * Randomness comes from the customer's own stream `Rng(seed, index, STREAM_ORDERS)`.
 */

import type { Address, Customer, LineItem, MoneyBag, Order, Refund } from "../store/model";
import { BUNDLE_PROBABILITY, GATEWAY_PROBABILITY_LOYAL, GATEWAY_PROBABILITY_OTHER, LOYAL_DROPOUT_BELOW } from "./data/catalog";
import { REMOTE_PREFECTURE_CODES } from "./data/places";
import { type CatalogContext, type Campaign, campaignsFor, vipCode, WELCOME_CODE } from "./catalog";
import { type IdCounter, MAX_LINES_PER_ORDER } from "./ids";
import { DAY_MS, type ResolvedOptions, toMinor } from "./options";
import { type CustomerProcess, STREAM_ORDERS } from "./process";
import { Rng, pickWeighted } from "./rng";

const HOUR_MS = 3_600_000;

export const CANCEL_SHARE = 0.015;
export const REFUND_SHARE = 0.03;
export const GIFT_SHARE = 0.06;

export interface OrderContext {
  options: ResolvedOptions;
  catalog: CatalogContext;
  campaigns: Array<Campaign & { percentage: number }>;
  vipCode: string;
  percentages: Map<string, number>;
}

export function orderContext(options: ResolvedOptions, catalog: CatalogContext): OrderContext {
  const campaigns = campaignsFor(options);
  const percentages = new Map<string, number>([[WELCOME_CODE, 0.1]]);
  for (const campaign of campaigns) percentages.set(campaign.code, campaign.percentage);
  return { options, catalog, campaigns, vipCode: vipCode(options.currency), percentages };
}

const money = (amount: number): MoneyBag => ({ shop: amount, presentment: amount });

interface BasketLine {
  variant: number;
  quantity: number;
}

function pickVariant(catalog: CatalogContext, productIndex: number, rng: Rng): number {
  const indexes = catalog.products[productIndex].variantIndexes;
  if (indexes.length === 1 || rng.chance(0.6)) return indexes[0];
  return indexes[1 + Math.floor(rng.next() * (indexes.length - 1))];
}

/** One of the three variants priced nearest to `gap`. */
function variantNear(catalog: CatalogContext, gap: number, rng: Rng): number {
  const sorted = catalog.variantsByPrice;
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (catalog.variants[sorted[mid]].price < gap) lo = mid + 1;
    else hi = mid;
  }
  const start = Math.max(0, Math.min(sorted.length - 3, lo - 1));
  return sorted[start + Math.floor(rng.next() * Math.min(3, sorted.length))];
}

/** Fills a basket whose list-price total approximates `target` minor units, with affinity and favourites. */
function fillBasket(
  ctx: OrderContext,
  rng: Rng,
  target: number,
  favoriteCollection: number,
  gatewayProduct: number | null,
): BasketLine[] {
  const { catalog } = ctx;
  const lines: BasketLine[] = [];
  let gross = 0;
  const add = (variant: number, quantity: number) => {
    const existing = lines.find((line) => line.variant === variant);
    if (existing) existing.quantity += quantity;
    else if (lines.length < MAX_LINES_PER_ORDER) lines.push({ variant, quantity });
    else {
      const line = lines[Math.floor(rng.next() * lines.length)];
      line.quantity += quantity;
      gross += catalog.variants[line.variant].price * quantity;
      return;
    }
    gross += catalog.variants[variant].price * quantity;
  };

  let lastProduct = -1;
  if (gatewayProduct !== null) {
    add(pickVariant(catalog, gatewayProduct, rng), 1);
    lastProduct = gatewayProduct;
  }
  const cheapest = catalog.variants[catalog.variantsByPrice[0]].price;
  for (let attempt = 0; gross < target * 0.85 && attempt < 400; attempt++) {
    let productIndex: number;
    const partners = lastProduct >= 0 ? catalog.products[lastProduct].partners : [];
    if (partners.length > 0 && rng.chance(BUNDLE_PROBABILITY)) {
      productIndex = partners[Math.floor(rng.next() * partners.length)];
    } else if (rng.chance(0.4)) {
      const favorites = catalog.byCollection[favoriteCollection];
      productIndex = favorites.productIndexes[pickWeighted(rng, favorites.popularity)];
    } else {
      productIndex = pickWeighted(rng, catalog.popularity);
    }
    const variant = pickVariant(catalog, productIndex, rng);
    const price = catalog.variants[variant].price;
    if (lines.length > 0 && gross + price > target * 1.1) {
      const gap = target - gross;
      if (gap > cheapest / 2) add(variantNear(catalog, gap, rng), 1);
      break;
    }
    const quantity = catalog.variants[variant].food && price * 3 < target && rng.chance(0.15) ? 2 : 1;
    add(variant, quantity);
    lastProduct = productIndex;
  }
  if (lines.length === 0) add(variantNear(catalog, target, rng), 1);
  return lines;
}

/** Splits `discount` over lines in proportion to their gross, exactly (largest remainder, ties by position). */
function allocate(discount: number, grosses: number[], total: number): number[] {
  if (discount === 0 || total === 0) return grosses.map(() => 0);
  const shares = grosses.map((gross) => Math.floor((discount * gross) / total));
  let remainder = discount - shares.reduce((sum, share) => sum + share, 0);
  const order = grosses
    .map((gross, index) => ({ index, fraction: (discount * gross) / total - shares[index] }))
    .sort((x, y) => y.fraction - x.fraction || x.index - y.index);
  for (let i = 0; remainder > 0; i = (i + 1) % order.length) {
    const { index } = order[i];
    if (shares[index] < grosses[index]) {
      shares[index]++;
      remainder--;
    }
  }
  return shares;
}

function taxOn(amount: number, rate: number, included: boolean): number {
  return Math.round(included ? (amount * rate) / (1 + rate) : amount * rate);
}

function sourceNameFor(rng: Rng): string {
  const u = rng.next();
  return u < 0.85 ? "web" : u < 0.94 ? "pos" : "shopify_draft_order";
}

function cancelReasonFor(rng: Rng): NonNullable<Order["cancelReason"]> {
  const u = rng.next();
  return u < 0.5 ? "CUSTOMER" : u < 0.65 ? "INVENTORY" : u < 0.8 ? "DECLINED" : u < 0.9 ? "FRAUD" : "OTHER";
}

const REFUND_NOTES_JA = ["返品（イメージ違い）", "配送中の破損のため返金", "賞味期限間近のため返金", null];
const REFUND_NOTES_EN = ["Returned: not as expected", "Damaged in transit", "Wrong item sent", null];

/**
 * The orders for one customer, in chronological order, numbered from `firstOrderNumber`. Ids come from the
 * customer's block via `ids`.
 */
export function realizeOrders(
  ctx: OrderContext,
  process: CustomerProcess,
  customer: Customer,
  ids: IdCounter,
  firstOrderNumber: number,
): Order[] {
  const { options, catalog } = ctx;
  const currency = options.currency;
  const ja = options.locale === "ja";
  const rng = new Rng(options.seed, process.index, STREAM_ORDERS);
  const orders: Order[] = [];
  if (!process.buyer) return orders;

  const favoriteCollection = Math.floor(rng.next() * catalog.byCollection.length);
  const loyal = process.p < LOYAL_DROPOUT_BELOW;
  const gatewayFirst = rng.chance(loyal ? GATEWAY_PROBABILITY_LOYAL : GATEWAY_PROBABILITY_OTHER);
  const subscribed = customer.emailMarketing === "SUBSCRIBED";
  const address: Address | null = customer.defaultAddress;
  const remote = address !== null && REMOTE_PREFECTURE_CODES.has(address.provinceCode);

  for (let ordinal = 0; ordinal < process.purchases.length; ordinal++) {
    const createdAt = options.startsAt + Math.floor(process.purchases[ordinal] * DAY_MS);
    const gateway =
      ordinal === 0 && gatewayFirst ? catalog.gatewayIndexes[Math.floor(rng.next() * catalog.gatewayIndexes.length)] : null;
    const target = Math.max(1, toMinor(currency, process.spends[ordinal]));
    const basket = fillBasket(ctx, rng, target, favoriteCollection, gateway);
    const sourceName = sourceNameFor(rng);
    const grosses = basket.map((line) => catalog.variants[line.variant].price * line.quantity);
    const gross = grosses.reduce((sum, value) => sum + value, 0);

    // at most one code per order, as Shopify's checkout allows by default
    let code: string | null = null;
    if (ordinal === 0) {
      if (rng.chance(subscribed ? 0.25 : 0.07)) code = WELCOME_CODE;
    } else {
      const campaign = ctx.campaigns.find((c) => c.startsAt <= createdAt && createdAt < c.endsAt);
      if (campaign && rng.chance(0.26)) code = campaign.code;
      else if (ordinal >= 3 && gross >= currency.freeShippingFrom && rng.chance(0.15)) code = ctx.vipCode;
    }
    const percentage = code === null ? undefined : ctx.percentages.get(code);
    const discount =
      code === null ? 0 : percentage !== undefined ? Math.floor(gross * percentage) : Math.min(currency.vipDiscount, gross);
    const allocations = allocate(discount, grosses, gross);

    const orderId = ids.take();
    let tax = 0;
    const lineItems: LineItem[] = basket.map((line, index) => {
      const variant = catalog.variants[line.variant];
      const discountedTotal = grosses[index] - allocations[index];
      tax += taxOn(discountedTotal, variant.food ? currency.foodTaxRate : currency.standardTaxRate, currency.taxesIncluded);
      return {
        id: ids.take(),
        productId: variant.productId,
        variantId: variant.variantId,
        title: variant.productTitle,
        variantTitle: variant.variantTitle,
        sku: variant.sku,
        quantity: line.quantity,
        originalUnitPrice: money(variant.price),
        discountedTotal: money(discountedTotal),
        totalDiscount: money(allocations[index]),
      };
    });
    const subtotal = gross - discount;
    const shipped = sourceName !== "pos";
    const shipping =
      !shipped || subtotal >= currency.freeShippingFrom ? 0 : remote ? currency.remoteShippingFee : currency.shippingFee;
    tax += taxOn(shipping, currency.standardTaxRate, currency.taxesIncluded);
    const total = subtotal + shipping + (currency.taxesIncluded ? 0 : tax);

    const fulfilledAt = createdAt + (shipped ? rng.int(6 * HOUR_MS, 3 * DAY_MS) : rng.int(60_000, 600_000));
    let financialStatus: Order["financialStatus"] = "PAID";
    let fulfillmentStatus: Order["fulfillmentStatus"] = fulfilledAt <= options.now ? "FULFILLED" : "UNFULFILLED";
    let closedAt: number | null = fulfilledAt <= options.now ? fulfilledAt : null;
    let cancelledAt: number | null = null;
    let cancelReason: Order["cancelReason"] = null;
    let updatedAt = Math.max(createdAt, closedAt ?? createdAt);
    const refunds: Refund[] = [];

    const fullRefund = (at: number, note: string | null): Refund => {
      const refundId = ids.take();
      return {
        id: refundId,
        orderId,
        createdAt: at,
        note,
        totalRefunded: money(total),
        refundLineItems: lineItems.map((line) => ({
          id: ids.take(),
          lineItemId: line.id,
          quantity: line.quantity,
          subtotal: money(line.discountedTotal.shop),
        })),
      };
    };

    if (rng.chance(CANCEL_SHARE)) {
      cancelReason = cancelReasonFor(rng);
      cancelledAt = Math.min(options.now, createdAt + rng.int(10 * 60_000, 24 * HOUR_MS));
      fulfillmentStatus = "UNFULFILLED";
      closedAt = cancelledAt;
      updatedAt = cancelledAt;
      if (cancelReason === "DECLINED") financialStatus = "VOIDED";
      else {
        refunds.push(fullRefund(cancelledAt, null));
        financialStatus = "REFUNDED";
      }
    } else if (rng.chance(REFUND_SHARE)) {
      const refundAt = fulfilledAt + rng.int(DAY_MS, 18 * DAY_MS);
      if (refundAt <= options.now) {
        const note = rng.pick(ja ? REFUND_NOTES_JA : REFUND_NOTES_EN);
        const single = lineItems.length === 1 && lineItems[0].quantity === 1;
        let refund: Refund;
        if (single || rng.chance(0.4)) refund = fullRefund(refundAt, note);
        else {
          const index = Math.floor(rng.next() * lineItems.length);
          const line = lineItems[index];
          const quantity = lineItems.length === 1 ? rng.int(1, line.quantity - 1) : rng.int(1, line.quantity);
          const lineSubtotal =
            quantity === line.quantity
              ? line.discountedTotal.shop
              : Math.floor((line.discountedTotal.shop * quantity) / line.quantity);
          const rate = catalog.variants[basket[index].variant].food ? currency.foodTaxRate : currency.standardTaxRate;
          const refunded = Math.min(total, lineSubtotal + (currency.taxesIncluded ? 0 : taxOn(lineSubtotal, rate, false)));
          const refundId = ids.take();
          refund = {
            id: refundId,
            orderId,
            createdAt: refundAt,
            note,
            totalRefunded: money(refunded),
            refundLineItems: [{ id: ids.take(), lineItemId: line.id, quantity, subtotal: money(lineSubtotal) }],
          };
        }
        refunds.push(refund);
        const refundedTotal = refund.totalRefunded.shop;
        financialStatus = refundedTotal >= total ? "REFUNDED" : refundedTotal > 0 ? "PARTIALLY_REFUNDED" : "PAID";
        updatedAt = Math.max(updatedAt, refundAt);
      }
    }

    const tags: string[] = [];
    if (rng.chance(GIFT_SHARE)) tags.push(ja ? "ギフト" : "gift");
    orders.push({
      id: orderId,
      name: `#${firstOrderNumber + ordinal}`,
      customerId: customer.id,
      email: customer.email,
      createdAt,
      processedAt: createdAt,
      updatedAt,
      cancelledAt,
      cancelReason,
      closedAt,
      currency: currency.code,
      presentmentCurrency: currency.code,
      financialStatus,
      fulfillmentStatus,
      sourceName,
      tags,
      discountCodes: code === null ? [] : [code],
      subtotal: money(subtotal),
      totalDiscounts: money(discount),
      totalShipping: money(shipping),
      totalTax: money(tax),
      total: money(total),
      shippingAddress: shipped && address !== null ? { ...address } : null,
      lineItems,
      refunds,
      test: false,
      taxesIncluded: currency.taxesIncluded,
    });
  }
  return orders;
}
