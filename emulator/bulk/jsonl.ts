/**
 * Bulk query export in Shopify's JSONL format, written generically from the query's selection set:
 * one line per node of the top connection; every nested connection's nodes become their own lines with
 * `__parentId` (the id of the object owning the connection), written after their parent; plain lists and
 * objects stay inline. Streaming: the selection is executed node by node over an iterable.
 */
import { once } from "node:events";
import type { Writable } from "node:stream";
import {
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionSetNode,
  execute,
  getArgumentValues,
  getNamedType,
  isAbstractType,
  isLeafType,
  isObjectType,
  isInterfaceType,
} from "graphql";
import { isConnectionType } from "../graphql/cost";
import { type PreparedDocument, emulatorFieldResolver, emulatorTypeResolver, prepareDocument } from "../graphql/execute";
import { parseGid } from "../graphql/format";
import { queryResolvers } from "../graphql/resolvers";
import type { ResolverContext } from "../graphql/views";
import type { EmulatorCore } from "../state";

export const BULK_MAX_CONNECTIONS = 5;
export const BULK_MAX_DEPTH = 2;

export interface BulkQueryPlan {
  prepared: PreparedDocument;
  /** the top-level connection field on QueryRoot */
  rootField: FieldNode;
  rootFieldDef: GraphQLField<unknown, unknown>;
  /** the node type of the top connection, e.g. Order */
  nodeType: GraphQLNamedType;
}

type Collected = Map<string, FieldNode[]>;

function collect(
  schema: GraphQLSchema,
  fragments: Record<string, FragmentDefinitionNode>,
  type: GraphQLNamedType,
  set: SelectionSetNode,
  out: Collected = new Map(),
): Collected {
  for (const selection of set.selections) {
    if (selection.kind === "Field") {
      const key = selection.alias?.value ?? selection.name.value;
      out.set(key, [...(out.get(key) ?? []), selection]);
      continue;
    }
    const condition =
      selection.kind === "InlineFragment"
        ? selection.typeCondition?.name.value
        : fragments[selection.name.value]?.typeCondition.name.value;
    const inner = selection.kind === "InlineFragment" ? selection.selectionSet : fragments[selection.name.value]?.selectionSet;
    if (!inner) continue;
    const conditionType = condition ? schema.getType(condition) : null;
    const matches =
      !condition ||
      condition === type.name ||
      (conditionType && isAbstractType(conditionType) && isObjectType(type) && schema.isSubType(conditionType, type));
    if (matches) collect(schema, fragments, type, inner, out);
  }
  return out;
}

function merged(nodes: FieldNode[]): SelectionSetNode | undefined {
  const sets = nodes.map((n) => n.selectionSet).filter((s): s is SelectionSetNode => !!s);
  if (sets.length <= 1) return sets[0];
  return { kind: sets[0].kind, selections: sets.flatMap((s) => s.selections) };
}

function fieldsOf(type: GraphQLNamedType): Record<string, GraphQLField<unknown, unknown>> {
  return isObjectType(type) || isInterfaceType(type) ? type.getFields() : {};
}

/** The node selection of a connection: `edges { node { … } }` and `nodes { … }` merged. */
function nodeSelections(
  schema: GraphQLSchema,
  fragments: Record<string, FragmentDefinitionNode>,
  connection: GraphQLObjectType,
  set: SelectionSetNode | undefined,
) {
  const result: { key: string; via: "edges" | "nodes"; nodeKey: string; selection: SelectionSetNode | undefined }[] = [];
  if (!set) return result;
  for (const [key, nodes] of collect(schema, fragments, connection, set)) {
    const name = nodes[0].name.value;
    if (name === "nodes") result.push({ key, via: "nodes", nodeKey: key, selection: merged(nodes) });
    if (name === "edges") {
      const edgeType = getNamedType(connection.getFields().edges.type);
      const edgeSet = merged(nodes);
      if (!edgeSet) continue;
      for (const [edgeKey, edgeNodes] of collect(schema, fragments, edgeType, edgeSet)) {
        if (edgeNodes[0].name.value === "node")
          result.push({ key, via: "edges", nodeKey: edgeKey, selection: merged(edgeNodes) });
      }
    }
  }
  return result;
}

