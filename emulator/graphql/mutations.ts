/** Push-back mutations the app uses: tags, email consent, metafields, discount codes, bulk operations, staged uploads. */
import { randomUUID } from "node:crypto";
import type { CodeDiscount, Customer, Metafield } from "../store/model";
import { type ShopState, nextId, touch } from "../state";
import { customerPayload, orderPayload } from "../webhooks/payloads";
import { gid, iso, parseDecimalToMinor, parseGid } from "./format";
import {
  CustomerView,
  OrderView,
  ProductView,
  type ResolverContext,
  bulkOperationView,
  discountNodeView,
  metafieldView,
  redeemCodeView,
  resolveNamespace,
  ShopView,
} from "./views";
import { connectionView, paginate, type ConnectionArgs } from "./connection";
import { flowTriggerReceive } from "./flow";
import { ADMIN_FILTERABLE_TYPES, filterableCapability } from "./segment-query";
import { segmentMutationResolvers } from "./segments";

type Args = Record<string, unknown>;
interface UserError {
  field: string[] | null;
  message: string;
  code?: string | null;
  elementIndex?: number | null;
  extraInfo?: string | null;
}

export const METAFIELDS_SET_LIMIT = 25;
export const REDEEM_CODES_BULK_LIMIT = 250;

// --------------------------------------------------------------------------------------------------- tags

function normaliseTags(input: unknown): string[] {
  const raw = Array.isArray(input) ? input : [input];
  return raw
    .flatMap((entry) => String(entry).split(","))
    .map((tag) => tag.trim())
    .filter((tag) => tag.length > 0);
}

function taggable(ctx: ResolverContext, id: unknown) {
  const parsed = parseGid(id);
  const store = ctx.shop.store;
  if (parsed?.type === "Customer") {
    const customer = store.customers.get(parsed.id);
    if (customer)
      return {
        target: customer,
        view: () => new CustomerView(customer),
        changed: () => ctx.services.emitWebhook(ctx.shop, "customers/update", customerPayload(store, customer)),
      };
  }
  if (parsed?.type === "Order") {
    const order = store.orders.get(parsed.id);
    if (order)
      return {
        target: order,
        view: () => new OrderView(order),
        changed: () => ctx.services.emitWebhook(ctx.shop, "orders/updated", orderPayload(store, order)),
      };
  }
  if (parsed?.type === "Product") {
    const product = store.products.get(parsed.id);
    if (product) return { target: product, view: () => new ProductView(product), changed: () => undefined };
  }
  return null;
}

function changeTags(ctx: ResolverContext, args: Args, add: boolean) {
  const found = taggable(ctx, args.id);
  if (!found) return { node: null, userErrors: [{ field: ["id"], message: "Resource not found" }] };
  const tags = normaliseTags(args.tags);
  const tooLong = tags.findIndex((tag) => tag.length > 255);
  if (tooLong >= 0)
    return {
      node: null,
      userErrors: [{ field: ["tags", String(tooLong)], message: "Tag is too long (maximum is 255 characters)" }],
    };
  const target = found.target;
  const before = target.tags.join("\u0000");
  if (add) {
    for (const tag of tags) if (!target.tags.some((t) => t.toLowerCase() === tag.toLowerCase())) target.tags.push(tag);
  } else {
    const remove = new Set(tags.map((t) => t.toLowerCase()));
    target.tags = target.tags.filter((t) => !remove.has(t.toLowerCase()));
  }
  if (target.tags.join("\u0000") !== before) {
    target.updatedAt = ctx.shop.store.now;
    touch(ctx.shop);
    found.changed();
  }
  return { node: found.view(), userErrors: [] };
}

// --------------------------------------------------------------------------------------------------- consent

const EMAIL_MARKETING_STATES = new Set(["SUBSCRIBED", "NOT_SUBSCRIBED", "UNSUBSCRIBED", "PENDING"]);

