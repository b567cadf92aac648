/**
 * Shopify's calculated query cost: scalars and enums 0, objects 1, connections 2 + (first|last) × the cost of
 * one node, interfaces and unions the most expensive possible selection, every mutation field 10.
 * The requested cost is computed from the document; the actual cost from the data that was returned.
 */
import {
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  GraphQLIncludeDirective,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  GraphQLSkipDirective,
  type OperationDefinitionNode,
  type SelectionSetNode,
  getDirectiveValues,
  getNamedType,
  isAbstractType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLOutputType,
  type GraphQLAbstractType,
  type GraphQLInterfaceType,
  type GraphQLUnionType,
  getArgumentValues,
  isInterfaceType,
} from "graphql";

export const MUTATION_COST = 10;
export const MAX_SINGLE_QUERY_COST = 1000;

export interface CostInput {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

type Composite = GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType;

function included(node: FieldNode | { directives?: FieldNode["directives"] }, variables: Record<string, unknown>): boolean {
  const skip = getDirectiveValues(GraphQLSkipDirective, node as FieldNode, variables);
  if (skip?.if === true) return false;
  const include = getDirectiveValues(GraphQLIncludeDirective, node as FieldNode, variables);
  return include?.if !== false;
}

/** Fields selected on `type` (a concrete object type, or an abstract type for "no fragment matched"). */
function collect(
  input: CostInput,
  type: Composite,
  selectionSet: SelectionSetNode,
  out = new Map<string, FieldNode[]>(),
): Map<string, FieldNode[]> {
  for (const selection of selectionSet.selections) {
    if (!included(selection, input.variables)) continue;
    if (selection.kind === "Field") {
      const key = selection.alias?.value ?? selection.name.value;
      const list = out.get(key);
      if (list) list.push(selection);
      else out.set(key, [selection]);
    } else {
      const condition =
        selection.kind === "InlineFragment"
          ? selection.typeCondition?.name.value
          : input.fragments[selection.name.value]?.typeCondition.name.value;
      const fragmentSet =
        selection.kind === "InlineFragment" ? selection.selectionSet : input.fragments[selection.name.value]?.selectionSet;
      if (!fragmentSet) continue;
      if (!condition || applies(input.schema, condition, type)) collect(input, type, fragmentSet, out);
    }
  }
  return out;
}

function applies(schema: GraphQLSchema, condition: string, type: Composite): boolean {
  if (condition === type.name) return true;
  const conditionType = schema.getType(condition);
  if (!conditionType) return false;
  if (isObjectType(type) && isAbstractType(conditionType)) return schema.isSubType(conditionType, type);
  // an abstract runtime type ("none of the object fragments matched"): abstract conditions are assumed to match
  return !isObjectType(conditionType) && isAbstractType(conditionType);
}

/** The concrete types worth costing for an abstract selection: those named by fragments, plus the type itself. */
function candidates(input: CostInput, type: GraphQLAbstractType, selectionSet: SelectionSetNode): Composite[] {
  const names = new Set<string>();
  const visit = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === "InlineFragment") {
        if (selection.typeCondition) names.add(selection.typeCondition.name.value);
        visit(selection.selectionSet);
      } else if (selection.kind === "FragmentSpread") {
        const fragment = input.fragments[selection.name.value];
        if (fragment) {
          names.add(fragment.typeCondition.name.value);
          visit(fragment.selectionSet);
        }
      }
    }
  };
  visit(selectionSet);
  const result: Composite[] = [type];
  for (const name of names) {
    const t = input.schema.getType(name);
    if (t && isObjectType(t) && input.schema.isSubType(type, t)) result.push(t);
  }
  return result;
}

export function isConnectionType(type: GraphQLNamedType): type is GraphQLObjectType {
  if (!isObjectType(type) || !type.name.endsWith("Connection")) return false;
  const fields = type.getFields();
  return "edges" in fields || "nodes" in fields;
}

function fieldDef(type: Composite, name: string): GraphQLField<unknown, unknown> | undefined {
  if (isObjectType(type) || isInterfaceType(type)) return type.getFields()[name];
  return undefined;
}

function pageSize(input: CostInput, def: GraphQLField<unknown, unknown>, node: FieldNode): number {
  const args = getArgumentValues(def, node, input.variables);
  const first = typeof args.first === "number" ? args.first : null;
  const last = typeof args.last === "number" ? args.last : null;
  return Math.max(first ?? 0, last ?? 0);
}

function mergedSelection(nodes: FieldNode[]): SelectionSetNode | undefined {
  const sets = nodes.map((n) => n.selectionSet).filter((s): s is SelectionSetNode => !!s);
  if (sets.length === 0) return undefined;
  if (sets.length === 1) return sets[0];
  return { kind: "SelectionSet" as SelectionSetNode["kind"], selections: sets.flatMap((s) => s.selections) };
}

// ------------------------------------------------------------------------------------------------- requested

function selectionCost(input: CostInput, type: Composite, selectionSet: SelectionSetNode | undefined): number {
  if (!selectionSet) return 0;
  if (isAbstractType(type)) {
    return Math.max(...candidates(input, type, selectionSet).map((candidate) => concreteCost(input, candidate, selectionSet)));
  }
  return concreteCost(input, type, selectionSet);
}

function concreteCost(input: CostInput, type: Composite, selectionSet: SelectionSetNode): number {
  let total = 0;
  for (const nodes of collect(input, type, selectionSet).values()) {
    const name = nodes[0].name.value;
    if (name.startsWith("__")) continue;
    const def = fieldDef(type, name);
    if (!def) continue;
    total += fieldCost(input, def, nodes);
  }
  return total;
}

