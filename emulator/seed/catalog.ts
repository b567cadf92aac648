/**
 * The seeded catalog (collections, products, variants) and the shop's discount codes, plus the lookup
 * tables the order generator samples from. Small and cheap: every entry point rebuilds it from the options.
 */

import type { CodeDiscount, Collection, Product } from "../store/model";
import { AFFINITY_GROUPS, COLLECTIONS, LOYALTY_GATEWAYS, VARIANT_SETS } from "./data/catalog";
import { CATALOG_ID_BASE } from "./ids";
import { type CurrencyProfile, DAY_MS, type ResolvedOptions, type SeedOptions, resolveOptions } from "./options";
import { STREAM_CATALOG } from "./process";
import { Rng, cumulative } from "./rng";

/** A variant flattened with what an order line needs. */
export interface SellableVariant {
  productIndex: number;
  productId: number;
  variantId: number;
  productTitle: string;
  variantTitle: string | null;
  sku: string;
  price: number;
  food: boolean;
}

export interface CatalogProduct {
  key: string;
  product: Product;
  collectionIndex: number;
  weight: number;
  food: boolean;
  gateway: boolean;
  /** index into CatalogContext.variants of this product's variants */
  variantIndexes: number[];
  /** product indexes of the other members of its affinity groups */
  partners: number[];
}

export interface CatalogContext {
  products: CatalogProduct[];
  collections: Collection[];
  variants: SellableVariant[];
  popularity: Float64Array;
  /** per collection (index as COLLECTIONS), its product indexes and their popularity CDF */
  byCollection: Array<{ productIndexes: number[]; popularity: Float64Array }>;
  gatewayIndexes: number[];
  /** variant indexes sorted by price, to fill the last gap of a basket */
  variantsByPrice: number[];
  discounts: CodeDiscount[];
  nextCatalogId: number;
}

export const BESTSELLER_WEIGHT = 8;