/** customerEmailMarketingConsentUpdate: the app records a customer's choice (Kizuna: an unsubscribe from its mail). */
function customerEmailMarketingConsentUpdate(ctx: ResolverContext, args: Args) {
  const input = (args.input ?? {}) as { customerId?: unknown; emailMarketingConsent?: { marketingState?: unknown } };
  const parsed = parseGid(input.customerId);
  const customer = parsed?.type === "Customer" ? ctx.shop.store.customers.get(parsed.id) : undefined;
  if (!customer) {
    return { customer: null, userErrors: [{ field: ["input", "customerId"], message: "Customer not found", code: "INVALID" }] };
  }
  const state = String(input.emailMarketingConsent?.marketingState ?? "");
  if (!EMAIL_MARKETING_STATES.has(state)) {
    return {
      customer: null,
      userErrors: [
        { field: ["input", "emailMarketingConsent", "marketingState"], message: "Marketing state is invalid", code: "INVALID" },
      ],
    };
  }
  if (!customer.email) {
    return {
      customer: null,
      userErrors: [
        {
          field: ["input", "customerId"],
          message: "An email address is required to set the email marketing consent state.",
          code: "INVALID",
        },
      ],
    };
  }
  if (customer.emailMarketing !== state) {
    customer.emailMarketing = state as Customer["emailMarketing"];
    customer.updatedAt = ctx.shop.store.now;
    touch(ctx.shop);
    ctx.services.emitWebhook(ctx.shop, "customers/update", customerPayload(ctx.shop.store, customer));
  }
  return { customer: new CustomerView(customer), userErrors: [] };
}

// --------------------------------------------------------------------------------------------------- metafields

const VALID_TYPES = new Set([
  "single_line_text_field",
  "multi_line_text_field",
  "number_integer",
  "number_decimal",
  "boolean",
  "json",
  "date",
  "date_time",
  "url",
  "color",
  "rating",
  "money",
  "weight",
  "volume",
  "dimension",
  "rich_text_field",
  "customer_reference",
  "product_reference",
  "variant_reference",
  "collection_reference",
  "file_reference",
  "page_reference",
  "metaobject_reference",
  "list.single_line_text_field",
  "list.number_integer",
  "list.number_decimal",
  "list.date",
  "list.date_time",
  "list.url",
  "list.product_reference",
  "list.customer_reference",
]);

function valueError(type: string, value: string): string | null {
  switch (type) {
    case "number_integer":
      return /^-?\d+$/.test(value) ? null : "Value must be an integer.";
    case "number_decimal":
      return /^-?\d+(\.\d+)?$/.test(value) ? null : "Value must be a decimal.";
    case "boolean":
      return value === "true" || value === "false" ? null : "Value must be true or false.";
    case "date":
      return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? null : "Value must be in YYYY-MM-DD format.";
    case "date_time":
      return Number.isNaN(Date.parse(value)) ? "Value must be in ISO 8601 date and time format." : null;
    case "json":
    case "money":
    case "rating":
    case "weight":
    case "volume":
    case "dimension":
    case "rich_text_field":
      try {
        JSON.parse(value);
        return null;
      } catch {
        return "Value is invalid JSON.";
      }
    default:
      if (type.startsWith("list.")) {
        try {
          return Array.isArray(JSON.parse(value)) ? null : "Value must be a JSON array.";
        } catch {
          return "Value is invalid JSON.";
        }
      }
      return null;
  }
}

function metafieldOwner(
  ctx: ResolverContext,
  ownerId: unknown,
): { list: Metafield[]; touchOwner: () => void; ownerType: string; view: () => unknown } | null {
  const parsed = parseGid(ownerId);
  if (parsed?.type === "Customer") {
    const customer = ctx.shop.store.customers.get(parsed.id);
    if (!customer) return null;
    return {
      list: customer.metafields,
      ownerType: "CUSTOMER",
      view: () => new CustomerView(customer),
      touchOwner: () => {
        customer.updatedAt = ctx.shop.store.now;
      },
    };
  }
  if (parsed?.type === "Shop") {
    return {
      list: ctx.shop.shopMetafields,
      ownerType: "SHOP",
      view: () => new ShopView(ctx.shop.store.shop, ctx.shop.store.now),
      touchOwner: () => undefined,
    };
  }
  return null;
}

