import { Prisma } from "@prisma/client";
import { z } from "zod";
import { currencyDecimals } from "../domain/money";
import { RFM_SEGMENT_KEYS, type RfmSegmentKey } from "../domain/rfm/segments";
import { CUSTOMER_SORTS, type CustomerSort, P_ALIVE_BANDS, type PAliveBand } from "../domain/settings/customer-list";
import { type Db, dialectOf } from "./client.server";
import type { ShopRef } from "./shops.server";
import { latestSyncRun, type SyncRunView } from "./sync-health.server";

/**
 * The customer list, search, keyset pagination, CSV export and the customer page's profile, orders and notes.
 *
 * The list reads CustomerMetrics (one row per analysed customer) joined to Customer, ordered by one of the
 * indexed metric columns — (shopId, lastOrderAt), (shopId, netSpendMinor), (shopId, predictedClv12mMinor) —
 * and pages with a cursor holding the sort value and the customer id, so page 20,000 costs what page 1 costs.
 * Hand-written SQL because Prisma cannot join the two models (no relation); it is the same on SQLite and
 * PostgreSQL but for how a time is bound (SQLite stores epoch milliseconds).
 */

export { CUSTOMER_SORTS, type CustomerSort, P_ALIVE_BANDS, type PAliveBand };
/** P(alive) ≥ 0.7 is "probably still a customer", below 0.3 "probably gone". */
export const P_ALIVE_BAND_LIMITS: Record<PAliveBand, { min?: number; below?: number }> = {
  high: { min: 0.7 },
  medium: { min: 0.3, below: 0.7 },
  low: { below: 0.3 },
};

export interface CustomerFilter {
  /** part of a name or an email address */
  query?: string;
  segment?: RfmSegmentKey;
  pAliveBand?: PAliveBand;
  minOrders?: number;
  maxOrders?: number;
  minSpendMinor?: number;
  maxSpendMinor?: number;
}

/** What the list page and the export accept from the URL (spend in minor units, converted by the route). */
export const customerListQuerySchema = z.object({
  query: z.string().trim().max(200).optional(),
  segment: z.enum(RFM_SEGMENT_KEYS).optional(),
  pAliveBand: z.enum(P_ALIVE_BANDS).optional(),
  minOrders: z.coerce.number().int().min(0).optional(),
  maxOrders: z.coerce.number().int().min(0).optional(),
  minSpend: z.coerce.number().min(0).optional(),
  maxSpend: z.coerce.number().min(0).optional(),
  sort: z.enum(CUSTOMER_SORTS).default("last_order"),
  after: z.string().max(300).optional(),
  before: z.string().max(300).optional(),
});
export type CustomerListQuery = z.infer<typeof customerListQuerySchema>;

export interface CustomerListRow {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  /** the default address, shown as app/i18n/format.ts formatRegion writes it */
  city: string | null;
  provinceCode: string | null;
  countryCode: string | null;
  segment: string;
  ordersCount: number;
  netSpendMinor: number;
  predictedClv12mMinor: number | null;
  pAlive: number | null;
  /** epoch ms */
  lastOrderAt: number | null;
  rScore: number;
  fScore: number;
  mScore: number;
}

export interface CustomerPage {
  rows: CustomerListRow[];
  /** opaque cursors for the next and previous pages, null at either end */
  next: string | null;
  previous: string | null;
}

const SORT_COLUMN: Record<CustomerSort, { column: string; isTime: boolean }> = {
  last_order: { column: "lastOrderAt", isTime: true },
  historic_ltv: { column: "netSpendMinor", isTime: false },
  predicted_clv: { column: "predictedClv12mMinor", isTime: false },
};

interface Cursor {
  sort: CustomerSort;
  /** sort value (epoch ms for times); null = the customers without a value, listed last by id */
  value: number | null;
  id: bigint;
}

const cursorSchema = z.object({
  s: z.enum(CUSTOMER_SORTS),
  v: z.number().nullable(),
  // a customer id the 64-bit id column can hold; a cursor beyond it is not one of ours
  i: z
    .string()
    .regex(/^\d{1,19}$/)
    .refine((id) => BigInt(id) <= 2n ** 63n - 1n),
});

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify({ s: cursor.sort, v: cursor.value, i: cursor.id.toString() })).toString("base64url");
}