function slugify(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** Catalog prices are yen; other currencies get "charm" prices ending in .99. */
export function convertYen(currency: CurrencyProfile, yen: number): number {
  if (currency.code === "JPY") return yen;
  return Math.ceil(yen / currency.yenPerUnit) * 10 ** currency.digits - 1;
}

function variantYen(base: number, factor: number): number {
  return factor === 1 ? base : Math.round((base * factor) / 10) * 10;
}

export function buildCatalog(options: ResolvedOptions): CatalogContext {
  const rng = new Rng(options.seed, 0, STREAM_CATALOG);
  const ja = options.locale === "ja";
  let nextId = CATALOG_ID_BASE;
  const openedAt = options.startsAt - 90 * DAY_MS;

  const collections: Collection[] = COLLECTIONS.map((spec) => ({
    id: nextId++,
    title: ja ? spec.ja : spec.en,
    handle: slugify(spec.en),
  }));
  const bestsellers: Collection = { id: nextId++, title: ja ? "人気商品" : "Best Sellers", handle: "best-sellers" };
  collections.push(bestsellers);

  const products: CatalogProduct[] = [];
  const variants: SellableVariant[] = [];
  const keyToIndex = new Map<string, number>();
  COLLECTIONS.forEach((spec, collectionIndex) => {
    const rows = spec.products.trim().split("\n");
    rows.forEach((row, rowIndex) => {
      const [key, titleJa, titleEn, yen, variantSet, weight, flags = ""] = row.trim().split("|");
      const productId = nextId++;
      const food = flags.includes("f");
      const gateway = flags.includes("g");
      const popularity = Number(weight);
      const title = ja ? titleJa : titleEn;
      const createdAt = openedAt + Math.floor(rng.next() * 60 * DAY_MS);
      const updatedAt = createdAt + Math.floor(rng.next() * (options.now - createdAt));
      const productIndex = products.length;
      const variantSpecs = VARIANT_SETS[variantSet];
      const productVariants = variantSpecs.map((variant, variantIndex) => {
        const variantTitle = ja ? variant.ja : variant.en;
        return {
          id: nextId++,
          productId,
          title: variantTitle,
          sku: `${spec.skuPrefix}-${String(rowIndex + 1).padStart(3, "0")}${variantSpecs.length > 1 ? `-${variantIndex + 1}` : ""}`,
          price: convertYen(options.currency, variantYen(Number(yen), variant.priceFactor)),
        };
      });
      const tags: string[] = [];
      if (food) tags.push(ja ? "食品" : "food");
      if (gateway) tags.push(ja ? "お試し" : "trial");
      if (popularity >= BESTSELLER_WEIGHT) tags.push(ja ? "人気" : "bestseller");
      const collectionIds = [collections[collectionIndex].id];
      if (popularity >= BESTSELLER_WEIGHT) collectionIds.push(bestsellers.id);
      const product: Product = {
        id: productId,
        title,
        handle: slugify(titleEn),
        productType: ja ? spec.productType[0] : spec.productType[1],
        vendor: ja ? spec.vendorJa : spec.vendorEn,
        tags,
        collectionIds,
        variants: productVariants,
        createdAt,
        updatedAt,
      };
      const variantIndexes = productVariants.map((variant) => {
        variants.push({
          productIndex,
          productId,
          variantId: variant.id,
          productTitle: title,
          variantTitle: variantSpecs.length > 1 ? variant.title : null,
          sku: variant.sku,
          price: variant.price,
          food,
        });
        return variants.length - 1;
      });
      keyToIndex.set(key, productIndex);
      products.push({ key, product, collectionIndex, weight: popularity, food, gateway, variantIndexes, partners: [] });
    });
  });

  for (const group of AFFINITY_GROUPS) {
    const members = group.members.map((key) => {
      const index = keyToIndex.get(key);
      if (index === undefined) throw new Error(`Affinity group ${group.name} names unknown product ${key}`);
      return index;
    });
    for (const member of members) {
      for (const other of members) if (other !== member) products[member].partners.push(other);
    }
  }

  const byCollection = COLLECTIONS.map((_, collectionIndex) => {
    const productIndexes = products.flatMap((product, index) => (product.collectionIndex === collectionIndex ? [index] : []));
    return { productIndexes, popularity: cumulative(productIndexes.map((index) => products[index].weight)) };
  });
  const gatewayIndexes = LOYALTY_GATEWAYS.map((key) => keyToIndex.get(key) as number);
  const variantsByPrice = variants.map((_, index) => index).sort((x, y) => variants[x].price - variants[y].price || x - y);

  const discountState = { nextId };
  const discounts = buildDiscounts(options, discountState);

  return {
    products,
    collections,
    variants,
    popularity: cumulative(products.map((product) => product.weight)),
    byCollection,
    gatewayIndexes,
    variantsByPrice,
    discounts,
    nextCatalogId: discountState.nextId,
  };
}

/** A seasonal campaign code, live from `startsAt` (inclusive) to `endsAt` (exclusive). */
export interface Campaign {
  code: string;
  startsAt: number;
  endsAt: number;
}

export const WELCOME_CODE = "WELCOME10";

export function vipCode(currency: CurrencyProfile): string {
  return `VIP${currency.vipDiscount / 10 ** currency.digits}`;
}

/** Spring (Mar–May, 15% off) and autumn (Oct–Nov, 10% off) campaigns in the shop's time zone. */
export function campaignsFor(options: ResolvedOptions): Array<Campaign & { percentage: number }> {
  const offset = options.currency.utcOffsetHours * 3_600_000;
  const first = new Date(options.startsAt).getUTCFullYear();
  const last = new Date(options.now).getUTCFullYear();
  const campaigns: Array<Campaign & { percentage: number }> = [];
  for (let year = first; year <= last; year++) {
    for (const [name, fromMonth, toMonth, percentage] of [
      ["SPRING", 2, 5, 0.15],
      ["AUTUMN", 9, 11, 0.1],
    ] as const) {
      const startsAt = Date.UTC(year, fromMonth, 1) - offset;
      const endsAt = Date.UTC(year, toMonth, 1) - offset;
      if (endsAt > options.startsAt && startsAt < options.now) {
        campaigns.push({ code: `${name}${year}`, startsAt, endsAt, percentage });
      }
    }
  }
  return campaigns;
}

function buildDiscounts(options: ResolvedOptions, state: { nextId: number }): CodeDiscount[] {
  const ja = options.locale === "ja";
  const currency = options.currency;
  const status = (startsAt: number, endsAt: number | null): CodeDiscount["status"] =>
    startsAt > options.now ? "SCHEDULED" : endsAt !== null && endsAt <= options.now ? "EXPIRED" : "ACTIVE";
  const make = (
    title: string,
    code: string,
    value: CodeDiscount["value"],
    startsAt: number,
    endsAt: number | null,
    extra: Partial<CodeDiscount>,
  ): CodeDiscount => {
    const id = state.nextId++;
    return {
      id,
      title,
      status: status(startsAt, endsAt),
      startsAt,
      endsAt,
      value,
      minimumSubtotal: null,
      appliesOncePerCustomer: false,
      usageLimit: null,
      customerIds: null,
      codes: [{ id: state.nextId++, code, asyncUsageCount: 0 }],
      createdAt: startsAt - 7 * DAY_MS,
      updatedAt: startsAt - 7 * DAY_MS,
      ...extra,
    };
  };
  const discounts = [
    make(
      ja ? "初回購入 10%オフ" : "10% off your first order",
      WELCOME_CODE,
      { kind: "percentage", percentage: 0.1 },
      options.startsAt,
      null,
      { appliesOncePerCustomer: true },
    ),
    make(
      ja ? "VIP会員 割引" : "VIP member discount",
      vipCode(currency),
      { kind: "fixed", amount: currency.vipDiscount, appliesOnEachItem: false },
      options.startsAt,
      null,
      { minimumSubtotal: currency.freeShippingFrom },
    ),
  ];
  for (const campaign of campaignsFor(options)) {
    const spring = campaign.code.startsWith("SPRING");
    const year = campaign.code.slice(-4);
    const title = ja ? `${year}年 ${spring ? "春" : "秋"}のキャンペーン` : `${spring ? "Spring" : "Autumn"} sale ${year}`;
    discounts.push(
      make(title, campaign.code, { kind: "percentage", percentage: campaign.percentage }, campaign.startsAt, campaign.endsAt, {}),
    );
  }
  return discounts;
}

/** The catalog a seeded store sells: identical for generateStore and iterateStore. */
export function catalogFor(options: SeedOptions): { products: Product[]; collections: Collection[] } {
  const catalog = buildCatalog(resolveOptions(options));
  return { products: catalog.products.map((entry) => entry.product), collections: catalog.collections };
}

/** The shop's discount codes, with usage counts at zero (generateStore fills them from the orders). */
export function discountsFor(options: SeedOptions): CodeDiscount[] {
  return buildCatalog(resolveOptions(options)).discounts;
}