function metafieldsSet(ctx: ResolverContext, args: Args) {
  const inputs = (args.metafields as Args[]) ?? [];
  if (inputs.length > METAFIELDS_SET_LIMIT) {
    return {
      metafields: null,
      userErrors: [
        {
          field: ["metafields"],
          message: `Exceeded the maximum metafields input limit of ${METAFIELDS_SET_LIMIT}.`,
          code: "LESS_THAN_OR_EQUAL_TO",
          elementIndex: null,
        },
      ],
    };
  }
  const userErrors: UserError[] = [];
  const planned: {
    owner: NonNullable<ReturnType<typeof metafieldOwner>>;
    namespace: string;
    key: string;
    type: string;
    value: string;
  }[] = [];
  inputs.forEach((input, index) => {
    const at = (field: string) => ["metafields", String(index), field];
    const owner = metafieldOwner(ctx, input.ownerId);
    if (!owner) {
      userErrors.push({ field: at("ownerId"), message: "Owner does not exist.", code: "INVALID", elementIndex: index });
      return;
    }
    const namespace = resolveNamespace(
      typeof input.namespace === "string" && input.namespace ? input.namespace : "$app",
      ctx.core.appId,
    );
    const key = String(input.key ?? "");
    const value = String(input.value ?? "");
    if (namespace.length < 2)
      userErrors.push({
        field: at("namespace"),
        message: "Namespace is too short (minimum is 2 characters)",
        code: "TOO_SHORT",
        elementIndex: index,
      });
    if (key.length < 2)
      userErrors.push({
        field: at("key"),
        message: "Key is too short (minimum is 2 characters)",
        code: "TOO_SHORT",
        elementIndex: index,
      });
    if (key.length > 64)
      userErrors.push({
        field: at("key"),
        message: "Key is too long (maximum is 64 characters)",
        code: "TOO_LONG",
        elementIndex: index,
      });
    if (!/^[A-Za-z0-9_-]*$/.test(key))
      userErrors.push({
        field: at("key"),
        message: "Key contains one or more invalid characters.",
        code: "INVALID",
        elementIndex: index,
      });
    const existing = owner.list.find((m) => m.namespace === namespace && m.key === key);
    const definition = ctx.shop.metafieldDefinitions.find(
      (d) => d.namespace === namespace && d.key === key && d.ownerType === owner.ownerType,
    );
    const type = (typeof input.type === "string" && input.type) || existing?.type || definition?.type;
    if (!type) {
      userErrors.push({ field: at("type"), message: "Type can't be blank", code: "BLANK", elementIndex: index });
      return;
    }
    if (!VALID_TYPES.has(type)) {
      userErrors.push({
        field: at("type"),
        message: `Type '${type}' is not a valid metafield type.`,
        code: "INVALID_TYPE",
        elementIndex: index,
      });
      return;
    }
    if (existing && existing.type !== type) {
      userErrors.push({
        field: at("type"),
        message: `Type must be the same as the existing metafield type (${existing.type}).`,
        code: "INVALID_TYPE",
        elementIndex: index,
      });
      return;
    }
    if (value.length === 0) {
      userErrors.push({ field: at("value"), message: "Value can't be blank", code: "BLANK", elementIndex: index });
      return;
    }
    const problem = valueError(type, value);
    if (problem) {
      userErrors.push({ field: at("value"), message: problem, code: "INVALID_VALUE", elementIndex: index });
      return;
    }
    planned.push({ owner, namespace, key, type, value });
  });
  // metafieldsSet is atomic: nothing is written when any input is invalid
  if (userErrors.length > 0) return { metafields: [], userErrors };
  const now = ctx.shop.store.now;
  const written = planned.map((entry) => {
    let metafield = entry.owner.list.find((m) => m.namespace === entry.namespace && m.key === entry.key);
    if (metafield) {
      metafield.value = entry.value;
      metafield.type = entry.type;
      metafield.updatedAt = now;
    } else {
      metafield = {
        id: nextId(ctx.shop.store),
        namespace: entry.namespace,
        key: entry.key,
        type: entry.type,
        value: entry.value,
        createdAt: now,
        updatedAt: now,
      };
      entry.owner.list.push(metafield);
    }
    entry.owner.touchOwner();
    return metafieldView(metafield, entry.owner.ownerType, entry.owner.view);
  });
  touch(ctx.shop);
  return { metafields: written, userErrors: [] };
}

/**
 * metafieldsDelete: each identifier is deleted if it exists; one that does not (or whose owner is gone)
 * answers null in deletedMetafields, as Shopify does.
 */