/** Checks a bulk query the way Shopify does and finds its top connection. */
export function planBulkQuery(core: EmulatorCore, query: string): { plan: BulkQueryPlan } | { errors: string[] } {
  const prepared = prepareDocument(core, query, null);
  if ("errors" in prepared) return { errors: prepared.errors.map((e) => e.message) };
  if (prepared.operation.operation !== "query")
    return { errors: ["Bulk queries must be queries (use bulkOperationRunMutation for mutations)."] };
  const schema = core.schema;
  const root = schema.getQueryType() as GraphQLObjectType;
  const top = [...collect(schema, prepared.fragments, root, prepared.operation.selectionSet).values()].map((nodes) => nodes[0]);
  const rootField = top.find((field) => field.name.value !== "__typename");
  const rootFieldDef = rootField ? root.getFields()[rootField.name.value] : undefined;
  if (!rootField || !rootFieldDef || !isConnectionType(getNamedType(rootFieldDef.type)))
    return { errors: ["Bulk queries must contain at least one connection."] };
  if (top.filter((field) => field.name.value !== "__typename").length > 1)
    return { errors: ["Bulk queries must contain exactly one top-level connection field."] };

  const errors: string[] = [];
  let connections = 0;
  const walk = (type: GraphQLNamedType, set: SelectionSetNode | undefined, depth: number, ownerSelectsId: boolean) => {
    if (!set) return;
    for (const [, nodes] of collect(schema, prepared.fragments, type, set)) {
      const def = fieldsOf(type)[nodes[0].name.value];
      if (!def) continue;
      const named = getNamedType(def.type);
      if (isLeafType(named)) continue;
      if (isConnectionType(named)) {
        connections++;
        if (depth + 1 > BULK_MAX_DEPTH)
          errors.push(`Bulk queries cannot contain connections with a nesting depth greater than ${BULK_MAX_DEPTH}.`);
        if (depth >= 1 && !ownerSelectsId) {
          errors.push(
            `The parent 'node' field for a nested connection must select the 'id' field without an alias and must be of 'ID' return type. Connection field: '${nodes[0].name.value}'`,
          );
        }
        for (const entry of nodeSelections(schema, prepared.fragments, named, merged(nodes))) {
          const nodeType = getNamedType(named.getFields()[entry.via === "nodes" ? "nodes" : "edges"].type);
          const innerType =
            entry.via === "edges" ? getNamedType((nodeType as GraphQLObjectType).getFields().node.type) : nodeType;
          walk(innerType, entry.selection, depth + 1, selectsId(entry.selection));
        }
      } else {
        const inner = merged(nodes);
        walk(named, inner, depth, selectsId(inner));
      }
    }
  };
  const selectsId = (set: SelectionSetNode | undefined) =>
    !!set?.selections.some((s) => s.kind === "Field" && s.name.value === "id" && !s.alias);
  walk(root, prepared.operation.selectionSet, 0, false);
  if (connections > BULK_MAX_CONNECTIONS)
    errors.push(`Bulk queries cannot contain more than ${BULK_MAX_CONNECTIONS} connections.`);
  if (errors.length > 0) return { errors: [...new Set(errors)] };
  const connection = getNamedType(rootFieldDef.type) as GraphQLObjectType;
  const nodeType = getNamedType(
    connection.getFields().nodes?.type ??
      (getNamedType(connection.getFields().edges.type) as GraphQLObjectType).getFields().node.type,
  );
  return { plan: { prepared, rootField, rootFieldDef, nodeType } };
}

/** All nodes of the plan's top connection in the shop (filters, sortKey and reverse honoured; no paging). */
export function bulkRootNodes(ctx: ResolverContext, plan: BulkQueryPlan): unknown[] {
  const args = getArgumentValues(plan.rootFieldDef, plan.rootField, {});
  const resolver = queryResolvers[plan.rootField.name.value];
  if (!resolver) {
    ctx.core.warn(`bulk export of ${plan.rootField.name.value} not emulated`);
    return [];
  }
  const connection = resolver(args, { ...ctx, bulk: true }) as { nodes: unknown[] };
  return connection.nodes;
}

export interface BulkWriteResult {
  objectCount: number;
  rootObjectCount: number;
  bytes: number;
}

export interface BulkWriteOptions {
  /** stop after this many root nodes (a FAILED switch writes partial data) */
  limit?: number;
  /** called between chunks so a long export can give the event loop back; may throw to abort */
  yieldEvery?: number;
  shouldStop?: () => boolean;
}