/** A cursor from the URL; anything not made by encodeCursor for this sort reads as "first page". */
export function decodeCursor(text: string | undefined, sort: CustomerSort): Cursor | null {
  if (!text) return null;
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
    if (!parsed.success || parsed.data.s !== sort) return null;
    return { sort, value: parsed.data.v, id: BigInt(parsed.data.i) };
  } catch {
    return null;
  }
}

interface RawRow {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  city: string | null;
  provinceCode: string | null;
  countryCode: string | null;
  segment: string;
  ordersCount: number | bigint;
  netSpendMinor: number | bigint;
  predictedClv12mMinor: number | bigint | null;
  pAlive: number | null;
  lastOrderAt: number | bigint | string | Date | null;
  rScore: number | bigint;
  fScore: number | bigint;
  mScore: number | bigint;
}

/** Times come back from raw SQL as epoch-ms numbers on SQLite and Dates on PostgreSQL. */
function epochMs(value: number | bigint | string | Date | null): number | null {
  if (value === null) return null;
  if (value instanceof Date) return value.getTime();
  if (typeof value === "string" && !/^\d+$/.test(value)) return Date.parse(value);
  return Number(value);
}

function toRow(raw: RawRow): CustomerListRow {
  return {
    id: String(raw.id),
    firstName: raw.firstName,
    lastName: raw.lastName,
    email: raw.email,
    city: raw.city,
    provinceCode: raw.provinceCode,
    countryCode: raw.countryCode,
    segment: raw.segment,
    ordersCount: Number(raw.ordersCount),
    netSpendMinor: Number(raw.netSpendMinor),
    predictedClv12mMinor: raw.predictedClv12mMinor === null ? null : Number(raw.predictedClv12mMinor),
    pAlive: raw.pAlive === null ? null : Number(raw.pAlive),
    lastOrderAt: epochMs(raw.lastOrderAt),
    rScore: Number(raw.rScore),
    fScore: Number(raw.fScore),
    mScore: Number(raw.mScore),
  };
}

function sortValueOf(row: CustomerListRow, sort: CustomerSort): number | null {
  if (sort === "last_order") return row.lastOrderAt;
  if (sort === "historic_ltv") return row.netSpendMinor;
  return row.predictedClv12mMinor;
}

const COLUMNS = Prisma.sql`SELECT CAST(m."customerId" AS TEXT) AS "id", c."firstName", c."lastName", c."email",
  c."city", c."provinceCode", c."countryCode", m."segment",
  m."ordersCount", m."netSpendMinor", m."predictedClv12mMinor", m."pAlive", m."lastOrderAt", m."rScore", m."fScore", m."mScore"`;
// Walking the sort index suits every filter on metrics. A search instead scans the shop's customers first
// (SQLite's CROSS JOIN keeps that order) and sorts the few matches: probing every customer of a sort
// index for a name costs 10× more.
const BY_METRICS = Prisma.sql`FROM "CustomerMetrics" m JOIN "Customer" c ON c."shopId" = m."shopId" AND c."id" = m."customerId" WHERE`;
const BY_CUSTOMERS = Prisma.sql`FROM "Customer" c CROSS JOIN "CustomerMetrics" m WHERE c."shopId" = m."shopId" AND c."id" = m."customerId" AND`;

function filterSql(shop: ShopRef, filter: CustomerFilter, dialect: "sqlite" | "postgresql"): Prisma.Sql {
  const parts: Prisma.Sql[] = [
    Prisma.sql`m."shopId" = ${shop.id}`,
    Prisma.sql`c."shopId" = ${shop.id}`,
    Prisma.sql`c."deletedAt" IS NULL`,
  ];
  const search = nameSearch(filter.query, dialect);
  if (search) parts.push(search);
  if (filter.segment) parts.push(Prisma.sql`m."segment" = ${filter.segment}`);
  if (filter.pAliveBand) {
    const { min, below } = P_ALIVE_BAND_LIMITS[filter.pAliveBand];
    if (min !== undefined) parts.push(Prisma.sql`m."pAlive" >= ${min}`);
    if (below !== undefined) parts.push(Prisma.sql`m."pAlive" < ${below}`);
  }
  if (filter.minOrders !== undefined) parts.push(Prisma.sql`m."ordersCount" >= ${filter.minOrders}`);
  if (filter.maxOrders !== undefined) parts.push(Prisma.sql`m."ordersCount" <= ${filter.maxOrders}`);
  if (filter.minSpendMinor !== undefined) parts.push(Prisma.sql`m."netSpendMinor" >= ${filter.minSpendMinor}`);
  if (filter.maxSpendMinor !== undefined) parts.push(Prisma.sql`m."netSpendMinor" <= ${filter.maxSpendMinor}`);
  return Prisma.join(parts, " AND ");
}