function metafieldsDelete(ctx: ResolverContext, args: Args) {
  const inputs = (args.metafields as Args[]) ?? [];
  let changed = false;
  const deletedMetafields = inputs.map((input) => {
    const owner = metafieldOwner(ctx, input.ownerId);
    if (!owner) return null;
    const namespace = resolveNamespace(String(input.namespace ?? ""), ctx.core.appId);
    const key = String(input.key ?? "");
    const index = owner.list.findIndex((m) => m.namespace === namespace && m.key === key);
    if (index < 0) return null;
    owner.list.splice(index, 1);
    owner.touchOwner();
    changed = true;
    return { ownerId: input.ownerId, namespace, key };
  });
  if (changed) touch(ctx.shop);
  return { deletedMetafields, userErrors: [] };
}

function metafieldDefinitionCreate(ctx: ResolverContext, args: Args) {
  const input = (args.definition ?? {}) as Args;
  const namespace = resolveNamespace(
    typeof input.namespace === "string" && input.namespace ? input.namespace : "$app",
    ctx.core.appId,
  );
  const key = String(input.key ?? "");
  const type = String(input.type ?? "");
  const ownerType = String(input.ownerType ?? "");
  const userErrors: UserError[] = [];
  if (!input.name) userErrors.push({ field: ["definition", "name"], message: "Name can't be blank", code: "BLANK" });
  if (key.length < 2)
    userErrors.push({ field: ["definition", "key"], message: "Key is too short (minimum is 2 characters)", code: "TOO_SHORT" });
  if (!VALID_TYPES.has(type))
    userErrors.push({
      field: ["definition", "type"],
      message: `Type '${type}' is not a valid metafield definition type.`,
      code: "INCLUSION",
    });
  if (ctx.shop.metafieldDefinitions.some((d) => d.namespace === namespace && d.key === key && d.ownerType === ownerType)) {
    userErrors.push({
      field: ["definition", "key"],
      message: `Key is in use for ${ownerType.toLowerCase()} metafields on the '${namespace}' namespace.`,
      code: "TAKEN",
    });
  }
  const adminFilterable = filterableCapability(input.capabilities);
  if (adminFilterable && !ADMIN_FILTERABLE_TYPES.has(type))
    userErrors.push({
      field: ["definition", "capabilities", "adminFilterable"],
      message: `The admin filterable capability is not available for the '${type}' type.`,
      code: "INVALID_CAPABILITY",
    });
  if (userErrors.length > 0) return { createdDefinition: null, userErrors };
  const record = {
    id: nextId(ctx.shop.store),
    name: String(input.name),
    namespace,
    key,
    type,
    ownerType,
    description: (input.description as string) ?? null,
    adminFilterable,
  };
  ctx.shop.metafieldDefinitions.push(record);
  return { createdDefinition: metafieldDefinitionView(record), userErrors: [] };
}

export function metafieldDefinitionView(record: ShopState["metafieldDefinitions"][number]) {
  return {
    __typename: "MetafieldDefinition",
    id: gid("MetafieldDefinition", record.id),
    name: record.name,
    namespace: record.namespace,
    key: record.key,
    ownerType: record.ownerType,
    description: record.description,
    type: {
      name: record.type,
      category: record.type.includes("reference") ? "REFERENCE" : "TEXT",
      supportsDefinitionMigrations: true,
    },
    pinnedPosition: null,
    validations: [],
    useAsCollectionCondition: false,
    capabilities: {
      adminFilterable: {
        enabled: record.adminFilterable === true,
        eligible: ADMIN_FILTERABLE_TYPES.has(record.type),
        status: record.adminFilterable === true ? "FILTERABLE" : "NOT_FILTERABLE",
      },
      smartCollectionCondition: { enabled: false, eligible: false },
      uniqueValues: { enabled: false, eligible: false },
    },
  };
}

// --------------------------------------------------------------------------------------------------- discounts

function allCodes(shop: ShopState): Set<string> {
  const codes = new Set<string>();
  for (const discount of shop.store.discounts.values()) for (const code of discount.codes) codes.add(code.code.toLowerCase());
  return codes;
}

function parseTime(value: unknown): number | null {
  if (value == null) return null;
  const ms = Date.parse(String(value));
  return Number.isNaN(ms) ? null : ms;
}

