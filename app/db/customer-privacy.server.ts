import type { Db } from "./client.server";
import type { ShopRef } from "./shops.server";

/**
 * Personal data removal and export, for customers/delete, customers/redact and customers/data_request.
 * The customer row stays as a tombstone (its orders still count in the shop's totals) but nothing that
 * identifies the person remains.
 */
const ERASED_CUSTOMER_FIELDS = {
  firstName: null,
  lastName: null,
  email: null,
  phone: null,
  locale: null,
  birthDate: null,
  city: null,
  tags: "",
} as const;

export async function eraseCustomer(
  client: Db,
  shop: ShopRef,
  customerId: bigint,
  at: Date,
  orderIds: bigint[] = [],
  /** identifiers Shopify sent with the request (the customer row may already be gone) */
  known: { email?: string | null; phone?: string | null } = {},
): Promise<void> {
  await client.$transaction(async (tx) => {
    const existing = await tx.customer.findUnique({
      where: { shopId_id: { shopId: shop.id, id: customerId } },
      select: { id: true, email: true, phone: true },
    });
    const identifiers = [existing?.email, existing?.phone, known.email, known.phone].filter(
      (value): value is string => typeof value === "string" && value.length >= 5,
    );
    if (existing) {
      await tx.customer.update({
        where: { shopId_id: { shopId: shop.id, id: customerId } },
        data: { ...ERASED_CUSTOMER_FIELDS, deletedAt: at },
      });
    } else {
      // A tombstone, so a late create/update delivery cannot bring the person back.
      await tx.customer.create({
        data: { shopId: shop.id, id: customerId, deletedAt: at, shopifyCreatedAt: at, shopifyUpdatedAt: at },
      });
    }
    await tx.order.updateMany({
      where: { shopId: shop.id, OR: [{ customerId }, ...(orderIds.length ? [{ id: { in: orderIds } }] : [])] },
      data: { email: null, shippingProvinceCode: null },
    });
    // What the merchant wrote about the person, and exports already handed over, go too.
    await tx.customerNote.deleteMany({ where: { shopId: shop.id, customerId } });
    await tx.dataExport.deleteMany({ where: { shopId: shop.id, customerId } });
    // The inbox keeps raw webhook bodies: any that name the person are emptied (their effect is already applied).
    for (const identifier of [...new Set(identifiers)]) {
      await tx.webhookEvent.updateMany({
        where: { shopId: shop.id, status: { not: "pending" }, payload: { contains: identifier } },
        data: { payload: REDACTED_PAYLOAD },
      });
    }
  });
}

const REDACTED_PAYLOAD = JSON.stringify({ redacted: true });

/** Everything Kizuna holds about one customer, as the merchant can hand it over. */
export async function exportCustomerData(client: Db, shop: ShopRef, customerId: bigint): Promise<Record<string, unknown>> {
  const [customer, orders] = await Promise.all([
    client.customer.findUnique({ where: { shopId_id: { shopId: shop.id, id: customerId } } }),
    client.order.findMany({ where: { shopId: shop.id, customerId }, orderBy: { processedAt: "asc" } }),
  ]);
  const orderIds = orders.map((order) => order.id);
  const [lineItems, refunds, notes, points] = await Promise.all([
    client.lineItem.findMany({ where: { shopId: shop.id, orderId: { in: orderIds } } }),
    client.refund.findMany({ where: { shopId: shop.id, orderId: { in: orderIds } } }),
    client.customerNote.findMany({ where: { shopId: shop.id, customerId }, orderBy: { createdAt: "asc" } }),
    client.pointsEntry.findMany({ where: { shopId: shop.id, customerId }, orderBy: { occurredAt: "asc" } }),
  ]);
  const plain = (value: unknown) => JSON.parse(JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? v.toString() : v)));
  const { shopId: _shopId, ...customerFields } = customer ?? { shopId: 0 };
  return plain({
    shop: shop.domain,
    customerId: customerId.toString(),
    customer: customer ? customerFields : null,
    orders: orders.map(({ shopId: _s, ...order }) => ({
      ...order,
      lineItems: lineItems.filter((li) => li.orderId === order.id).map(({ shopId: _x, ...li }) => li),
      refunds: refunds.filter((refund) => refund.orderId === order.id).map(({ shopId: _y, ...refund }) => refund),
    })),
    notes: notes.map(({ shopId: _n, ...note }) => note),
    pointsLedger: points.map(({ shopId: _p, ...entry }) => entry),
  });
}

export async function saveDataExport(
  client: Db,
  shop: ShopRef,
  customerId: bigint,
  requestId: string | null,
  content: Record<string, unknown>,
): Promise<number> {
  const saved = await client.dataExport.create({
    data: { shopId: shop.id, customerId, requestId, content: JSON.stringify(content, null, 2) },
    select: { id: true },
  });
  return saved.id;
}

/** shop/redact: 48 hours after uninstall Shopify asks for everything of the shop to be removed. */
export async function eraseShop(client: Db, shop: ShopRef): Promise<void> {
  await client.$transaction([
    client.session.deleteMany({ where: { shop: shop.domain } }),
    client.shop.delete({ where: { id: shop.id } }),
  ]);
}