/**
 * A search as a merchant types it: full-width letters and spaces read as their ASCII forms (ＨＡＲＡ, 原　浩),
 * every word must be in the email, the given name or the family name, so "原 浩", "浩 原" and "hara hiro" all
 * find the customer; the words run together also match either order of the name ("原浩", the way Japanese
 * names are usually typed). % and _ are matched as themselves.
 */
function nameSearch(text: string | undefined, dialect: "sqlite" | "postgresql"): Prisma.Sql | null {
  const words = (text ?? "").normalize("NFKC").trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return null;
  // SQLite's LIKE ignores ASCII case already; PostgreSQL needs ILIKE.
  const like = Prisma.raw(dialect === "postgresql" ? "ILIKE" : "LIKE");
  const matches = (expression: Prisma.Sql, value: string) =>
    Prisma.sql`${expression} ${like} ${`%${value.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`} ESCAPE '\\'`;
  const everyWord = words.map(
    (word) =>
      Prisma.sql`(${Prisma.join(
        [matches(Prisma.sql`c."email"`, word), matches(Prisma.sql`c."firstName"`, word), matches(Prisma.sql`c."lastName"`, word)],
        " OR ",
      )})`,
  );
  const together = words.join("");
  return Prisma.sql`((${Prisma.join(everyWord, " AND ")}) OR ${matches(
    Prisma.sql`(COALESCE(c."lastName", '') || COALESCE(c."firstName", ''))`,
    together,
  )} OR ${matches(Prisma.sql`(COALESCE(c."firstName", '') || COALESCE(c."lastName", ''))`, together)})`;
}

/**
 * One page of the shop's customers in `sort` order (highest first; customers without a value last, by id).
 * `after` continues past a cursor, `before` goes back to the page ending just before it.
 */
export async function listCustomers(
  client: Db,
  shop: ShopRef,
  options: { filter?: CustomerFilter; sort?: CustomerSort; after?: string; before?: string; limit?: number },
): Promise<CustomerPage> {
  const sort = options.sort ?? "last_order";
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 1000);
  const { column, isTime } = SORT_COLUMN[sort];
  const col = Prisma.raw(`m."${column}"`);
  const dialect = dialectOf(client);
  const bindValue = (value: number) => (isTime && dialect === "postgresql" ? new Date(value) : value);
  const filter = options.filter ?? {};
  const where = filterSql(shop, filter, dialect);
  const from = filter.query?.trim() ? BY_CUSTOMERS : BY_METRICS;
  const run = async (condition: Prisma.Sql, order: "forward" | "backward", take: number, nullPhase: boolean) => {
    const direction = Prisma.raw(order === "forward" ? "DESC" : "ASC");
    const orderBy = nullPhase
      ? Prisma.sql`ORDER BY m."customerId" ${direction}`
      : Prisma.sql`ORDER BY ${col} ${direction}, m."customerId" ${direction}`;
    const rows = await client.$queryRaw<RawRow[]>(
      Prisma.sql`${COLUMNS} ${from} ${where} AND ${condition} ${orderBy} LIMIT ${take}`,
    );
    return rows.map(toRow);
  };
  const notNull = Prisma.sql`${col} IS NOT NULL`;
  const isNull = Prisma.sql`${col} IS NULL`;

  const before = decodeCursor(options.before, sort);
  if (before) {
    // Walk backwards (ascending), then turn the page round.
    const take = limit + 1;
    let rows: CustomerListRow[];
    if (before.value === null) {
      rows = await run(Prisma.sql`${isNull} AND m."customerId" > ${before.id}`, "backward", take, true);
      if (rows.length < take) rows = rows.concat(await run(notNull, "backward", take - rows.length, false));
    } else {
      const v = bindValue(before.value);
      rows = await run(
        Prisma.sql`${notNull} AND ${col} >= ${v} AND (${col} > ${v} OR m."customerId" > ${before.id})`,
        "backward",
        take,
        false,
      );
    }
    const hasMore = rows.length > limit;
    const page = rows.slice(0, limit).reverse();
    return {
      rows: page,
      previous: hasMore && page.length ? encodeCursor({ sort, value: sortValueOf(page[0], sort), id: BigInt(page[0].id) }) : null,
      next: page.length ? encodeCursor({ sort, ...lastKey(page, sort) }) : null,
    };
  }

  const after = decodeCursor(options.after, sort);
  const take = limit + 1;
  let rows: CustomerListRow[];
  if (after && after.value === null) {
    rows = await run(Prisma.sql`${isNull} AND m."customerId" < ${after.id}`, "forward", take, true);
  } else {
    const condition = after
      ? Prisma.sql`${notNull} AND ${col} <= ${bindValue(after.value!)} AND (${col} < ${bindValue(after.value!)} OR m."customerId" < ${after.id})`
      : notNull;
    rows = await run(condition, "forward", take, false);
    if (rows.length < take) rows = rows.concat(await run(isNull, "forward", take - rows.length, true));
  }
  const hasMore = rows.length > limit;
  const page = rows.slice(0, limit);
  return {
    rows: page,
    next: hasMore ? encodeCursor({ sort, ...lastKey(page, sort) }) : null,
    previous: after && page.length ? encodeCursor({ sort, value: sortValueOf(page[0], sort), id: BigInt(page[0].id) }) : null,
  };
}

