/** The QueryRoot fields the emulator serves. Anything else resolves to null with a warning. */
import { parseGid, gid } from "./format";
import {
  CustomerView,
  OrderView,
  ProductView,
  type ResolverContext,
  ShopView,
  VariantView,
  bulkOperationView,
  customersConnection,
  discountNodeView,
  ordersConnection,
  productsConnection,
} from "./views";
import { metafieldDefinitionView, redeemCodeBulkCreationView } from "./mutations";
import { paginate, connectionView, type ConnectionArgs } from "./connection";
import { segmentQueryResolvers } from "./segments";

type Args = Record<string, unknown>;

export function resolveNode(ctx: ResolverContext, id: unknown): unknown {
  const parsed = parseGid(id);
  if (!parsed) return null;
  const store = ctx.shop.store;
  switch (parsed.type) {
    case "Customer": {
      const customer = store.customers.get(parsed.id);
      return customer ? new CustomerView(customer) : null;
    }
    case "Order": {
      const order = store.orders.get(parsed.id);
      return order ? new OrderView(order) : null;
    }
    case "Product": {
      const product = store.products.get(parsed.id);
      return product ? new ProductView(product) : null;
    }
    case "ProductVariant": {
      for (const product of store.products.values()) {
        const variant = product.variants.find((v) => v.id === parsed.id);
        if (variant) return new VariantView(variant, product, store.shop.currency);
      }
      return null;
    }
    case "DiscountCodeNode": {
      const discount = store.discounts.get(parsed.id);
      return discount ? discountNodeView(discount, store.shop.currency) : null;
    }
    case "BulkOperation": {
      const op = ctx.shop.bulkOperations.get(parsed.id);
      return op ? bulkOperationView(op, ctx.core.baseUrl()) : null;
    }
    case "DiscountRedeemCodeBulkCreation":
      return redeemCodeBulkCreationView(ctx, parsed.id);
    case "Shop":
      return new ShopView(store.shop, store.now);
    default:
      ctx.core.warn(`node(id) for ${parsed.type} not emulated`);
      return null;
  }
}

function typed(ctx: ResolverContext, id: unknown, type: string) {
  const parsed = parseGid(id);
  return parsed && parsed.type === type ? resolveNode(ctx, id) : null;
}

export const queryResolvers: Record<string, (args: Args, ctx: ResolverContext) => unknown> = {
  shop: (_args, ctx) => new ShopView(ctx.shop.store.shop, ctx.shop.store.now),
  customers: (args, ctx) => customersConnection(ctx, args),
  customer: (args, ctx) => typed(ctx, args.id, "Customer"),
  orders: (args, ctx) => ordersConnection(ctx, args),
  order: (args, ctx) => typed(ctx, args.id, "Order"),
  products: (args, ctx) => productsConnection(ctx, args),
  product: (args, ctx) => typed(ctx, args.id, "Product"),
  productVariant: (args, ctx) => typed(ctx, args.id, "ProductVariant"),
  node: (args, ctx) => resolveNode(ctx, args.id),
  nodes: (args, ctx) => ((args.ids as unknown[]) ?? []).map((id) => resolveNode(ctx, id)),
  codeDiscountNode: (args, ctx) => typed(ctx, args.id, "DiscountCodeNode"),
  codeDiscountNodeByCode: (args, ctx) => {
    const wanted = String(args.code ?? "").toLowerCase();
    for (const discount of ctx.shop.store.discounts.values()) {
      if (discount.codes.some((c) => c.code.toLowerCase() === wanted))
        return discountNodeView(discount, ctx.shop.store.shop.currency);
    }
    return null;
  },
  discountRedeemCodeBulkCreation: (args, ctx) => typed(ctx, args.id, "DiscountRedeemCodeBulkCreation"),
  bulkOperation: (args, ctx) => typed(ctx, args.id, "BulkOperation"),
  currentBulkOperation: (args, ctx) => {
    const type = (args.type as string) ?? "QUERY";
    let latest = null;
    for (const op of ctx.shop.bulkOperations.values()) if (op.type === type && (!latest || op.id > latest.id)) latest = op;
    return latest ? bulkOperationView(latest, ctx.core.baseUrl()) : null;
  },
  bulkOperations: (args, ctx) => {
    const list = [...ctx.shop.bulkOperations.values()];
    const page = paginate(list, args as ConnectionArgs, { value: (op) => op.createdAt, id: (op) => op.id });
    return connectionView(page, (op) => bulkOperationView(op, ctx.core.baseUrl()));
  },
  metafieldDefinitions: (args, ctx) => {
    const list = ctx.shop.metafieldDefinitions.filter(
      (d) => (!args.ownerType || d.ownerType === args.ownerType) && (!args.namespace || d.namespace === args.namespace),
    );
    const page = paginate(list, args as ConnectionArgs, { value: (d) => d.id, id: (d) => d.id });
    return connectionView(page, metafieldDefinitionView);
  },
  ...segmentQueryResolvers,
  currentAppInstallation: (_args, ctx) => ({
    __typename: "AppInstallation",
    id: gid("AppInstallation", ctx.core.appId),
    app: { __typename: "App", id: gid("App", ctx.core.appId), title: "Kizuna", handle: "kizuna", apiKey: "kizuna-emulator" },
    accessScopes: [
      "read_customers",
      "write_customers",
      "read_orders",
      "read_all_orders",
      "read_products",
      "write_discounts",
      "write_metafields",
    ].map((handle) => ({ handle, description: handle })),
  }),
};