function flatten(
  schema: GraphQLSchema,
  fragments: Record<string, FragmentDefinitionNode>,
  type: GraphQLNamedType,
  set: SelectionSetNode | undefined,
  value: Record<string, unknown>,
  ownerId: string | null,
  after: Record<string, unknown>[],
): Record<string, unknown> {
  if (!set) return value;
  let concrete = type;
  if (isAbstractType(type)) {
    const name = (value.__typename as string | undefined) ?? parseGid(value.id)?.type;
    const found = name ? schema.getType(name) : null;
    if (found) concrete = found;
    else return value;
  }
  const selfId = typeof value.id === "string" ? value.id : ownerId;
  const out: Record<string, unknown> = {};
  const collected = collect(schema, fragments, concrete, set);
  for (const [key, fieldValue] of Object.entries(value)) {
    const nodes = collected.get(key);
    const def = nodes ? fieldsOf(concrete)[nodes[0].name.value] : undefined;
    const named = def ? getNamedType(def.type) : null;
    if (!nodes || !def || !named || isLeafType(named) || fieldValue == null) {
      out[key] = fieldValue;
      continue;
    }
    if (isConnectionType(named)) {
      const connection = fieldValue as Record<string, unknown>;
      for (const entry of nodeSelections(schema, fragments, named, merged(nodes))) {
        const raw = connection[entry.key];
        if (!Array.isArray(raw)) continue;
        const childType =
          entry.via === "edges"
            ? getNamedType((getNamedType(named.getFields().edges.type) as GraphQLObjectType).getFields().node.type)
            : getNamedType(named.getFields().nodes.type);
        for (const item of raw) {
          const child = (entry.via === "edges" ? (item as Record<string, unknown>)?.[entry.nodeKey] : item) as Record<
            string,
            unknown
          > | null;
          if (!child) continue;
          const childAfter: Record<string, unknown>[] = [];
          const line = flatten(schema, fragments, childType, entry.selection, child, selfId, childAfter);
          after.push({ ...line, __parentId: selfId }, ...childAfter);
        }
      }
      continue;
    }
    const inner = merged(nodes);
    out[key] = Array.isArray(fieldValue)
      ? fieldValue.map((item) =>
          item && typeof item === "object"
            ? flatten(schema, fragments, named, inner, item as Record<string, unknown>, selfId, after)
            : item,
        )
      : flatten(schema, fragments, named, inner, fieldValue as Record<string, unknown>, selfId, after);
  }
  return out;
}

/**
 * Executes the plan's node selection for each of `nodes` (view objects such as OrderView) and writes the
 * JSONL lines to `out`, honouring backpressure. Works for any iterable, so huge stores never become one result.
 */
export async function writeBulkJsonl(
  ctx: ResolverContext,
  plan: BulkQueryPlan,
  nodes: Iterable<unknown> | AsyncIterable<unknown>,
  out: Writable,
  options: BulkWriteOptions = {},
): Promise<BulkWriteResult> {
  const bulkCtx: ResolverContext = { ...ctx, bulk: true };
  const schema = ctx.core.schema;
  const { prepared, rootField } = plan;
  const rootKey = rootField.alias?.value ?? rootField.name.value;
  const connectionType = getNamedType(plan.rootFieldDef.type) as GraphQLObjectType;
  const selections = nodeSelections(schema, prepared.fragments, connectionType, rootField.selectionSet);
  let current: unknown = null;
  const single = {
    edges: [
      {
        cursor: "",
        get node() {
          return current;
        },
      },
    ],
    get nodes() {
      return [current];
    },
    pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
  };
  const rootValue = { [rootField.name.value]: () => single };
  const yieldEvery = options.yieldEvery ?? 200;
  let objectCount = 0;
  let rootObjectCount = 0;
  let bytes = 0;
  let buffer = "";
  const flush = async () => {
    if (!buffer) return;
    const chunk = buffer;
    buffer = "";
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, "drain");
  };
  for await (const node of nodes as AsyncIterable<unknown>) {
    if (options.limit != null && rootObjectCount >= options.limit) break;
    if (options.shouldStop?.()) break;
    current = node;
    const result = execute({
      schema,
      document: prepared.document,
      operationName: prepared.operation.name?.value,
      rootValue,
      contextValue: bulkCtx,
      fieldResolver: emulatorFieldResolver,
      typeResolver: emulatorTypeResolver,
    }) as ExecutionResult;
    if (result.errors?.length) throw new Error(`bulk export failed: ${result.errors[0].message}`);
    const connection = (result.data as Record<string, Record<string, unknown>>)[rootKey];
    for (const entry of selections) {
      const raw = connection[entry.key] as unknown[];
      const value = (entry.via === "edges" ? (raw[0] as Record<string, unknown>)[entry.nodeKey] : raw[0]) as Record<
        string,
        unknown
      >;
      const after: Record<string, unknown>[] = [];
      const line = flatten(schema, prepared.fragments, plan.nodeType, entry.selection, value, null, after);
      buffer += `${JSON.stringify(line)}\n`;
      for (const child of after) buffer += `${JSON.stringify(child)}\n`;
      objectCount += 1 + after.length;
      break; // edges and nodes select the same objects: Shopify writes each object once
    }
    rootObjectCount++;
    if (buffer.length > 64 * 1024) await flush();
    if (rootObjectCount % yieldEvery === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  await flush();
  return { objectCount, rootObjectCount, bytes };
}