function lastKey(page: CustomerListRow[], sort: CustomerSort): { value: number | null; id: bigint } {
  const last = page[page.length - 1];
  return { value: sortValueOf(last, sort), id: BigInt(last.id) };
}

/** Every customer matching the filter, in list order, fetched `batchSize` at a time (for the CSV export). */
export async function* iterateCustomers(
  client: Db,
  shop: ShopRef,
  options: { filter?: CustomerFilter; sort?: CustomerSort; batchSize?: number },
): AsyncGenerator<CustomerListRow[]> {
  let after: string | undefined;
  for (;;) {
    const page = await listCustomers(client, shop, { ...options, after, limit: options.batchSize ?? 1000 });
    if (page.rows.length) yield page.rows;
    if (!page.next) return;
    after = page.next;
  }
}

// ------------------------------------------------------------------ the customer page

/** What every page needs to show money and dates: the shop's currency and time zone. */
export interface ShopFormat {
  domain: string;
  currency: string;
  timezone: string;
}

export async function shopFormat(client: Db, shop: ShopRef): Promise<ShopFormat> {
  const record = await client.shop.findUniqueOrThrow({ where: { id: shop.id }, select: { currency: true, timezone: true } });
  return { domain: shop.domain, currency: record.currency, timezone: record.timezone };
}

export interface CustomerProfile {
  shop: ShopFormat;
  customer: {
    id: string;
    firstName: string | null;
    lastName: string | null;
    email: string | null;
    phone: string | null;
    tags: string[];
    emailMarketing: string | null;
    city: string | null;
    provinceCode: string | null;
    countryCode: string | null;
    createdAt: number;
    deleted: boolean;
  };
  metrics: {
    computedAt: number;
    ordersCount: number;
    netSpendMinor: number;
    aovMinor: number;
    firstOrderAt: number | null;
    lastOrderAt: number | null;
    recencyDays: number | null;
    rScore: number;
    fScore: number;
    mScore: number;
    segment: string;
    pAlive: number | null;
    expectedPurchases90: number | null;
    expectedPurchases365: number | null;
    predictedClv12mMinor: number | null;
    isLoyal: boolean;
    futureLoyalScore: number | null;
    pAliveLow: number | null;
    pAliveHigh: number | null;
    predictedClv12mLowMinor: number | null;
    predictedClv12mHighMinor: number | null;
    expectedNextOrderAt: number | null;
  } | null;
  segmentHistory: Array<{ from: string | null; to: string; at: number }>;
  orders: CustomerOrder[];
  notes: CustomerNoteView[];
}