function discountCodeBasicCreate(ctx: ResolverContext, args: Args) {
  const input = (args.basicCodeDiscount ?? {}) as Args;
  const currency = ctx.shop.store.shop.currency;
  const path = (...rest: string[]) => ["basicCodeDiscount", ...rest];
  const userErrors: UserError[] = [];
  const err = (field: string[], message: string, code: string) => userErrors.push({ field, message, code, extraInfo: null });

  const title = typeof input.title === "string" ? input.title.trim() : "";
  const code = typeof input.code === "string" ? input.code.trim() : "";
  if (!title) err(path("title"), "Title can't be blank", "BLANK");
  if (!code) err(path("code"), "Code can't be blank", "BLANK");
  else if (code.length > 255) err(path("code"), "Code is too long (maximum is 255 characters)", "TOO_LONG");
  else if (/[\r\n]/.test(code)) err(path("code"), "Code cannot contain newline characters.", "INVALID");
  else if (allCodes(ctx.shop).has(code.toLowerCase()))
    err(path("code"), "Code must be unique. Please try a different code.", "TAKEN");

  const startsAt = input.startsAt == null ? ctx.shop.store.now : parseTime(input.startsAt);
  const endsAt = input.endsAt == null ? null : parseTime(input.endsAt);
  if (startsAt == null) err(path("startsAt"), "Starts at is invalid", "INVALID");
  if (input.endsAt != null && endsAt == null) err(path("endsAt"), "Ends at is invalid", "INVALID");
  if (startsAt != null && endsAt != null && endsAt <= startsAt)
    err(path("endsAt"), "Ends at needs to be after starts_at", "END_DATE_BEFORE_START_DATE");

  let value: CodeDiscount["value"] | null = null;
  const gets = input.customerGets as Args | undefined;
  const valueInput = gets?.value as Args | undefined;
  if (!gets || !valueInput) err(path("customerGets"), "Customer gets can't be blank", "BLANK");
  else {
    const hasPercentage = valueInput.percentage != null;
    const amountInput = valueInput.discountAmount as Args | undefined;
    if (valueInput.discountOnQuantity != null)
      err(
        path("customerGets", "value", "discountOnQuantity"),
        "Discount on quantity is only valid for buy X get Y discounts",
        "INVALID",
      );
    if (hasPercentage && amountInput)
      err(path("customerGets", "value"), "Only one of percentage or discountAmount can be provided", "TOO_MANY_ARGUMENTS");
    else if (hasPercentage) {
      const percentage = Number(valueInput.percentage);
      if (!(percentage > 0 && percentage <= 1))
        err(path("customerGets", "value", "percentage"), "Value must be between 0.0 and 1.0", "VALUE_OUTSIDE_RANGE");
      else value = { kind: "percentage", percentage };
    } else if (amountInput) {
      const amount = parseDecimalToMinor(amountInput.amount, currency);
      if (amount == null || amount <= 0)
        err(path("customerGets", "value", "discountAmount", "amount"), "Value must be greater than 0", "GREATER_THAN");
      else value = { kind: "fixed", amount, appliesOnEachItem: amountInput.appliesOnEachItem === true };
    } else if (valueInput.discountOnQuantity == null) err(path("customerGets", "value"), "Value can't be blank", "BLANK");
    const items = gets.items as Args | undefined;
    if (!items) ctx.core.warn("discountCodeBasicCreate without customerGets.items: the emulator applies it to all items");
    else if (items.all !== true && (items.products != null || items.collections != null))
      ctx.core.warn("discountCodeBasicCreate: product/collection item selection not emulated (treated as all items)");
  }

  let minimumSubtotal: number | null = null;
  const minimum = input.minimumRequirement as Args | undefined;
  if (minimum?.subtotal && minimum.quantity)
    err(
      path("minimumRequirement"),
      "Minimum subtotal and minimum quantity cannot both be present",
      "MINIMUM_SUBTOTAL_AND_QUANTITY_RANGE_BOTH_PRESENT",
    );
  else if (minimum?.subtotal) {
    const amount = parseDecimalToMinor((minimum.subtotal as Args).greaterThanOrEqualToSubtotal, currency);
    if (amount == null || amount < 0)
      err(
        path("minimumRequirement", "subtotal", "greaterThanOrEqualToSubtotal"),
        "Minimum subtotal must be greater than or equal to 0",
        "GREATER_THAN_OR_EQUAL_TO",
      );
    else minimumSubtotal = amount;
  } else if (minimum?.quantity) ctx.core.warn("discountCodeBasicCreate: minimum quantity requirement not emulated (ignored)");

  if (input.usageLimit != null && !(Number(input.usageLimit) > 0))
    err(path("usageLimit"), "Usage limit must be greater than 0", "GREATER_THAN");

  let customerIds: number[] | null = null;
  const context = input.context as Args | undefined;
  const selection = input.customerSelection as Args | undefined;
  if (context && selection)
    err(path("context"), "Only one of context or customerSelection can be provided.", "TOO_MANY_ARGUMENTS");
  const customersInput = ((context?.customers ?? selection?.customers) as Args | undefined) ?? null;
  const customersPath = context ? path("context", "customers", "add") : path("customerSelection", "customers", "add");
  if (customersInput) {
    const ids = (customersInput.add as unknown[]) ?? [];
    customerIds = [];
    for (const raw of ids) {
      const parsed = parseGid(raw);
      if (parsed?.type !== "Customer" || !ctx.shop.store.customers.has(parsed.id)) {
        err(customersPath, `Customer with id ${String(raw)} does not exist`, "INVALID");
        continue;
      }
      if (!customerIds.includes(parsed.id)) customerIds.push(parsed.id);
    }
    if (ids.length === 0) err(customersPath, "Customers can't be blank", "BLANK");
  } else if (context?.customerSegments || selection?.customerSegments)
    ctx.core.warn("discountCodeBasicCreate: customer segments not emulated (treated as all buyers)");

  if (userErrors.length > 0 || !value || startsAt == null) return { codeDiscountNode: null, userErrors };
  const now = ctx.shop.store.now;
  const discount: CodeDiscount = {
    id: nextId(ctx.shop.store),
    title,
    status: "ACTIVE",
    startsAt,
    endsAt,
    value,
    minimumSubtotal,
    appliesOncePerCustomer: input.appliesOncePerCustomer === true,
    usageLimit: input.usageLimit == null ? null : Number(input.usageLimit),
    customerIds,
    codes: [{ id: nextId(ctx.shop.store), code, asyncUsageCount: 0 }],
    createdAt: now,
    updatedAt: now,
  };
  ctx.shop.store.discounts.set(discount.id, discount);
  touch(ctx.shop);
  return { codeDiscountNode: discountNodeView(discount, currency), userErrors: [] };
}