function fieldCost(input: CostInput, def: GraphQLField<unknown, unknown>, nodes: FieldNode[]): number {
  const named = getNamedType(def.type);
  if (isLeafType(named)) return 0;
  const selection = mergedSelection(nodes);
  if (isConnectionType(named)) return 2 + pageSize(input, def, nodes[0]) * connectionNodeCost(input, named, selection);
  return 1 + selectionCost(input, named as Composite, selection);
}

function connectionNodeCost(input: CostInput, connection: GraphQLObjectType, selection: SelectionSetNode | undefined): number {
  if (!selection) return 0;
  let total = 0;
  for (const nodes of collect(input, connection, selection).values()) {
    const name = nodes[0].name.value;
    const def = connection.getFields()[name];
    if (!def) continue;
    if (name === "edges") {
      const edgeType = getNamedType(def.type) as GraphQLObjectType;
      const edgeSelection = mergedSelection(nodes);
      if (!edgeSelection) continue;
      for (const edgeNodes of collect(input, edgeType, edgeSelection).values()) {
        const edgeDef = edgeType.getFields()[edgeNodes[0].name.value];
        if (edgeDef && edgeNodes[0].name.value === "node")
          total += 1 + selectionCost(input, getNamedType(edgeDef.type) as Composite, mergedSelection(edgeNodes));
        else if (edgeDef) total += fieldCost(input, edgeDef, edgeNodes) - (isLeafType(getNamedType(edgeDef.type)) ? 0 : 0);
      }
    } else if (name === "nodes") {
      total += 1 + selectionCost(input, getNamedType(def.type) as Composite, mergedSelection(nodes));
    }
    // pageInfo is free
  }
  return total;
}

export function requestedQueryCost(input: CostInput): number {
  const root = input.operation.operation === "mutation" ? input.schema.getMutationType() : input.schema.getQueryType();
  if (!root) return 0;
  if (input.operation.operation === "mutation") {
    let total = 0;
    for (const nodes of collect(input, root, input.operation.selectionSet).values())
      if (!nodes[0].name.value.startsWith("__")) total += MUTATION_COST;
    return total;
  }
  return concreteCost(input, root, input.operation.selectionSet);
}

// ------------------------------------------------------------------------------------------------- actual

function actualSelection(
  input: CostInput,
  type: Composite,
  selectionSet: SelectionSetNode | undefined,
  data: Record<string, unknown>,
): number {
  if (!selectionSet) return 0;
  const types = isAbstractType(type) ? candidates(input, type, selectionSet) : [type];
  let best = 0;
  for (const candidate of types) {
    let total = 0;
    for (const [key, nodes] of collect(input, candidate, selectionSet)) {
      const name = nodes[0].name.value;
      if (name.startsWith("__")) continue;
      const def = fieldDef(candidate, name);
      if (!def || !(key in data)) continue;
      total += actualField(input, def.type, nodes, data[key]);
    }
    best = Math.max(best, total);
  }
  return best;
}

function actualField(input: CostInput, type: GraphQLOutputType, nodes: FieldNode[], value: unknown): number {
  const named = getNamedType(type);
  if (isLeafType(named) || value == null) return 0;
  const selection = mergedSelection(nodes);
  if (isConnectionType(named)) return 2 + actualConnectionNodes(input, named, selection, value as Record<string, unknown>);
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    const list = value as unknown[];
    const first = list.find((item) => item != null);
    return first == null ? 0 : 1 + actualSelection(input, named as Composite, selection, first as Record<string, unknown>);
  }
  return 1 + actualSelection(input, named as Composite, selection, value as Record<string, unknown>);
}

function actualConnectionNodes(
  input: CostInput,
  connection: GraphQLObjectType,
  selection: SelectionSetNode | undefined,
  value: Record<string, unknown>,
): number {
  if (!selection) return 0;
  let total = 0;
  for (const [key, nodes] of collect(input, connection, selection)) {
    const name = nodes[0].name.value;
    const def = connection.getFields()[name];
    const items = value[key];
    if (!def || !Array.isArray(items)) continue;
    if (name === "edges") {
      const edgeType = getNamedType(def.type) as GraphQLObjectType;
      const edgeSelection = mergedSelection(nodes);
      if (!edgeSelection) continue;
      for (const [edgeKey, edgeNodes] of collect(input, edgeType, edgeSelection)) {
        if (edgeNodes[0].name.value !== "node") continue;
        const nodeType = getNamedType(edgeType.getFields().node.type) as Composite;
        for (const edge of items as Record<string, unknown>[]) {
          const node = edge?.[edgeKey];
          if (node != null)
            total += 1 + actualSelection(input, nodeType, mergedSelection(edgeNodes), node as Record<string, unknown>);
        }
      }
    } else if (name === "nodes") {
      const nodeType = getNamedType(def.type) as Composite;
      for (const node of items)
        if (node != null) total += 1 + actualSelection(input, nodeType, mergedSelection(nodes), node as Record<string, unknown>);
    }
  }
  return total;
}

export function actualQueryCost(input: CostInput, data: Record<string, unknown> | null | undefined): number {
  if (input.operation.operation === "mutation") return requestedQueryCost(input);
  const root = input.schema.getQueryType();
  if (!root || !data) return 0;
  return actualSelection(input, root, input.operation.selectionSet, data);
}
