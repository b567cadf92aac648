/**
 * The part of Shopify's customer segment query language the app writes (segmentCreate/segmentUpdate) and
 * tests read back (customerSegmentMembers): conditions on customer metafields and tags, joined by AND / OR
 * (AND binds tighter). As on Shopify, a metafield can be filtered on only when the shop has a customer
 * definition for it with the admin-filterable capability; anything else is refused with a message.
 *
 *   metafields.app--1--kizuna.segment = 'champions'
 *   metafields.app--1--kizuna.churn_risk >= 0.7 AND metafields.app--1--kizuna.future_loyal IS TRUE
 *   metafields.app--1--kizuna.tier IS NOT NULL OR customer_tags CONTAINS 'vip'
 */
import type { Customer } from "../store/model";
import type { MetafieldDefinitionRecord } from "../state";

type Operator = "=" | "!=" | ">" | ">=" | "<" | "<=";

type Condition =
  | { kind: "metafield"; namespace: string; key: string; type: string; op: Operator; value: string | number | boolean }
  | { kind: "metafield-null"; namespace: string; key: string; negated: boolean }
  | { kind: "metafield-bool"; namespace: string; key: string; value: boolean }
  | { kind: "tag"; tag: string; negated: boolean };

export type SegmentQueryResult = { ok: true; matches: (customer: Customer) => boolean } | { ok: false; message: string };

const NUMERIC_TYPES = new Set(["number_integer", "number_decimal"]);
/** Types a definition may be filtered on in the admin (text, numbers, true or false, dates). */
export const ADMIN_FILTERABLE_TYPES = new Set([
  "single_line_text_field",
  "number_integer",
  "number_decimal",
  "boolean",
  "date",
  "date_time",
]);

/** `capabilities: { adminFilterable: { enabled } }` of a definition input. */
export function filterableCapability(capabilities: unknown): boolean {
  const filterable = (capabilities as { adminFilterable?: { enabled?: unknown } } | null | undefined)?.adminFilterable;
  return filterable?.enabled === true;
}

/** Splits on AND / OR outside quotes; returns OR-groups of AND-ed clause texts. */
function clauses(query: string): string[][] {
  const groups: string[][] = [[]];
  let current = "";
  let quoted = false;
  const words = query.split(/(\s+)/);
  for (const word of words) {
    const quotes = (word.match(/'/g) ?? []).length;
    if (!quoted && (word === "AND" || word === "OR")) {
      groups[groups.length - 1].push(current.trim());
      current = "";
      if (word === "OR") groups.push([]);
      continue;
    }
    current += word;
    if (quotes % 2 === 1) quoted = !quoted;
  }
  groups[groups.length - 1].push(current.trim());
  return groups;
}

const METAFIELD = /^metafields\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\s+(.+)$/;
const TAGS = /^customer_tags\s+(NOT\s+)?CONTAINS\s+'([^']*)'$/;

function parseClause(text: string, definitions: MetafieldDefinitionRecord[]): Condition | string {
  const tag = TAGS.exec(text);
  if (tag) return { kind: "tag", tag: tag[2], negated: Boolean(tag[1]) };
  const match = METAFIELD.exec(text);
  if (!match) return `Invalid filter: '${text}'`;
  const [, namespace, key, rest] = match;
  const definition = definitions.find((d) => d.ownerType === "CUSTOMER" && d.namespace === namespace && d.key === key);
  if (!definition?.adminFilterable || !ADMIN_FILTERABLE_TYPES.has(definition.type)) {
    return `'metafields.${namespace}.${key}' is not a valid filter: no customer metafield definition that can be used as a filter`;
  }
  const isNull = /^IS\s+(NOT\s+)?NULL$/.exec(rest);
  if (isNull) return { kind: "metafield-null", namespace, key, negated: Boolean(isNull[1]) };
  const isBool = /^IS\s+(TRUE|FALSE)$/.exec(rest);
  if (isBool) {
    if (definition.type !== "boolean") return `'metafields.${namespace}.${key}' is not a true or false filter`;
    return { kind: "metafield-bool", namespace, key, value: isBool[1] === "TRUE" };
  }
  const comparison = /^(!=|>=|<=|=|>|<)\s*('([^']*)'|-?\d+(?:\.\d+)?|true|false)$/.exec(rest);
  if (!comparison) return `Invalid comparison for 'metafields.${namespace}.${key}': '${rest}'`;
  const op = comparison[1] as Operator;
  const raw = comparison[2];
  if (NUMERIC_TYPES.has(definition.type)) {
    if (raw.startsWith("'")) return `'metafields.${namespace}.${key}' compares numbers, not text`;
    return { kind: "metafield", namespace, key, type: definition.type, op, value: Number(raw) };
  }
  if (op !== "=" && op !== "!=") return `'metafields.${namespace}.${key}' supports = and != only`;
  if (definition.type === "boolean") return { kind: "metafield-bool", namespace, key, value: (raw === "true") === (op === "=") };
  if (!raw.startsWith("'")) return `Text values are quoted: '${rest}'`;
  return { kind: "metafield", namespace, key, type: definition.type, op, value: comparison[3] };
}

function compare(left: number | string, op: Operator, right: number | string): boolean {
  switch (op) {
    case "=":
      return left === right;
    case "!=":
      return left !== right;
    case ">":
      return left > right;
    case ">=":
      return left >= right;
    case "<":
      return left < right;
    case "<=":
      return left <= right;
  }
}

function holds(condition: Condition, customer: Customer): boolean {
  if (condition.kind === "tag") {
    const has = customer.tags.some((tag) => tag.toLowerCase() === condition.tag.toLowerCase());
    return condition.negated ? !has : has;
  }
  const metafield = customer.metafields.find((m) => m.namespace === condition.namespace && m.key === condition.key);
  switch (condition.kind) {
    case "metafield-null":
      return condition.negated ? metafield !== undefined : metafield === undefined;
    case "metafield-bool":
      return metafield !== undefined && (metafield.value === "true") === condition.value;
    case "metafield": {
      if (!metafield) return false;
      if (typeof condition.value === "number") {
        const value = Number(metafield.value);
        return !Number.isNaN(value) && compare(value, condition.op, condition.value);
      }
      return compare(metafield.value, condition.op, String(condition.value));
    }
  }
}

/** Parses a segment query against the shop's definitions. */
export function parseSegmentQuery(query: string, definitions: MetafieldDefinitionRecord[]): SegmentQueryResult {
  if (query.trim() === "") return { ok: false, message: "Query can't be blank" };
  const groups: Condition[][] = [];
  for (const group of clauses(query.trim())) {
    const conditions: Condition[] = [];
    for (const text of group) {
      if (text === "") return { ok: false, message: `Invalid query: '${query}'` };
      const parsed = parseClause(text, definitions);
      if (typeof parsed === "string") return { ok: false, message: parsed };
      conditions.push(parsed);
    }
    groups.push(conditions);
  }
  return { ok: true, matches: (customer) => groups.some((group) => group.every((condition) => holds(condition, customer))) };
}