function findDiscount(ctx: ResolverContext, id: unknown): CodeDiscount | null {
  const parsed = parseGid(id);
  if (parsed?.type !== "DiscountCodeNode") return null;
  return ctx.shop.store.discounts.get(parsed.id) ?? null;
}

function setActive(ctx: ResolverContext, args: Args, active: boolean) {
  const discount = findDiscount(ctx, args.id);
  if (!discount)
    return {
      codeDiscountNode: null,
      userErrors: [{ field: ["id"], message: "Discount does not exist", code: "INVALID", extraInfo: null }],
    };
  const now = ctx.shop.store.now;
  if (active) {
    if (discount.endsAt != null && discount.endsAt <= now) discount.endsAt = null;
    if (discount.startsAt > now) discount.startsAt = now;
  } else if (discount.endsAt == null || discount.endsAt > now) {
    discount.endsAt = now;
  }
  discount.updatedAt = now;
  touch(ctx.shop);
  return { codeDiscountNode: discountNodeView(discount, ctx.shop.store.shop.currency), userErrors: [] };
}

export function redeemCodeBulkCreationView(ctx: ResolverContext, id: number) {
  const creation = ctx.shop.redeemCodeBulkCreations.get(id);
  if (!creation) return null;
  const imported = creation.codes.filter((c) => c.errors.length === 0 && c.redeemCodeId != null).length;
  const failed = creation.codes.filter((c) => c.errors.length > 0).length;
  const discount = ctx.shop.store.discounts.get(creation.discountId);
  return {
    __typename: "DiscountRedeemCodeBulkCreation",
    id: gid("DiscountRedeemCodeBulkCreation", creation.id),
    createdAt: iso(creation.createdAt),
    done: creation.done,
    codesCount: creation.codes.length,
    importedCount: creation.done ? imported : 0,
    failedCount: creation.done ? failed : 0,
    discountCode: discount ? discountNodeView(discount, ctx.shop.store.shop.currency) : null,
    codes: (args: Args) => {
      const entries = creation.codes.map((entry, index) => ({ ...entry, id: index + 1 }));
      const page = paginate(entries, args as ConnectionArgs, { value: (e) => e.id, id: (e) => e.id }, ctx.bulk);
      return connectionView(page, (entry) => {
        const redeem = entry.redeemCodeId != null ? discount?.codes.find((c) => c.id === entry.redeemCodeId) : undefined;
        return {
          code: entry.code,
          discountRedeemCode: redeem ? redeemCodeView(redeem) : null,
          errors: entry.errors.map((e) => ({ field: e.field, message: e.message, code: e.code, extraInfo: null })),
        };
      });
    },
  };
}