export interface CustomerOrder {
  id: string;
  name: string;
  processedAt: number;
  cancelled: boolean;
  financialStatus: string | null;
  sourceName: string | null;
  discountCodes: string[];
  totalMinor: number;
  totalDiscountsMinor: number;
  totalRefundedMinor: number;
  lineItems: Array<{ id: string; title: string; variantTitle: string | null; quantity: number; discountedTotalMinor: number }>;
}

export interface CustomerNoteView {
  id: number;
  body: string;
  author: string | null;
  createdAt: number;
}

const ORDERS_SHOWN = 50;
const splitList = (text: string) =>
  text
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);

/** Everything the customer page shows, or null when the shop has no such customer. */
export async function getCustomerProfile(client: Db, shop: ShopRef, customerId: bigint): Promise<CustomerProfile | null> {
  const key = { shopId: shop.id, customerId };
  const [format, customer, metrics, changes, orders, notes] = await Promise.all([
    shopFormat(client, shop),
    client.customer.findUnique({ where: { shopId_id: { shopId: shop.id, id: customerId } } }),
    client.customerMetrics.findUnique({ where: { shopId_customerId: key } }),
    client.segmentChange.findMany({ where: key, orderBy: { changedAt: "desc" }, take: 50 }),
    client.order.findMany({ where: key, orderBy: { processedAt: "desc" }, take: ORDERS_SHOWN }),
    listCustomerNotes(client, shop, customerId),
  ]);
  if (!customer) return null;
  const lineItems = orders.length
    ? await client.lineItem.findMany({
        where: { shopId: shop.id, orderId: { in: orders.map((order) => order.id) } },
        orderBy: { id: "asc" },
      })
    : [];
  return {
    shop: format,
    customer: {
      id: customer.id.toString(),
      firstName: customer.firstName,
      lastName: customer.lastName,
      email: customer.email,
      phone: customer.phone,
      tags: splitList(customer.tags),
      emailMarketing: customer.emailMarketing,
      city: customer.city,
      provinceCode: customer.provinceCode,
      countryCode: customer.countryCode,
      createdAt: customer.shopifyCreatedAt.getTime(),
      deleted: customer.deletedAt !== null,
    },
    metrics: metrics && {
      computedAt: metrics.computedAt.getTime(),
      ordersCount: metrics.ordersCount,
      netSpendMinor: metrics.netSpendMinor,
      aovMinor: metrics.aovMinor,
      firstOrderAt: metrics.firstOrderAt?.getTime() ?? null,
      lastOrderAt: metrics.lastOrderAt?.getTime() ?? null,
      recencyDays: metrics.recencyDays,
      rScore: metrics.rScore,
      fScore: metrics.fScore,
      mScore: metrics.mScore,
      segment: metrics.segment,
      pAlive: metrics.pAlive,
      expectedPurchases90: metrics.expectedPurchases90,
      expectedPurchases365: metrics.expectedPurchases365,
      predictedClv12mMinor: metrics.predictedClv12mMinor,
      isLoyal: metrics.isLoyal,
      futureLoyalScore: metrics.futureLoyalScore,
      pAliveLow: metrics.pAliveLow,
      pAliveHigh: metrics.pAliveHigh,
      predictedClv12mLowMinor: metrics.predictedClv12mLowMinor,
      predictedClv12mHighMinor: metrics.predictedClv12mHighMinor,
      expectedNextOrderAt: metrics.expectedNextOrderAt?.getTime() ?? null,
    },
    segmentHistory: changes.map((change) => ({ from: change.fromSegment, to: change.toSegment, at: change.changedAt.getTime() })),
    orders: orders.map((order) => ({
      id: order.id.toString(),
      name: order.name,
      processedAt: order.processedAt.getTime(),
      cancelled: order.cancelledAt !== null,
      financialStatus: order.financialStatus,
      sourceName: order.sourceName,
      discountCodes: splitList(order.discountCodes),
      totalMinor: order.totalMinor,
      totalDiscountsMinor: order.totalDiscountsMinor,
      totalRefundedMinor: order.totalRefundedMinor,
      lineItems: lineItems
        .filter((item) => item.orderId === order.id)
        .map((item) => ({
          id: item.id.toString(),
          title: item.title,
          variantTitle: item.variantTitle,
          quantity: item.quantity,
          discountedTotalMinor: item.discountedTotalMinor,
        })),
    })),
    notes,
  };
}

