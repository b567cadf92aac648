/**
 * Customer segments and the definition capability they rest on: segmentCreate, segmentUpdate,
 * metafieldDefinitionUpdate (admin-filterable on or off), and the queries segments, segment and
 * customerSegmentMembers, which evaluates a segment query (./segment-query) against the store's customers.
 */
import { type SegmentRecord, nextId, type ShopState } from "../state";
import { gid, iso, parseGid } from "./format";
import { connectionView, paginate, type ConnectionArgs } from "./connection";
import { ADMIN_FILTERABLE_TYPES, filterableCapability, parseSegmentQuery } from "./segment-query";
import { type ResolverContext, resolveNamespace } from "./views";

type Args = Record<string, unknown>;

const NAME_LIMIT = 255;

export function segmentView(segment: SegmentRecord) {
  return {
    __typename: "Segment",
    id: gid("Segment", segment.id),
    name: segment.name,
    query: segment.query,
    creationDate: iso(segment.createdAt),
    lastEditDate: iso(segment.updatedAt),
  };
}

function nameErrors(shop: ShopState, name: string, except: number | null) {
  if (name.trim() === "") return [{ field: ["name"], message: "Name can't be blank" }];
  if (name.length > NAME_LIMIT) return [{ field: ["name"], message: `Name is too long (maximum is ${NAME_LIMIT} characters)` }];
  if (shop.segments.some((segment) => segment.name === name && segment.id !== except))
    return [{ field: ["name"], message: "Name has already been taken" }];
  return [];
}

function queryErrors(shop: ShopState, query: string) {
  const parsed = parseSegmentQuery(query, shop.metafieldDefinitions);
  return parsed.ok ? [] : [{ field: ["query"], message: parsed.message }];
}

function segmentCreate(ctx: ResolverContext, args: Args) {
  const name = String(args.name ?? "");
  const query = String(args.query ?? "");
  const userErrors = [...nameErrors(ctx.shop, name, null), ...queryErrors(ctx.shop, query)];
  if (userErrors.length > 0) return { segment: null, userErrors };
  const now = ctx.shop.store.now;
  const segment: SegmentRecord = { id: nextId(ctx.shop.store), name, query, createdAt: now, updatedAt: now };
  ctx.shop.segments.push(segment);
  return { segment: segmentView(segment), userErrors: [] };
}

function segmentUpdate(ctx: ResolverContext, args: Args) {
  const parsed = parseGid(args.id);
  const segment = parsed?.type === "Segment" ? ctx.shop.segments.find((s) => s.id === parsed.id) : undefined;
  if (!segment) return { segment: null, userErrors: [{ field: ["id"], message: "Segment does not exist" }] };
  const name = typeof args.name === "string" ? args.name : null;
  const query = typeof args.query === "string" ? args.query : null;
  const userErrors = [
    ...(name === null ? [] : nameErrors(ctx.shop, name, segment.id)),
    ...(query === null ? [] : queryErrors(ctx.shop, query)),
  ];
  if (userErrors.length > 0) return { segment: null, userErrors };
  if (name !== null) segment.name = name;
  if (query !== null) segment.query = query;
  segment.updatedAt = ctx.shop.store.now;
  return { segment: segmentView(segment), userErrors: [] };
}

/** metafieldDefinitionUpdate: only what the app changes (name, description, the admin-filterable capability). */
function metafieldDefinitionUpdate(ctx: ResolverContext, args: Args) {
  const input = (args.definition ?? {}) as Args;
  const namespace = resolveNamespace(
    typeof input.namespace === "string" && input.namespace ? input.namespace : "$app",
    ctx.core.appId,
  );
  const definition = ctx.shop.metafieldDefinitions.find(
    (d) => d.namespace === namespace && d.key === input.key && d.ownerType === input.ownerType,
  );
  if (!definition)
    return {
      updatedDefinition: null,
      userErrors: [{ field: ["definition"], message: "Definition not found.", code: "NOT_FOUND" }],
    };
  const capabilities = input.capabilities as { adminFilterable?: unknown } | undefined;
  if (capabilities?.adminFilterable !== undefined) {
    const enabled = filterableCapability(capabilities);
    if (enabled && !ADMIN_FILTERABLE_TYPES.has(definition.type))
      return {
        updatedDefinition: null,
        userErrors: [
          {
            field: ["definition", "capabilities", "adminFilterable"],
            message: `The admin filterable capability is not available for the '${definition.type}' type.`,
            code: "INVALID_CAPABILITY",
          },
        ],
      };
    definition.adminFilterable = enabled;
  }
  if (typeof input.name === "string") definition.name = input.name;
  if (typeof input.description === "string") definition.description = input.description;
  return {
    updatedDefinition: { __typename: "MetafieldDefinition", id: gid("MetafieldDefinition", definition.id), key: definition.key },
    userErrors: [],
  };
}

export const segmentMutationResolvers = {
  segmentCreate: (args: Args, ctx: ResolverContext) => segmentCreate(ctx, args),
  segmentUpdate: (args: Args, ctx: ResolverContext) => segmentUpdate(ctx, args),
  metafieldDefinitionUpdate: (args: Args, ctx: ResolverContext) => metafieldDefinitionUpdate(ctx, args),
};

/** customerSegmentMembers(query | segmentId): the customers the segment query selects, by customer id. */
function customerSegmentMembers(args: Args, ctx: ResolverContext) {
  let query = typeof args.query === "string" ? args.query : null;
  if (query === null && args.segmentId) {
    const parsed = parseGid(args.segmentId);
    query = ctx.shop.segments.find((s) => parsed?.type === "Segment" && s.id === parsed.id)?.query ?? null;
  }
  if (query === null) throw new Error("customerSegmentMembers needs a query or the id of an existing segment");
  const parsed = parseSegmentQuery(query, ctx.shop.metafieldDefinitions);
  if (!parsed.ok) throw new Error(parsed.message);
  const members = [...ctx.shop.store.customers.values()].filter(parsed.matches);
  const page = paginate(members, args as ConnectionArgs, { value: (customer) => customer.id, id: (customer) => customer.id });
  return {
    ...connectionView(page, (customer) => ({
      __typename: "CustomerSegmentMember",
      id: gid("CustomerSegmentMember", customer.id),
      displayName: `${customer.lastName} ${customer.firstName}`.trim(),
      firstName: customer.firstName,
      lastName: customer.lastName,
      defaultEmailAddress: customer.email ? { emailAddress: customer.email } : null,
    })),
    totalCount: members.length,
    statistics: null,
  };
}

export const segmentQueryResolvers = {
  segments: (args: Args, ctx: ResolverContext) => {
    const page = paginate(ctx.shop.segments, args as ConnectionArgs, { value: (s) => s.id, id: (s) => s.id });
    return connectionView(page, segmentView);
  },
  segment: (args: Args, ctx: ResolverContext) => {
    const parsed = parseGid(args.id);
    const segment = parsed?.type === "Segment" ? ctx.shop.segments.find((s) => s.id === parsed.id) : undefined;
    return segment ? segmentView(segment) : null;
  },
  customerSegmentMembers,
};