function discountRedeemCodeBulkAdd(ctx: ResolverContext, args: Args) {
  const discount = findDiscount(ctx, args.discountId);
  if (!discount)
    return {
      bulkCreation: null,
      userErrors: [{ field: ["discountId"], message: "Code discount does not exist.", code: "INVALID", extraInfo: null }],
    };
  const codes = ((args.codes as Args[]) ?? []).map((c) => String(c.code ?? ""));
  if (codes.length === 0)
    return {
      bulkCreation: null,
      userErrors: [{ field: ["codes"], message: "Codes can't be blank", code: "BLANK", extraInfo: null }],
    };
  if (codes.length > REDEEM_CODES_BULK_LIMIT) {
    return {
      bulkCreation: null,
      userErrors: [
        {
          field: ["codes"],
          message: `Codes can't exceed ${REDEEM_CODES_BULK_LIMIT}`,
          code: "TOO_MANY_ARGUMENTS",
          extraInfo: null,
        },
      ],
    };
  }
  const creation = {
    id: nextId(ctx.shop.store),
    discountId: discount.id,
    createdAt: ctx.shop.store.now,
    done: false,
    codes: codes.map((code) => ({
      code,
      redeemCodeId: null as number | null,
      errors: [] as { field: string[]; message: string; code: string }[],
    })),
  };
  ctx.shop.redeemCodeBulkCreations.set(creation.id, creation);
  const shop = ctx.shop;
  // Shopify imports the codes asynchronously; the creation reports done once they are processed.
  ctx.services.later(() => {
    const taken = allCodes(shop);
    for (const entry of creation.codes) {
      const code = entry.code.trim();
      if (!code) entry.errors.push({ field: ["code"], message: "Code can't be blank", code: "BLANK" });
      else if (code.length > 255)
        entry.errors.push({ field: ["code"], message: "Code is too long (maximum is 255 characters)", code: "TOO_LONG" });
      else if (taken.has(code.toLowerCase()))
        entry.errors.push({ field: ["code"], message: "Code must be unique. Please try a different code.", code: "TAKEN" });
      else {
        const redeem = { id: nextId(shop.store), code, asyncUsageCount: 0 };
        discount.codes.push(redeem);
        taken.add(code.toLowerCase());
        entry.redeemCodeId = redeem.id;
      }
    }
    discount.updatedAt = shop.store.now;
    creation.done = true;
    touch(shop);
  });
  return { bulkCreation: redeemCodeBulkCreationView(ctx, creation.id), userErrors: [] };
}

// --------------------------------------------------------------------------------------------------- bulk & uploads