export async function listCustomerNotes(client: Db, shop: ShopRef, customerId: bigint): Promise<CustomerNoteView[]> {
  const notes = await client.customerNote.findMany({
    where: { shopId: shop.id, customerId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 200,
  });
  return notes.map((note) => ({ id: note.id, body: note.body, author: note.author, createdAt: note.createdAt.getTime() }));
}

export const customerNoteSchema = z.object({
  body: z
    .string()
    .trim()
    .min(1, { message: "customers.notes.errors.empty" })
    .max(5000, { message: "customers.notes.errors.tooLong" }),
});

/** Adds a note to one of the shop's customers; null when the shop has no such customer. */
export async function addCustomerNote(
  client: Db,
  shop: ShopRef,
  customerId: bigint,
  note: { body: string; author: string | null },
): Promise<CustomerNoteView | null> {
  const customer = await client.customer.findUnique({
    where: { shopId_id: { shopId: shop.id, id: customerId } },
    select: { id: true },
  });
  if (!customer) return null;
  const saved = await client.customerNote.create({ data: { shopId: shop.id, customerId, body: note.body, author: note.author } });
  return { id: saved.id, body: saved.body, author: saved.author, createdAt: saved.createdAt.getTime() };
}

// ------------------------------------------------------------------ the list page

export interface CustomerListPage extends CustomerPage {
  shop: ShopFormat;
  /** false until the first analysis wrote metrics: the page then explains what is happening instead */
  analysed: boolean;
  /** the latest sync run, shown while there is nothing to list yet */
  latestRun: SyncRunView | null;
}

/** The filter a list URL describes, with amounts the merchant typed (major units) turned into minor units. */
export function customerFilterOf(query: CustomerListQuery, currency: string): CustomerFilter {
  const minor = (major: number | undefined) =>
    major === undefined ? undefined : Math.round(major * 10 ** currencyDecimals(currency));
  return {
    query: query.query || undefined,
    segment: query.segment,
    pAliveBand: query.pAliveBand,
    minOrders: query.minOrders,
    maxOrders: query.maxOrders,
    minSpendMinor: minor(query.minSpend),
    maxSpendMinor: minor(query.maxSpend),
  };
}

export async function getCustomerListPage(client: Db, shop: ShopRef, query: CustomerListQuery): Promise<CustomerListPage> {
  const format = await shopFormat(client, shop);
  const [page, anyMetrics] = await Promise.all([
    listCustomers(client, shop, {
      filter: customerFilterOf(query, format.currency),
      sort: query.sort,
      after: query.after,
      before: query.before,
      limit: 50,
    }),
    client.customerMetrics.findFirst({ where: { shopId: shop.id }, select: { customerId: true } }),
  ]);
  const analysed = anyMetrics !== null;
  return { ...page, shop: format, analysed, latestRun: analysed ? null : await latestSyncRun(client, shop) };
}

/** Names and emails of some of the shop's customers (for lists built from metrics, e.g. loyalty candidates). */
export async function customerNames(
  client: Db,
  shop: ShopRef,
  ids: bigint[],
): Promise<Map<string, { firstName: string | null; lastName: string | null; email: string | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await client.customer.findMany({
    where: { shopId: shop.id, id: { in: ids }, deletedAt: null },
    select: { id: true, firstName: true, lastName: true, email: true },
  });
  return new Map(rows.map((row) => [row.id.toString(), { firstName: row.firstName, lastName: row.lastName, email: row.email }]));
}

/** The names customers know their orders by (#17254), by order id, for histories that store the id. */
export async function orderNamesById(client: Db, shop: ShopRef, ids: bigint[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await client.order.findMany({
    where: { shopId: shop.id, id: { in: unique } },
    select: { id: true, name: true },
  });
  return new Map(rows.map((row) => [row.id.toString(), row.name]));
}