function stagedUploadsCreate(ctx: ResolverContext, args: Args) {
  const inputs = (args.input as Args[]) ?? [];
  const base = ctx.core.baseUrl();
  const userErrors: UserError[] = [];
  const targets = inputs.map((input, index) => {
    if (input.resource !== "BULK_MUTATION_VARIABLES") {
      ctx.core.warn(`stagedUploadsCreate resource ${String(input.resource)} not emulated beyond accepting the upload`);
    }
    if (!input.filename) userErrors.push({ field: ["input", String(index), "filename"], message: "Filename can't be blank" });
    const key = `tmp/${ctx.shop.store.shop.domain}/bulk/${randomUUID()}/${String(input.filename ?? "upload.jsonl")}`;
    if (input.httpMethod === "PUT") {
      const url = `${base}/_emulator/staged-uploads/${encodeURIComponent(key)}?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Signature=emulator`;
      return {
        url,
        resourceUrl: url.split("?")[0],
        parameters: [
          { name: "content_type", value: String(input.mimeType ?? "text/jsonl") },
          { name: "acl", value: "private" },
        ],
      };
    }
    return {
      url: `${base}/_emulator/staged-uploads`,
      resourceUrl: `${base}/_emulator/staged-uploads/${encodeURIComponent(key)}`,
      parameters: [
        { name: "Content-Type", value: String(input.mimeType ?? "text/jsonl") },
        { name: "success_action_status", value: "201" },
        { name: "acl", value: "private" },
        { name: "key", value: key },
        { name: "x-goog-date", value: "20250101T000000Z" },
        { name: "x-goog-credential", value: "emulator/20250101/auto/storage/goog4_request" },
        { name: "x-goog-algorithm", value: "GOOG4-RSA-SHA256" },
        { name: "x-goog-signature", value: "emulator" },
        { name: "policy", value: Buffer.from(JSON.stringify({ key })).toString("base64") },
      ],
    };
  });
  return { stagedTargets: userErrors.length ? null : targets, userErrors };
}

function bulkPayload(
  ctx: ResolverContext,
  result: { operation: import("../state").BulkOperationRecord | null; userErrors: unknown[] },
) {
  return {
    bulkOperation: result.operation ? bulkOperationView(result.operation, ctx.core.baseUrl()) : null,
    userErrors: result.userErrors,
  };
}

// --------------------------------------------------------------------------------------------------- registry

export type MutationResolver = (args: Args, ctx: ResolverContext) => Record<string, unknown>;

export const mutationResolvers: Record<string, MutationResolver> = {
  tagsAdd: (args, ctx) => changeTags(ctx, args, true),
  tagsRemove: (args, ctx) => changeTags(ctx, args, false),
  customerEmailMarketingConsentUpdate: (args, ctx) => customerEmailMarketingConsentUpdate(ctx, args),
  metafieldsSet: (args, ctx) => metafieldsSet(ctx, args),
  metafieldsDelete: (args, ctx) => metafieldsDelete(ctx, args),
  metafieldDefinitionCreate: (args, ctx) => metafieldDefinitionCreate(ctx, args),
  ...segmentMutationResolvers,
  discountCodeBasicCreate: (args, ctx) => discountCodeBasicCreate(ctx, args),
  flowTriggerReceive: (args, ctx) => flowTriggerReceive(ctx, args),
  discountRedeemCodeBulkAdd: (args, ctx) => discountRedeemCodeBulkAdd(ctx, args),
  discountCodeDeactivate: (args, ctx) => setActive(ctx, args, false),
  discountCodeActivate: (args, ctx) => setActive(ctx, args, true),
  stagedUploadsCreate: (args, ctx) => stagedUploadsCreate(ctx, args),
  bulkOperationRunQuery: (args, ctx) =>
    bulkPayload(ctx, ctx.services.startBulkQuery(ctx.shop, String(args.query ?? ""), args.groupObjects !== false)),
  bulkOperationRunMutation: (args, ctx) =>
    bulkPayload(
      ctx,
      ctx.services.startBulkMutation(
        ctx.shop,
        String(args.mutation ?? ""),
        String(args.stagedUploadPath ?? ""),
        (args.clientIdentifier as string) ?? null,
      ),
    ),
  bulkOperationCancel: (args, ctx) => {
    const parsed = parseGid(args.id);
    if (parsed?.type !== "BulkOperation")
      return { bulkOperation: null, userErrors: [{ field: ["id"], message: "Bulk operation does not exist" }] };
    return bulkPayload(ctx, ctx.services.cancelBulk(ctx.shop, parsed.id));
  },
};

/** Which payload field carries userErrors and which error type, for failNext({kind:"userErrors"}). */
export function injectedUserErrors(field: string, message: string, errorField: string[] | undefined): Record<string, unknown> {
  const codes: Record<string, string> = {
    bulkOperationRunQuery: "INVALID",
    bulkOperationRunMutation: "INVALID_MUTATION",
    metafieldsSet: "INTERNAL_ERROR",
  };
  const code = codes[field] ?? (field.startsWith("discount") ? "INTERNAL_ERROR" : null);
  return { userErrors: [{ field: errorField ?? null, message, code, elementIndex: null, extraInfo: null }] };
}

export type { Customer };
